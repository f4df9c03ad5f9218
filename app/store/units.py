"""The Store's units of work (app.store.store builds on this): one transaction per user action,
joined by every store call on the same thread, savepoints for nested ones, read-only snapshots;
what each unit changed, announced to subscribers when it commits (app.store.changes) and, in an
office, to the other PCs (app.store.live); the audit entries written with it (app.store.audit);
and a driver's error turned into one line (app.store.backend).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from app.store import audit
from app.store.audit import AuditEntry, Note
from app.store.backend import Backend
from app.store.changes import Announcer, Collected, Listener
from app.store.errors import StoreError

if TYPE_CHECKING:
    from app.store.live import Watcher

_REFUSED = "the store refused the change"
_UNREAD = "the store could not be read"


class Units:
    """The database of a store and its units of work."""

    def __init__(
        self,
        engine: Engine,
        backend: Backend,
        *,
        path: Path | None = None,
        shared: bool = False,
        where: str = "",
    ) -> None:
        self.engine = engine
        self.backend = backend
        self.path = path
        #: What the store is, for messages: the file, or the database URL without a password.
        self.where = where or (str(path) if path else str(engine.url))
        #: An in-memory store has one shared connection: calls from several threads take turns.
        self._lock: AbstractContextManager[Any] = threading.RLock() if shared else nullcontext()
        #: The connection of the transaction open on this thread, which every call joins.
        self._local = threading.local()
        #: Who hears of committed changes (app.store.changes).
        self.announcer = Announcer()
        #: This Store among the PCs of an office (its own change notices are not news to it).
        self.token = uuid.uuid4().hex
        self._watcher: Watcher | None = None
        self._watching = threading.Lock()

    def close(self) -> None:
        with self._watching:
            if self._watcher is not None:
                self._watcher.stop()
                self._watcher = None
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ changes

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """`listener(Changes)` after every committed unit of work, this Store's own and, on
        PostgreSQL, every other PC's (remote=True; app.store.live); returns the unsubscribe."""
        unsubscribe = self.announcer.subscribe(listener)
        self.watch()
        return unsubscribe

    def watch(self) -> bool:
        """Hear the changes other PCs make (PostgreSQL: a listening thread, started once);
        False on SQLite, where every writer is on this PC."""
        if self.backend.local_file:
            return False
        with self._watching:
            if self._watcher is None:
                from app.store.live import Watcher
                from app.store.postgres import driver_args

                args = driver_args(self.engine)
                self._watcher = Watcher(args, self.token, self.announcer.announce)
                self._watcher.start()
        return True

    def _noted(self, *, clients: Iterable[int] = (), returns: Iterable[int] = (),
               everything: bool = False) -> None:  # fmt: skip
        """Record what the open unit of work wrote (announced when it commits)."""
        collected: Collected | None = getattr(self._local, "collected", None)
        if collected is None:
            return
        collected.clients.update(clients)
        collected.returns.update(returns)
        collected.everything |= everything

    def _note(
        self,
        action: str,
        summary: str,
        *,
        client_id: int | None = None,
        return_id: int | None = None,
        part: str = "",
    ) -> None:
        """Note a change for the audit trail (written when the unit of work commits)."""
        collected: Collected | None = getattr(self._local, "collected", None)
        if collected is not None:
            collected.notes.append(Note(client_id, return_id, part, action, summary))

    def audit(
        self, return_id: int | None = None, client_id: int | None = None, *, limit: int = 200
    ) -> list[AuditEntry]:
        """The audit trail, newest first: a return's entries, a dealer's (its own and its
        returns'), or everyone's; who (the database user), when, which part, what."""
        with self._read() as conn:
            return audit.read(conn, return_id=return_id, client_id=client_id, limit=limit)

    # ------------------------------------------------------------ units of work

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[None]:
        """One unit of work: every store call made inside it on this thread joins it; all of it is
        committed at the end, or nothing when an exception leaves the block.  A nested
        transaction joins the outer one (as a savepoint: if it fails, only its own changes are
        undone and the outer one goes on if the caller handles the error).  `write=False` is a
        read-only snapshot: every read inside sees the same state of the store."""
        joined = getattr(self._local, "joined", None)
        if joined is not None:
            conn, joined_write = joined
            if not write:
                yield
                return
            if not joined_write:
                raise StoreError("a change was attempted inside a read-only snapshot")
            outer: Collected = self._local.collected
            self._local.collected = inner = Collected()
            try:
                with self._db_errors(_REFUSED, saving=True), conn.begin_nested():
                    yield
                outer.merge(inner)  # a savepoint undone is not announced
            finally:
                self._local.collected = outer
            return
        collected = Collected()
        message = _REFUSED if write else _UNREAD
        with self._lock, self._db_errors(message, saving=write), self.engine.connect() as conn:
            conn.execution_options(**self.backend.begin_options(write))
            self._local.joined = (conn, write)
            self._local.collected = collected if write else None
            try:
                with conn.begin():
                    yield
                    if write and collected:
                        self._committing(conn, collected)
            finally:
                self._local.joined = None
                self._local.collected = None
        if write:  # committed: tell the listeners (outside the lock and the transaction)
            self.announcer.announce(collected.changes())

    def _committing(self, conn: Connection, collected: Collected) -> None:
        """Inside the unit of work, just before it commits: the audit entries, and the notice
        to the other PCs of an office (delivered only if the unit commits)."""
        audit.write(conn, self.backend, collected.notes)
        if not self.backend.local_file:
            from app.store.live import payload

            self.backend.notify(conn, payload(self.token, collected))

    @contextmanager
    def _db_errors(self, message: str, *, saving: bool = False) -> Iterator[None]:
        """A driver error becomes a one-line StoreError (a trigger's refusal says so)."""
        try:
            yield
        except DBAPIError as exc:
            raise self.backend.error(exc.orig or exc, message, saving=saving) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        joined = getattr(self._local, "joined", None)
        if joined is not None:
            yield joined[0]
            return
        with (
            self._lock,
            self._db_errors(_UNREAD),
            self.engine.connect() as conn,
            conn.begin(),
        ):
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction (or a savepoint of the one open on this thread): all or nothing."""
        with self.transaction():
            yield self._local.joined[0]

    def lock_client(self, client_id: int) -> None:
        """Inside a unit of work: hold the dealer until it ends, so that lifecycle actions of one
        dealer (filing, revising, creating a period's return) run one after the other.  Outside
        a unit of work there is nothing to hold it for."""
        joined = getattr(self._local, "joined", None)
        if joined is not None and joined[1]:
            self.backend.lock_client(joined[0], client_id)
