"""Finding a sheet's header row and matching its headers to the table's columns (spec section 9).

A header is matched by the form's column number and/or its text: the template's header, the
field id, the screen title and the catalogue's aliases, compared case-, space- and
punctuation-insensitively.  Columns may come in any order; a column no one asked for is reported
and not read, a missing required column is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.export.excel_cells import is_blank, parse_text, shown
from app.export.excel_columns import Column, SheetSpec, norm

HEADER_SEARCH_ROWS = 10

_HEAD = re.compile(
    r"^\s*(?:col(?:umn)?\.?\s*)?(?:\(\s*(\d{1,2}[A-Za-z]?)\s*\)|(\d{1,2}[A-Za-z]?)(?=[.):\-\s]|$)[.):\-]?)?\s*(.*?)\s*$",
    re.S,
)
_TRAILING = re.compile(r"(\s*\*|\s*\(computed\))+$", re.I)


@dataclass(frozen=True, slots=True)
class CellError:
    """One cell that could not be read.  `row` is the sheet's row number as Excel shows it;
    `column` its letter ('' when a whole column is missing)."""

    sheet: str
    row: int
    column: str
    value: str
    expected: str
    header: str = ""

    @property
    def where(self) -> str:
        col = f", column {self.column}" if self.column else ""
        head = f" {self.header}" if self.header else ""
        return f"{self.sheet}, row {self.row}{col}{head}"

    def __str__(self) -> str:
        return f"{self.where}: found {self.value}; expected {self.expected}"


def column_letter(i: int) -> str:
    """0-based column index -> Excel letters."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def split_header(text: str) -> tuple[str, str]:
    """'(8) Total turnover *' -> ('8', 'totalturnover'); '(13A) Green cess' -> ('13A', …)."""
    m = _HEAD.match(text)
    assert m is not None
    number = (m[1] or m[2] or "").upper()
    rest = _TRAILING.sub("", m[3])
    return number, norm(rest)


def _names(col: Column) -> set[str]:
    names = {norm(col.header), norm(col.field), norm(col.title)}
    names.update(norm(a) for a in col.aliases)
    return names


@dataclass(slots=True)
class Layout:
    header_row: int  # 0-based
    columns: dict[int, Column]  # 0-based column index -> column (inputs and computed)
    errors: list[CellError]
    notices: list[str]
    matched: int
    named: int = 0  # input columns matched by their header text (not by the column number alone)


def match_headers(spec: SheetSpec, sheet: str, cells: list[Any], r: int) -> Layout:
    by_text: dict[str, Column] = {}
    for c in spec.columns:
        for n in _names(c):
            by_text.setdefault(n, c)
    by_number = {c.number.upper(): c for c in spec.columns if c.number}
    columns: dict[int, Column] = {}
    by_name: set[int] = set()
    taken: dict[str, int] = {}
    errors: list[CellError] = []
    notices: list[str] = []
    for i, v in enumerate(cells):
        if is_blank(v):
            continue
        text = parse_text(v) if not isinstance(v, str) else v.strip()
        number, key = split_header(text)
        col: Column | None = by_text.get(key) if key else None
        if col is not None and number and col.number and col.number.upper() != number:
            errors.append(
                CellError(sheet, r + 1, column_letter(i), repr(text),
                          f"the column number of {col.header!r}, ({col.number})", text)
            )  # fmt: skip
            continue
        if col is not None:
            by_name.add(i)
        elif number:
            col = by_number.get(number)
        if col is None:
            notices.append(
                f"{sheet}: column {column_letter(i)} {text!r} is not a column of "
                f"{spec.name}; it was not read"
            )
            continue
        if col.field in taken:
            errors.append(
                CellError(sheet, r + 1, column_letter(i), repr(text),
                          f"one column for {col.title} (it is already column "
                          f"{column_letter(taken[col.field])})", text)
            )  # fmt: skip
            continue
        taken[col.field] = i
        columns[i] = col
    for c in spec.inputs:
        if c.required and c.field not in taken:
            errors.append(
                CellError(sheet, r + 1, "", "no such column", f"a column {c.title}", c.title)
            )
    matched = sum(1 for c in columns.values() if not c.computed)
    named = sum(1 for i, c in columns.items() if not c.computed and i in by_name)
    return Layout(r, columns, errors, notices, matched, named)


def find_layout(spec: SheetSpec, sheet: str, rows: list[list[Any]]) -> Layout | None:
    """The header row: the first of the top non-blank rows that names at least two of the sheet's
    columns (one for a two-column sheet).  None when the sheet holds nothing at all."""
    need = min(2, len(spec.inputs) - 1)
    first_filled = None
    filled = 0
    for r, cells in enumerate(rows):
        if all(is_blank(v) for v in cells):
            continue
        if first_filled is None:
            first_filled = r
        filled += 1
        if filled > HEADER_SEARCH_ROWS:
            break
        layout = match_headers(spec, sheet, cells, r)
        if layout.matched >= need:
            if r > first_filled + 1:
                layout.notices.append(
                    f"{sheet}: rows {first_filled + 1}–{r} above the header row were not read"
                )
            elif r > first_filled:
                layout.notices.append(f"{sheet}: row {r} above the header row was not read")
            return layout
    if first_filled is None:
        return None
    cols = "; ".join(c.title for c in spec.inputs)
    err = CellError(
        sheet, first_filled + 1, "A", shown(rows[first_filled][0] if rows[first_filled] else ""),
        f"a header row naming the columns of {spec.name}: {cols}",
    )  # fmt: skip
    return Layout(first_filled, {}, [err], [], 0)
