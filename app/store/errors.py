"""The one error the store raises: a sentence saying where and what."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation refused or failed; `part`, `row` (0-based) and `field` locate bad data."""

    def __init__(
        self, message: str, *, part: str = "", row: int | None = None, field: str = ""
    ) -> None:
        super().__init__(message)
        self.part = part
        self.row = row
        self.field = field
