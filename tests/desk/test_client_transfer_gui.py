"""File ▸ Export client… on one PC, File ▸ Import client… on another (issue 15 item 2), driven with
the menus and clicks: the file name carries the TIN, the import shows what it will do (a filed
return refused, a draft that differs on both PCs settled by the user) and then does it."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desk_builders import TIN, dealer_with_history, month
from gui_helpers import FileDialogs, choose_menu, main_window

from app.model.client import ClientProfile
from app.store import Store
from app.ui.main_window import CLIENT_COLUMNS
from app.ui.qt import QApplication, QDialogButtonBox, Qt


def _dialog(kind: type) -> Any:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_carry_a_client_to_another_pc(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from app.ui.client_transfer import ExportClientDialog, ImportClientDialog

    files = FileDialogs(monkeypatch)
    a, b = Store.open(tmp_path / "pc-a"), Store.open(tmp_path / "pc-b")
    try:
        # PC B already has the dealer: August filed with other figures, October a draft edited
        # before A's; and another dealer
        cid_b = b.add_client(ClientProfile(tin=TIN, name="Coastal Petroleum Marketing Ltd"))
        aug = month("2025-08")
        aug.part1a[0].total_turnover += Decimal("1.00")
        b.set_status(b.create_return(cid_b, aug), "filed", ack_no="KL-ACK-0825",
                     filed_on=date(2025, 9, 14))  # fmt: skip
        october_b = month("2025-10")
        october_b.declaration.place = "Alappuzha (B)"
        b.create_return(cid_b, october_b)
        b.add_client(ClientProfile(tin="32000000011", name="Another dealer"))
        time.sleep(0.01)
        ids = dealer_with_history(a)

        wa = main_window(qtbot, a)
        wa.search.setText(TIN)
        qtbot.waitUntil(lambda: wa.clients.rowCount() == 1)
        wa.clients.selectRow(0)
        out = tmp_path / "usb" / f"{TIN}-client.zip"
        out.parent.mkdir()
        files.answers.append(out)
        choose_menu(qtbot, wa, "File", "Export client…")
        kind, caption, proposed = files.calls[-1]
        assert (kind, caption) == ("getSaveFileName", "Export client")
        assert Path(proposed).name == f"{TIN}-client-{date.today().isoformat()}.zip"
        export = _dialog(ExportClientDialog)
        qtbot.waitUntil(lambda: export.result is not None or bool(export.error), timeout=20000)
        assert "4 return(s), 2 filed" in export.status.text() and out.is_file()
        qtbot.mouseClick(export.buttons.button(QDialogButtonBox.StandardButton.Close),
                         Qt.MouseButton.LeftButton)  # fmt: skip

        wb = main_window(qtbot, b)
        files.answers.append(out)
        choose_menu(qtbot, wb, "File", "Import client…")
        assert files.calls[-1][0] == "getOpenFileName"
        assert Path(files.calls[-1][2]) == out.parent  # the client dialog's last folder
        dlg = _dialog(ImportClientDialog)
        qtbot.waitUntil(lambda: dlg.plan is not None or bool(dlg.error), timeout=20000)
        table = [
            [dlg.table.item(r, c).text() for c in range(3)] for r in range(dlg.table.rowCount())
        ]
        assert [row[:2] for row in table] == [
            ["August 2025, original", "Refused"],
            ["August 2025, revision 1", "Add"],
            ["September 2025, original", "Add"],
            ["October 2025, original", "Update"],
        ]
        assert "never overwritten" in table[0][2] and "the file's is newer" in table[3][2]
        assert (
            "1 added" not in dlg.heading.text() and "Nothing has changed yet" in dlg.heading.text()
        )
        assert len(b.list_returns(cid_b)) == 2  # the plan changed nothing
        # October differs on both PCs: keep this PC's
        combo = dlg.table.cellWidget(3, 3)
        combo.setFocus()
        qtbot.keyClicks(combo, "Keep")
        assert combo.currentData() == "here"
        qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.report is not None or bool(dlg.error), timeout=20000)
        done = [
            [dlg.table.item(r, c).text() for c in range(2)] for r in range(dlg.table.rowCount())
        ]
        assert done == [
            ["August 2025, original", "Refused"],
            ["August 2025, revision 1", "Added"],
            ["September 2025, original", "Added"],
            ["October 2025, original", "Skipped"],
        ]
        assert dlg.status.text() == "1 return(s) refused: the rest was imported."
        got = {(i.period, i.revision_no): i for i in b.list_returns(cid_b)}
        assert (got[("2025-09", 0)].status, got[("2025-09", 0)].ack_no) == ("filed", "KL-ACK-0925")
        assert b.load_return(got[("2025-09", 0)].id) == a.load_return(ids["09"])
        assert b.load_return(got[("2025-10", 0)].id).declaration.place == "Alappuzha (B)"
        assert b.load_return(got[("2025-08", 0)].id).part1a[0] == aug.part1a[0]
        # the main window shows the new returns by itself once the dialog is done
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Close),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        tin, count = CLIENT_COLUMNS.index("TIN"), CLIENT_COLUMNS.index("Returns")

        def shown() -> bool:
            cells = wb.clients.item
            return any(
                (a := cells(r, tin)) is not None and a.text() == TIN
                and (b := cells(r, count)) is not None and b.text() == "4"
                for r in range(wb.clients.rowCount())
            )  # fmt: skip

        qtbot.waitUntil(shown, timeout=3000)  # nothing refreshed by hand: the window follows
    finally:
        for w in QApplication.topLevelWidgets():
            w.close()
        a.close()
        b.close()


def test_a_damaged_file_is_refused_in_the_dialog(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.ui.client_transfer import ImportClientDialog

    files = FileDialogs(monkeypatch)
    bad = tmp_path / "not-a-client.zip"
    bad.write_bytes(b"PK\x03\x04 certainly not")
    store = Store.open(tmp_path / "d")
    try:
        w = main_window(qtbot, store)
        files.answers.append(bad)
        choose_menu(qtbot, w, "File", "Import client…")
        dlg = _dialog(ImportClientDialog)
        qtbot.waitUntil(lambda: bool(dlg.error), timeout=10000)
        assert dlg.status.text().startswith("<b>Refused:</b> ")
        assert "not a client file (not a zip archive" in dlg.error
        assert not dlg.import_button.isEnabled()
        assert [c.tin for c in store.list_clients()] == ["32100000017"]  # the sample only
    finally:
        for top in QApplication.topLevelWidgets():
            top.close()
        store.close()
