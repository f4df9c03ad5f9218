"""A validation finding: code, severity, location (part / row / field) and a plain message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One error or warning of a return, where it is (part, row, field) and what is wrong."""

    code: str  # e.g. "E-TIN", "W-LIST-MISMATCH"
    severity: Severity
    part: str  # "header", "inputs", "part1a", "part2", "part5", "declaration", "sales_list", …
    row: int | None  # 0-based row index in that part, None for the whole part
    field: str | None  # field id as in the spec (`total_turnover`), None for the whole row
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        """`part1a[2].rate`: the same path style as the upload JSON's error messages."""
        loc = self.part
        if self.row is not None:
            loc += f"[{self.row}]"
        if self.field:
            loc += f".{self.field}"
        return loc

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "location": self.location,
            "part": self.part,
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


def error(code: str, part: str, row: int | None, field: str | None, message: str) -> Finding:
    return Finding(code, "error", part, row, field, message)


def warning(code: str, part: str, row: int | None, field: str | None, message: str) -> Finding:
    return Finding(code, "warning", part, row, field, message)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)
