"""Part 5: the head of account is an editable drop-down of the rate pack's heads for the row's act
(free text allowed), typed as a user does; an unknown head shows W-HEAD-UNKNOWN on the row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.form9 import Part5Row
from app.model.periods import Period
from app.ratepacks import pack_for_period
from app.ui.qt import QApplication, QComboBox, Qt
from app.ui.return_editor import ReturnEditor

HEAD_COLUMN = 3


def _open_head_editor(qtbot: Any, table: Any, row: int) -> QComboBox:
    table.setCurrentIndex(table.model().index(row, HEAD_COLUMN))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combos = [w for w in table.viewport().findChildren(QComboBox) if w.isVisible()]
    assert len(combos) == 1
    return combos[0]


def _type(qtbot: Any, combo: QComboBox, text: str) -> None:
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()  # where the cell editor puts the cursor when it opens
    QApplication.processEvents()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call, as in the app


def test_head_drop_down_offers_the_acts_heads_and_keeps_free_text(
    qtbot: Any, artifacts: Path
) -> None:
    ret = loads((EXAMPLES / "original.in.json").read_text(encoding="utf-8"))
    ret.part5.append(Part5Row("CIN-CST", date(2025, 11, 10), "CST", "", Decimal("0.00")))
    pack = pack_for_period(Period.parse(ret.header.period))
    assert pack is not None
    editor = ReturnEditor(ret, pack=pack)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitActive(editor)
    page: Any = editor.show_page("part5")
    table = page.table

    combo = _open_head_editor(qtbot, table, 0)
    assert combo.isEditable() and combo.currentText() == "0040-00-102-99"  # the text as stored
    kgst = [combo.itemText(i) for i in range(combo.count())]
    assert kgst == [h.text for h in pack.heads_for("KGST")]
    editor.grab().save(str(artifacts / "part5_head_editor.png"))
    # A few letters and Enter: completed from the list, whatever the case.
    _type(qtbot, combo, "kgst int")
    assert editor.session.ret.part5[0].head_of_account == "KGST interest (s.23(3))"
    assert table.currentIndex().row() == 1  # Enter moved down, like a spreadsheet

    combo = _open_head_editor(qtbot, table, 1)  # the CST row: CST heads only
    assert [combo.itemText(i) for i in range(combo.count())] == ["CST tax", "CST interest"]
    _type(qtbot, combo, "0040-00-101-99")  # free text as on the challan: kept as typed
    assert editor.session.ret.part5[1].head_of_account == "0040-00-101-99"
    editor.session.wait_validated()
    codes = {(f.code, f.location) for f in editor.session.findings}
    assert ("W-HEAD-UNKNOWN", "part5[1].head_of_account") in codes
    assert ("W-HEAD-UNKNOWN", "part5[0].head_of_account") not in codes

    # Picking an item from the open list with the keyboard, as a user does.
    combo = _open_head_editor(qtbot, table, 0)
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    view.window().grab().save(str(artifacts / "part5_head_list.png"))
    view.setCurrentIndex(combo.model().index(0, 0))  # the first: KGST tax
    qtbot.keyClick(view, Qt.Key.Key_Return)  # takes the item and closes the list
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == "KGST tax"
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)  # commits, as typing does
    QApplication.processEvents()
    assert editor.session.ret.part5[0].head_of_account == "KGST tax"
    editor.close()
