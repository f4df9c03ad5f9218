"""Part 3(A) tax payable with interest (FORM No. 9; spec section 4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model import interpretations as rules
from app.model.numbers import ZERO, simple_interest
from app.model.part3 import Part3


@dataclass(frozen=True, slots=True)
class PayableRow:
    """One row of Part 3(A): tax, interest at its rate for the days of delay, total."""

    tax: Decimal
    interest_rate: Decimal
    delay_days: int
    interest: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class TotalRow:
    """Part 3(A)'s KGST total (rows (a) to (f))."""

    tax: Decimal
    interest: Decimal
    total: Decimal


#: Part 3(A) rows: id → (Part 3 figure, act whose interest rate applies).
PART3A_ROWS: tuple[tuple[str, str, str], ...] = (
    ("a", "a_iv", "KGST"),
    ("b", "b", rules.CESS_ROWS_ACT),
    ("c", "c", rules.CESS_ROWS_ACT),
    ("d", "d", rules.CESS_ROWS_ACT),
    ("e", "e", rules.CESS_ROWS_ACT),
    ("f", "f", rules.CESS_ROWS_ACT),
    ("g", "g_vi", "KVAT"),
    ("h", "h_vii", "CST"),
)
KGST_ROWS = ("a", "b", "c", "d", "e", "f")


@dataclass(frozen=True, slots=True)
class Part3A:
    """Part 3(A) tax payable with interest, by row, and its KGST total."""

    rows: dict[str, PayableRow]
    kgst_total: TotalRow

    def total_for(self, act: str) -> Decimal:
        """Total payable per act, interest included (cess rows count under KGST)."""
        if act == "KGST":
            return self.kgst_total.total
        return self.rows["g" if act == "KVAT" else "h"].total


def payable_row(tax: Decimal, rate: Decimal, days: int) -> PayableRow:
    """Interest = round(tax × rate / 100 × days / 365); total = tax + interest."""
    interest = simple_interest(tax, rate, days)
    return PayableRow(tax, rate, days, interest, tax + interest)


def compute_part3a(p3: Part3, rates: dict[str, Decimal], delay: int) -> Part3A:
    figures = p3.as_dict()
    rows = {rid: payable_row(figures[src], rates[act], delay) for rid, src, act in PART3A_ROWS}
    kgst = [rows[r] for r in KGST_ROWS]
    total = TotalRow(
        sum((r.tax for r in kgst), ZERO),
        sum((r.interest for r in kgst), ZERO),
        sum((r.total for r in kgst), ZERO),
    )
    return Part3A(rows, total)
