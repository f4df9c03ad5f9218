"""`form9 store-copy` (issue 14): a PC's SQLite store into an empty PostgreSQL database and back,
every dealer and return with its history, exports and audit trail, verified by counts and a
checksum per return; a target that holds anything is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as Dec
from pathlib import Path
from typing import Any

import pytest
from store_builders import annual_return, full_return

from app.cli import main
from app.model.catalogue import Catalogue
from app.model.client import ClientProfile
from app.store import ReturnIsFiled, Store, StoreError, open_store
from app.store import lifecycle as lc
from app.store.transfer import copy_store, counts, digests


def an_office(store: Store) -> dict[int, Any]:
    """Two dealers; drafts, a filed return and its revision, lists, exports, an amendment's
    extra field, a deleted return (history only).  Returns {return id: loaded return}."""
    a = store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
    b = store.add_client(ClientProfile(tin="32200000025", name="Periyar Lubes"))
    filed = store.create_return(a, full_return("2024-08"))
    store.set_status(filed, "filed", ack_no="ACK-1", filed_on=date(2024, 9, 14))
    store.record_export(filed, "json", "/tmp/aug.json", "sha256:aa")
    revision = lc.create_revision(store, filed)
    amended = full_return("2099-05")
    amended.part1a[0].extra = {"green_cess": Dec("12.34")}
    green = store.create_return(b, amended)
    store.create_return(b, annual_return())
    gone = store.create_return(a, full_return("2025-01"))
    store.delete_return(gone)
    return {r.id: store.load_return(r.id) for r in store.all_returns()} | {0: (revision, green)}


def test_sqlite_to_postgresql_and_back(
    tmp_path: Path, pg_url: str, amended_form: Catalogue
) -> None:
    with Store.open(tmp_path / "pc") as pc:
        loaded = an_office(pc)
        revision, green = loaded.pop(0)
        with pc.engine.connect() as conn:
            before_counts, before_sums = counts(conn), digests(conn)
        with open_store(pg_url) as office:
            report = copy_store(pc, office)
            assert report.counts == before_counts
            assert report.counts["tax_return"] == 4 and report.counts["list_row"] > 0
            assert report.returns_checked == 5  # four returns and the deleted one's history
            for rid, ret in loaded.items():
                assert office.load_return(rid) == ret
            assert office.load_return(green).part1a[0].extra == {"green_cess": Dec("12.34")}
            assert office.audit() == pc.audit()
            assert office.exports(revision - 1) == pc.exports(revision - 1)
            [filed] = [r for r in office.all_returns() if r.status == "filed"]
            assert (filed.ack_no, filed.version) == ("ACK-1", pc.return_info(filed.id).version)
            with pytest.raises(ReturnIsFiled):  # still final on the server
                office.save_return(filed.id, full_return("2024-08"))
            new = office.add_client(ClientProfile(tin="32300000033"))  # ids go on after the copy
            assert new == max(c.id for c in pc.list_clients()) + 1
            with office.engine.connect() as conn:
                assert digests(conn)[0] == before_sums[0]
            with Store.open(tmp_path / "laptop") as laptop:  # and back
                copy_store(office, laptop)
                for rid, ret in loaded.items():
                    assert laptop.load_return(rid) == ret
                assert sorted(c.tin for c in laptop.list_clients()) == [
                    "32100000017", "32200000025", "32300000033"
                ]  # fmt: skip


def test_a_target_holding_anything_is_refused_untouched(
    tmp_path: Path, pg_url: str, amended_form: Catalogue
) -> None:
    with Store.open(tmp_path) as pc, open_store(pg_url) as office:
        an_office(pc)
        office.add_client(ClientProfile(tin="32999999999", name="Already here"))
        with pytest.raises(StoreError) as refused:
            copy_store(pc, office)
        assert "already holds 1 dealer(s), 0 return(s) and 1 audit entr(ies); store-copy " \
            "copies only into an empty store" in str(refused.value)  # fmt: skip
        assert [c.name for c in office.list_clients()] == ["Already here"]
        with pytest.raises(StoreError, match="the source and the target are the same store"):
            copy_store(pc, pc)


def test_a_failure_half_way_leaves_the_target_empty(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, amended_form: Catalogue
) -> None:
    with Store.open(tmp_path) as pc, open_store(pg_url) as office:
        an_office(pc)
        real = office.backend.insert_rows

        def cut(conn: Any, table: Any, columns: Any, rows: Any) -> None:
            if table.name == "list_row":
                raise StoreError("the network cable was pulled")
            real(conn, table, columns, rows)

        monkeypatch.setattr(office.backend, "insert_rows", cut)
        with pytest.raises(StoreError, match="cable"):
            copy_store(pc, office)
        monkeypatch.undo()
        with office.engine.connect() as conn:
            assert set(counts(conn).values()) == {0}


def test_the_command(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str], amended_form: Catalogue
) -> None:
    with Store.open(tmp_path / "pc") as pc:
        an_office(pc)
    assert main(["--data-dir", str(tmp_path / "pc"), "store-copy", "--to", pg_url]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("copied 2 dealer(s), 4 return(s), ")
    assert (
        "the counts of all 14 tables and the checksums of all 5 returns and 2 dealers agree" in out
    )
    assert "store-copy: list_row: " in err
    back = tmp_path / "back.sqlite"
    assert main(["store-copy", "--from", pg_url, "--to", str(back)]) == 0
    assert capsys.readouterr().out.startswith("copied 2 dealer(s), 4 return(s), ")
    assert main(["store-copy", "--from", pg_url, "--to", str(back)]) == 1
    assert "store-copy copies only into an empty store" in capsys.readouterr().err
