"""The return editor's undo steps: cells or fields taking new values, rows inserted or removed.

Each is a QUndoCommand over the open return (app.ui.session.ReturnSession): doing or undoing it
changes the return in memory and writes the changed part to the store at once (the session's
`_apply`, `_insert`, `_remove`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.ui.qt import QUndoCommand

if TYPE_CHECKING:
    from app.ui.session import ReturnSession

#: (row or None for a form, field path, old value, new value)
Change = tuple[int | None, str, Any, Any]


def get_path(obj: Any, path: str) -> Any:
    """The value at a field path ("advance.kgst") of a row or section (dicts included)."""
    for name in path.split("."):
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    return obj


def set_path(obj: Any, path: str, value: Any) -> None:
    *head, last = path.split(".")
    for name in head:
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    if isinstance(obj, dict):
        obj[last] = value
    else:
        setattr(obj, last, value)


class SetValues(QUndoCommand):
    """Cells or form fields of one part take new values (a typed cell, a paste, Ctrl+D)."""

    def __init__(self, session: ReturnSession, part: str, changes: list[Change], text: str):
        super().__init__(text)
        self.session, self.part, self.changes = session, part, changes

    def redo(self) -> None:
        self.session._apply(self.part, [(r, f, new) for r, f, _old, new in self.changes])

    def undo(self) -> None:
        self.session._apply(self.part, [(r, f, old) for r, f, old, _new in self.changes])


class InsertRows(QUndoCommand):
    def __init__(self, session: ReturnSession, part: str, index: int, rows: list[Any], text: str):
        super().__init__(text)
        self.session, self.part, self.index, self.rows = session, part, index, rows

    def redo(self) -> None:
        self.session._insert(self.part, self.index, self.rows)

    def undo(self) -> None:
        self.session._remove(self.part, self.index, len(self.rows))


class RemoveRows(QUndoCommand):
    def __init__(self, session: ReturnSession, part: str, index: int, count: int, text: str):
        super().__init__(text)
        self.session, self.part, self.index, self.count = session, part, index, count
        self.removed: list[Any] = []

    def redo(self) -> None:
        self.removed = self.session._remove(self.part, self.index, self.count)

    def undo(self) -> None:
        self.session._insert(self.part, self.index, self.removed)
