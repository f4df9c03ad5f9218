"""Sales / purchase list enclosures: row totals and totals per type (spec section 4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from app.model.form9 import ListRow
from app.model.numbers import ZERO

#: Enclosure col 10: Total = Value (7) + Tax (8) + Cesses and other levies (9).
TOTAL_TERMS = ("value", "tax", "cess")


def row_total(row: ListRow) -> Decimal:
    """Enclosure col 10: Total = Value + Tax + Cesses and other levies (TOTAL_TERMS)."""
    return row.value + row.tax + row.cess


@dataclass(slots=True)
class ListTotals:
    """A sales or purchase list's row count and Σ value / tax / cess."""

    count: int = 0
    value: Decimal = ZERO
    tax: Decimal = ZERO
    cess: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.value + self.tax + self.cess


@dataclass(slots=True)
class ListSummary:
    """A list's totals, overall and per transaction type."""

    all: ListTotals = field(default_factory=ListTotals)
    by_type: dict[str, ListTotals] = field(default_factory=dict)


def summarise(rows: Iterable[ListRow]) -> ListSummary:
    """Row count and Σ value / tax / cess, overall and per transaction type."""
    by_type: dict[str, ListTotals] = {}
    for r in rows:
        acc = by_type.get(r.type)
        if acc is None:
            acc = by_type[r.type] = ListTotals()
        acc.count += 1
        acc.value += r.value
        acc.tax += r.tax
        acc.cess += r.cess
    summary = ListSummary(by_type=dict(sorted(by_type.items())))
    for totals in summary.by_type.values():
        summary.all.count += totals.count
        summary.all.value += totals.value
        summary.all.tax += totals.tax
        summary.all.cess += totals.cess
    return summary
