"""The walkthrough fixes of issue 15 item 9, each driven with keys and clicks as a user would."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from app.model.client import ClientProfile
from app.model.periods import Period
from app.samples import load_sample_return, samples_dir
from app.store import Store
from app.ui.editor_status import status_line
from app.ui.main_window import MainWindow
from app.ui.nav import MENU_LETTERS, PAGE_LABELS, mnemonic
from app.ui.new_return import create_return
from app.ui.qt import QApplication, QComboBox, QLineEdit, Qt, QWidget
from app.ui.return_editor import ReturnEditor, open_editor

SAMPLE = samples_dir() / "return-2025-10.json"


@pytest.fixture
def rid(store: Store) -> int:
    ret = load_sample_return(SAMPLE)
    cid = store.add_client(ClientProfile(tin=ret.header.tin, name=ret.header.name))
    return store.create_return(cid, ret)


def editor_for(qtbot: Any, store: Store, return_id: int) -> ReturnEditor:
    ed = open_editor(store, return_id)
    qtbot.addWidget(ed)
    ed.resize(1280, 720)
    with qtbot.waitActive(ed):  # keys reach the focused widget and the shortcuts
        ed.activateWindow()
    return ed


def focused() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None
    return w


def choice_editor(table: Any) -> QComboBox:
    """The drop-down open in a table's cell."""
    (w,) = [
        e
        for e in table.viewport().findChildren(QComboBox)
        if e.isVisible() and e.parent() is table.viewport()
    ]
    return w


def test_the_open_button_opens_the_selected_return(qtbot: Any, store: Store, rid: int) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    row = window.returns.visualRect(window.returns.model().index(0, 0)).center()
    qtbot.mouseClick(window.returns.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseClick(window.open_return_btn, Qt.MouseButton.LeftButton)
    assert list(window.editors) == [rid]  # not clicked(False) taken as return 0
    assert window.editors[rid].isVisible()
    window.editors[rid].close()


def test_typing_in_the_act_drop_down_selects_the_first_match(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = editor_for(qtbot, store, rid)
    table = ed.page("part1a").table  # type: ignore[attr-defined]
    ed.show_page("part1a")
    act = [c.id for c in table.rows_model().columns].index("act")
    rows = ed.session.ret.part1a
    kgst = next(i for i, r in enumerate(rows) if r.act == "KGST")
    table.setCurrentIndex(table.model().index(kgst, act))
    table.setFocus()
    qtbot.keyClick(table, "K")  # opens the drop-down on KGST: "K" keeps KGST, not the next K…
    assert choice_editor(table).currentText() == "KGST"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert ed.session.ret.part1a[kgst].act == "KGST"
    table.setCurrentIndex(table.model().index(kgst, act))
    qtbot.keyClick(table, "K")
    qtbot.keyClick(focused(), "V")  # "KV": KVAT
    assert choice_editor(table).currentText() == "KVAT"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert ed.session.ret.part1a[kgst].act == "KVAT"
    assert table.currentIndex().row() == kgst + 1  # Enter moved down, like a spreadsheet
    ed.close()


def test_an_empty_table_can_be_started_by_button_typing_or_tab(
    qtbot: Any, store: Store, rid: int
) -> None:
    cid = store.return_info(rid).client_id
    blank, _note = create_return(store, cid, Period.parse("2025-11"))
    ed = editor_for(qtbot, store, blank)
    page: Any = ed.show_page("part1b")
    table, buttons = page.table, page.row_buttons
    assert table.model().rowCount() == 0
    assert buttons.add.isVisible() and buttons.add.text() == "Add row"
    assert not buttons.delete.isEnabled()  # nothing to delete yet
    qtbot.mouseClick(buttons.add, Qt.MouseButton.LeftButton)
    assert len(ed.session.ret.part1b) == 1 and buttons.delete.isEnabled()
    qtbot.mouseClick(buttons.delete, Qt.MouseButton.LeftButton)
    assert ed.session.ret.part1b == [] and not buttons.delete.isEnabled()
    # Typing in the empty table starts a row, the first letter in its first cell.
    table.setFocus()
    qtbot.keyClick(table, "A")
    qtbot.keyClicks(focused(), "/1")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # to "Series to" (Sl. No. is the app's)
    qtbot.keyClicks(focused(), "A/50")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # past the last cell: a new row, editing
    QApplication.processEvents()
    rows = ed.session.ret.part1b
    assert [(r.series_from, r.series_to) for r in rows] == [("A/1", "A/50"), ("", "")]
    assert table.currentIndex().row() == 1 and table.state() == table.State.EditingState
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    ed.close()


def test_a_refused_entry_keeps_its_text_with_the_reason_beside_the_cell(
    qtbot: Any, store: Store, rid: int
) -> None:
    ed = editor_for(qtbot, store, rid)
    page: Any = ed.show_page("part1a")
    table = page.table
    col = [c.id for c in table.rows_model().columns].index("total_turnover")
    before = ed.session.ret.part1a[0].total_turnover
    table.setCurrentIndex(table.model().index(0, col))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    line = focused()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "320000.555")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()
    tip = table.cell_delegate.tip
    assert line.isVisible() and line.text() == "320000.555"  # still open, nothing lost
    assert tip.isVisible() and "320000.555: an amount has at most 2 decimals" in tip.text()
    assert tip.text().startswith("(8) Total turnover")
    cell = table.visualRect(table.model().index(0, col))
    assert abs(tip.y() - cell.bottom()) <= 4 and abs(tip.x() - cell.left()) <= 4  # beside it
    assert ed.session.ret.part1a[0].total_turnover == before
    # Clicking another cell does not lose it either: the cursor comes back to the text.
    other = table.visualRect(table.model().index(2, col)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=other)
    QApplication.processEvents()
    assert table.currentIndex().row() == 0 and line.isVisible() and line.text() == "320000.555"
    # Corrected, it is taken and the reason goes.
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert not tip.isVisible()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert ed.session.ret.part1a[0].total_turnover == Decimal("320000.55")
    ed.close()


def test_mark_as_filed_and_revise_say_why_they_are_disabled(
    qtbot: Any, store: Store, rid: int
) -> None:
    from datetime import date

    ed = editor_for(qtbot, store, rid)
    mark, revise = ed.menu_actions["mark_filed"], ed.menu_actions["revise"]
    assert mark.isEnabled() and not revise.isEnabled()
    assert revise.toolTip().startswith("No return for October 2025 is filed yet")
    assert not ed.tool_actions["revise"].isEnabled()  # the toolbar's button too
    assert ed.tool_actions["revise"].toolTip() == revise.toolTip()
    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))
    qtbot.waitUntil(lambda: not mark.isEnabled(), timeout=1000)
    assert "was filed on 20-11-2025 with acknowledgement KITIS/1" in mark.toolTip()
    assert revise.isEnabled()
    ed.close()


