"""Single values between the model and the store's columns: paise, rate units, ISO dates
(whole columns: app.store.rowcodec).

A value that cannot be kept exactly is refused with a StoreError naming part, row and field; the
store never rounds (spec section 3). Conversions run in an exact decimal context, so even a value
with more digits than Decimal's default precision is never rounded on its way in.
"""

from __future__ import annotations

from decimal import (
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Any

from app.model.numbers import (
    NumberError,
    from_paise,
    rate_from_units,
    rate_to_units,
    to_paise,
)
from app.store.errors import StoreError

#: SQLite integers are signed 64-bit.
LIMIT = 2**63
#: Enough digits for any value that fits 64 bits with its decimals; rounding raises Inexact.
EXACT = Context(prec=60, traps=[InvalidOperation, Inexact, Overflow, DivisionByZero])

__all__ = ["from_paise", "money", "rate", "rate_from_units", "refuse", "where"]


def where(part: str, row: int | None, field: str) -> str:
    """`sales_list row 13, value` (rows counted from 1 for people)."""
    if row is None:
        return f"{part}, {field}" if field else part
    return f"{part} row {row + 1}, {field}"


def refuse(part: str, row: int | None, field: str, what: str) -> StoreError:
    return StoreError(f"{where(part, row, field)}: {what}", part=part, row=row, field=field)


def _exactly(convert: Any, value: Any, part: str, row: int | None, field: str, kind: str) -> int:
    if type(value) is int:
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise refuse(part, row, field, f"{value!r} is not {kind}")
    try:
        with localcontext(EXACT):
            n = int(convert(value))
    except NumberError as exc:
        decimals = "2 decimals" if convert is to_paise else "4 decimals"
        raise refuse(
            part,
            row,
            field,
            f"{value} has more than {decimals}; the store keeps it exactly and does not round it",
        ) from exc
    except ArithmeticError:  # Inexact / Overflow: far more digits than any amount
        raise refuse(part, row, field, f"{value} is too large to store") from None
    if not -LIMIT < n < LIMIT:
        raise refuse(part, row, field, f"{value} is too large to store")
    return n


def money(value: Decimal, part: str, row: int | None, field: str) -> int:
    """Integer paise (also hundredths of a stock quantity); more than 2 decimals is refused."""
    return _exactly(to_paise, value, part, row, field, "an amount")


def rate(value: Decimal, part: str, row: int | None, field: str) -> int:
    """Integer 1/10000ths of a percent; more than 4 decimals is refused."""
    return _exactly(rate_to_units, value, part, row, field, "a rate")
