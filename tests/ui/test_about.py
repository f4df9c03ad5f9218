"""Help ▸ About names the app's version, its rate packs and its form catalogues (issue 13), as
`form9 --version` does."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app import __version__
from app.store import Store
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QMenu, QMessageBox, Qt, isValid


def test_help_about_shows_the_versions(qtbot: QtBot, tmp_path: Path, artifacts: Path) -> None:
    with Store.open(tmp_path) as store:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        help_menu = next(m for a in window.menuBar().actions()
                         if a.text() == "&Help" and isinstance(m := a.menu(), QMenu))  # fmt: skip
        about = next(a for a in help_menu.actions() if a.text().startswith("&About"))
        about.trigger()
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())  # fmt: skip
        assert box.windowTitle() == "About Form 9 Offline Utility"
        assert box.text() == f"<b>Form 9 Offline Utility {__version__}</b>"
        details = box.informativeText()
        assert "Rate packs: 2024-08-01 (in force from 01-08-2024)" in details
        assert "Form catalogues: 2024-08 (in force from 01-08-2024)" in details
        box.grab().save(str(artifacts / "about.png"))
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not isValid(box) or not box.isVisible())
        window.close()
