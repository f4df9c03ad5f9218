"""Keep mine as a new draft (issue 14, "concurrent editing without lost work"): after a save was
refused because another clerk saved the return meanwhile, my unsaved edits go on top of their
newer version — and never over anything they changed.

`EditBase` remembers, for each stored part with an edit not yet in the store, what the part held
in the version the edit was based on: the old value of each field or cell I changed, or a copy of
the whole part when I inserted or deleted rows (or edited the header's branches).  Then

- `clashes(session, newer)` names what we both changed to different values: Keep mine refuses
  those (the other clerk's value stays; I can copy mine, reload and decide);
- `apply_mine(session, target)` writes my edits into `target`: field by field and cell by cell
  where I changed single values (their other changes to the same part stay), the whole part where
  I changed its rows (they did not touch it, or it would clash).

The big lists' copy is of the row list, not of each row (an insert into 100,000 rows stays
instant): a row I edit afterwards then counts as a clash if they changed that list too — the safe
side.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from app.store.errors import StoreError
from app.ui.part_names import PART_LABELS
from app.ui.undo_steps import get_path, set_path

if TYPE_CHECKING:
    from app.model.form9 import Form9Return
    from app.ui.session import ReturnSession

Key = tuple[int | None, str]
BIG_LISTS = ("sales_list", "purchase_list")


class KeepMineRefused(StoreError):
    """Keep mine would overwrite something the other clerk changed too (the message names it)."""


class EditBase:
    """What the unsaved edits were based on, per stored part (see the module docstring)."""

    def __init__(self) -> None:
        self.values: dict[str, dict[Key, Any]] = {}
        self.wholes: dict[str, Any] = {}

    def note(self, part: str, row: int | None, path: str, old: Any) -> None:
        """A field or cell about to change (its value in the base: the first one noted)."""
        cells = self.values.setdefault(part, {})
        if (row, path) not in cells:
            cells[(row, path)] = copy.deepcopy(old)

    def note_whole(self, part: str, value: Any) -> None:
        """A part whose rows are about to be inserted or deleted."""
        if part not in self.wholes:
            self.wholes[part] = list(value) if part in BIG_LISTS else copy.deepcopy(value)

    def saved(self, part: str) -> None:
        """The part is in the store as shown: the next edit is based on it."""
        self.values.pop(part, None)
        self.wholes.pop(part, None)

    def clear(self) -> None:
        self.values.clear()
        self.wholes.clear()


def _at(part_value: Any, row: int | None, path: str) -> Any:
    return get_path(part_value[row] if row is not None else part_value, path)


def _label(part: str) -> str:
    return PART_LABELS.get(part, part)


def _where(part: str, row: int | None, path: str) -> str:
    label = _label(part)
    where = f"{label} row {row + 1}" if row is not None else label
    return f"{where} · {path.replace('_', ' ')}"


def clashes(session: ReturnSession, newer: Form9Return) -> list[str]:
    """What both of us changed, to different values (empty: Keep mine overwrites nothing)."""
    base, out = session.base, []
    for part in sorted(session.unsaved):
        mine, theirs = getattr(session.ret, part), getattr(newer, part)
        if part in base.wholes or part not in base.values:
            was = base.wholes.get(part)
            if theirs != mine and (was is None or theirs != was):
                out.append(_label(part))
            continue
        for (row, path), was in base.values[part].items():
            try:
                now = _at(theirs, row, path)
                typed = _at(mine, row, path)
            except (IndexError, AttributeError, KeyError, TypeError):
                out.append(_where(part, row, path))
                continue
            if now != was and now != typed:
                out.append(_where(part, row, path))
    return out


def apply_mine(session: ReturnSession, target: Form9Return) -> set[str]:
    """My unsaved edits written into `target` (a newer stored version, or a new revision);
    returns the parts changed."""
    base = session.base
    for part in session.unsaved:
        mine = getattr(session.ret, part)
        if part in base.wholes or part not in base.values:
            setattr(target, part, copy.deepcopy(mine))
            continue
        into = getattr(target, part)
        for row, path in base.values[part]:
            value = copy.deepcopy(_at(mine, row, path))
            set_path(into[row] if row is not None else into, path, value)
    return set(session.unsaved)


def keep_mine(session: ReturnSession) -> int:
    """Keep mine as a new draft: my edits on top of the newer stored version, saved in one unit
    of work as a new version with the status Draft (it is checked again); KeepMineRefused when
    we both changed the same value (nothing is written; my edit stays on screen).  Returns the
    new version."""
    store, rid = session.store, session.return_id
    if store is None or rid is None:
        return 0
    lists = any(p in BIG_LISTS for p in session.unsaved)
    with store.transaction():
        info = store.return_info(rid)
        newer = store.load_return(rid, lists=lists)
        clash = clashes(session, newer)
        if clash:
            who = (
                session.conflict.by if session.conflict is not None and session.conflict.by else ""
            )
            raise KeepMineRefused(
                f"{who or 'the other change'} also changed {', '.join(clash)}; keeping mine "
                "would overwrite that. Note what you typed, choose Reload, and enter it again "
                "where it still applies"
            )
        parts = apply_mine(session, newer)
        version = info.version
        if parts:
            version = store.save_parts(rid, newer, parts, expected_version=info.version)
        if info.status != "draft":
            version = store.set_status(rid, "draft", expected_version=version)
    return version
