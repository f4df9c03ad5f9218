"""Who did what, when (issue 14): every committed change leaves an audit entry with the database
user (CURRENT_USER on PostgreSQL, the operating-system user on SQLite) and the time, written in
the same unit of work; a refused or undone change leaves none."""

from __future__ import annotations

import getpass
from datetime import date, datetime, timedelta
from decimal import Decimal as Dec

import pytest
from sqlalchemy import text
from store_builders import full_return

from app.model.client import ClientProfile
from app.store import StaleReturn, Store, StoreError
from app.store import lifecycle as lc


def user_of(store: Store) -> str:
    """Who the store says is working: the URL's role on PostgreSQL, this OS user on SQLite."""
    if store.backend.name == "postgresql":
        return str(store.engine.url.username)
    return getpass.getuser()


def test_each_unit_of_work_is_one_entry_per_return_and_action(store: Store, client_id: int) -> None:
    before = datetime.now() - timedelta(seconds=5)
    with store.transaction():  # one user action
        rid = store.create_return(client_id, full_return())
        store.set_payable(rid, Dec("10.00"))  # folded into the creation
    ret = full_return()
    ret.header.name = "Renamed"
    with store.transaction():
        store.save_parts(rid, ret, {"header"})
        store.save_parts(rid, ret, {"part2", "part1a"})
        store.set_payable(rid, Dec("11.00"))
        store.set_status(rid, "ready")
    newest_first = store.audit(rid)
    assert [(e.action, e.part) for e in newest_first] == [
        ("status", "status"),
        ("save", "header, part1a, part2"),
        ("create", "return"),
    ]
    status, save, create = newest_first
    assert status.summary == "Draft → Ready to file"
    assert save.summary == "saved as version 3; saved as version 4"
    assert create.summary == "2025-10 Original created as a draft"
    for e in newest_first:
        assert (e.client_id, e.return_id, e.user) == (client_id, rid, user_of(store))
        assert before <= e.at <= datetime.now() + timedelta(seconds=5)
    [added] = store.audit(client_id=client_id, return_id=None)[-1:]
    assert (added.action, added.summary) == ("add", "dealer 32100000017 added (Sample Fuels)")


def test_a_refused_change_leaves_no_entry(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    bad = full_return()
    bad.part5[0].amount = Dec("1.005")
    with pytest.raises(StoreError):
        store.save_return(rid, bad)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_status(rid, "ready")
        raise RuntimeError("the user action failed half-way")
    assert [e.action for e in store.audit(rid)] == ["create"]


def test_an_undone_savepoint_leaves_none_of_its_entries(store: Store, client_id: int) -> None:
    with store.transaction():
        rid = store.create_return(client_id, full_return())
        with pytest.raises(StoreError), store.transaction():
            store.set_status(rid, "ready")
            store.set_status(rid, "bogus")  # refused: the savepoint (and its status) is undone
    assert store.return_info(rid).status == "draft"
    assert [e.action for e in store.audit(rid)] == ["create"]


def test_lifecycle_actions_and_exports_are_recorded(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return("2024-08"))
    store.set_status(rid, "filed", ack_no="ACK-1", filed_on=date(2024, 9, 20))
    store.record_export(rid, "pdf", "/tmp/return.pdf", "sha256:x")
    rev = lc.create_revision(store, rid)
    entries = store.audit(client_id=client_id)
    assert [(e.return_id, e.action) for e in entries[:4]] == [
        (rev, "create"), (rid, "export"), (rid, "status"), (rid, "create"),
    ]  # fmt: skip
    assert entries[2].summary == "Draft → Filed, ack ACK-1, filed on 20-09-2024"
    assert entries[1].summary == "pdf written to /tmp/return.pdf"
    assert entries[0].summary == "2024-08 Revision 1 created as a draft"
    assert store.audit(limit=2) == entries[:2]


def test_the_trail_cannot_be_changed(store: Store, client_id: int) -> None:
    store.create_return(client_id, full_return())
    for sql in ("UPDATE audit SET db_user = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="the audit trail is never changed or deleted"),\
                store.engine.begin() as conn:  # fmt: skip
            conn.execute(text(sql))
    assert len(store.audit()) == 2


def test_a_stale_save_says_who_saved_last(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    v = store.return_info(rid).version
    store.save_return(rid, full_return(), expected_version=v)
    with pytest.raises(StaleReturn) as refused:
        store.save_return(rid, full_return(), expected_version=v)
    assert refused.value.by == user_of(store)
    assert f" by {user_of(store)} (draft)" in str(refused.value)


def test_dealers_deleted_keep_their_history(store: Store) -> None:
    cid = store.add_client(ClientProfile(tin="32100000017", name="Gone"))
    rid = store.create_return(cid, full_return())
    store.delete_client(cid)
    assert [e.action for e in store.audit(client_id=cid)] == ["delete", "create", "add"]
    assert (
        store.audit(client_id=cid)[0].summary == "dealer 32100000017 deleted with its 1 return(s)"
    )
    assert store.audit(rid)[0].action == "create"
