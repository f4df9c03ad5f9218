"""The store announces each committed unit of work once, naming the clients and returns it wrote;
nothing is announced for a change that was refused or rolled back."""

from __future__ import annotations

from datetime import date

import pytest
from store_builders import full_return

from app.model.client import ClientProfile
from app.store import Store, StoreError
from app.store.changes import Changes, merged


@pytest.fixture
def heard(store: Store) -> list[Changes]:
    out: list[Changes] = []
    store.subscribe(out.append)
    return out


def test_each_write_is_announced_with_what_it_touched(store: Store, heard: list[Changes]) -> None:
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    assert heard == [Changes(clients=frozenset({cid}))]
    rid = store.create_return(cid, full_return())
    assert heard[-1] == Changes(clients=frozenset({cid}), returns=frozenset({rid}))
    store.set_status(rid, "ready")
    assert heard[-1].touches_return(rid) and heard[-1].touches_client(cid)
    assert not heard[-1].touches_return(rid + 1) and not heard[-1].remote
    store.record_export(rid, "json", "/tmp/x.json", "sha256:00")
    assert heard[-1].returns == {rid}
    assert len(heard) == 4


def test_one_unit_of_work_is_one_announcement_after_the_commit(
    store: Store, heard: list[Changes]
) -> None:
    with store.transaction():
        cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
        rid = store.create_return(cid, full_return())
        store.set_payable(rid, full_return().inputs.advance.kvat)
        assert heard == []  # nothing is told before the commit
    assert heard == [Changes(clients=frozenset({cid}), returns=frozenset({rid}))]


def test_a_refused_or_rolled_back_change_is_not_announced(
    store: Store, heard: list[Changes]
) -> None:
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    rid = store.create_return(cid, full_return())
    store.set_status(rid, "filed", ack_no="ACK1", filed_on=date(2025, 11, 24))
    heard.clear()
    with pytest.raises(StoreError):
        store.set_status(rid, "draft")  # a filed return stays filed
    with pytest.raises(RuntimeError), store.transaction():
        store.add_client(ClientProfile(tin="32100000025", name="Other"))
        raise RuntimeError("the user's action failed half-way")
    assert heard == []
    assert [c.tin for c in store.list_clients()] == ["32100000017"]


def test_deleting_a_dealer_names_its_returns(store: Store, heard: list[Changes]) -> None:
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    rid = store.create_return(cid, full_return())
    heard.clear()
    store.delete_client(cid)
    assert heard == [Changes(clients=frozenset({cid}), returns=frozenset({rid}))]


def test_a_failing_listener_does_not_undo_the_change(store: Store) -> None:
    def broken(_c: Changes) -> None:
        raise ValueError("a window that is gone")

    store.subscribe(broken)
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    assert store.get_client(cid).name == "Sample Fuels"


def test_unsubscribed_listeners_hear_nothing_and_changes_merge(store: Store) -> None:
    heard: list[Changes] = []
    stop = store.subscribe(heard.append)
    stop()
    store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    assert heard == []
    both = merged([Changes(clients=frozenset({1})), Changes(returns=frozenset({2}), remote=True)])
    assert both == Changes(frozenset({1}), frozenset({2}), False, True)
