"""Start the desktop app: `python -m app [--data-dir DIR]`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="form9-gui", description="FORM No. 9 Offline Utility")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the app keeps its data")
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def open_store(data_dir: Path | None) -> Any:
    from app.store import Store

    return Store.open(data_dir)


def start(store: Any) -> Any:
    """The main window over an open store; the first start adds the sample dealer and return."""
    from app.ui.main_window import MainWindow

    try:
        from app.samples import ensure_sample

        ensure_sample(store)
    except Exception:  # the app stays usable without the sample
        log.exception("could not create the sample dealer")
    return MainWindow(store)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    from app.ui.qt import QApplication

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("FORM No. 9 Offline Utility")
    app.setOrganizationName("Form9")
    try:
        store = open_store(args.data_dir)
    except Exception as exc:
        from app.ui.qt import QMessageBox

        QMessageBox.critical(None, "FORM No. 9", f"Cannot open the data folder: {exc}")
        return 1
    window = start(store)
    window.show()
    try:
        return int(app.exec())
    finally:
        from app.ui.qt import QThreadPool

        QThreadPool.globalInstance().waitForDone(10000)  # a validation still running
        shutdown(window)
        store.close()


def shutdown(window: Any) -> None:
    """Destroy the window while Qt is still up, so no signal reaches Python during interpreter exit."""
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
