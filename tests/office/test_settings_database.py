"""Settings ▸ Database (issue 14): this PC's data folder or the office's PostgreSQL database,
"Test connection" answering in one line, a URL with a password refused, the choice kept for the
next start — driven with keys and clicks as a user would."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from gui_helpers import activate

from app.paths import choose_store_url, chosen_store_url
from app.store import Store
from app.ui.main import start
from app.ui.qt import QApplication, QDialogButtonBox, Qt
from app.ui.settings_database import PASSWORD_REFUSED
from app.ui.settings_dialog import SettingsDialog


def _dialog() -> SettingsDialog:
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, SettingsDialog) and w.isVisible())  # fmt: skip


def _type_url(qtbot: Any, dlg: SettingsDialog, url: str) -> None:
    dlg.database.url.selectAll()
    qtbot.keyClick(dlg.database.url, Qt.Key.Key_Delete)
    qtbot.keyClicks(dlg.database.url, url)


def _test_connection(qtbot: Any, dlg: SettingsDialog) -> str:
    page = dlg.database
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.testing, timeout=15000)
    return str(page.result.text())


def test_the_database_page_tests_refuses_passwords_and_keeps_the_choice(
    qtbot: Any, tmp_path: Path, pg_store_url: str, artifacts: Path
) -> None:
    store = Store.open(tmp_path / "data")
    try:
        window = start(store)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Ctrl+,
        dlg = _dialog()
        dlg.tabs.setCurrentWidget(dlg.database)
        page = dlg.database
        assert page.local.isChecked() and not page.url.isEnabled()
        assert "next start" in page.note.text() and "pgpass" in page.note.text()
        qtbot.mouseClick(page.office, Qt.MouseButton.LeftButton)
        assert page.url.isEnabled() and page.test_button.isEnabled()
        # A password in the URL: refused in one line, nothing tried, nothing kept.
        _type_url(qtbot, dlg, pg_store_url.replace("//postgres@", "//postgres:secret@"))
        line = _test_connection(qtbot, dlg)
        assert line == f"✗ {PASSWORD_REFUSED[0].upper()}{PASSWORD_REFUSED[1:]}"
        assert "pgpass" in line and "service file" in line and "PGPASSWORD" in line
        assert "secret" not in line and "\n" not in line
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: "Not saved" in dlg.error.text(), timeout=5000)
        assert dlg.isVisible() and "password" in dlg.error.text() and chosen_store_url() is None
        # No server there: one line saying so.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        _type_url(qtbot, dlg, f"postgresql+psycopg://anita@127.0.0.1:{port}/form9")
        line = _test_connection(qtbot, dlg)
        assert line.startswith("✗ ") and "cannot be reached" in line and "Traceback" not in line
        # The office's database: connected; Save keeps it for the next start.
        _type_url(qtbot, dlg, pg_store_url)
        assert _test_connection(qtbot, dlg) == "✓ Connected: the office store is ready to use."
        dlg.resize(1024, 700)
        QApplication.processEvents()
        dlg.grab().save(str(artifacts / "settings_database.png"))
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=15000)
        assert chosen_store_url() == pg_store_url
        message = window.statusBar().currentMessage()
        assert message == f"Settings saved. From the next start the app works on {pg_store_url}."
        # Shown again as chosen; back to the data folder.
        activate(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        again = _dialog()
        assert again.database.office.isChecked() and again.database.url.text() == pg_store_url
        qtbot.mouseClick(again.database.local, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(again.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        assert not again.isVisible() and chosen_store_url() is None
        assert "this PC's data folder" in window.statusBar().currentMessage()
    finally:
        choose_store_url(None)
        for w in QApplication.topLevelWidgets():
            w.close()
        store.close()
