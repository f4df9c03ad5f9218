"""The value of every computed column of a table (catalogue fields with `computed = true`).

One function per (table, column), of (row index, row, the return's computed figures).  A new
computed column in a catalogue needs its function here; a test checks every catalogue's computed
columns have one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from app.model.compute import Computed
from app.model.lists import TOTAL_TERMS, row_total
from app.model.part1 import part2_total

ColumnValue = Callable[[int, Any, Computed | None], Decimal | int | None]


def _serial(i: int, _row: Any, _c: Computed | None) -> int:
    return i + 1


def _part1a(attr: str) -> ColumnValue:
    """Part 1(a) cols 10, 12, 14 (app.model.part1)."""

    def value(i: int, _row: Any, c: Computed | None) -> Decimal | None:
        figures = c.part1a if c is not None else ()
        value: Decimal | None = getattr(figures[i], attr) if i < len(figures) else None
        return value

    return value


def _part2_total(i: int, row: Any, c: Computed | None) -> Decimal | None:
    """Part 2 col 10 = 7 + 8 + 9 (the row's own when there are no computed figures)."""
    if c is None:
        return part2_total(row)
    totals = c.part2_totals
    return totals[i] if i < len(totals) else None


def _list_total(_i: int, row: Any, _c: Computed | None) -> Decimal:
    """Enclosure 1 col 10 = 7 + 8 + 9."""
    return row_total(row)


#: Part 1(a)'s computed columns: attributes of its rows' figures (app.model.part1.Part1aFigures).
PART1A_FIGURES = ("taxable_turnover", "tax_due", "total_tax_payable")

COMPUTED_COLUMNS: dict[tuple[str, str], ColumnValue] = {
    **{("part1a", attr): _part1a(attr) for attr in PART1A_FIGURES},
    ("part1b", "sl"): _serial,
    ("part2", "total"): _part2_total,
    ("sales_list", "total"): _list_total,
    ("purchase_list", "total"): _list_total,
    ("stock", "sl"): _serial,
}


#: Computed columns that are a plain sum of the row's own amounts, by their terms: a writer may add
#: them inline (app.export.json_rows) instead of calling the column's function for each row.
SUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("sales_list", "total"): TOTAL_TERMS,
    ("purchase_list", "total"): TOTAL_TERMS,
}


def _part1a_figures(c: Computed) -> Sequence[Any]:
    return c.part1a


#: Tables whose computed columns are attributes of one figures object per row (the figures of
#: row i at place i; none past the end): a writer may read them off it instead of calling each
#: column's function (app.export.head_rows).  Those columns, and where the figures are.
ROW_FIGURES: dict[str, tuple[frozenset[str], Callable[[Computed], Sequence[Any]]]] = {
    "part1a": (frozenset(PART1A_FIGURES), _part1a_figures),
}


def column_value(table: str, column: str) -> ColumnValue:
    try:
        return COMPUTED_COLUMNS[(table, column)]
    except KeyError:
        raise KeyError(
            f"{table}.{column} is computed in the catalogue but has no formula in "
            "app/model/computed_columns.py"
        ) from None
