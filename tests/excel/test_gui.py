"""The Excel dialogs driven as a user would: preview, accept / cancel, error table, annotated copy,
cancel during the import, template download.  Screenshots go to tests/artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from excel_helpers import LIST_HEADER, Shown, cleared, example
from openpyxl import load_workbook

from app.export import excel_import
from app.export.excel_template import write_workbook
from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.store import Store
from app.ui import excel_dialogs
from app.ui.excel_dialogs import ErrorsDialog, PreviewDialog, open_import, open_template
from app.ui.qt import QDialogButtonBox, QPushButton, Qt, QWidget
from app.ui.session import ReturnSession

pytestmark = pytest.mark.usefixtures("qapp")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
Make = Callable[..., Path]


def _shot(widget: QWidget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / name))


def _cell(dialog: PreviewDialog, row: int, col: int) -> str:
    item = dialog.table.item(row, col)
    assert item is not None
    return item.text()


def test_preview_then_import(qtbot: Any, parent: QWidget, tmp_path: Path) -> None:
    book = tmp_path / "original.xlsx"
    write_workbook(book, example("original"))
    editor = Shown(cleared(example("original")))
    flow = open_import(parent, None, None, editor.session, path=book)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20000)
    dialog = flow.dialog
    assert isinstance(dialog, PreviewDialog)
    qtbot.waitExposed(dialog)
    # Sheet, rows in file, blank rows, rows now, effect, totals
    assert [_cell(dialog, 0, c) for c in range(5)] == ["Part 1(a)", "6", "", "0", "replaces 0 rows"]
    assert _cell(dialog, 0, 5).startswith("(8) Total turnover: 43,59,52,925.41\n")
    assert [_cell(dialog, 4, c) for c in range(5)] == ["Sales list", "0", "", "0", "unchanged"]
    assert editor.replaced == []  # nothing before Import
    _shot(dialog, "excel-import-preview.png")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "applied")
    assert editor.ret.part1a == example("original").part1a
    assert editor.ret.purchase_list == example("original").purchase_list
    assert editor.ret.header == example("original").header
    assert editor.messages == [
        "Imported from original.xlsx: Part 1(a) 6 rows, Part 1(b) 1 rows, Part 2 3 rows, "
        "Part 5 1 rows, Purchase list 6 rows"
    ]


def test_preview_cancel_leaves_the_return(qtbot: Any, parent: QWidget, xlsx: Make) -> None:
    book = xlsx({"Stock": [["Goods", "Quantity", "Value"], ["Diesel", 10, "1,000"]]})
    before = example("annual")
    editor = Shown(before)
    flow = open_import(parent, None, None, editor.session, path=book)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20000)
    dialog = flow.dialog
    assert isinstance(dialog, PreviewDialog)
    assert [_cell(dialog, 6, c) for c in range(5)] == ["Stock", "1", "", "3", "replaces 3 rows"]
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.state == "declined")
    assert editor.replaced == [] and editor.ret is before
    assert len(before.stock) == 3


def test_errors_table_and_annotated_copy(
    qtbot: Any, parent: QWidget, xlsx: Make, tmp_path: Path
) -> None:
    rows = [LIST_HEADER,
            ["Sales", "x", "", "A", "1", "01-08-2024", "1.001", "5", ""],
            ["Sales", "", "", "A", "2", "31-02-2024", Decimal("-4"), "1", ""]]  # fmt: skip
    book = xlsx({"Sales list": rows, "Notes": [["x"]]}, name="aug.xlsx")
    editor = Shown(Form9Return())
    flow = open_import(parent, None, None, editor.session, path=book)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20000)
    dialog = flow.dialog
    assert isinstance(dialog, ErrorsDialog)
    qtbot.waitExposed(dialog)
    model = dialog.table.model()
    assert model.rowCount() == 4
    shown = [[model.data(model.index(r, c)) for c in range(6)] for r in range(4)]
    assert shown[0] == [
        "Sales list",
        2,
        "B",
        "(2) Point of sale",
        "'x'",
        "first / subsequent / last / first and last",
    ]
    assert [(r[1], r[2]) for r in shown] == [(2, "B"), (2, "G"), (3, "F"), (3, "G")]
    assert "4 cells in aug.xlsx cannot be read." in dialog.summary.text()
    _shot(dialog, "excel-import-errors.png")
    out = tmp_path / "aug-errors.xlsx"
    assert dialog.default_copy_path() == out
    task = dialog.save_annotated(out)
    assert task is not None
    qtbot.waitUntil(lambda: task.finished and dialog.annotate_button.isEnabled(), timeout=20000)
    ws = load_workbook(out)["Sales list"]
    assert ws["F3"].comment.text.startswith("Found '31-02-2024'; expected a real date")
    assert ws["G3"].fill.fgColor.rgb == "00FFC7CE"
    assert "4 cells marked in red" in dialog.summary.text()
    dialog.reject()
    qtbot.waitUntil(lambda: flow.state == "rejected")
    assert editor.replaced == []


def test_cancel_during_the_import_leaves_the_return(
    qtbot: Any, parent: QWidget, xlsx: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real = excel_import.import_file

    def held_import(path: Any, *, csv_list: Any = None, progress: Any = None, **kw: Any) -> Any:
        result = real(path, csv_list=csv_list, progress=progress, **kw)
        gate.wait(10)  # the user presses Cancel while the import is still running
        progress(1, 1, "Done")  # the next progress report ends the task
        return result

    monkeypatch.setattr(excel_dialogs, "import_file", held_import)
    book = xlsx({"Sales list": [LIST_HEADER, ["Sales", "", "", "A", "1", "01-08-2024", 1, 1, 0]]})
    editor = Shown(Form9Return())
    flow = open_import(parent, None, None, editor.session, path=book)
    assert flow is not None
    cancel = flow.progress.dialog.findChild(QPushButton)  # the progress dialog's Cancel button
    assert cancel is not None
    cancel.click()
    gate.set()
    qtbot.waitUntil(lambda: flow.state == "cancelled", timeout=20000)
    assert flow.dialog is None and editor.replaced == [] and editor.ret.sales_list == []


def test_refused_file_is_explained(qtbot: Any, parent: QWidget, tmp_path: Path) -> None:
    bad = tmp_path / "list.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    flow = open_import(parent, None, None, Shown(Form9Return()).session, path=bad)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.state == "refused", timeout=20000)
    assert flow.message is not None
    assert (
        flow.message.text()
        == "list.xls: old Excel 97-2003 (.xls) files are not read; save it as .xlsx"
    )


def test_a_stored_return_is_replaced_in_the_store_as_one_op(
    qtbot: Any, parent: QWidget, xlsx: Make, store: Store
) -> None:
    """Imported into a stored return, the rows are written to the store (based on the version
    shown, in one unit of work); an editor follows the store, so nothing is handed to it."""
    annual = example("annual")
    cid = store.add_client(ClientProfile(tin=annual.header.tin, name=annual.header.name))
    rid = store.create_return(cid, annual)
    session = ReturnSession(store.load_return(rid), store=store, return_id=rid)
    book = xlsx({"Part 1(b)": [["Series from", "Series to"], ["B/1", "B/77"]]})
    flow = open_import(parent, store, rid, session, path=book)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None, timeout=20000)
    assert flow.dialog is not None
    flow.dialog.accept()
    qtbot.waitUntil(lambda: flow.state == "applied")
    saved = store.load_return(rid)
    assert [(r.series_from, r.series_to) for r in saved.part1b] == [("B/1", "B/77")]
    assert saved.stock == annual.stock
    shown = session.version
    assert shown is not None and store.return_info(rid).version == shown + 1  # one write


def test_template_download_prefilled(qtbot: Any, parent: QWidget, tmp_path: Path) -> None:
    editor = Shown(example("revision"))
    flow = open_template(parent, None, None, editor.session, path=tmp_path / "rev", prefill=True)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.state == "saved", timeout=20000)
    assert flow.path == tmp_path / "rev.xlsx"
    assert flow.message is not None and flow.message.text() == f"Saved {tmp_path / 'rev.xlsx'}"
    wb = load_workbook(flow.path)
    assert wb["Part 5"].max_row == 1 + len(example("revision").part5)
    empty = open_template(
        parent, None, None, editor.session, path=tmp_path / "empty.xlsx", prefill=False
    )
    assert empty is not None
    qtbot.waitUntil(lambda: empty.state == "saved", timeout=20000)
    assert load_workbook(empty.path)["Part 1(a)"].max_row == 1
