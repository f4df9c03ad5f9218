"""One app per data folder: a second start on the same folder brings the first window forward.

The first start holds a QLockFile in the data folder (stale-aware: the lock of a crashed app,
whose process is gone, is taken over at once) and listens on a QLocalServer named after the
folder.  A second start fails to take the lock, asks the first over a QLocalSocket to come to the
front, and exits; if the first does not answer, it explains who holds the folder.  The `form9`
command may still use the store meanwhile (SQLite WAL).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from app.store import APP_LOCK_FILE
from app.ui.qt import QLocalServer, QLocalSocket, QLockFile, QObject, QWidget, Signal

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
OK = b"ok\n"


def server_name(data_dir: Path) -> str:
    """The local socket's name: the same for every start on one folder, short enough for a Unix
    socket path."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"form9-{digest}"


class SingleInstance(QObject):
    """The data folder's lock and the 'come to the front' channel."""

    activated = Signal()  # a second start asked this one to show its window

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / APP_LOCK_FILE))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self.server: QLocalServer | None = None

    def acquire(self, timeout_ms: int = 300) -> bool:
        """Take the folder (True) or find it held by a running app (False)."""
        if not self.lock.tryLock(timeout_ms):
            return False
        QLocalServer.removeServer(self.name)  # a crashed app's socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._connected)
        if not server.listen(self.name):
            log.warning("second starts cannot reach this one: %s", server.errorString())
        self.server = server
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def holder(self) -> str:
        """Who holds the folder, in words: 'process 1234 on vm'."""
        try:
            pid, host, _app = self.lock.getLockInfo()
        except (TypeError, ValueError):
            return "another copy of the app"
        return f"process {pid} on {host}" if host else f"process {pid}"

    def ask_first_to_show(self, timeout_ms: int = 3000) -> bool:
        """Ask the running app to bring its window forward; True when it said it did."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(ACTIVATE)
        sock.flush()
        if sock.bytesToWrite():
            sock.waitForBytesWritten(timeout_ms)
        answered = False
        if sock.waitForReadyRead(timeout_ms):
            answered = bytes(sock.readAll().data()).startswith(OK)
        sock.disconnectFromServer()
        return answered

    def _connected(self) -> None:
        if self.server is None:
            return
        sock = self.server.nextPendingConnection()
        if sock is None:
            return

        def read() -> None:
            if bytes(sock.readAll().data()).startswith(ACTIVATE.strip()):
                self.activated.emit()
                sock.write(OK)
                sock.flush()
            sock.disconnectFromServer()

        sock.readyRead.connect(read)
        sock.disconnected.connect(sock.deleteLater)
        if sock.bytesAvailable():
            read()


def bring_forward(window: QWidget) -> None:
    """Show a window on top of the others (restored if minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
