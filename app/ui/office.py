"""Office mode on the desktop (issue 14): what a window says when the office's PostgreSQL server
cannot be reached.

- At start (app.ui.main): `ask_when_unreachable` offers Retry / Use the local data folder / Quit,
  in plain words, never a traceback.
- The editor's status bar: `LastChange`, who changed the return last and when (the audit trail).
- Mid-session: `SaveRetry` keeps trying an editor's unsaved change (every RETRY_MS) until the
  server is back; the change stays on screen meanwhile and is written whole or not at all (one
  transaction per save, app.store).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.errors import StoreError, StoreUnreachable
from app.ui.errors import plain_words
from app.ui.qt import QLabel, QMessageBox, QObject, QTimer, QWidget, isValid

if TYPE_CHECKING:
    from app.store import Store
    from app.store.audit import AuditEntry
    from app.ui.session import ReturnSession

log = logging.getLogger(__name__)

RETRY, LOCAL, QUIT = "retry", "local", "quit"
#: Milliseconds between two tries of a save the server did not receive.
RETRY_MS = 3000
#: The banner's words while the server does not answer.
UNREACHABLE = "Office server unreachable — your change is kept, retrying"


def is_unreachable(exc: BaseException | None) -> bool:
    return isinstance(exc, StoreUnreachable)


def ask_when_unreachable(parent: QWidget | None, exc: StoreError, data_dir: Path) -> str:
    """Retry, use the local data folder for this session, or quit: RETRY, LOCAL or QUIT."""
    unreachable = is_unreachable(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Office server unreachable" if unreachable
                       else "Cannot open the office database")  # fmt: skip
    box.setText(
        "<b>The office database cannot be reached.</b>"
        if unreachable
        else "<b>The office database cannot be opened.</b>"
    )
    box.setInformativeText(
        f"{plain_words(exc)}\n\nRetry when the server or the network is back, or work on this "
        f"PC's own data folder for now ({data_dir}): it holds only the dealers kept on this PC. "
        "The office database is tried again at the next start."
    )
    retry = box.addButton("&Retry", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("Use the &local data folder", QMessageBox.ButtonRole.ActionRole)
    quit_ = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setEscapeButton(quit_)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is retry:
        return RETRY
    if clicked is local:
        return LOCAL
    return QUIT


class SaveRetry(QObject):
    """Tries an editor's unsaved change again every RETRY_MS while the office's server does not
    answer (the session is `unreachable`), until it is saved, a conflict needs the user, or the
    editor closes.  Each try is the session's own save: one transaction per part, all or
    nothing, so the server never holds half of it."""

    def __init__(self, session: ReturnSession) -> None:
        super().__init__(session)
        self.session = session
        self.tries = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.try_again)
        session.sync_changed.connect(self._follow)

    def _follow(self) -> None:
        if self.session.unreachable and self.session.conflict is None:
            if not self.timer.isActive():
                self.timer.start(RETRY_MS)
        else:
            self.timer.stop()
            self.tries = 0

    def try_again(self) -> None:
        session = self.session
        if not isValid(session) or not session.unreachable or session.conflict is not None:
            return
        self.tries += 1
        try:
            saved = session.retry_save()
        except Exception:  # never raised out of a timer; the next try comes all the same
            log.exception("trying the unsaved change again failed")
            saved = False
        if saved:
            session.message.emit("The office server is back: your changes are saved.")
        elif session.unreachable:
            self.timer.start(RETRY_MS)


class LastChange(QLabel):
    """The editor's status bar: "Last change by anita at 10:42" (the audit trail's
    newest entry for the return; on PostgreSQL the database user and the server's clock)."""

    def __init__(self, store: Store | None, return_id: int | None) -> None:
        super().__init__()
        self.store, self.return_id = store, return_id
        self.setToolTip("The return's full trail: Return ▸ History of the period…")
        self.refresh()

    def refresh(self) -> None:
        if self.store is None or self.return_id is None or not isValid(self):
            return
        try:
            entries = self.store.audit(self.return_id, limit=1)
        except StoreError:  # unreachable, or gone: the last known text stays
            log.warning("no audit entry for return %s", self.return_id)
            return
        self.setText(last_change_text(entries[0]) if entries else "")


def last_change_text(entry: AuditEntry) -> str:
    """ "Last change by anita at 10:42" (today), "… at 10:42 on 25-11-2026" (before)."""
    day = "" if entry.at.date() == date.today() else f" on {entry.at:%d-%m-%Y}"
    return f"Last change by {entry.user} at {entry.at:%H:%M}{day}"
