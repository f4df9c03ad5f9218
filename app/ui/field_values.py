"""Reading and writing one field of a row or a form section, wherever the return keeps it.

A field of the typed dataclasses (app.model.form9) is read and written by its path
("advance.kgst"); a field a later version of the form adds lives in the row's or section's
`extra` dict (app.model.catalogue.value_of).  Edits of those are made as one new `extra` dict,
never by changing the old one in place, so undo puts the old dict back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.model.catalogue import value_of
from app.ui.undo_steps import get_path

Edit = tuple[int | None, str, Any]  # (row or None for a form, path, value) for session.set_values


def typed(target: Any, path: str) -> bool:
    """Does the row's (or section's) type hold the field itself?"""
    head = path.split(".", 1)[0]
    return head != "extra" and hasattr(target, head)


def read(target: Any, path: str, default: Any = None) -> Any:
    return get_path(target, path) if typed(target, path) else value_of(target, path, default)


def edits(target: Any, row: int | None, values: Iterable[tuple[str, Any]]) -> list[Edit]:
    """What to hand session.set_values for new values of fields of one row (or section)."""
    out: list[Edit] = []
    extra: dict[str, Any] | None = None
    for path, value in values:
        if typed(target, path):
            out.append((row, path, value))
        else:
            if extra is None:
                extra = dict(getattr(target, "extra", None) or {})
            extra[path] = value
    if extra is not None:
        out.append((row, "extra", extra))
    return out
