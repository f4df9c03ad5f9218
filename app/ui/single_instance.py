"""One app per data folder: a second start on the same folder brings the first window forward.

The first start holds a QLockFile in the data folder (stale-aware: the lock of a crashed app,
whose process is gone, is taken over at once) and watches the folder's `.form9-activate/`
mailbox.  A second start fails to take the lock, drops a request file in the mailbox, and exits
once the first has taken it (the first deletes it and comes to the front); if the first does not
take it in time, the second explains who holds the folder.  A folder rather than a local socket
keeps Qt's network module (and Kerberos, which it links) out of the app and its bundle
(decisions.md "The bundle").  The `form9` command may still use the store meanwhile (SQLite WAL).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from app.store import APP_LOCK_FILE
from app.ui.qt import QFileSystemWatcher, QLockFile, QObject, QWidget, Signal

log = logging.getLogger(__name__)

MAILBOX = ".form9-activate"
REQUEST_SUFFIX = ".request"


class SingleInstance(QObject):
    """The data folder's lock and the 'come to the front' channel."""

    activated = Signal()  # a second start asked this one to show its window

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.mailbox = data_dir / MAILBOX
        self.lock = QLockFile(str(data_dir / APP_LOCK_FILE))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self.watcher: QFileSystemWatcher | None = None

    def acquire(self, timeout_ms: int = 300) -> bool:
        """Take the folder (True) or find it held by a running app (False)."""
        if not self.lock.tryLock(timeout_ms):
            return False
        try:
            self.mailbox.mkdir(exist_ok=True)
        except OSError as exc:
            log.warning("second starts cannot reach this one: %s", exc)
            return True
        watcher = QFileSystemWatcher([str(self.mailbox)], self)
        watcher.directoryChanged.connect(self._read_mailbox)
        self.watcher = watcher
        self._read_mailbox()  # a request left while no app held the folder
        return True

    def release(self) -> None:
        if self.watcher is not None:
            self.watcher.deleteLater()
            self.watcher = None
        self.lock.unlock()

    def holder(self) -> str:
        """Who holds the folder, in words: 'process 1234 on vm'."""
        try:
            pid, host, _app = self.lock.getLockInfo()
        except (TypeError, ValueError):
            return "another copy of the app"
        return f"process {pid} on {host}" if host else f"process {pid}"

    def ask_first_to_show(self, timeout_ms: int = 3000) -> bool:
        """Ask the running app to bring its window forward; True when it took the request."""
        request = self.mailbox / f"{os.getpid()}-{time.monotonic_ns()}{REQUEST_SUFFIX}"
        try:
            request.write_bytes(b"")
        except OSError:
            return False
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if not request.exists():
                return True
            time.sleep(0.02)
        request.unlink(missing_ok=True)  # not taken: the holder is busy or hung
        return False

    def _read_mailbox(self) -> None:
        try:
            requests = [p for p in self.mailbox.iterdir() if p.name.endswith(REQUEST_SUFFIX)]
        except OSError:
            return
        taken = False
        for request in requests:
            try:
                request.unlink()
                taken = True
            except OSError:  # another request's writer withdrew it meanwhile
                continue
        if taken:
            self.activated.emit()


def bring_forward(window: QWidget) -> None:
    """Show a window on top of the others (restored if minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
