"""Dealers ▸ Import dealers… and the dealers' template in the main window (issue 15 item 6),
driven with the menu, keys and clicks: each row's outcome and the cell-by-cell error table before
anything changes, an existing dealer updated only when ticked, all applied together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import FileDialogs, choose_menu, main_window, on_next_modal
from openpyxl import Workbook, load_workbook

from app.model.client import ClientProfile
from app.model.form9 import Branch
from app.store import Store
from app.ui.qt import QApplication, QMessageBox, QPoint, Qt, QTableWidget, QTableWidgetItem

GSTIN_A, GSTIN_B = "32AABCA1234B1ZQ", "32AAGFK5678C1ZF"


def _cell(t: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    item = t.item(row, col)
    assert item is not None, (row, col)
    return item


def _book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Clients 2025"
    ws.append(["Client list — Nair & Associates, Tax Practitioners"])
    ws.append(["Registration No", "Dealer name", "Address", "GST No", "Due on", "Remarks"])
    ws.append(["32071234567", "Anand Stores", "New Road, Kochi", GSTIN_A, "10th", "old client"])
    ws.append(["32079876543", "Kerala Petro Agencies", "NH 66, Alappuzha", GSTIN_B, "15th", ""])
    ws.append(["3207987654", "Short TIN Traders", "", "", "", ""])
    ws.append(["32079876543", "Kerala Petro (again)", "", "", "", ""])
    wb.save(path)
    return path


def _cells(table: Any, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(6)]


def test_import_dealers_from_the_menu(
    qtbot: Any, tmp_path: Path, monkeypatch: Any, artifacts: Path
) -> None:
    from app.ui.dealer_import import DealerImportDialog

    files = FileDialogs(monkeypatch)
    store = Store.open(tmp_path / "data")
    try:
        anand = store.add_client(ClientProfile(
            tin="32071234567", name="Anand Stores", address="MG Road, Kochi", gstin=GSTIN_A,
            branches=[Branch("Aluva", "Market Road")],
        ))  # fmt: skip
        w = main_window(qtbot, store)
        assert w.clients.rowCount() == 1
        files.answers.append(_book(tmp_path / "clients.xlsx"))
        choose_menu(qtbot, w, "Dealers", "Import dealers…")
        qtbot.waitUntil(lambda: any(isinstance(x, DealerImportDialog) and x.isVisible()
                                    for x in QApplication.topLevelWidgets()), timeout=5000)  # fmt: skip
        dlg = next(x for x in QApplication.topLevelWidgets() if isinstance(x, DealerImportDialog))
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=20000)
        assert files.calls[0][1] == "Import dealers"
        t = dlg.table
        assert t.rowCount() == 4
        assert _cells(t, 0) == [
            "Clients 2025", "3", "32071234567", "Anand Stores", "Refused",
            "this TIN is here already as 'Anand Stores', with another Address, Return due on "
            "(10th / 15th); confirm updating it to take the file's",
        ]  # fmt: skip
        assert _cells(t, 1)[2:5] == ["32079876543", "Kerala Petro Agencies", "Add"]
        assert _cells(t, 2)[4:] == [
            "Refused", "column A TIN: found '3207987654'; expected a Kerala TIN: 11 digits "
            "starting with 32 (this has 10)",
        ]  # fmt: skip
        assert _cells(t, 3)[4] == "Refused"
        # the same cell-by-cell error table as a return's import
        m = dlg.errors_table.model()
        assert [[m.data(m.index(r, c)) for c in range(6)] for r in range(m.rowCount())] == [
            ["Clients 2025", 5, "A", "TIN", "'3207987654'",
             "a Kerala TIN: 11 digits starting with 32 (this has 10)"],
            ["Clients 2025", 6, "A", "TIN", "'32079876543'",
             "each dealer once: this TIN is also in Clients 2025, row 4"],
        ]  # fmt: skip
        assert dlg.errors_label.text().startswith("<b>2 cells to correct</b>")
        assert "2 to add" not in dlg.heading.text() and "1 to add" in dlg.heading.text()
        assert "Nothing has changed yet." in dlg.heading.text()
        assert "note" not in dlg.notes.toPlainText()  # the notes box lists what was not read
        assert "column F 'Remarks' is not a column of Dealers" in dlg.notes.toPlainText()
        assert store.get_client(anand).address == "MG Road, Kochi"  # nothing changed yet
        # the cells to correct, marked in a copy of the file
        assert dlg.annotate_button.isVisible()
        task = dlg.save_annotated(tmp_path / "clients-errors.xlsx")
        assert task is not None
        qtbot.waitUntil(lambda: task.finished and dlg.annotate_button.isEnabled(), timeout=20000)
        marked = load_workbook(tmp_path / "clients-errors.xlsx")["Clients 2025"]
        assert marked["A5"].comment.text == (
            "Found '3207987654'; expected a Kerala TIN: 11 digits starting with 32 (this has 10)."
        )
        assert marked["A6"].fill.fgColor.rgb.endswith("FFC7CE")
        # tick Anand's update with the keyboard: the row now says Update
        t.setFocus()
        t.setCurrentCell(0, 6)
        qtbot.keyClick(t, Qt.Key.Key_Space)
        assert _cell(t, 0, 6).checkState() == Qt.CheckState.Checked
        assert _cell(t, 0, 4).text() == "Update"
        assert _cell(t, 0, 5).text() == "changes Address, Return due on (10th / 15th)"
        assert "1 to add, 1 to update, 0 unchanged, 2 refused" in dlg.heading.text()
        dlg.resize(1024, 640)
        assert dlg.grab().save(str(artifacts / "dealer-import-preview.png"))
        qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
        assert dlg.heading.text().startswith("<b>Imported.</b>")
        assert "1 added, 1 updated, 0 unchanged, 2 refused" in dlg.heading.text()
        assert [_cell(t, r, 4).text() for r in range(4)] == ["Updated", "Added", "Refused",
                                                            "Refused"]  # fmt: skip
        assert dlg.status.text() == "2 row(s) refused: the others were imported."
        assert not dlg.import_button.isEnabled()
        got = store.get_client(anand)
        assert (got.address, got.large_dealer, got.branches) == (
            "New Road, Kochi",
            True,
            [Branch("Aluva", "Market Road")],
        )
        tins = {c.tin for c in store.list_clients()}
        assert tins == {"32071234567", "32079876543"}
        assert w.clients.rowCount() == 2  # the main window's list shows the new dealer
        assert dlg.grab().save(str(artifacts / "dealer-import-done.png"))
        dlg.close()
    finally:
        store.close()


def test_update_all_and_nothing_before_import(qtbot: Any, tmp_path: Path) -> None:
    from app.ui.dealer_import import import_dealers_file

    store = Store.open(tmp_path / "data")
    try:
        store.add_client(ClientProfile(tin="32071234567", name="Anand Stores"))
        w = main_window(qtbot, store)
        dlg = import_dealers_file(w, store, _book(tmp_path / "c.xlsx"))
        assert dlg is not None
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=20000)
        assert dlg.update_all.isVisible()
        box = dlg.update_all  # a click on its box (the widget is as wide as the dialog)
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        qtbot.waitUntil(lambda: dlg.update_all.isChecked())
        assert dlg.ticked() == ["32071234567"]
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # Close: nothing imported
        assert [c.tin for c in store.list_clients()] == ["32071234567"]
        assert store.get_client(store.list_clients()[0].id).address == ""
    finally:
        store.close()


def test_a_sheet_without_tin_column_cannot_be_imported(qtbot: Any, tmp_path: Path) -> None:
    from app.ui.dealer_import import import_dealers_file

    path = tmp_path / "d.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dealers"
    ws.append(["Dealer name", "Address"])
    ws.append(["Anand", "Kochi"])
    wb.save(path)
    store = Store.open(tmp_path / "data")
    try:
        w = main_window(qtbot, store)
        dlg = import_dealers_file(w, store, path)
        assert dlg is not None
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=20000)
        assert "d.xlsx cannot be read as dealers" in dlg.heading.text()
        m = dlg.errors_table.model()
        assert [m.data(m.index(0, c)) for c in range(6)] == [
            "Dealers", 1, "—", "TIN", "no such column", "a column TIN"
        ]  # fmt: skip
        assert not dlg.import_button.isEnabled()
    finally:
        store.close()


def test_a_file_that_is_not_a_workbook(qtbot: Any, tmp_path: Path) -> None:
    from app.ui.dealer_import import import_dealers_file

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    store = Store.open(tmp_path / "data")
    try:
        dlg = import_dealers_file(main_window(qtbot, store), store, bad)
        assert dlg is not None
        qtbot.waitUntil(lambda: "cannot be imported" in dlg.heading.text(), timeout=20000)
        assert dlg.heading.text() == ("<b>bad.xlsx cannot be imported:</b> bad.xlsx: not a valid "
                                      ".xlsx workbook (it is not a zip archive)")  # fmt: skip
        assert not dlg.import_button.isEnabled()
    finally:
        store.close()


def test_template_from_the_dialog_and_the_menu(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.ui.dealer_import import import_dealers_file

    files = FileDialogs(monkeypatch)
    store = Store.open(tmp_path / "data")
    try:
        store.add_client(ClientProfile(tin="32071234567", name="Anand Stores", large_dealer=True))
        w = main_window(qtbot, store)
        # the menu: an empty template ("No")
        empty = tmp_path / "empty.xlsx"
        files.answers.append(empty)
        errors = on_next_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
        choose_menu(qtbot, w, "Dealers", "Dealers template…")
        qtbot.waitUntil(empty.exists, timeout=20000)
        assert errors == []
        assert load_workbook(empty)["Dealers"].max_row == 1
        # the dialog's button: with the dealers here ("Yes")
        header_only = tmp_path / "h.csv"
        header_only.write_text("TIN,Name\n", encoding="utf-8")
        dlg = import_dealers_file(w, store, header_only)
        assert dlg is not None
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=20000)
        assert "Nothing to import from h.csv" in dlg.heading.text()
        filled = tmp_path / "filled.xlsx"
        files.answers.append(filled)
        errors = on_next_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
        qtbot.mouseClick(dlg.template_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.status.text().startswith("Saved"), timeout=20000)
        assert errors == []
        assert dlg.status.text() == f"Saved {filled} with 1 dealer(s)."
        ws = load_workbook(filled)["Dealers"]
        assert [c.value for c in ws[2]][:2] == ["32071234567", "Anand Stores"]
        assert ws["H2"].value == "10th"
    finally:
        store.close()
