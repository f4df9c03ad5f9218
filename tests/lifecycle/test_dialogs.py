"""The lifecycle dialogs driven as a user would (pytest-qt), with screenshots in tests/artifacts/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lifecycle_year import Year, edit

from app.store import Store
from app.store import lifecycle as lc
from app.ui import lifecycle as dialogs
from app.ui import year_dialogs
from app.ui.qt import QDate, QPushButton, Qt, QWidget
from app.ui.session import ReturnSession

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def shot(widget: QWidget, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"lifecycle_{name}.png"
    assert widget.grab().save(str(path))
    return path


def session_of(store: Store, return_id: int) -> tuple[ReturnSession, list[str]]:
    """The open return a dialog reports to, as the editor holds it, and what it was told."""
    s = ReturnSession(store.load_return(return_id), store=store, return_id=return_id)
    said: list[str] = []
    s.message.connect(said.append)
    return s, said


@pytest.fixture
def year(store: Any, client_id: int) -> Year:
    return Year(store, client_id)


def texts(list_widget: Any) -> list[str]:
    return [list_widget.item(i).text() for i in range(list_widget.count())]


def cell(table: Any, row: int, col: int) -> str:
    return str(table.item(row, col).text())


def test_a_validation_round_ending_while_filing_does_not_refuse_the_filing(
    qtbot: Any, year: Year, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The editor's session records Draft/Ready and the payable when a validation round ends.  A
    # round that was running when the dealer clicked "Mark as filed" must not write them under
    # the filing (the version would move and the filing be refused as "changed elsewhere").
    import threading

    from app.ui.checking import full_check

    year.august()
    year.september(pay_interest=False)
    rid = year.ids["sep"]
    session, _said = session_of(year.s, rid)
    dlg = dialogs.open_mark_filed(None, year.s, rid, session)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.ack, "KITIS/2024/0000000911")
    dlg.filed_on.setDate(QDate(2024, 10, 15))
    running = (session._generation, *full_check(session.snapshot(), session.pack, session.context))
    checked, reported = threading.Event(), threading.Event()
    payable_total = lc._payable_total

    def between_check_and_write(c: Any) -> Any:  # the filing has read the return it decides on
        checked.set()
        reported.wait(10)
        return payable_total(c)

    monkeypatch.setattr(lc, "_payable_total", between_check_and_write)
    qtbot.mouseClick(dlg.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(checked.is_set, timeout=10000)
    session._validated(running)  # the round started before the click reports now
    reported.set()
    qtbot.waitUntil(lambda: dlg.result() == 1, timeout=10000)
    assert year.s.return_info(rid).status == "filed"


def test_records_held_for_a_filing_follow_the_findings_again_once_released(year: Year) -> None:
    # While Mark as filed decides, a round's findings still show but Draft/Ready is not written;
    # a refused filing releases the hold and the next round writes it.
    year.august()
    year.september(pay_interest=False)
    rid = year.ids["sep"]
    session, _said = session_of(year.s, rid)
    version = year.s.return_info(rid).version
    session.hold_records()
    session.wait_validated()
    assert session.validated and session.findings  # E-UNPAID: 16.44 of interest is not paid
    assert year.s.return_info(rid).version == version  # nothing written under the filing
    session.release_records()
    session.wait_validated()
    info = year.s.return_info(rid)
    assert info.version > version and info.payable == Decimal("5016.44")


def test_mark_filed_shows_every_check_and_files(qtbot: Any, year: Year) -> None:
    year.august()
    year.september(pay_interest=False)  # Part 5 holds only the tax, 5,000.00
    rid = year.ids["sep"]
    session, said = session_of(year.s, rid)
    dlg = dialogs.open_mark_filed(None, year.s, rid, session)
    qtbot.addWidget(dlg)
    # Date of filing 25-10-2024 (from the return): 10 days late, interest 16.44 unpaid; no ack.
    shown = "\n".join(texts(dlg.findings))
    assert "E-ACK" in shown and "E-UNPAID" in shown and "shortfall ₹16.44" in shown
    assert cell(dlg.payable, 0, 1) == "5,016.44" and cell(dlg.payable, 0, 3) == "16.44"
    assert not dlg.file_button.isEnabled()
    shot(dlg, "mark_filed_refused")
    qtbot.keyClicks(dlg.ack, "KITIS/2024/0000000910")
    assert "E-ACK" not in "\n".join(texts(dlg.findings))
    # Filed on the due date, 15-10-2024, nothing is late and 5,000.00 covers the KGST.
    dlg.filed_on.setDate(QDate(2024, 10, 15))
    assert cell(dlg.payable, 0, 1) == "5,000.00" and cell(dlg.payable, 0, 3) == "0.00"
    assert dlg.file_button.isEnabled()
    qtbot.mouseClick(dlg.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == 1, timeout=10000)  # filed off the GUI thread
    info = year.s.return_info(rid)
    assert (info.status, info.ack_no, info.filed_on) == (
        "filed", "KITIS/2024/0000000910", date(2024, 10, 15))  # fmt: skip
    assert "Filed; acknowledgement KITIS/2024/0000000910" in said[0]
    assert dlg.result() == 1


def test_revise_warns_late_and_instruction_17_then_creates(qtbot: Any, year: Year) -> None:
    year.august()
    year.september()
    session, said = session_of(year.s, year.ids["aug"])
    dlg = dialogs.ReviseDialog(None, year.s, year.ids["aug"], session, today=date(2024, 11, 10))
    qtbot.addWidget(dlg)
    created: list[int] = []
    dlg.created.connect(created.append)
    dlg.show()
    text = dlg.text.text()
    assert "Revision 1" in text and "W-REV-LATE" in text and "31-10-2024" in text
    assert "instruction 17" in text
    shot(dlg, "revise")
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.new_id is not None, timeout=10000)  # created off the GUI thread
    assert created == [dlg.new_id]  # whoever opened the dialog shows it (the editor does)
    rev = year.s.load_return(dlg.new_id)
    assert (rev.header.return_type, rev.header.revision_no) == ("revision", 1)
    assert said == ["Created Revision 1 of August 2024."]
    # A second revision while Revision 1 is a draft is refused, with the reason shown.
    again = dialogs.ReviseDialog(None, year.s, year.ids["aug"], None, today=date(2024, 11, 10))
    qtbot.addWidget(again)
    assert not again.create_button.isEnabled()
    assert "Revision 1 of August 2024 is not filed yet" in again.text.text()


def test_chain_history_and_year_summary(qtbot: Any, year: Year) -> None:
    year.through_march()
    s, cid = year.s, year.cid
    chain = year_dialogs.open_chain(None, s, cid, "2024-25")
    qtbot.addWidget(chain)
    t = chain.table
    assert t.rowCount() == 8
    # August: Revision 1, excess KVAT 15,500.00, carried 14,500.00 (instruction 17 note).
    assert [cell(t, 0, c) for c in (0, 1, 7, 10)] == [
        "August 2024", "Revision 1", "15,500.00", "14,500.00"]  # fmt: skip
    assert "instruction 17" in cell(t, 0, 12)
    # September brings forward 14,500.00 and passes on 4,350.00; October 4,350.00 → 1,450.00.
    assert [cell(t, 1, 4), cell(t, 1, 10), cell(t, 2, 4), cell(t, 2, 10)] == [
        "14,500.00", "4,350.00", "4,350.00", "1,450.00"]  # fmt: skip
    chain.resize(1500, 420)
    shot(chain, "chain")

    hist = year_dialogs.open_history(None, s, cid, "2024-09")
    qtbot.addWidget(hist)
    assert [cell(hist.table, r, 0) for r in range(2)] == ["Original", "Revision 1"]
    assert cell(hist.table, 1, 2) == "05-11-2024" and cell(hist.table, 1, 4) == "1,006.90"
    assert "instruction 16" in cell(hist.table, 1, 5)
    shot(hist, "history")
    # the trail's summary keeps a readable width beside a whole-return save's eight parts
    assert hist.trail.columnWidth(5) >= 200 and hist.trail.columnWidth(3) <= 200

    pre = lc.prefill_annual(s, cid, "2024-25")

    def fill(r: Any) -> None:
        from lifecycle_builders import month_return

        m = month_return("2024-25", kgst="410000.00", kvat="240000.00", itc="30000.00",
                         on=date(2025, 4, 30))  # fmt: skip
        r.part1a, r.part2, r.declaration = m.part1a, m.part2, m.declaration

    edit(s, pre.return_id, fill)
    summary = year_dialogs.open_year_summary(None, s, cid, "2024-25")
    qtbot.addWidget(summary)
    assert summary.head.text().startswith("3 difference(s)")
    rows = {cell(summary.table, r, 0): r for r in range(summary.table.rowCount())}
    r = rows["KVAT tax payable (Part 1 col 14)"]
    assert [cell(summary.table, r, c) for c in (1, 2, 3)] == ["34,800.00", "33,350.00", "1,450.00"]
    r = rows["KGST advance paid (annual inputs) vs monthly Part 5 remittances"]
    assert [cell(summary.table, r, c) for c in (1, 2, 3)] == ["41,000.00", "41,000.00", "0.00"]
    shot(summary, "year_summary")


def test_what_if_interest_grows_with_the_date(qtbot: Any, year: Year) -> None:
    year.august()
    year.september(pay_interest=False)
    dlg = dialogs.open_what_if(None, year.s, year.ids["sep"], None)
    qtbot.addWidget(dlg)

    def row_a() -> list[str]:
        return [cell(dlg.table, 0, c) for c in range(6)]

    # 25-10-2024: 10 days after 15-10-2024; 5,000 × 12 × 10 / 36,500 = 16.438… → 16.44.
    assert row_a() == ["(a)", "5,000.00", "12", "10", "16.44", "5,016.44"]
    # A day later: 11 days → 18.082… → 18.08, so one more day adds 1.64.
    assert "10 day(s) late" in dlg.summary.text() and "adds ₹1.64" in dlg.summary.text()
    buttons = [b for b in dlg.findChildren(QPushButton) if b.text() == "+1 week"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    # 01-11-2024: 17 days → 5,000 × 12 × 17 / 36,500 = 27.945… → 27.95.
    assert row_a()[3:5] == ["17", "27.95"]
    dlg.on.setDate(QDate(2024, 10, 15))
    assert row_a()[3:5] == ["0", "0.00"] and "0 day(s) late" in dlg.summary.text()
    dlg.on.setDate(QDate(2024, 10, 25))
    shot(dlg, "what_if")


def test_from_the_return_editor_menu(qtbot: Any, year: Year) -> None:
    """The editor's Return menu reaches the dialogs; filing makes the editor read-only."""
    from app.ui.return_editor import ReturnEditor

    year.august()
    year.september(pay_interest=False)
    rid = year.ids["sep"]
    ed = ReturnEditor(year.s.load_return(rid), store=year.s, return_id=rid, status="draft")
    qtbot.addWidget(ed)
    assert ed.menu_actions["mark_filed"].isEnabled()
    assert not ed.menu_actions["revise"].isEnabled()  # nothing filed yet to revise
    assert "is filed yet; there is nothing to revise" in ed.menu_actions["revise"].toolTip()
    ed.trigger("mark_filed")
    dlg = ed.findChild(dialogs.MarkFiledDialog)
    assert dlg is not None and not dlg.file_button.isEnabled()
    qtbot.keyClicks(dlg.ack, "ACK-SEP")
    dlg.filed_on.setDate(QDate(2024, 10, 15))
    qtbot.mouseClick(dlg.file_button, Qt.MouseButton.LeftButton)
    # Filed off the GUI thread; the editor follows the store and shows it read-only.
    qtbot.waitUntil(lambda: ed.session.read_only, timeout=10000)
    assert year.s.return_info(rid).status == "filed"
    assert "Filed; acknowledgement ACK-SEP" in ed.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not ed.menu_actions["mark_filed"].isEnabled(), timeout=1000)
    assert "a filing is recorded once" in ed.menu_actions["mark_filed"].toolTip()
    assert ed.menu_actions["revise"].isEnabled()
    assert ed.status_text().startswith("Filed — read-only")
    ed.trigger("history")
    hist = ed.findChild(year_dialogs.HistoryDialog)
    assert hist is not None and cell(hist.table, 0, 3) == "ACK-SEP"
    ed.trigger("chain")
    chain = ed.findChild(year_dialogs.ChainDialog)
    assert chain is not None and cell(chain.table, 1, 1) == "Original"


def test_year_summary_from_an_annual_return_editor_call(qtbot: Any, year: Year) -> None:
    year.august()
    lc.prefill_annual(year.s, year.cid, "2024-25")
    dlg = year_dialogs.open_year_summary(None, year.s, year.cid, "2024-25")
    qtbot.addWidget(dlg)
    # The annual return is still empty, August is the only filed month: KGST and KVAT total,
    # taxable and col 14 figures (6) and the ITC 29,000.00 (1) differ — 7 differences; the
    # advance 5,000.00 equals the remittances 5,000.00.  Seven months have no filed return.
    assert dlg.head.text().startswith("7 difference(s)") and "September 2024" in dlg.head.text()
    rows = {cell(dlg.table, r, 0): r for r in range(dlg.table.rowCount())}
    r = rows["KGST total turnover (Part 1 col 8)"]
    assert [cell(dlg.table, r, c) for c in (1, 2, 3)] == ["0.00", "50,000.00", "-50,000.00"]
