"""The errors the store raises: each a sentence saying where and what."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


class StoreError(Exception):
    """A store operation refused or failed; `part`, `row` (0-based) and `field` locate bad data."""

    def __init__(
        self, message: str, *, part: str = "", row: int | None = None, field: str = ""
    ) -> None:
        super().__init__(message)
        self.part = part
        self.row = row
        self.field = field


class StoreUnreachable(StoreError):
    """The store's database server cannot be reached (office mode): nothing of the change was
    saved; the caller keeps it and may try again."""


class StoreReadOnly(StoreError):
    """The database user may only read the store (a reviewer's role): the change was refused."""


class LifecycleError(Exception):
    """A lifecycle action (app.store.lifecycle) that cannot be done; the message says why, in
    plain words."""


class ReturnIsFiled(StoreError):
    """A change to a filed return was refused (spec section 7: only a new revision changes it)."""

    def __init__(self, return_id: int, period: str) -> None:
        super().__init__(
            f"return {return_id} ({period}) is filed and cannot change; "
            "create a revision to correct it"
        )
        self.return_id = return_id


class StaleReturn(StoreError):
    """A save based on an older version of the return than the stored one (optimistic locking).

    `expected` is the version the caller's edit was based on; `version`, `status` and
    `updated_at` describe the return as it is stored now, `by` who changed it last (the audit
    trail's database user; "" when unknown).
    """

    def __init__(
        self,
        return_id: int,
        period: str,
        *,
        expected: int,
        version: int,
        status: str,
        updated_at: datetime | None,
        by: str = "",
    ) -> None:
        who = f" by {by}" if by else ""
        if status == "filed":
            what = f"it has been filed since{who}"
        else:
            when = f" at {updated_at:%H:%M:%S}" if updated_at is not None else ""
            what = f"it was saved{when}{who} ({status})"
        super().__init__(
            f"return {return_id} ({period}) changed elsewhere — reload: {what}; your edit was "
            f"based on version {expected}, the store holds version {version}"
        )
        self.return_id = return_id
        self.expected = expected
        self.version = version
        self.status = status
        self.updated_at = updated_at
        self.by = by

    @property
    def filed(self) -> bool:
        """The other change filed the return: only a revision can carry this edit now."""
        return self.status == "filed"


class StoreDamaged(StoreError):
    """The store file failed its integrity check at open; `backup` is the latest good backup."""

    def __init__(self, path: Path, problem: str, backup: Path | None) -> None:
        hint = (
            f"the latest good backup is {backup} (form9 restore FILE)"
            if backup is not None
            else "no good backup was found"
        )
        super().__init__(f"{path}: cannot open the store: it is damaged ({problem}); {hint}")
        self.path = path
        self.problem = problem
        self.backup = backup
