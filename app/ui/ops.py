"""One user action = one typed operation (issue 11 item 4), in the way of Anki's CollectionOp.

An `Op[T]` runs `work(store) -> T` inside one `store.transaction()`: all of it is stored, or nothing
is.  Then `success(result)` runs on the GUI thread.  A failure is said in plain words
(app.ui.errors.plain_words) — by default in a message box titled with the op's `title`, or by the
op's own `failure(OpFailed)` handler — never as a raw exception.  Long work (rewriting 100,000 list
rows, filing) runs off the GUI thread with a busy bar in the parent window:

    Op(self, store, lambda s: s.add_client(profile), title="New dealer") \\
        .success(lambda client_id: self.select(client_id)) \\
        .run()

    Op(dialog, store, lambda s: lifecycle.mark_filed(s, rid, ack, on), title="Mark as filed") \\
        .success(dialog.filed) \\
        .failure(lambda failed: dialog.refused(failed.message)) \\
        .run_in_background("Filing…")

An op does not tell windows what it changed: the store announces the committed unit of work, and
every window listening to `AppEvents.of(store).changed` (app.ui.events) refreshes itself — the
main window's lists, the overview, an open return editor.  A new feature adds its actions as ops
and its windows as listeners, and the rest of the app follows with no further wiring:

    class DueDateBoard(QMainWindow):                     # a window that follows the store
        def __init__(self, store: Store) -> None:
            super().__init__()
            self.store = store
            AppEvents.of(store).changed.connect(lambda _changes: self.refresh())

        def import_clients(self, path: Path) -> None:    # an action: one op, its result typed
            Op(self, self.store, lambda s: client_import(s, path), title="Import clients") \
                .success(self.show_report) \
                .run_in_background("Importing…")

(`client_import` stands for the feature's own unit of work over the store; the board, the main
window and the overview all show the imported dealers by themselves.)  To open a stored return in
its window, use `app.ui.return_editor.open_editor(store, return_id)`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.store import Store
from app.ui.errors import plain_words
from app.ui.qt import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    Qt,
    QWidget,
    isValid,
)
from app.ui.worker import Progress, Task, run_in_background

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class OpFailed:
    """Why an op did not happen: `message` in plain words for the user, and the error itself."""

    message: str
    error: BaseException


class Op(Generic[T]):
    """One user action over the store; see the module docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        work: Callable[[Store], T],
        *,
        title: str = "",
    ) -> None:
        self.parent, self.store, self.work, self.title = parent, store, work, title
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[OpFailed], object] | None = None
        #: The result once the op succeeded.
        self.result: T | None = None

    def success(self, fn: Callable[[T], object]) -> Op[T]:
        """Run `fn(result)` on the GUI thread after the work is committed."""
        self._success = fn
        return self

    def failure(self, fn: Callable[[OpFailed], object]) -> Op[T]:
        """Say why the op failed your own way (else a message box titled with the op's title)."""
        self._failure = fn
        return self

    # ---- running -------------------------------------------------------------------------------
    def _transaction(self) -> T:
        with self.store.transaction():
            return self.work(self.store)

    def run(self) -> bool:
        """Run on the GUI thread (short work); True when it succeeded."""
        try:
            result = self._transaction()
        except Exception as exc:  # said in plain words; the unit of work was rolled back
            self._failed(exc, traceback.format_exc())
            return False
        self._succeeded(result)
        return True

    def run_in_background(self, busy: str = "Working…") -> Task:
        """Run on a worker thread; the parent shows a busy bar and takes no input meanwhile."""
        indicator = _Busy(self.parent, busy)

        def work(_progress: Progress) -> T:
            return self._transaction()

        def done(result: T) -> None:
            indicator.finish()
            if self._window_gone():  # closed meanwhile: the change is stored, windows follow
                self.result = result
                return
            self._succeeded(result)

        def failed(exc: BaseException, tb: str) -> None:
            indicator.finish()
            if self._window_gone():
                log.warning("%s failed after its window closed: %s", self.title, plain_words(exc))
                return
            self._failed(exc, tb)

        return run_in_background(work, on_done=done, on_error=failed, urgent=True)

    def _window_gone(self) -> bool:
        return self.parent is not None and not isValid(self.parent)

    def _succeeded(self, result: T) -> None:
        self.result = result
        if self._success is not None:
            self._success(result)

    def _failed(self, exc: BaseException, tb: str) -> None:
        failed = OpFailed(plain_words(exc, tb), exc)
        if self._failure is not None:
            self._failure(failed)
            return
        title = self.title or "Not done"
        parent = self.parent if self.parent is not None and isValid(self.parent) else None
        QMessageBox.warning(parent, title, f"{title}: {failed.message}")


class _Busy:
    """A busy bar while an op runs in the background: in a main window's status bar, at the
    foot of a dialog, or the wait cursor when there is no window; the window takes no input
    until the op is done."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        self.parent = parent
        self.bar: QProgressBar | None = None
        if parent is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            return
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setFormat(text)
        bar.setTextVisible(True)
        bar.setMaximumHeight(18)
        if isinstance(parent, QMainWindow):
            parent.statusBar().addPermanentWidget(bar)
        elif (layout := parent.layout()) is not None:
            layout.addWidget(bar)
        else:
            bar.setParent(parent)
        self.bar = bar
        parent.setEnabled(False)

    def finish(self) -> None:
        if self.parent is None:
            QApplication.restoreOverrideCursor()
            return
        if isValid(self.parent):
            self.parent.setEnabled(True)
        if self.bar is not None and isValid(self.bar):
            self.bar.deleteLater()


__all__ = ["Op", "OpFailed"]
