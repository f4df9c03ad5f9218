"""When the editor's save is refused: the return changed elsewhere (a conflict: another window or
program saved or filed it), or it could not be written.  The edit always stays on screen until
the user chooses:

- Reload (discard mine): show the stored return; my unsaved changes are dropped.
- Keep mine: my changed parts are written on top of the newer version (parts I did not touch
  show the other change).  Offered while the return is not filed.
- Save mine as a new revision: the other change filed the return, so Revision N is created from
  it with my changed parts.  Offered only when a revision can be started (the model's
  revision_blocker()); otherwise the reason is shown.
- Decide later: the banner across the editor keeps the choices; closing the window asks again.

A save that failed for another reason (disk full, store locked) offers Try again.
"""

from __future__ import annotations

import logging
import weakref
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from app.model import history
from app.model.periods import Period
from app.store.errors import StoreError
from app.ui.errors import plain_words
from app.ui.office import UNREACHABLE
from app.ui.part_names import PART_LABELS
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.session import ReturnSession

if TYPE_CHECKING:
    from app.ui.return_editor import ReturnEditor

log = logging.getLogger(__name__)

RELOAD, KEEP, REVISION, RETRY, DISCARD, LATER = (
    "reload", "keep", "revision", "retry", "discard", "later"
)  # fmt: skip

BANNER_STYLE = (
    "QFrame#sync-banner { background: #fff3cd; border-bottom: 1px solid #e0c36a; }"
    " QLabel { color: #5c4400; }"
)


def _parts_text(parts: set[str]) -> str:
    order = list(PART_LABELS)
    ranked = sorted(parts, key=lambda p: order.index(p) if p in order else len(order))
    names = [PART_LABELS.get(p, p) for p in ranked]
    return ", ".join(names) if names else "the return's status"


def _at(moment: datetime | None) -> str:
    """' at 10:42 today', ' at 10:42 on 25-11-2026'."""
    if moment is None:
        return ""
    day = "today" if moment.date() == date.today() else f"on {moment:%d-%m-%Y}"
    return f" at {moment:%H:%M} {day}"


def _revision_choice(session: ReturnSession) -> tuple[str, str | None]:
    """The label of 'Save mine as Revision N' and why it cannot be done (None: it can)."""
    if session.store is None or session.return_id is None:
        return "Save mine as a new revision", "this return is not in the data folder"
    try:
        info = session.store.return_info(session.return_id)
        period = Period.parse(info.period)
        rows = history.of_period(session.store.list_returns(info.client_id), period)
    except Exception as exc:  # the store cannot say: the choice is not offered
        log.exception("no revision facts")
        return "Save mine as a new revision", plain_words(exc)
    n = history.next_revision_no(rows)
    return f"Save mine as Revision {n}", history.revision_blocker(rows, period)


def explain(session: ReturnSession) -> str:
    """What happened, in plain words, for the banner and the dialog."""
    parts = _parts_text(session.unsaved)
    exc = session.conflict
    if exc is None and session.unreachable:
        return (
            f"<b>{UNREACHABLE}.</b> Your changes to {parts} are on screen and are saved as soon "
            "as the server answers; nothing is half-saved."
        )
    if exc is None:
        why = session.save_error or "the store refused the change"
        return f"<b>Not saved:</b> {why}. Your changes to {parts} are on screen only."
    who = escape(exc.by) if exc.by else "someone"
    if exc.filed:
        ack = when = ""
        if session.store is not None and session.return_id is not None:
            try:
                info = session.store.return_info(session.return_id)
                ack = f" (acknowledgement {info.ack_no})" if info.ack_no else ""
                when = f" on {info.filed_on:%d-%m-%Y}" if info.filed_on else ""
            except Exception:  # the explanation goes without the date
                log.exception("no filing facts")
        what = f"It was filed by <b>{who}</b>{when}{ack}; a filed return is final."
    else:
        what = f"It was saved by <b>{who}</b>{_at(exc.updated_at)} (on another PC, or in another window)."
    return (
        f"<b>This return changed elsewhere.</b> {what} Your changes to {parts} are on screen "
        "but not saved."
    )


