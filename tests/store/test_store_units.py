"""Store.transaction(): one unit of work — calls inside it join it, all or nothing; nested ones are
savepoints; a read snapshot sees one state."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from store_builders import full_return

from app.model.client import ClientProfile
from app.store import Store, StoreError


class Boom(Exception):
    pass


def test_everything_inside_is_committed_together(file_store: Store, tmp_path: Path) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017", name="A"))
    with Store.open(tmp_path, backups=False) as other, file_store.transaction():
        rid = file_store.create_return(cid, full_return())
        file_store.set_payable(rid, Decimal("12.34"))
        # the same thread's calls see the unit's own writes …
        assert file_store.return_info(rid).payable == Decimal("12.34")
        # … another connection does not, until it commits
        assert other.list_returns(cid) == []
    with Store.open(tmp_path, backups=False) as other:
        assert [r.payable for r in other.list_returns(cid)] == [Decimal("12.34")]


def test_an_exception_rolls_every_call_back(file_store: Store) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017", name="A"))
    rid = file_store.create_return(cid, full_return())
    before = file_store.return_info(rid)
    with pytest.raises(Boom), file_store.transaction():
        file_store.set_status(rid, "ready")
        file_store.set_payable(rid, Decimal("99.00"))
        file_store.add_client(ClientProfile(tin="32200000025", name="B"))
        file_store.delete_list_rows(rid, "sales_list", 0, 1)
        raise Boom
    after = file_store.return_info(rid)
    assert (after.status, after.payable, after.version) == ("draft", before.payable, 1)
    assert [c.tin for c in file_store.list_clients()] == ["32100000017"]
    assert file_store.load_return(rid) == full_return()


def test_a_nested_unit_joins_as_a_savepoint(file_store: Store) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017", name="A"))
    with file_store.transaction():
        rid = file_store.create_return(cid, full_return())
        with pytest.raises(Boom), file_store.transaction():
            file_store.set_payable(rid, Decimal("1.00"))
            raise Boom  # only the inner unit is undone …
        with file_store.transaction():
            file_store.set_status(rid, "ready")
        # … and a refused call inside the unit leaves nothing of itself behind
        bad = full_return()
        bad.part1a = []
        bad.part2[0].tax_paid = Decimal("1.001")  # refused: more than 2 decimals
        with pytest.raises(StoreError, match="tax_paid"):
            file_store.save_parts(rid, bad, {"part1a", "part2"})
    info = file_store.return_info(rid)
    assert (info.status, info.payable) == ("ready", Decimal(0))
    assert file_store.load_return(rid).part1a == full_return().part1a


def test_a_read_snapshot_refuses_writes(file_store: Store) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017", name="A"))
    with file_store.transaction(write=False):
        assert file_store.get_client(cid).name == "A"
        with pytest.raises(StoreError, match="read-only snapshot"):
            file_store.add_client(ClientProfile(tin="32200000025"))
    assert len(file_store.list_clients()) == 1


def test_another_thread_does_not_join_and_waits_for_the_commit(file_store: Store) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017", name="A"))
    seen: list[str] = []

    def rename() -> None:  # its own transaction: it waits for the write lock
        p = file_store.get_client(cid)
        p.name = "C"
        file_store.update_client(cid, p)
        seen.append(file_store.get_client(cid).name)

    with file_store.transaction():
        p = file_store.get_client(cid)
        p.name = "B"
        file_store.update_client(cid, p)
        t = threading.Thread(target=rename)
        t.start()
        t.join(0.3)
        assert t.is_alive() and seen == []  # blocked behind this unit
    t.join(10)
    assert seen == ["C"] and file_store.get_client(cid).name == "C"


@pytest.mark.sqlite_only("one shared in-memory SQLite connection; PostgreSQL has a pool")
def test_the_in_memory_store_takes_turns_between_threads(store: Store) -> None:
    cid = store.add_client(ClientProfile(tin="32100000017", name="A"))
    done: list[int] = []
    with store.transaction():
        t = threading.Thread(target=lambda: done.append(len(store.list_clients())))
        t.start()
        store.add_client(ClientProfile(tin="32200000025", name="B"))
        t.join(0.2)
        assert done == []  # the shared connection is this unit's until it ends
    t.join(10)
    assert done == [2] and cid
