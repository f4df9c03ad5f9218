"""What changed in the store, told to every window on the GUI thread (issue 11 item 4, issue 15
item 5).

The store announces each committed unit of work (app.store.changes.Changes: the clients and
returns it wrote, or `everything`) on the thread that committed it — the GUI thread, a background
operation's worker, or (PostgreSQL) the thread that heard another PC.  `AppEvents.of(store)` is
the one Qt object per store that windows listen to:

    events = AppEvents.of(store)
    events.changed.connect(self.on_changes)        # def on_changes(self, changes: Changes)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_return(self.return_id):
            self.reload()

It marshals each announcement to the GUI thread and coalesces bursts: the first change starts a
100 ms timer, and everything announced until it fires is merged (app.store.changes.merged) into one
`changed`.  A bulk action writing 3,600 returns refreshes a window about ten times a second, not
3,600 times; a change made anywhere reaches every window within a fraction of a second.  Windows
are never told by the code that made a change: they listen, so a change made by another window, a
background operation, an import or another PC of the office shows the same way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from app.store.changes import Changes, merged
from app.ui.qt import QObject, QTimer, Signal, isValid

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)


class AppEvents(QObject):
    """The committed changes of one store, merged and delivered on the GUI thread."""

    #: Changes (app.store.changes), at most once per `DELAY_MS`, on the GUI thread.
    changed = Signal(object)
    _arrived = Signal(object)  # from the committing thread; queued to the GUI thread

    DELAY_MS = 100
    _by_store: ClassVar[WeakKeyDictionary[Store, AppEvents]] = WeakKeyDictionary()

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._pending: list[Changes] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._deliver)
        self._arrived.connect(self._collect)

        def heard(changes: Changes) -> None:  # on the committing thread
            if isValid(self):
                self._arrived.emit(changes)

        self._unsubscribe = store.subscribe(heard)

    @classmethod
    def of(cls, store: Store) -> AppEvents:
        """The store's one AppEvents (made on first use, on the GUI thread; it lives as long as
        the store object does)."""
        events = cls._by_store.get(store)
        if events is None or not isValid(events):
            events = cls(store)
            cls._by_store[store] = events
        return events

    def close(self) -> None:
        """Stop listening (the store is being replaced, e.g. by a restore)."""
        self._unsubscribe()
        self._timer.stop()
        self._pending.clear()

    def _collect(self, changes: Changes) -> None:
        self._pending.append(changes)
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        if not self._pending:
            return
        changes = merged(self._pending)
        self._pending = []
        self.changed.emit(changes)

    def flush(self) -> None:
        """Deliver what is pending now (a window about to read the store, tests)."""
        self._timer.stop()
        self._deliver()


__all__ = ["AppEvents", "Changes"]
