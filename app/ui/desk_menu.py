"""The practitioner's desk in the menus (issue 15 items 2, 3, 4, 8): one call from each window
adds its entries, so the windows themselves stay as they are.

- Main window: File ▸ Export client…, Import client…, Settings…; View ▸ Due-date board; Help ▸
  Report a problem…, Open the log folder; Dealers ▸ Import dealers…, Dealers template…
- Overview: View ▸ Due-date board; Help ▸ Report a problem….
"""

from __future__ import annotations

from typing import Any

from app.ui.qt import QAction, QKeySequence, QMainWindow, QMenu, QWidget

BOARD_KEYS = "Ctrl+Shift+D"
IMPORT_KEYS = "Ctrl+Shift+L"


def _menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu named `title` ("&File"), made when it has none."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title.replace("&", ""):
            return menu
    return bar.addMenu(title)


def _action(owner: QWidget, text: str, slot: Any, keys: str = "", tip: str = "") -> QAction:
    action = QAction(text, owner)
    if keys:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _store(window: Any) -> Any:
    return window.store  # read at the moment of use: a restore may have replaced it


def open_board(window: Any) -> Any:
    from app.ui.due_board import open_due_board

    existing = getattr(window, "due_board", None)
    from app.ui.qt import isValid

    if existing is not None and isValid(existing) and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    return open_due_board(window, _store(window))


def _report(window: Any) -> Any:
    from app.ui.report_problem import report_problem

    return report_problem(window, _store(window))


def _log_folder(window: Any) -> None:
    from app.desk.logs import log_path
    from app.ui.qt import QDesktopServices, QUrl
    from app.ui.settings_dialog import store_folder

    folder = log_path(store_folder(_store(window))).parent
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _export_client(window: Any) -> Any:
    from app.ui.client_transfer import export_selected_client

    return export_selected_client(window, _store(window), window.selected_client())


def _import_client(window: Any) -> Any:
    from app.ui.client_transfer import import_client_file

    return import_client_file(window, _store(window))


def _settings(window: Any) -> Any:
    from app.ui.settings_dialog import open_settings

    return open_settings(window, _store(window))


def _import_dealers(window: Any) -> Any:
    from app.ui.dealer_import import import_dealers_file

    return import_dealers_file(window, _store(window))


def _dealers_template(window: Any) -> Any:
    from app.ui.dealer_import import save_dealers_template

    return save_dealers_template(window, _store(window))


def install(window: Any) -> None:
    """The desk's entries in the main window's menus (each window's module is imported when its
    entry is first used: the main window paints without them)."""
    file = _menu(window, "&File")
    window.export_client_action = _action(
        window, "E&xport client…", lambda: _export_client(window),
        "Ctrl+Shift+E", "The selected dealer with every return, in one file for another PC")  # fmt: skip
    window.import_client_action = _action(
        window, "&Import client…", lambda: _import_client(window),
        "Ctrl+Shift+I", "A dealer exported on another PC: merged by period and version")  # fmt: skip
    window.settings_action = _action(window, "Se&ttings…", lambda: _settings(window), "Ctrl+,")
    ours = [window.export_client_action, window.import_client_action, None, window.settings_action,
            None]  # fmt: skip
    first = file.actions()[0] if file.actions() else None
    for action in ours:  # at the top of the File menu, before what the window has
        if first is None:
            file.addSeparator() if action is None else file.addAction(action)
        elif action is None:
            file.insertSeparator(first)
        else:
            file.insertAction(first, action)
    _install_common(window)
    window.log_folder_action = _action(window, "Open the &log folder", lambda: _log_folder(window))
    _menu(window, "&Help").addAction(window.log_folder_action)
    _dealers_menu(window)  # issue 15 item 6: Dealers ▸ Import dealers…, Dealers template…


def _dealers_menu(window: Any) -> None:
    """A Dealers menu (before Help) with Import dealers… and Dealers template… (app.ui.dealer_import)."""
    bar = window.menuBar()
    menu = QMenu("&Dealers", window)
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    imp = _action(window, "&Import dealers…", lambda: _import_dealers(window), IMPORT_KEYS)
    imp.setStatusTip("Dealers from an Excel or CSV sheet: new TINs added, the others on your word")
    tpl = _action(window, "Dealers &template…", lambda: _dealers_template(window))
    tpl.setStatusTip("The dealers' sheet to fill in (Excel), empty or with the dealers here")
    menu.addAction(imp)
    menu.addAction(tpl)
    window.dealers_menu = menu
    window.import_dealers_action = imp
    window.dealers_template_action = tpl


def _install_common(window: Any) -> None:
    window.due_board_action = _action(
        window, "&Due-date board", lambda: open_board(window), BOARD_KEYS,
        "What is overdue and what falls due soon, across all dealers")  # fmt: skip
    _menu(window, "&View").addAction(window.due_board_action)
    window.report_problem_action = _action(
        window, "&Report a problem…", lambda: _report(window), "",
        "A zip for the district GST help desk: screenshots, the return, its findings, the log")  # fmt: skip
    _menu(window, "&Help").addAction(window.report_problem_action)


def install_overview(overview: Any) -> None:
    """The desk's entries in the overview (the board opens under the main window when there is
    one, so a return opened from it goes to the main window's editors)."""
    _install_common(overview)
    main = overview.parent()
    if main is not None and hasattr(main, "store"):
        overview.due_board_action.triggered.disconnect()
        overview.due_board_action.triggered.connect(lambda _c=False: open_board(main))
        overview.report_problem_action.triggered.disconnect()
        overview.report_problem_action.triggered.connect(lambda _c=False: _report(main))
