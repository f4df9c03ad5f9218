"""Live refresh across PCs (issue 14): two Store objects on one PostgreSQL database, as two PCs of
an office; a change made on one is heard by the other's subscribers within 2 s, and a dropped
listening connection comes back announcing `everything`."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from typing import Any

import pytest
from store_builders import full_return

from app.model.client import ClientProfile
from app.store import Store, open_store
from app.store.changes import Changes, Collected
from app.store.live import MAX_PAYLOAD, changes_of, payload


@pytest.fixture
def office(pg_store_url: str) -> Iterator[tuple[Store, Store]]:
    pc1, pc2 = open_store(pg_store_url), open_store(pg_store_url)
    yield pc1, pc2
    pc1.close()
    pc2.close()


def heard(store: Store) -> queue.Queue[Changes]:
    got: queue.Queue[Changes] = queue.Queue()
    store.subscribe(got.put)
    assert store._watcher is not None and store._watcher.connected.wait(5)
    return got


def next_change(got: queue.Queue[Changes], within: float = 2.0) -> Changes:
    return got.get(timeout=within)


def test_a_change_on_one_pc_is_heard_on_the_other_within_2_s(
    office: tuple[Store, Store],
) -> None:
    pc1, pc2 = office
    on_pc1, on_pc2 = heard(pc1), heard(pc2)
    t = time.monotonic()
    cid = pc1.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    remote = next_change(on_pc2)
    assert time.monotonic() - t < 2.0
    assert remote == Changes(clients=frozenset({cid}), remote=True)
    assert next_change(on_pc1) == Changes(clients=frozenset({cid}))  # its own, once, as local
    rid = pc2.create_return(cid, full_return())
    assert next_change(on_pc1) == Changes(frozenset({cid}), frozenset({rid}), remote=True)
    assert next_change(on_pc2) == Changes(frozenset({cid}), frozenset({rid}))  # its own: local
    for got in (on_pc1, on_pc2):  # each PC hears each change once
        with pytest.raises(queue.Empty):
            got.get(timeout=0.5)


def test_a_change_that_is_rolled_back_is_not_announced(office: tuple[Store, Store]) -> None:
    pc1, pc2 = office
    on_pc2 = heard(pc2)
    with pytest.raises(RuntimeError), pc1.transaction():
        pc1.add_client(ClientProfile(tin="32100000017"))
        raise RuntimeError("cancelled")
    with pytest.raises(queue.Empty):
        on_pc2.get(timeout=1.0)


def test_a_dropped_connection_comes_back_and_announces_everything(
    office: tuple[Store, Store], pg_cluster: Any
) -> None:
    pc1, pc2 = office
    on_pc2 = heard(pc2)
    database = pc2.engine.url.database
    pg_cluster.psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE application_name = 'form9-watch' AND datname = '{database}'"
    )
    assert next_change(on_pc2, within=5.0) == Changes(everything=True, remote=True)
    cid = pc1.add_client(ClientProfile(tin="32100000017"))
    assert next_change(on_pc2) == Changes(clients=frozenset({cid}), remote=True)


def test_sqlite_has_no_other_pcs(store: Store) -> None:
    if store.backend.name == "sqlite":
        assert store.watch() is False
    else:
        assert store.watch() is True and store.watch() is True  # started once


def test_a_large_change_is_announced_as_everything() -> None:
    c = Collected(returns=set(range(5000)))
    text = payload("pc1", c)
    assert len(text.encode()) <= MAX_PAYLOAD
    assert changes_of(text, "pc2") == Changes(everything=True, remote=True)
    assert changes_of(payload("pc1", Collected(clients={7})), "pc1") is None  # its own
    assert changes_of("not json", "pc2") is None
