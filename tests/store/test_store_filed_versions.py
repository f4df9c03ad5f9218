"""A filed return is final in the store — through the API and through raw SQL (triggers) — and every
return has a version: a save based on an older one is refused ("changed elsewhere — reload"),
also between two processes, and nothing is lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError
from store_builders import full_return, revision_of

from app.model.client import ClientProfile
from app.store import Store, StoreError, open_store
from app.store.errors import ReturnIsFiled, StaleReturn
from app.store.schema import FILED_GUARDED
from app.store.store import DB_FILE

ROOT = Path(__file__).resolve().parents[2]


def _filed(store: Store) -> tuple[int, int]:
    cid = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    rid = store.create_return(cid, full_return())
    store.set_status(rid, "ready")
    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 24))
    return cid, rid


def test_the_api_refuses_to_unfile_or_change_a_filed_return(store: Store) -> None:
    _cid, rid = _filed(store)
    ret = store.load_return(rid)
    before = store.return_info(rid)
    for attempt in (
        lambda: store.set_status(rid, "draft"),
        lambda: store.set_status(rid, "ready"),
        lambda: store.set_status(rid, "filed", ack_no="OTHER"),
        lambda: store.set_payable(rid, Decimal("1.00")),
        lambda: store.save_parts(rid, ret, {"declaration"}),
        lambda: store.update_list_rows(rid, "sales_list", {0: ret.sales_list[0]}),
        lambda: store.insert_list_rows(rid, "sales_list", 0, [ret.sales_list[0]]),
        lambda: store.delete_list_rows(rid, "sales_list", 0, 1),
        lambda: store.delete_return(rid),
    ):
        with pytest.raises(ReturnIsFiled, match="is filed and cannot change; create a revision"):
            attempt()
    assert store.return_info(rid) == before
    assert store.load_return(rid) == ret
    # an export record does not change the return: it is kept, and the version stays
    store.record_export(rid, "json", "/out/r.json", "sha256:abc")
    assert store.return_info(rid).version == before.version
    assert [e[0] for e in store.exports(rid)] == ["json"]


def test_raw_sql_cannot_unfile_or_change_a_filed_return(store: Store) -> None:
    """The database itself refuses: SQLite's triggers, PostgreSQL's trigger functions."""
    _cid, rid = _filed(store)
    refused = "the return is filed and cannot change"

    def count(sql: str) -> int:
        with store.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())

    def run(sql: str) -> None:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(sql)

    statements = [
        f"UPDATE tax_return SET status = 'draft' WHERE id = {rid}",
        f"UPDATE tax_return SET payable = 0 WHERE id = {rid}",
        f"DELETE FROM tax_return WHERE id = {rid}",
        f"INSERT INTO part1b_row VALUES ({rid}, 9, 'X/1', 'X/9', NULL)",
        f"UPDATE part1a_row SET tax_collected = 0 WHERE return_id = {rid}",
        f"DELETE FROM list_row WHERE return_id = {rid}",
        f"UPDATE list_row SET return_id = {rid} WHERE return_id = {rid}",
    ]
    for table in FILED_GUARDED:  # (a DELETE that finds no row changes nothing: no refusal)
        if count(f"SELECT count(*) FROM {table} WHERE return_id = {rid}"):
            statements.append(f"DELETE FROM {table} WHERE return_id = {rid}")
    assert len(statements) >= 7 + 6
    for sql in statements:
        with pytest.raises(DBAPIError, match=refused):
            run(sql)
    # a filed revision's Part 4 facts too
    rev = store.create_return(_cid, revision_of(full_return()))
    store.set_status(rev, "filed", ack_no="KITIS/2", filed_on=date(2025, 12, 1))
    for table in ("filed_part3", "filed_facts"):
        with pytest.raises(DBAPIError, match=refused):
            run(f"DELETE FROM {table} WHERE return_id = {rev}")
    with pytest.raises(DBAPIError, match=refused):
        run(f"UPDATE filed_facts SET ack_no = 'X' WHERE return_id = {rev}")
    assert store.return_info(rid).status == "filed"
    assert store.load_return(rid) == full_return()
    assert store.load_return(rev) == revision_of(full_return())
    # moving an unfiled return's rows under a filed one is refused as well
    draft = store.create_return(_cid, full_return("2025-12"))
    with pytest.raises(DBAPIError, match=refused):
        run(
            f"UPDATE part1b_row SET return_id = {rid}, position = position + 100 "
            f"WHERE return_id = {draft}"
        )


def test_every_row_table_of_a_return_is_guarded() -> None:
    from app.store.schema import METADATA

    with_return_id = {
        t.name
        for t in METADATA.sorted_tables
        if "return_id" in t.c and t.name not in ("export_record", "audit")
    }
    assert with_return_id == set(FILED_GUARDED)


def test_a_dealer_with_filed_returns_can_still_be_deleted_whole(store: Store) -> None:
    cid, rid = _filed(store)
    store.delete_client(cid)
    with pytest.raises(StoreError, match=f"no return with id {rid}"):
        store.return_info(rid)
    with store.engine.connect() as conn:  # the cascade took every row with it
        assert conn.exec_driver_sql("SELECT count(*) FROM list_row").scalar_one() == 0


def test_every_write_moves_the_version_on_and_returns_it(store: Store, client_id: int) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret)
    assert store.return_info(rid).version == 1
    versions = [
        store.save_parts(rid, ret, {"part1a"}),
        store.update_list_rows(rid, "sales_list", {0: ret.sales_list[1]}),
        store.insert_list_rows(rid, "sales_list", 0, [ret.sales_list[0]]),
        store.delete_list_rows(rid, "sales_list", 0, 1),
        store.set_payable(rid, Decimal("5.00")),
        store.set_status(rid, "ready"),
        store.save_return(rid, ret),
    ]
    assert versions == [2, 3, 4, 5, 6, 7, 8]
    assert store.return_info(rid).version == 8


def test_a_save_based_on_an_older_version_is_refused(store: Store, client_id: int) -> None:
    ret = full_return()
    rid = store.create_return(client_id, ret)
    mine = store.return_info(rid).version
    store.set_payable(rid, Decimal("1.00"))  # someone else saved
    ret.declaration.place = "Aluva"
    for attempt in (
        lambda: store.save_parts(rid, ret, {"declaration"}, expected_version=mine),
        lambda: store.update_list_rows(rid, "sales_list", {0: ret.sales_list[0]},
                                       expected_version=mine),
        lambda: store.insert_list_rows(rid, "sales_list", 0, [], expected_version=mine),
        lambda: store.delete_list_rows(rid, "sales_list", 0, 1, expected_version=mine),
        lambda: store.set_status(rid, "ready", expected_version=mine),
        lambda: store.set_payable(rid, Decimal(2), expected_version=mine),
        lambda: store.delete_return(rid, expected_version=mine),
    ):  # fmt: skip
        with pytest.raises(StaleReturn, match="changed elsewhere — reload") as refused:
            attempt()
        assert (refused.value.expected, refused.value.version) == (1, 2)
        assert "it was saved at" in str(refused.value) and "(draft)" in str(refused.value)
    assert store.load_return(rid).declaration.place == full_return().declaration.place
    assert store.save_parts(rid, ret, {"declaration"}, expected_version=2) == 3


def test_a_stale_save_names_a_filing_made_meanwhile(store: Store, client_id: int) -> None:
    rid = store.create_return(client_id, full_return())
    mine = store.return_info(rid).version
    store.set_status(rid, "filed", ack_no="KITIS/9", filed_on=date(2025, 11, 24))
    with pytest.raises(StaleReturn, match="it has been filed since") as refused:
        store.set_status(rid, "draft", expected_version=mine)
    assert refused.value.filed


LOSER_OR_WINNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.store import open_store
    from app.store.errors import StaleReturn

    data, rid, part, value, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], Path(sys.argv[5])
    store = open_store(data, backups=False)       # a data folder, or an office database's URL
    with store.transaction(write=False):            # what this process's editor loaded
        version = store.return_info(rid).version
        ret = store.load_return(rid)
    print("LOADED", flush=True)
    while not go.exists():                          # both edit the same version
        time.sleep(0.01)
    if part == "declaration":
        ret.declaration.place = value
    else:
        ret.part1b[0].series_to = value
    try:
        store.save_parts(rid, ret, {part}, expected_version=version)
        print("SAVED", flush=True)
    except StaleReturn as exc:
        print("REFUSED", exc, flush=True)
        # 'Keep mine': my part on top of the newer version; nothing is lost
        with store.transaction():
            now = store.return_info(rid).version
            store.save_parts(rid, ret, {part}, expected_version=now)
        print("KEPT", flush=True)
    store.close()
    """
)


