"""Who did what, when (issue 14): the audit trail of the store.

Each write path of the Store notes what it changed (a `Note`: dealer, return, part, action,
summary) in its unit of work; just before the unit commits, the notes are merged — one entry per
return and action, a cached payable folded into the change that caused it — and written in the
same transaction, with the database user (PostgreSQL's CURRENT_USER; the operating-system user
on SQLite) and the time (the server's clock on PostgreSQL).  A unit of work that fails leaves no
entry; a savepoint undone leaves none of its own.  The table is append-only (migration 0004).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from app.store.backend import Backend
from app.store.schema import AUDIT

#: The actions of the trail.
ACTIONS = ("add", "edit", "delete", "create", "save", "rows", "status", "payable", "export")

_a = AUDIT.c
_ARROW = " → "


@dataclass(frozen=True, slots=True)
class Note:
    """One change noted during a unit of work (written when it commits)."""

    client_id: int | None
    return_id: int | None
    part: str
    action: str
    summary: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the trail, as the History view shows it."""

    at: datetime
    user: str
    client_id: int | None
    return_id: int | None
    part: str
    action: str
    summary: str


def merged(notes: list[Note]) -> list[Note]:
    """One note per (dealer, return, action), in the order first noted: parts and summaries
    joined without repeats; a return's payable note dropped when something else of it changed
    (the payable follows from that change)."""
    changed = {n.return_id for n in notes if n.action != "payable"}
    groups: dict[tuple[Any, ...], list[Note]] = {}
    for n in notes:
        if n.action == "payable" and n.return_id in changed:
            continue
        groups.setdefault((n.client_id, n.return_id, n.action), []).append(n)
    out = []
    for (client_id, return_id, action), group in groups.items():
        parts = _joined((p for n in group for p in n.part.split(", ") if p), ", ")
        if action == "status" and all(_ARROW in n.summary for n in group):
            # Draft → Ready, Ready → Filed: one step of the user's action, Draft → Filed.
            first, last = group[0].summary, group[-1].summary
            summary = first.split(_ARROW)[0] + _ARROW + last.split(_ARROW, 1)[1]
        else:
            summary = _joined((n.summary for n in group if n.summary), "; ")
        out.append(Note(client_id, return_id, parts, action, summary))
    return out


def _joined(items: Any, sep: str) -> str:
    return sep.join(dict.fromkeys(items))


def write(conn: Connection, backend: Backend, notes: list[Note]) -> None:
    """The unit of work's notes as audit entries, inside its transaction."""
    entries = merged(notes)
    if not entries:
        return
    at = backend.audit_time()
    common: dict[str, Any] = {
        "db_user": backend.audit_user(),
        "at": at if at is not None else datetime.now().replace(microsecond=0),
    }
    conn.execute(
        insert(AUDIT).values(
            [
                {**common, "client_id": n.client_id, "return_id": n.return_id,
                 "part": n.part[:64], "action": n.action, "summary": n.summary}
                for n in entries
            ]
        )
    )  # fmt: skip


def read(
    conn: Connection, *, return_id: int | None, client_id: int | None, limit: int
) -> list[AuditEntry]:
    """Entries of a return, or of a dealer (its own and its returns'), or all; newest first."""
    query = select(_a.at, _a.db_user, _a.client_id, _a.return_id, _a.part, _a.action, _a.summary)
    if return_id is not None:
        query = query.where(_a.return_id == return_id)
    if client_id is not None:
        query = query.where(_a.client_id == client_id)
    rows = conn.execute(query.order_by(_a.id.desc()).limit(limit)).all()
    return [AuditEntry(*row) for row in rows]


def last_user(conn: Connection, return_id: int) -> str:
    """Who changed the return last ("" when the trail has nothing on it)."""
    row = conn.execute(
        select(_a.db_user).where(_a.return_id == return_id).order_by(_a.id.desc()).limit(1)
    ).first()
    return str(row[0]) if row else ""
