"""Start the desktop app: `python -m app [--data-dir DIR] [--db URL]`.

The store is, in this order: `--db URL`, the folder of `--data-dir`, $FORM9_DB, $FORM9_DATA_DIR,
the office database chosen in Settings, else the data folder (app.store.open_store opens either).
One app per data folder (app.ui.single_instance): a second start brings the first window forward,
or explains who holds the folder.  A damaged store offers its latest good backup; an office
server that cannot be reached offers Retry / Use the local data folder / Quit (app.ui.office).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store import Store
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TITLE = "FORM No. 9"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="form9-gui", description="FORM No. 9 Offline Utility")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the app keeps its data")
    parser.add_argument("--db", metavar="URL", default=None,
                        help="the office database, e.g. postgresql+psycopg://clerk@server/form9 "
                        "(default: $FORM9_DB, else the one chosen in Settings, else the data "
                        "folder's own store)")  # fmt: skip
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def store_target(args: argparse.Namespace, data_dir: Path) -> str:
    """Where the store is: a database URL or the data folder (see the module docstring)."""
    from app.paths import DATA_DIR_ENV, chosen_store_url
    from app.store import DB_ENV

    if args.db:
        return str(args.db)
    if args.data_dir is not None:
        return str(data_dir)
    return os.environ.get(DB_ENV) or (
        str(data_dir) if os.environ.get(DATA_DIR_ENV) else chosen_store_url() or str(data_dir)
    )


def open_store(target: str | Path | None) -> Store:
    """The store at `target` (a database URL or a data folder), checked and migrated."""
    from app.store import open_store as open_target

    return open_target(target)


def add_sample(store: Store) -> None:
    """The first start only: the sample dealer and return (app.samples reads upload JSON)."""
    try:
        if not store.list_clients():
            from app.samples import ensure_sample

            ensure_sample(store)
    except Exception:  # the app stays usable without the sample
        log.exception("could not create the sample dealer")


def start(store: Store) -> MainWindow:
    """The main window over an open store; the first start adds the sample dealer and return."""
    from app.ui.main_window import MainWindow

    add_sample(store)
    return MainWindow(store)


def open_or_recover(data_dir: Path, target: str | None = None) -> Store | None:
    """The store, or None after telling the user why not: a damaged file offers its backups, an
    office database that cannot be opened offers Retry / the local data folder / Quit."""
    from app.store import StoreError
    from app.store.errors import StoreDamaged
    from app.store.opening import is_url
    from app.ui.qt import QMessageBox

    target = target or str(data_dir)
    while True:
        try:
            return open_store(target)
        except StoreDamaged as damage:
            from app.ui.backup_dialogs import recover_damaged

            return recover_damaged(None, data_dir, damage)
        except StoreError as exc:
            from app.ui.errors import plain_words

            if is_url(target):
                from app.ui.office import LOCAL, RETRY, ask_when_unreachable

                log.warning("cannot open the office database: %s", exc)
                choice = ask_when_unreachable(None, exc, data_dir)
                if choice == RETRY:
                    continue
                if choice == LOCAL:
                    target = str(data_dir)
                    continue
                return None
            QMessageBox.critical(None, TITLE, f"Cannot open the data folder: {plain_words(exc)}")
            return None


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    from app.ui.platform_check import check

    problem = check()  # Qt would abort with a generic message: say which package is missing
    if problem:
        print("form9-gui: " + problem, file=sys.stderr)
        return 1
    from app.paths import data_dir as resolve_data_dir
    from app.ui.qt import QApplication, QMessageBox, QTimer
    from app.ui.single_instance import SingleInstance, bring_forward

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("FORM No. 9 Offline Utility")
    app.setOrganizationName("Form9")
    try:
        data_dir = resolve_data_dir(args.data_dir)
    except OSError as exc:
        QMessageBox.critical(None, TITLE, f"Cannot open the data folder: {exc.strerror or exc}")
        return 1
    from app.desk.logs import setup_logging

    setup_logging(data_dir)  # <data dir>/logs/form9.log, rotating (issue 15 item 8)
    from app import __version__

    log.info("Form 9 Offline Utility %s started on %s", __version__, data_dir)
    instance = SingleInstance(data_dir)
    if not instance.acquire():
        if instance.ask_first_to_show():
            log.info("%s is open in another window; brought it forward", data_dir)
            return 0
        QMessageBox.information(
            None, TITLE,
            f"FORM No. 9 is already open on this data folder ({instance.holder()}):\n{data_dir}"
            "\n\nSwitch to that window, or close it and start again.",
        )  # fmt: skip
        return 1
    try:
        window = paint_first()
        instance.activated.connect(lambda: bring_forward(window))
        QTimer.singleShot(0, lambda: fill(window, data_dir, store_target(args, data_dir)))
        try:
            return int(app.exec())
        finally:
            from app.ui.qt import QThreadPool

            QThreadPool.globalInstance().waitForDone(10000)  # a validation still running
            current = window.store  # a restore may have reopened it
            shutdown(window)
            if current is not None:
                current.close()
    finally:
        instance.release()


def paint_first() -> MainWindow:
    """The main window, shown empty before the store is opened (issue 13: the first paint does
    not wait for SQLAlchemy, the store's checks or a server; fill() follows at once)."""
    from app.ui.main_window import MainWindow
    from app.ui.qt import QApplication

    window = MainWindow(None)
    window.show()
    QApplication.processEvents()  # its first paint, before the store is opened
    return window


def fill(window: MainWindow, data_dir: Path, target: str | None = None) -> bool:
    """Open the store into the shown window (the first start adds the sample); when it cannot
    be opened (the user was told why, and chose Quit), the app ends with exit code 1."""
    from app.ui.qt import QApplication

    store = open_or_recover(data_dir, target)
    if store is None:
        window.close()
        QApplication.exit(1)
        return False
    add_sample(store)
    window.set_store(store)
    return True


def shutdown(window: MainWindow) -> None:
    """Destroy the windows while Qt is still up, so no signal reaches Python during interpreter
    exit (teardown only: every top-level widget, dialogs included, is blocked and deleted)."""
    from app.ui.qt import QApplication, QEvent, QObject

    tops = {window, *QApplication.topLevelWidgets()}  # editors are windows of their own
    for top in tops:
        for obj in (top, *top.findChildren(QObject)):
            obj.blockSignals(True)
    for top in tops:
        top.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv))