def test_two_processes_saving_one_return_lose_nothing(tmp_path: Path, store_target: str) -> None:
    with open_store(store_target, backups=False) as s:
        cid = s.add_client(ClientProfile(tin="32100000017"))
        rid = s.create_return(cid, full_return())
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOSER_OR_WINNER, store_target, str(rid), part, value, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for part, value in (("declaration", "Thrissur"), ("part1b", "A/9999"))
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "LOADED"
    go.touch()
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    lines = sorted(out.split()[0] for out, _err in outs)
    assert lines == ["REFUSED", "SAVED"]  # exactly one save was stale, and it was told so
    refused = next(out for out, _err in outs if out.startswith("REFUSED"))
    assert "changed elsewhere — reload" in refused and "KEPT" in refused
    with open_store(store_target, backups=False) as s:
        ret = s.load_return(rid)
        assert ret.declaration.place == "Thrissur" and ret.part1b[0].series_to == "A/9999"
        assert s.return_info(rid).version == 3


def test_the_migration_adds_versions_and_guards_to_an_old_store(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from app.store.migrate import downgrade

    with Store.open(tmp_path, backups=False) as s:
        cid = s.add_client(ClientProfile(tin="32100000017"))
        rid = s.create_return(cid, full_return())
        s.set_status(rid, "filed", ack_no="A", filed_on=date(2025, 11, 24))
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILE}")
    with engine.begin() as conn:
        downgrade(conn, "0001")  # as an older app left it: no versions, no triggers
        conn.exec_driver_sql(f"UPDATE tax_return SET status = 'draft' WHERE id = {rid}")
        conn.exec_driver_sql(f"UPDATE tax_return SET status = 'filed' WHERE id = {rid}")
    engine.dispose()
    with Store.open(tmp_path, backups=False) as s:
        assert s.return_info(rid).version == 1
        with pytest.raises(ReturnIsFiled):
            s.set_status(rid, "draft")
    con = sqlite3.connect(tmp_path / DB_FILE)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(f"UPDATE tax_return SET status = 'draft' WHERE id = {rid}")
    con.close()
