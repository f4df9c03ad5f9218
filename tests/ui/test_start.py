"""`python -m app --data-dir DIR`: opens the main window; the first start adds the sample dealer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.store import Store
from app.ui.main import run
from app.ui.qt import QApplication, QTimer


def test_first_start_opens_the_window_with_the_sample(qtbot: Any, tmp_path: Path) -> None:
    shown: list[str] = []

    def look_then_quit() -> None:
        shown.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.quit()

    QTimer.singleShot(300, look_then_quit)
    assert run(["form9-gui", "--data-dir", str(tmp_path)]) == 0
    assert shown, "no window was shown"
    store = Store.open(tmp_path)
    try:
        clients = store.list_clients()
        assert len(clients) == 1 and clients[0].return_count == 1
    finally:
        store.close()
