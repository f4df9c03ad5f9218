"""What a committed change touched, announced to whoever listens (windows, the overview).

The store collects, per unit of work, the clients and returns it wrote; after the outermost
transaction commits it calls every subscriber once with a `Changes` (on the committing thread: a
window marshals it to its own thread).  A change made on another PC of an office (PostgreSQL) is
announced the same way with `remote=True`; `everything` asks listeners to reload all they show
(restore, bulk import, reconnect).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.audit import Note

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Changes:
    clients: frozenset[int] = frozenset()
    returns: frozenset[int] = frozenset()
    everything: bool = False
    remote: bool = False

    def __bool__(self) -> bool:
        return bool(self.clients or self.returns or self.everything)

    def touches_client(self, client_id: int) -> bool:
        return self.everything or client_id in self.clients

    def touches_return(self, return_id: int) -> bool:
        return self.everything or return_id in self.returns


Listener = Callable[[Changes], None]


@dataclass(slots=True)
class Collected:
    """Ids written so far in the open unit of work, and its notes for the audit trail."""

    clients: set[int] = field(default_factory=set)
    returns: set[int] = field(default_factory=set)
    everything: bool = False
    notes: list[Note] = field(default_factory=list)

    def changes(self, *, remote: bool = False) -> Changes:
        return Changes(frozenset(self.clients), frozenset(self.returns), self.everything, remote)

    def __bool__(self) -> bool:
        return bool(self.clients or self.returns or self.everything)

    def merge(self, other: Collected) -> None:
        """A savepoint's changes join its unit of work's (when the savepoint is kept)."""
        self.clients |= other.clients
        self.returns |= other.returns
        self.everything |= other.everything
        self.notes += other.notes


class Announcer:
    """The subscribers of one store."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changes)` after every committed change; returns the unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a listener's failure never undoes or hides a committed change
                log.exception("a change listener failed")


def merged(items: Iterable[Changes]) -> Changes:
    """One Changes for several (a window that collects them while busy)."""
    clients: set[int] = set()
    returns: set[int] = set()
    everything = remote = False
    for c in items:
        clients |= c.clients
        returns |= c.returns
        everything |= c.everything
        remote |= c.remote
    return Changes(frozenset(clients), frozenset(returns), everything, remote)
