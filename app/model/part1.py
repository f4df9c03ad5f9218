"""Part 1(a) computed columns and Part 2 col 10 (FORM No. 9)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model.form9 import Part1aRow, Part2Row
from app.model.numbers import percent_of


@dataclass(frozen=True, slots=True)
class Part1aFigures:
    """Part 1(a)'s computed columns of one row: cols 10, 12, 14."""

    taxable_turnover: Decimal  # col 10
    tax_due: Decimal  # col 12
    total_tax_payable: Decimal  # col 14


def taxable_turnover(row: Part1aRow) -> Decimal:
    """Form 9 Part 1(a) col 10 = (8) − (9)."""
    return row.total_turnover - row.exempt_turnover


def tax_due(row: Part1aRow) -> Decimal:
    """Form 9 Part 1(a) col 12 = round((10) × rate / 100)."""
    return percent_of(taxable_turnover(row), row.rate)


def total_tax_payable(row: Part1aRow, col12: Decimal) -> Decimal:
    """Form 9 Part 1(a) col 14 = (11) or [(12) + (13)] whichever is higher."""
    return max(row.tax_collected, col12 + row.compounded_tax)


def part1a_figures(row: Part1aRow) -> Part1aFigures:
    col12 = tax_due(row)
    return Part1aFigures(taxable_turnover(row), col12, total_tax_payable(row, col12))


def part2_total(row: Part2Row) -> Decimal:
    """Form 9 Part 2 col 10 = (7) + (8) + (9)."""
    return row.purchase_value + row.tax_paid + row.cess_paid
