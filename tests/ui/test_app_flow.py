"""Drive the app as a dealer does: a new dealer, a new return, rows typed in Part 1(a) and Part 2,
Part 3 following, undo, paste from Excel, a jump from a finding, and everything there after a
restart.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ui_helpers import type_cell

from app.store import Store
from app.ui.client_editor import ClientDialog
from app.ui.main import start
from app.ui.new_return import NewReturnDialog
from app.ui.qt import QApplication, QDialogButtonBox, QLineEdit, Qt, QTimer


def _on_next_dialog(qtbot: Any, act: Any) -> list[str]:
    """Run `act(dialog)` on the next modal dialog; collects failures instead of hanging."""
    errors: list[str] = []

    def run() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, run)
            return
        try:
            act(dlg)
        except Exception as exc:  # reported by the test after exec() returns
            errors.append(repr(exc))
            dlg.close()

    QTimer.singleShot(0, run)
    return errors


def _new_dealer(qtbot: Any, window: Any) -> None:
    def fill(dlg: ClientDialog) -> None:
        save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.keyClicks(dlg.name.edit, "Sreekrishna Fuels")
        qtbot.keyClicks(dlg.tin.edit, "3212345678")  # 10 digits: wrong as typed
        assert dlg.tin.error.isVisibleTo(dlg)
        assert "11 digits" in dlg.tin.error.text()
        assert not save.isEnabled()
        qtbot.keyClicks(dlg.tin.edit, "9")  # the 11th digit: now a Kerala TIN
        assert not dlg.tin.error.isVisibleTo(dlg)
        assert save.isEnabled()
        dlg.tin.edit.setText("4212345678")
        assert "must have 11 digits" in dlg.tin.error.text()
        dlg.tin.edit.setText("42123456789")
        assert "must start with 32" in dlg.tin.error.text()
        dlg.tin.edit.setText("32123456789")
        dlg.nature.setCurrentText("Petroleum Pump")
        dlg.constitution.setCurrentText("Proprietorship")
        qtbot.keyClicks(dlg.address.edit, "NH 66, Kollam 691001")
        save.click()

    errors = _on_next_dialog(qtbot, fill)
    window.new_client()
    assert errors == []


def _new_return(qtbot: Any, window: Any, period: tuple[int, int]) -> Any:
    def pick(dlg: NewReturnDialog) -> None:
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dlg.year.setValue(2024)
        dlg.month.setCurrentIndex(6)  # July 2024: before FORM No. 9
        assert not ok.isEnabled()
        assert "2024-08" in dlg.error.text()
        dlg.year.setValue(period[0])
        dlg.month.setCurrentIndex(period[1] - 1)
        assert ok.isEnabled()
        ok.click()

    errors = _on_next_dialog(qtbot, pick)
    window.new_return()
    assert errors == []
    return next(iter(window.editors.values()))


def test_dealer_return_rows_part3_undo_paste_jump_restart(
    qtbot: Any, data_dir: Path, artifacts: Path
) -> None:
    store = Store.open(data_dir)
    window = start(store)
    qtbot.addWidget(window)
    window.show()
    _new_dealer(qtbot, window)
    assert any(c.tin == "32123456789" for c in store.list_clients())

    editor = _new_return(qtbot, window, (2024, 9))
    editor.resize(1366, 768)
    editor.activateWindow()
    qtbot.waitActive(editor)
    s = editor.session
    assert s.ret.header.period == "2024-09"
    assert s.ret.header.tin == "32123456789"

    # ---- Part 1(a): a KGST row typed cell by cell; the rate pack fills schedule and rate.
    page = editor.show_page("part1a")
    table = page.table
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert len(s.ret.part1a) == 1
    cols = {c.id: i for i, c in enumerate(table.rows_model().columns)}
    type_cell(qtbot, table, 0, cols["goods"], "Petrol (Motor Spirit)")
    assert s.ret.part1a[0].rate == Decimal("30.08")
    assert s.ret.part1a[0].schedule == "KGST Schedule, Sl. No. 1(iv)"
    type_cell(qtbot, table, 0, cols["nature"], "Sale")
    type_cell(qtbot, table, 0, cols["total_turnover"], "1,00,000")
    type_cell(qtbot, table, 0, cols["tax_collected"], "30080")
    # col 10 = 1,00,000.00; col 12 = 1,00,000 × 30.08% = 30,080.00; col 14 = max(11, 12 + 13)
    model = table.model()
    assert model.index(0, cols["taxable_turnover"]).data() == "1,00,000.00"
    assert model.index(0, cols["tax_due"]).data() == "30,080.00"
    assert model.index(0, cols["total_tax_payable"]).data() == "30,080.00"
    p3 = editor.page("part3").view
    assert p3.cells[("a_i", 0)].text() == "30,080.00"
    assert p3.cells[("a_iv", 0)].text() == "30,080.00"
    assert "(i) − ((ii) + (iii))" in p3.cells[("a_iv", 0)].toolTip()

    # A KVAT row: Insert, then choose the act from the drop-down and type the figures.
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    type_cell(qtbot, table, 1, cols["act"], "KV")
    assert s.ret.part1a[1].act == "KVAT"
    type_cell(qtbot, table, 1, cols["goods"], "Lubricants")
    type_cell(qtbot, table, 1, cols["rate"], "5")
    type_cell(qtbot, table, 1, cols["total_turnover"], "200000.5")
    # col 12 = round(2,00,000.50 × 5%) = 10,000.03 (10,000.025 rounds half up)
    assert model.index(1, cols["tax_due"]).data() == "10,000.03"
    assert p3.cells[("g_i", 0)].text() == "10,000.03"

    # ---- Part 2: a KVAT purchase with ITC → (g)(iii) and (g)(iv) follow.
    p2 = editor.show_page("part2").table
    c2 = {c.id: i for i, c in enumerate(p2.rows_model().columns)}
    qtbot.keyClick(p2, Qt.Key.Key_Insert)
    type_cell(qtbot, p2, 0, c2["act"], "KV")
    type_cell(qtbot, p2, 0, c2["goods"], "Lubricants")
    type_cell(qtbot, p2, 0, c2["purchase_value"], "1,00,000.00")
    type_cell(qtbot, p2, 0, c2["tax_paid"], "5000")
    type_cell(qtbot, p2, 0, c2["itc_eligible"], "Y")
    assert s.ret.part2[0].itc_eligible is True
    assert p2.model().index(0, c2["total"]).data() == "1,05,000.00"
    # (g)(iii) = 5,000.00; (g)(iv) = 10,000.03 − 0 − 5,000.00 = 5,000.03 = (g)(vi)
    assert p3.cells[("g_iii", 0)].text() == "5,000.00"
    assert p3.cells[("g_iv", 0)].text() == "5,000.03"
    assert p3.cells[("g_vi", 0)].text() == "5,000.03"

    # ---- Undo the ITC answer: (g)(iii) back to 0, (g)(vi) back to 10,000.03; redo again.
    editor.undo_action.trigger()
    assert s.ret.part2[0].itc_eligible is False
    assert p3.cells[("g_vi", 0)].text() == "10,000.03"
    editor.redo_action.trigger()
    assert p3.cells[("g_vi", 0)].text() == "5,000.03"

    # ---- Bad entry is refused beside the cell, the typed text kept; nothing changes.
    editor.show_page("part1a")
    type_cell(qtbot, table, 0, cols["exempt_turnover"], "12.345")
    assert s.ret.part1a[0].exempt_turnover == Decimal("0.00")
    (still,) = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    tip = table.cell_delegate.tip
    assert still.text() == "12.345" and tip.isVisible() and "at most 2 decimals" in tip.text()
    qtbot.keyClick(still, Qt.Key.Key_Escape)  # given up: the cell keeps its value
    assert not tip.isVisible() and table.state() != table.State.EditingState

    # ---- Paste a block from Excel into Part 1(a) (two new rows, Indian commas accepted).
    editor.show_page("part1a")
    # As Excel puts it on the clipboard: cols (2)…(14), computed (10), (12), (14) included.
    block = (
        "KGST\tSale\tHigh Speed Diesel\tFirst Schedule, Entry 2\t22.76\tfirst\t"
        "1,23,456.50\t0\t1,23,456.50\t28,098.70\t28,098.70\t0\t28,098.70\r\n"
        "CST\tInterstate sale\tHigh Speed Diesel\tCST Act s.8(1)\t2\tfirst\t50000\t0\t"
        "50000\t1000\t1000\t\t1000\r\n"
    )
    table.setCurrentIndex(model.index(1, cols["act"]))
    qtbot.keyClick(table, Qt.Key.Key_Insert)  # a blank row 3, current cell at its col (2)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (2, cols["act"])
    assert table.paste_text(block)
    assert len(s.ret.part1a) == 4
    assert s.ret.part1a[2].goods == "High Speed Diesel"
    assert s.ret.part1a[2].total_turnover == Decimal("123456.50")
    assert s.ret.part1a[3].act == "CST"
    assert "(10), (12), (14) are computed" in editor.statusBar().currentMessage()
    # CST row: col 12 = 50,000 × 2% = 1,000.00 → (h)(i) = 1,000.00
    assert p3.cells[("h_i", 0)].text() == "1,000.00"
    # One undo takes the whole paste away.
    editor.undo_action.trigger()
    assert len(s.ret.part1a) == 3
    assert p3.cells[("h_i", 0)].text() == "0.00"
    editor.redo_action.trigger()
    assert len(s.ret.part1a) == 4

    # ---- Ctrl+D copies the row above.
    table.setCurrentIndex(model.index(3, cols["act"]))
    qtbot.keyClick(table, Qt.Key.Key_Insert)  # row 5, below the CST row
    assert table.currentIndex().row() == 4

    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert s.ret.part1a[4].goods == "High Speed Diesel"
    assert s.ret.part1a[4].act == "CST"
    editor.undo_action.trigger()  # the copy
    editor.undo_action.trigger()  # the inserted row
    assert len(s.ret.part1a) == 4

    # ---- A finding: clicking it shows Part 1(a), its row and field.
    type_cell(qtbot, table, 3, cols["exempt_turnover"], "60000")  # exempt > total: an error
    s.wait_validated()
    found = [f for f in s.findings if f.code == "E-EXEMPT"]
    assert found and found[0].row == 3
    editor.show_page("header")
    tree = editor.findings_tree
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(2) == "E-EXEMPT"
    )
    tree.itemClicked.emit(item, 0)
    assert editor.current_page_id() == "part1a"
    cur = table.currentIndex()
    assert (cur.row(), cur.column()) == (3, cols["exempt_turnover"])
    assert "errors to fix" in editor.status_text()
    type_cell(qtbot, table, 3, cols["exempt_turnover"], "0")

    # ---- Save the screenshots of every page for a person to look at.
    s.wait_validated()
    for page_id in editor.page_ids:
        editor.show_page(page_id)
        QApplication.processEvents()
        editor.grab().save(str(artifacts / f"flow_{page_id}.png"))

    expected = {
        "part1a": [(r.act, r.goods, r.total_turnover, r.tax_collected) for r in s.ret.part1a],
        "part2": [(r.act, r.tax_paid, r.itc_eligible) for r in s.ret.part2],
    }
    rid = editor.return_id
    editor.close()
    window.close()
    store.close()

    # ---- Restart: everything typed is there.
    store2 = Store.open(data_dir)
    try:
        again = store2.load_return(rid)
        assert [(r.act, r.goods, r.total_turnover, r.tax_collected) for r in again.part1a] == (
            expected["part1a"]
        )
        assert [(r.act, r.tax_paid, r.itc_eligible) for r in again.part2] == expected["part2"]
        window2 = start(store2)
        qtbot.addWidget(window2)
        ed2 = window2.open_return(rid)
        assert ed2 is not None and rid is not None
        assert ed2.page("part3").view.cells[("g_iii", 0)].text() == "5,000.00"
        ed2.close()
        window2.close()
    finally:
        store2.close()
