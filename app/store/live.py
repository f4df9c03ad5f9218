"""Live refresh across the PCs of an office (issue 14): PostgreSQL's LISTEN/NOTIFY.

Every unit of work that commits on PostgreSQL sends a notice on `form9_changes` (inside its
transaction, so it is delivered only if the change is: Store._committing) naming the dealers and
returns it changed and the Store that made it.  `Watcher` is a thread with a connection of its
own that listens on the channel and turns each notice from another Store into
`Changes(..., remote=True)` for the same subscribers the Store's own changes go to.  When its
connection drops it connects again (every 0.5 s, then up to every 5 s) and announces
`everything`: notices sent meanwhile are lost, so windows reload all they show.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from app.store.changes import Changes, Collected
from app.store.postgres import CHANNEL

log = logging.getLogger(__name__)

#: PostgreSQL's limit on a notice's payload is 8000 bytes; beyond it, say "everything".
MAX_PAYLOAD = 7900


def payload(sender: str, collected: Collected) -> str:
    """The notice of a unit of work: who sent it and what it changed."""
    text = json.dumps(
        {"s": sender, "c": sorted(collected.clients), "r": sorted(collected.returns),
         "e": collected.everything},
        separators=(",", ":"),
    )  # fmt: skip
    if len(text.encode()) > MAX_PAYLOAD:
        text = json.dumps({"s": sender, "c": [], "r": [], "e": True}, separators=(",", ":"))
    return text


def changes_of(text: str, me: str) -> Changes | None:
    """The Changes a notice announces (None: this Store's own, or not one of ours)."""
    try:
        doc = json.loads(text)
        if doc.get("s") == me:
            return None
        return Changes(
            frozenset(int(c) for c in doc.get("c", ())),
            frozenset(int(r) for r in doc.get("r", ())),
            bool(doc.get("e")),
            remote=True,
        )
    except (ValueError, TypeError, AttributeError):
        log.warning("a change notice that is not ours: %.80s", text)
        return None


class Watcher:
    """The listening thread of one Store."""

    def __init__(
        self, connect: dict[str, Any], me: str, announce: Callable[[Changes], None]
    ) -> None:
        self._connect = {**connect, "autocommit": True, "application_name": "form9-watch"}
        self._me = me
        self._announce = announce
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="form9-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        wait, missed = 0.5, False
        while not self._stop.is_set():
            try:
                with psycopg.connect(**self._connect) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    if missed:  # notices sent while not listening are gone: reload everything
                        self._announce(Changes(everything=True, remote=True))
                    wait, missed = 0.5, False
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            changes = changes_of(notice.payload, self._me)
                            if changes:
                                self._announce(changes)
            except psycopg.Error as exc:
                self.connected.clear()
                missed = True
                log.info("change notices: %s; connecting again in %.1f s", exc, wait)
                self._stop.wait(wait)
                wait = min(wait * 2, 5.0)
        self.connected.clear()
