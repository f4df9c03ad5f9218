"""Which store the app opens (issue 14, desktop): `python -m app --db URL`, $FORM9_DB, the office
database chosen in Settings, else the data folder; an office server that cannot be reached at start
offers Retry / Use the local data folder / Quit in plain words — never a traceback; File ▸ Back up
and Restore are off on PostgreSQL and say to use pg_dump."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import choose_menu, on_next_modal

from app.paths import choose_store_url
from app.store import DB_ENV, Store, open_store
from app.ui.main import open_or_recover, parse_args, start, store_target
from app.ui.main_window import OFFICE_BACKUP_TIP
from app.ui.qt import QApplication

ROOT = Path(__file__).resolve().parents[2]


def closed_port_url() -> str:
    """An office URL where no server listens (the server is off)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql+psycopg://anita@127.0.0.1:{port}/form9"


def test_the_store_is_db_then_data_dir_then_env_then_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.delenv("FORM9_DATA_DIR", raising=False)
    folder = tmp_path / "data"
    office, other = "postgresql+psycopg://anita@server/form9", "postgresql+psycopg://ravi@x/f9"
    try:
        assert store_target(parse_args(["app"]), folder) == str(folder)
        choose_store_url(office)  # Settings ▸ Database
        assert store_target(parse_args(["app"]), folder) == office
        monkeypatch.setenv(DB_ENV, other)
        assert store_target(parse_args(["app"]), folder) == other
        assert store_target(parse_args(["app", "--data-dir", str(folder)]), folder) == str(folder)
        assert store_target(parse_args(["app", "--db", office]), folder) == office
        monkeypatch.delenv(DB_ENV)
        monkeypatch.setenv("FORM9_DATA_DIR", str(folder))
        assert store_target(parse_args(["app"]), folder) == str(folder)
    finally:
        choose_store_url(None)


def _answer(label: str, seen: list[str]) -> Any:
    def act(box: Any) -> None:
        seen.append(box.windowTitle() + " | " + box.informativeText())
        button = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        button.click()

    return act


def test_an_unreachable_server_at_start_offers_retry_local_folder_or_quit(
    qtbot: Any, tmp_path: Path
) -> None:
    url, seen = closed_port_url(), list[str]()
    errors = on_next_modal(_answer("Retry", seen))
    errors += on_next_modal(_answer("Use the local data folder", seen))  # asked again, then local
    store = open_or_recover(tmp_path, url)
    try:
        assert store is not None and store.path == tmp_path / "form9.sqlite"
    finally:
        if store is not None:
            store.close()
    assert not errors and len(seen) == 2
    assert seen[0].startswith("Office server unreachable | ")
    assert "cannot be reached" in seen[0] and "Traceback" not in seen[0]
    assert str(tmp_path) in seen[0]  # which local folder it would use
    errors = on_next_modal(_answer("Quit", seen))
    assert open_or_recover(tmp_path, url) is None and not errors


CHILD = """
import sys
from app.ui.qt import QApplication, QMessageBox, QTimer
app = QApplication(sys.argv[:1])

def look():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        print("asked:", box.windowTitle(), "|", box.informativeText().splitlines()[0])
        next(b for b in box.buttons() if b.text() == "&Quit").click()
        return
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle()
             and getattr(w, "store", None) is not None]
    if shown:
        print("shown:", shown[0].windowTitle(), "on", shown[0].store.where)
        QApplication.quit()
        return
    QTimer.singleShot(50, look)

QTimer.singleShot(50, look)
from app.__main__ import main
sys.argv = ["form9-gui", "--data-dir", sys.argv[1], "--db", sys.argv[2]]
raise SystemExit(main())
"""


def run_app(data: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", CHILD, str(data), url], capture_output=True,
                          text=True, env=env, timeout=90, check=False, cwd=ROOT)  # fmt: skip


def test_python_m_app_db_url_works_on_the_office_database(
    tmp_path: Path, pg_store_url: str
) -> None:
    proc = run_app(tmp_path, pg_store_url)
    assert proc.returncode == 0, proc.stderr
    assert "shown: FORM No. 9 Offline Utility" in proc.stdout
    assert f"on {pg_store_url}" in proc.stdout  # the office's, not the data folder's
    office = open_store(pg_store_url)
    try:
        assert [c.return_count for c in office.list_clients()] == [1]  # the first start's sample
    finally:
        office.close()
    assert not (tmp_path / "form9.sqlite").exists()


def test_python_m_app_on_an_unreachable_server_asks_and_quits_cleanly(tmp_path: Path) -> None:
    proc = run_app(tmp_path, closed_port_url())
    assert proc.returncode == 1
    assert "asked: Office server unreachable |" in proc.stdout
    assert "cannot be reached" in proc.stdout
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_backups_are_off_on_postgresql_and_say_pg_dump(qtbot: Any, pg_store_url: str) -> None:
    store = open_store(pg_store_url)
    try:
        window = start(store)
        qtbot.addWidget(window)
        window.show()
        for action in (window.backup_action, window.restore_action):
            assert not action.isEnabled() and action.toolTip() == OFFICE_BACKUP_TIP
        assert "pg_dump" in OFFICE_BACKUP_TIP
        file_menu: Any = window.backup_action.associatedObjects()[0]
        assert file_menu.toolTipsVisible()
        choose_menu(qtbot, window, "File", "Back up now…")  # a click on it does nothing
        assert QApplication.activeModalWidget() is None
        file_menu.close()
    finally:
        for w in QApplication.topLevelWidgets():
            w.close()
        store.close()


def test_backups_stay_on_for_a_data_folder(qtbot: Any, tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    try:
        window = start(store)
        qtbot.addWidget(window)
        assert window.backup_action.isEnabled() and window.restore_action.isEnabled()
        assert "pg_dump" not in window.backup_action.toolTip()
    finally:
        window.close()
        store.close()
