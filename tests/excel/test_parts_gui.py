"""Any workbook in the window (issue 15 item 7), driven with keys and clicks: when no sheet is
recognised the import says that nothing was imported and lets the user pick the part of each
sheet ("Import as"), then reads the file again; the preview and the error table offer the same
("Choose parts…"); an import that brings nothing never looks like a success."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from excel_helpers import LIST_HEADER, Shown

from app.export.excel_template import write_workbook
from app.model.form9 import Form9Return
from app.ui.excel_dialogs import ErrorsDialog, PreviewDialog, open_import
from app.ui.qt import QComboBox, QDialogButtonBox, Qt, QWidget
from app.ui.sheet_parts import PartsDialog

pytestmark = pytest.mark.usefixtures("qapp")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FIXTURES = Path(__file__).parent / "fixtures"
Make = Callable[..., Path]


def _editor() -> Shown:
    ret = Form9Return()
    ret.header.period = "2024-08"
    return Shown(ret)


def _shot(widget: QWidget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / name))


def _wait_for(qtbot: Any, flow: Any, kind: type[QWidget]) -> Any:
    qtbot.waitUntil(lambda: isinstance(d := flow.dialog, kind) and d.isVisible(),
                    timeout=20000)  # fmt: skip
    return flow.dialog


def _choose(qtbot: Any, combo: QComboBox, typed: str) -> None:
    """Pick an item as a user does: focus the drop-down and type the start of its text."""
    combo.setFocus()
    qtbot.keyClicks(combo, typed)


MIXED = [["Sales", "", "", "X Stores", "S/1", "02-08-2024", 1000, 50, 0],
         ["Purchase", "", "", "Y Mills", "P/9", "03-08-2024", 400, 20, 0]]  # fmt: skip


def test_no_sheet_recognised_pick_a_part_and_read_again(
    qtbot: Any, parent: QWidget, xlsx: Make
) -> None:
    book = xlsx({"Sheet1": [["Day book, August 2024"], [], LIST_HEADER[:9], *MIXED],
                 "Notes": [["called the dealer on 3rd"]]}, name="daybook.xlsx")  # fmt: skip
    editor = _editor()
    flow = open_import(parent, None, 1, editor.session, path=book)
    assert flow is not None
    dialog = _wait_for(qtbot, flow, PartsDialog)
    assert "Nothing was imported from daybook.xlsx" in dialog.intro.text()
    assert dialog.table.item(0, 0).text() == "Sheet1"
    assert dialog.table.item(0, 1).text().startswith("Row 3: (1) Type of transaction | ")
    assert "say which" in dialog.table.item(0, 1).text()
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [
        "Sheet1", "Notes"
    ]  # fmt: skip
    combo = dialog.combos["Sheet1"]
    assert combo.currentText() == "Not imported"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Part 1(a)", "Part 1(b)", "Part 2", "Part 5", "Sales list", "Purchase list", "Stock",
        "Not imported",
    ]  # fmt: skip
    assert not dialog.read_button.isEnabled()  # nothing chosen yet
    assert dialog.status.text() == "Choose the part of at least one sheet."
    _choose(qtbot, combo, "Sales")
    assert combo.currentText() == "Sales list"
    assert dialog.read_button.isEnabled()
    _shot(dialog, "excel-import-choose-parts.png")
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    preview = _wait_for(qtbot, flow, PreviewDialog)
    assert editor.replaced == []
    row = next(r for r in range(preview.table.rowCount())
               if preview.table.item(r, 0).text() == "Sales list")  # fmt: skip
    assert preview.table.item(row, 1).text() == "2"
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "applied")
    assert [r.doc_no for r in editor.ret.sales_list] == ["S/1", "P/9"]
    assert editor.messages == ["Imported from daybook.xlsx: Sales list 2 rows"]


def test_the_same_part_twice_cannot_be_read(qtbot: Any, parent: QWidget, xlsx: Make) -> None:
    rows = [LIST_HEADER[:9], *MIXED]
    book = xlsx({"A": rows, "B": rows})
    flow = open_import(parent, None, 1, _editor().session, path=book)
    assert flow is not None
    dialog = _wait_for(qtbot, flow, PartsDialog)
    _choose(qtbot, dialog.combos["A"], "Purchase")
    _choose(qtbot, dialog.combos["B"], "Purchase")
    assert dialog.status.text() == "Each part comes from one sheet: Purchase list is chosen twice."
    assert not dialog.read_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: flow.state == "nothing")


def test_choose_parts_from_the_preview(qtbot: Any, parent: QWidget) -> None:
    """The LibreOffice-saved registers: both lists recognised; the user leaves the purchase
    register out and reads again."""
    editor = _editor()
    flow = open_import(parent, None, 1, editor.session, path=FIXTURES / "registers.xlsx")
    assert flow is not None
    preview = _wait_for(qtbot, flow, PreviewDialog)
    assert preview.parts_button.isVisible()
    qtbot.mouseClick(preview.parts_button, Qt.MouseButton.LeftButton)
    dialog = _wait_for(qtbot, flow, PartsDialog)
    assert "Nothing was imported" not in dialog.intro.text()
    assert {n: c.currentText() for n, c in dialog.combos.items()} == {
        "Sheet1": "Sales list", "Sheet2": "Purchase list", "Sheet3": "Not imported"
    }  # fmt: skip
    _choose(qtbot, dialog.combos["Sheet2"], "Not")
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    preview = _wait_for(qtbot, flow, PreviewDialog)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "applied")
    assert len(editor.ret.sales_list) == 4 and editor.ret.purchase_list == []


def test_errors_then_choose_parts(qtbot: Any, parent: QWidget, xlsx: Make) -> None:
    """A sales list on a sheet named "Part 5": read as Part 5 by its name, every cell wrong;
    Choose parts… in the error table reads it as the sales list."""
    book = xlsx({"Part 5": [LIST_HEADER[:9], MIXED[0]]})
    editor = _editor()
    flow = open_import(parent, None, 1, editor.session, path=book)
    assert flow is not None
    errors = _wait_for(qtbot, flow, ErrorsDialog)
    assert errors.parts_button.isVisible()
    qtbot.mouseClick(errors.parts_button, Qt.MouseButton.LeftButton)
    dialog = _wait_for(qtbot, flow, PartsDialog)
    assert dialog.combos["Part 5"].currentText() == "Part 5"
    _choose(qtbot, dialog.combos["Part 5"], "Sal")
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    preview = _wait_for(qtbot, flow, PreviewDialog)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "applied")
    assert [r.doc_no for r in editor.ret.sales_list] == ["S/1"]
    assert flow.state == "applied"


def test_an_empty_template_says_nothing_to_import(
    qtbot: Any, parent: QWidget, tmp_path: Path
) -> None:
    book = tmp_path / "empty.xlsx"
    write_workbook(book)
    editor = _editor()
    flow = open_import(parent, None, 1, editor.session, path=book)
    assert flow is not None
    preview = _wait_for(qtbot, flow, PreviewDialog)
    assert "Nothing to import from empty.xlsx" in preview.intro.text()
    assert not preview.import_button.isEnabled()
    _shot(preview, "excel-import-nothing.png")
    cancel = preview.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "nothing")
    assert editor.replaced == []


def test_csv_whose_list_cannot_be_told(qtbot: Any, parent: QWidget, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Type,Doc No,Doc Date,Value,Tax\nSales,1,01-08-2024,10,1\n"
                    "Purchase,2,01-08-2024,5,1\n", encoding="utf-8")  # fmt: skip
    editor = _editor()
    flow = open_import(parent, None, 1, editor.session, path=path)
    assert flow is not None
    dialog = _wait_for(qtbot, flow, PartsDialog)
    assert "its list is not named" in dialog.intro.text()
    combo = dialog.combos["export.csv"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Sales list", "Purchase list", "Not imported"
    ]  # fmt: skip
    _choose(qtbot, combo, "P")
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    preview = _wait_for(qtbot, flow, PreviewDialog)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "applied")
    assert [r.doc_no for r in editor.ret.purchase_list] == ["1", "2"]