def choices(session: ReturnSession, *, closing: bool = False) -> list[tuple[str, str, str | None]]:
    """(key, button label, reason it is disabled or None), in the order shown."""
    later = (LATER, "Cancel" if closing else "Decide later", None)
    if session.conflict is None:
        again = "Try again now" if session.unreachable else "Try again"
        out: list[tuple[str, str, str | None]] = [(RETRY, again, None)]
        if closing:
            out.append((DISCARD, "Close without saving", None))
        return [*out, later]
    first: tuple[str, str, str | None]
    if session.conflict.filed:
        label, blocked = _revision_choice(session)
        first = (REVISION, label, blocked)
    else:
        first = (KEEP, "Keep mine as a new draft", None)
    return [first, (RELOAD, "Reload (discard mine)", None), later]


def resolve(editor: ReturnEditor, key: str) -> bool:
    """Carry out a choice for the editor's session; True when nothing is left unsaved."""
    session = editor.session
    try:
        if key == RELOAD:
            session.reload_from_store()
            editor.show_message("Reloaded: showing the stored return; your changes were dropped.")
        elif key == KEEP:
            session.keep_mine()
        elif key == REVISION:
            new_id = session.save_as_revision()
            if session.store is not None:
                info = session.store.return_info(new_id)
                editor.show_message(f"Your changes are saved as {history.return_label(info)}.")
            editor.open_other(new_id)
        elif key == RETRY:
            session.retry_save()
        elif key == DISCARD:
            session.conflict = None
            session.unsaved.clear()
            return True
    except Exception as exc:  # said in plain words; the edit is still on screen
        if isinstance(exc, StoreError):  # refused (Keep mine would overwrite, still stale…)
            log.warning("resolving the refused save: %s", exc)
        else:
            log.exception("resolving the refused save failed")
        QMessageBox.warning(editor, "Not saved", f"This could not be done: {plain_words(exc)}")
    return not session.has_unsaved


class ConflictDialog(QDialog):
    """The choices after a refused save (see the module docstring); `choice` is the key picked."""

    def __init__(
        self, parent: QWidget | None, session: ReturnSession, *, closing: bool = False
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.choice = LATER
        self.setWindowTitle("Not saved — the return changed elsewhere"
                            if session.conflict is not None else "Not saved")  # fmt: skip
        lay = QVBoxLayout(self)
        self.text = QLabel(explain(session))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.text)
        self.buttons = QDialogButtonBox()
        self.button: dict[str, QPushButton] = {}
        notes: list[str] = []
        for key, label, blocked in choices(session, closing=closing):
            role = (
                QDialogButtonBox.ButtonRole.RejectRole
                if key == LATER
                else QDialogButtonBox.ButtonRole.ActionRole
            )
            b = self.buttons.addButton(label, role)
            b.setEnabled(blocked is None)
            if blocked is not None:
                b.setToolTip(blocked)
                notes.append(f"{label}: not possible now — {blocked}")
            b.clicked.connect(lambda _c=False, k=key: self._pick(k))
            self.button[key] = b
        if notes:
            note = QLabel("<br>".join(notes))
            note.setWordWrap(True)
            lay.addWidget(note)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _pick(self, key: str) -> None:
        self.choice = key
        if key == LATER:
            self.reject()
        else:
            self.accept()


class SyncBanner(QFrame):
    """A bar across the top of the editor while something is unsaved, with the same choices."""

    def __init__(self, editor: ReturnEditor) -> None:
        super().__init__(editor)
        self._editor = weakref.ref(editor)  # no cycle: the editor is deleted when it closes
        self.setObjectName("sync-banner")
        self.setStyleSheet(BANNER_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.buttons_row = QHBoxLayout()
        row.addLayout(self.buttons_row)
        self.setVisible(False)

    @property
    def editor(self) -> ReturnEditor | None:
        return self._editor()

    def refresh(self) -> None:
        editor = self.editor
        if editor is None:
            return
        session = editor.session
        self.setVisible(session.has_unsaved)
        for b in self.buttons.values():
            b.hide()  # at once; deleted when the event loop next runs
            b.deleteLater()
        self.buttons = {}
        if not session.has_unsaved:
            return
        self.text.setText(explain(session))
        for key, label, blocked in choices(session):
            if key == LATER:
                continue
            b = QPushButton(label)
            b.setEnabled(blocked is None)
            if blocked is not None:
                b.setToolTip(blocked)
            b.clicked.connect(lambda _c=False, k=key: self._pick(k))
            self.buttons_row.addWidget(b)
            self.buttons[key] = b

    def _pick(self, key: str) -> None:
        editor = self.editor
        if editor is not None:
            resolve(editor, key)
