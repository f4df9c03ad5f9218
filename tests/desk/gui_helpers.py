"""Driving the desk's windows as a user does: menus opened with the mouse, modal dialogs answered
when they appear, file dialogs answered with a chosen path (their start folder recorded)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ui.qt import QApplication, QFileDialog, QMenu, Qt, QTimer


def main_window(qtbot: Any, store: Any, size: tuple[int, int] = (1024, 700)) -> Any:
    """The main window over `store`, shown at a dealer's laptop size (1024×700)."""
    from app.ui.main import start

    w = start(store)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


def choose_menu(qtbot: Any, window: Any, menu: str, item: str) -> None:
    """Click `menu` in the window's menu bar, then `item` in it."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == menu)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(action).center())
    popup: QMenu = action.menu()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    target = next(a for a in popup.actions() if a.text().replace("&", "") == item)
    qtbot.mouseClick(popup, Qt.MouseButton.LeftButton, pos=popup.actionGeometry(target).center())


def on_next_modal(act: Callable[[Any], None]) -> list[str]:
    """Run `act(dialog)` on the next modal dialog; failures are collected, never a hang."""
    errors: list[str] = []

    def run() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(20, run)
            return
        try:
            act(dlg)
        except Exception as exc:
            errors.append(repr(exc))
            dlg.close()

    QTimer.singleShot(0, run)
    return errors


class FileDialogs:
    """QFileDialog's static functions answered with the next path given; each call's caption and
    start path are kept (what the user would see the dialog open at)."""

    def __init__(self, monkeypatch: Any) -> None:
        self.answers: list[Path | None] = []
        self.calls: list[tuple[str, str, str]] = []
        for name in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(QFileDialog, name, self._file(name))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _next(self) -> str:
        answer = self.answers.pop(0) if self.answers else None
        return str(answer) if answer is not None else ""

    def _file(self, kind: str) -> Any:
        def ask(_parent: Any, caption: str = "", start: str = "", _filter: str = "", *a: Any,
                **k: Any) -> tuple[str, str]:  # fmt: skip
            self.calls.append((kind, caption, start))
            return self._next(), ""

        return ask

    def _folder(self, _parent: Any, caption: str = "", start: str = "", *a: Any, **k: Any) -> str:
        self.calls.append(("getExistingDirectory", caption, start))
        return self._next()


def activate(qtbot: Any, window: Any) -> None:
    """Make the window the active one, as a click on it does (keyboard shortcuts go there)."""
    import warnings

    window.activateWindow()
    qtbot.waitExposed(window)
    if QApplication.activeWindow() is not window:  # offscreen: activation is not always delivered
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    assert QApplication.activeWindow() is window
