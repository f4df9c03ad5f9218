"""Each lifecycle action is one unit of work: a failure anywhere inside leaves the store exactly as
it was (no half-filed month, no revision without its facts, no annual return half made)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lifecycle_builders import month_return, pay
from lifecycle_year import Year, new

from app.model.form9 import ActAmounts
from app.store import StoreError
from app.store import lifecycle as lc

D = Decimal


class Cut(StoreError):
    """The power cut, the full disk: a failure in the middle of an action."""


def snapshot(store: Any, cid: int) -> list[tuple[Any, ...]]:
    out = []
    for r in store.list_returns(cid):
        ret = store.load_return(r.id)
        out.append((r.id, r.status, r.version, r.payable, ret))
    return out


def september_and_october(year: Year) -> tuple[int, int]:
    year.august()
    on = date(2024, 10, 15)
    sep = month_return("2024-09", kgst="50000.00", kvat="60000.00", on=on)
    pay(sep, "KGST", "5000.00", on)
    oct_ = month_return("2024-10", kgst="50000.00", on=date(2024, 11, 15))
    return new(year.s, year.cid, sep), new(year.s, year.cid, oct_)


@pytest.fixture
def year(store: Any, client_id: int) -> Year:
    return Year(store, client_id)


def test_mark_filed_is_all_or_nothing(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    sep, oct_ = september_and_october(year)
    before = snapshot(year.s, year.cid)

    def cut(*_a: Any) -> None:  # after the filing and the carry-forward were written
        raise Cut("disk full")

    monkeypatch.setattr(lc, "_refresh_previous_revisions", cut)
    with pytest.raises(Cut):
        lc.mark_filed(year.s, sep, "ACK-SEP", date(2024, 10, 15), today=date(2025, 1, 1))
    assert snapshot(year.s, year.cid) == before
    monkeypatch.undo()
    lc.mark_filed(year.s, sep, "ACK-SEP", date(2024, 10, 15), today=date(2025, 1, 1))
    # September's g_ix = 14,500 − 8,700 = 5,800.00 went to October with the filing
    assert year.s.return_info(sep).status == "filed"
    assert year.s.load_return(oct_).inputs.brought_forward == ActAmounts(D(0), D("5800.00"), D(0))


def test_mark_filed_refuses_when_the_return_changed_while_checked(
    year: Year, monkeypatch: pytest.MonkeyPatch
) -> None:
    sep, _oct = september_and_october(year)
    checked = lc.filing_check

    def another_window_saves() -> None:
        ret = year.s.load_return(sep)
        ret.declaration.place = "Aluva"
        year.s.save_parts(sep, ret, {"declaration"})

    def check_then_someone_saves(*args: Any, **kw: Any) -> Any:
        out = checked(*args, **kw)
        t = threading.Thread(target=another_window_saves)  # its own connection and transaction
        t.start()
        t.join(10)
        return out

    monkeypatch.setattr(lc, "filing_check", check_then_someone_saves)
    with pytest.raises(lc.LifecycleError, match="changed while it was being checked"):
        lc.mark_filed(year.s, sep, "ACK-SEP", date(2024, 10, 15), today=date(2025, 1, 1))
    assert year.s.return_info(sep).status != "filed"
    assert year.s.load_return(sep).declaration.place == "Aluva"  # the other save is kept


def test_create_revision_is_all_or_nothing(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    year.august()
    before = snapshot(year.s, year.cid)
    monkeypatch.setattr(year.s, "set_payable", lambda *_a, **_k: (_ for _ in ()).throw(Cut("x")))
    with pytest.raises(Cut):
        lc.create_revision(year.s, year.ids["aug"])
    assert snapshot(year.s, year.cid) == before  # no revision without its Part 4 and payable


def test_prefill_annual_is_all_or_nothing(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    year.august()
    before = snapshot(year.s, year.cid)
    saved = year.s.save_parts

    def cut_after_saving(*args: Any, **kw: Any) -> Any:
        saved(*args, **kw)
        raise Cut("x")

    monkeypatch.setattr(year.s, "save_parts", cut_after_saving)
    with pytest.raises(Cut):
        lc.prefill_annual(year.s, year.cid, "2024-25")
    assert snapshot(year.s, year.cid) == before  # no annual return half made


def test_a_failed_prefill_leaves_the_new_return_as_created(
    year: Year, monkeypatch: pytest.MonkeyPatch
) -> None:
    year.august()

    def half_a_prefill(store: Any, rid: int) -> str:
        with store.transaction():
            store.set_payable(rid, D("77.00"))
            raise Cut("the previous return cannot be read")

    monkeypatch.setattr(lc, "prefill_brought_forward", half_a_prefill)
    rid, note = lc.new_return(year.s, year.cid, month_return("2024-09", kgst="100.00"))
    assert note == "Brought-forward figures not prefilled: the previous return cannot be read"
    assert year.s.return_info(rid).payable != D("77.00")  # the savepoint undid its half


def test_save_mine_as_a_revision_is_one_unit(year: Year) -> None:
    year.august()
    aug = year.ids["aug"]
    mine = year.s.load_return(aug)
    mine.part2[0].tax_paid = D("30000.00")
    mine.header.name = "Periyar Lubes & Gas (edited)"

    def apply(target: Any) -> set[str]:
        target.part2, target.header = mine.part2, mine.header  # whole parts, header included
        return {"part2", "header"}

    rid = lc.revise_with(year.s, aug, apply)
    rev = year.s.load_return(rid)
    info = year.s.return_info(rid)
    assert (info.return_type, info.revision_no, info.status) == ("revision", 1, "draft")
    assert rev.part2[0].tax_paid == D("30000.00") and rev.header.name.endswith("(edited)")
    assert rev.header.return_type == "revision" and rev.filed is not None
    assert rev.filed.ack_no == "ACK-AUG"
    with pytest.raises(lc.LifecycleError, match="is not filed yet"):
        lc.revise_with(year.s, aug, apply)  # one revision at a time
    assert len(year.s.list_returns(year.cid)) == 2


def test_store_import_adds_the_dealer_only_with_its_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.commands.store as cmd
    from app.cli import main
    from app.samples import samples_dir

    def refused(*_a: Any) -> int:
        raise StoreError("the store refused the change (disk full)")

    monkeypatch.setattr(cmd, "add_return", refused)
    sample = samples_dir() / "return-2025-10.json"
    assert main(["--data-dir", str(tmp_path), "store-import", str(sample)]) == 1
    assert "disk full" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "clients"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("0 client(s)")
