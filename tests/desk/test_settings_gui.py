"""File ▸ Settings… and the file dialogs (issue 15 item 8), as a user works them: the data folder,
backups kept, firm name and language saved and shown again; each dialog proposes a name with the
TIN and period and starts in the folder it used last."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desk_builders import TIN, dealer_with_history
from gui_helpers import FileDialogs, activate, choose_menu

from app.paths import choose_data_dir, chosen_data_dir
from app.store import Store
from app.store.backup import read_settings
from app.ui.main import start
from app.ui.qt import QApplication, QDialogButtonBox, Qt


def _settings_dialog() -> Any:
    from app.ui.settings_dialog import SettingsDialog

    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, SettingsDialog) and w.isVisible())  # fmt: skip


def test_settings_are_saved_and_shown_again(qtbot: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    try:
        window = start(store)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Ctrl+,
        dlg = _settings_dialog()
        assert dlg.folder.text() == str(data) and dlg.keep.value() == 10
        assert [dlg.language.itemText(i) for i in range(dlg.language.count())] == ["English"]
        qtbot.keyClicks(dlg.firm, "Menon & Associates")
        dlg.keep.setFocus()
        dlg.keep.selectAll()
        qtbot.keyClicks(dlg.keep, "25")
        office = tmp_path / "office-share"
        dlg.folder.selectAll()
        qtbot.keyClicks(dlg.folder, str(office))
        qtbot.mouseClick(
            dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
        assert not dlg.isVisible()
        assert read_settings(data).keep == 25
        doc = json.loads((data / "settings.json").read_text())
        assert doc["firm"] == {"name": "Menon & Associates"} and doc["language"] == "en"
        assert chosen_data_dir() == office
        assert (
            f"From the next start the data folder is {office}"
            in window.statusBar().currentMessage()
        )

        choose_menu(qtbot, window, "File", "Settings…")
        again = _settings_dialog()
        assert (again.folder.text(), again.keep.value(), again.firm.text()) == (
            str(office),
            25,
            "Menon & Associates",
        )
        # a file where a folder should be: said in the dialog, nothing saved
        again.folder.selectAll()
        qtbot.keyClicks(again.folder, str(data / "settings.json"))
        qtbot.mouseClick(
            again.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
        assert again.isVisible() and "is a file, not a folder" in again.error.text()
        again.reject()
    finally:
        choose_data_dir(None)
        for w in QApplication.topLevelWidgets():
            w.close()
        store.close()


def test_dialogs_propose_tin_and_period_and_remember_their_folder(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.ui.export_dialogs import open_generate_json, open_pdf

    files = FileDialogs(monkeypatch)
    store = Store.open(tmp_path / "data")
    try:
        ids = dealer_with_history(store)
        window = start(store)
        qtbot.addWidget(window)
        dlg = open_generate_json(window, store, ids["10"], None)
        first = Path(dlg.path_row.edit.text())
        assert first.name == f"{TIN}-2025-10-form9.json"
        chosen = tmp_path / "client-files" / f"{TIN}-2025-10-form9.json"
        chosen.parent.mkdir()
        files.answers.append(chosen)
        browse = next(b for b in dlg.path_row.findChildren(type(dlg.generate_button))
                      if b.text() == "Browse…")  # fmt: skip
        qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
        assert dlg.path_row.path() == str(chosen)
        dlg.reject()
        again = open_generate_json(window, store, ids["10"], None)
        assert Path(again.path_row.edit.text()) == chosen  # the same folder, the same name
        again.reject()
        pdf = open_pdf(window, store, ids["09"], None)
        assert Path(pdf.path_row.edit.text()).name == f"{TIN}-2025-09-form9.pdf"
        pdf.reject()
    finally:
        for w in QApplication.topLevelWidgets():
            w.close()
        store.close()
