"""Proofs over a whole column of a table, run in C: which rows may break a row rule of spec
section 5 ("suspects"), so that only those are looked at field by field.

A proof may name a row that turns out sound (−0.00 has a minus sign but is not below zero): the
row's own rule, applied to each suspect, decides.  It never leaves out a row that breaks the
rule.  The rules themselves, and their findings, are where they are applied
(app.model.validation, app.model.validation_lists); this module holds only how a column is
vouched for at once.

A long table is proven in blocks of rows (`blocks`): every pass over a block finds its rows and
amounts still in the processor's cache.  Each proof takes the block's first row number (`first`)
and names rows by their number in the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from decimal import Clamped, Context, Decimal, DecimalException, Inexact, Rounded, localcontext
from itertools import compress
from operator import attrgetter, gt
from typing import Any, TypeVar

from app.model.numbers import ZERO, has_paise_only, has_rate_units_only

#: Rows proven together: about 20 % faster than whole columns at 100,000 rows (a block's row
#: objects and amounts, a few hundred KB, are read from the cache by every pass after the first).
BLOCK = 2048

#: Exact sums: any digit dropped (even a zero: Rounded) or exponent altered (Clamped) raises, so
#: a sum that comes back is exact whatever the amounts' size or decimals.
_EXACT = Context(prec=80, traps=[Inexact, Rounded, Clamped])

_WITHIN: dict[int, Callable[[Decimal], bool]] = {2: has_paise_only, 4: has_rate_units_only}

_Row = TypeVar("_Row")

#: Row numbers within a block, made once (count() would make an int for every row passed over).
_INDEX = tuple(range(BLOCK))


def _numbers(values: Sequence[object]) -> Iterable[int]:
    """0, 1, … for each of `values`."""
    return _INDEX if len(values) <= len(_INDEX) else range(len(values))


def blocks(rows: Sequence[_Row]) -> Iterator[tuple[int, Sequence[_Row]]]:
    """The table in blocks of `BLOCK` rows, each with the number of its first row."""
    for first in range(0, len(rows), BLOCK):
        yield first, rows[first : first + BLOCK]


def column(rows: Iterable[object], field: str) -> list[Any]:
    """One field of every row, in row order."""
    return list(map(attrgetter(field), rows))


def finer_than(values: Sequence[Decimal], places: int, first: int = 0) -> set[int]:
    """The rows whose value may have more than `places` decimals (2: E-AMOUNT-DP, amounts
    entered; 4: E-RATE, rates).  An exact sum has the exponent of its finest term, so a column
    whose sum has at most `places` decimals has no value with more; else each value is looked at
    (trailing zeros do not count: 1.500 has 1 decimal)."""
    try:
        with localcontext(_EXACT):
            exponent = sum(values, ZERO).as_tuple().exponent
    except DecimalException:
        exponent = "n"  # not exact in 80 digits: look at each
    if isinstance(exponent, int) and exponent >= -places:
        return set()
    within = _WITHIN[places]
    return {first + n for n, v in enumerate(values) if not within(v)}


def below_zero(
    values: Sequence[Decimal],
    kinds: Sequence[str] | None = None,
    allowed: Collection[str] = (),
    first: int = 0,
) -> set[int]:
    """The rows whose value may be below zero where that is not allowed (E-NEGATIVE, E-RATE):
    every value with a minus sign, found in C (−0.00 among them, which its row's rule lets pass);
    with `kinds` (the same rows' kinds), only those of a row whose kind is not `allowed` (a
    return may be negative), the signed rows' kinds looked at in C.  The usual column, with no
    sign, costs one pass (which stops at the first sign it meets)."""
    if not any(map(Decimal.is_signed, values)):
        return set()
    signed = list(compress(_numbers(values), map(Decimal.is_signed, values)))
    if kinds is not None:
        if set(map(kinds.__getitem__, signed)) <= set(allowed):
            return set()
        signed = [n for n in signed if kinds[n] not in allowed]
    return {first + n for n in signed}


def outside(values: Sequence[object], allowed: Collection[object], first: int = 0) -> set[int]:
    """The rows whose value is not one of `allowed` (E-ACT, E-LIST-TYPE, E-POINT-OF-SALE): the
    column's few distinct values are looked at, then the rows of the bad ones found."""
    return among(values, set(values).difference(allowed), first)


def among(values: Sequence[object], bad: Collection[object], first: int = 0) -> set[int]:
    """The rows whose value is one of `bad` (a few values found among the column's distinct ones)."""
    if not bad:
        return set()
    return {first + n for n, v in enumerate(values) if v in bad}


def blank(values: Sequence[str], first: int = 0) -> set[int]:
    """The rows whose text is empty or only spaces (E-REQUIRED): one pass in C proves none is."""
    if all(map(str.strip, values)):
        return set()
    return {first + n for n, v in enumerate(values) if not v.strip()}


def missing(values: Sequence[object], first: int = 0) -> set[int]:
    """The rows whose value is None (E-REQUIRED on a date): a date is never false, so one pass
    in C proves none is missing."""
    if all(values):
        return set()
    return {first + n for n, v in enumerate(values) if v is None}


def exceeding(values: Sequence[Decimal], limits: Sequence[Decimal], first: int = 0) -> set[int]:
    """The rows whose value exceeds the same row's limit (E-EXEMPT), compared in C."""
    return {first + n for n in compress(_numbers(values), map(gt, values, limits))}