def test_every_page_has_an_alt_shortcut(qtbot: Any, store: Store, rid: int) -> None:
    from datetime import date

    from app.store import lifecycle

    store.set_status(rid, "filed", ack_no="KITIS/1", filed_on=date(2025, 11, 20))
    revision = lifecycle.create_revision(store, rid)  # a revision has Part 4
    ed = editor_for(qtbot, store, revision)
    assert "part4" in ed.page_ids and "sales_list" in ed.page_ids
    keys = [mnemonic(PAGE_LABELS[p]) for p in PAGE_LABELS]
    assert len(set(keys)) == len(keys) and not set(keys) & MENU_LETTERS  # none clash
    for page_id in reversed(ed.page_ids):
        key = mnemonic(PAGE_LABELS[page_id])
        qtbot.keyClick(ed, key, Qt.KeyboardModifier.AltModifier)
        assert ed.current_page_id() == page_id, (page_id, key)
    item = ed.nav.item(ed.page_ids.index("part4"))
    assert item is not None and item.toolTip() == "Part 4 (Alt+4)"
    assert ed.page_actions["purchase_list"].shortcut().toString() == "Alt+P"
    ed.close()


def test_the_status_bar_says_one_consistent_thing() -> None:
    def line(status: str, **kw: Any) -> str:
        args = {"validated": True, "errors": 0, "warnings": 0, "unsaved": False, **kw}
        return status_line(status, **args)[0]

    assert line("draft", errors=3) == "Draft — 3 errors to fix"
    assert line("draft", errors=1, warnings=2) == "Draft — 1 error to fix, 2 warnings"
    assert line("draft") == "Draft — ready to file (no errors)"
    assert line("ready", warnings=1) == "Ready to file — no errors, 1 warning"
    assert line("draft", validated=False) == "Draft — checking…"
    assert line("draft", errors=2, unsaved=True) == "Draft — 2 errors to fix · not saved"
    assert line("filed").startswith("Filed — read-only")


def test_the_editor_status_follows_the_findings(qtbot: Any, store: Store, rid: int) -> None:
    ed = editor_for(qtbot, store, rid)
    ed.session.wait_validated()
    errors = ed.session.error_count()
    # The stored status follows the findings first (Draft ↔ Ready), then the line says both.
    expected = (
        f"Draft — {errors} error{'s' * (errors != 1)} to fix"
        if errors
        else ("Ready to file — no errors")
    )
    assert ed.status_text().startswith(expected)
    assert ed.session.status == ("draft" if errors else "ready")
    assert "✔" not in ed.status_label.text()  # one statement, not "Draft ✔ Ready to file"
    ed.close()
