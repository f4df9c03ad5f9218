"""Validation of the enclosures' sales and purchase lists (spec section 5, "lists"), fast at a
million rows.

Each row is held to the same rules, with the same findings in the same order, as a row-by-row
check would give: E-LIST-TYPE, E-AMOUNT-DP / E-NEGATIVE, E-POINT-OF-SALE, E-REQUIRED, W-LIST-DATE,
W-COUNTERPARTY, W-DUPLICATE-DOC.  But the usual rows are proven sound by a few passes that run in
C over the whole list (the few distinct types, points of sale and dates; the exact sum of each
amount column, whose exponent is the smallest of theirs, and the minus signs of its amounts:
app.model.validation_columns; the registration numbers against the TIN pattern; the hashes of the
(counterparty, document) keys), and only the rows that may hold a problem are then looked at
field by field.  W-LIST-MISMATCH sums each list once per type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from operator import attrgetter

from app.model import interpretations as rules
from app.model.findings import Finding, error, warning
from app.model.form9 import LIST_TYPES, POINTS_OF_SALE, RETURN_LIST_TYPES, Form9Return, ListRow
from app.model.identifiers import TIN_RE, counterparty_ok
from app.model.numbers import ZERO, fmt_rupees, has_paise_only
from app.model.periods import Period
from app.model.validation_columns import (
    among,
    below_zero,
    blank,
    blocks,
    finer_than,
    missing,
    outside,
)

_POINTS = ", ".join(POINTS_OF_SALE[:-1]) + " or " + POINTS_OF_SALE[-1]
_TYPES = frozenset(LIST_TYPES)
_LIST_POINTS = frozenset(("", *POINTS_OF_SALE))
#: Lines of 11 characters, each a Kerala TIN in ASCII digits (which TIN_RE matches).
_TIN_LINES = re.compile(r"(?:32[0-9]{9}\n)*").fullmatch


def _all_tins(rows: Sequence[ListRow]) -> bool:
    """Is every row's counterparty a Kerala TIN?  One match over them all, a line each: the
    length proves no number holds a newline of its own (n rows make exactly n lines)."""
    text = "\n".join(map(attrgetter("counterparty_reg_no"), rows)) + "\n"
    return len(text) == 12 * len(rows) and _TIN_LINES(text) is not None


def amount_findings(
    part: str, row: int | None, field: str, v: Decimal, *, negative_ok: bool = False
) -> Iterator[Finding]:
    """Amounts entered: at most 2 decimals (E-AMOUNT-DP), not negative (E-NEGATIVE)."""
    if not has_paise_only(v):
        yield error("E-AMOUNT-DP", part, row, field,
                    f"{v} has more than 2 decimals; enter rupees and paise only")  # fmt: skip
    if v < 0 and not negative_ok:
        yield error("E-NEGATIVE", part, row, field,
                    f"{v} is negative; amounts cannot be below zero here")  # fmt: skip


def _row(which: str, n: int, r: ListRow, first: date, last: date) -> Iterator[Finding]:
    """Every rule but the duplicate document of one row, field by field."""
    if r.type not in _TYPES:
        yield error("E-LIST-TYPE", which, n, "type",
                    f"row {n + 1}: type {r.type!r} is not one of the enclosure's types")  # fmt: skip
    neg_ok = r.type in RETURN_LIST_TYPES
    for fid, v in (("value", r.value), ("tax", r.tax), ("cess", r.cess)):
        if v < 0 and not neg_ok or not has_paise_only(v):
            yield from amount_findings(which, n, fid, v, negative_ok=neg_ok)
    if r.point_of_sale not in _LIST_POINTS:
        yield error("E-POINT-OF-SALE", which, n, "point_of_sale",
                    f"row {n + 1}: point of sale must be {_POINTS} (or blank)")  # fmt: skip
    if not r.doc_no.strip():
        yield error("E-REQUIRED", which, n, "doc_no", f"row {n + 1}: document number is required")
    if r.doc_date is None:
        yield error("E-REQUIRED", which, n, "doc_date", f"row {n + 1}: document date is required")
    elif not first <= r.doc_date <= last:
        yield warning("W-LIST-DATE", which, n, "doc_date",
                      f"row {n + 1}: document date {r.doc_date:%d-%m-%Y} is outside the return period")  # fmt: skip
    if not counterparty_ok(r.counterparty_reg_no):
        yield warning("W-COUNTERPARTY", which, n, "counterparty_reg_no",
                      f"row {n + 1}: {r.counterparty_reg_no!r} is not a TIN, a GSTIN or a placeholder (99999999999 / 88888888888)")  # fmt: skip


def _block_suspects(
    rows: Sequence[ListRow], at: int, first: date, last: date, warnings: bool
) -> set[int]:
    """`suspects` of one block of rows, the first of them row `at` of the list.  (Its columns are
    read by comprehensions, which read a row's slots about a quarter faster than attrgetter.)"""
    types = [r.type for r in rows]
    out = outside(types, _TYPES, at)  # E-LIST-TYPE
    out |= outside([r.point_of_sale for r in rows], _LIST_POINTS, at)  # E-POINT-OF-SALE
    dates = [r.doc_date for r in rows]
    if warnings:  # E-REQUIRED; W-LIST-DATE
        out |= among(dates, {d for d in set(dates) if d is None or not first <= d <= last}, at)
    else:  # E-REQUIRED
        out |= missing(dates, at)
    out |= blank([r.doc_no for r in rows], at)  # E-REQUIRED
    if warnings and not _all_tins(rows):  # W-COUNTERPARTY
        out |= {at + n for n, r in enumerate(rows) if not TIN_RE.match(r.counterparty_reg_no)
                and not counterparty_ok(r.counterparty_reg_no)}  # fmt: skip
    # E-AMOUNT-DP; E-NEGATIVE unless the row is a return
    for values in ([r.value for r in rows], [r.tax for r in rows], [r.cess for r in rows]):
        out |= finer_than(values, 2, at) | below_zero(values, types, RETURN_LIST_TYPES, at)
    return out


def suspects(rows: Sequence[ListRow], period: Period | None, warnings: bool = True) -> list[int]:
    """The rows that may break a rule (all the others are sound), in row order; without
    `warnings`, the rows that may break a rule whose finding is an error.  Each rule is proven
    over a block of rows at once (app.model.validation_columns)."""
    first, last = (period.first_day, period.last_day) if period else (date.min, date.max)
    out: set[int] = set()
    for at, block in blocks(rows):
        out |= _block_suspects(block, at, first, last, warnings)
    return sorted(out)


def _key(r: ListRow) -> tuple[str, str]:
    return r.counterparty_reg_no.strip().upper(), r.doc_no.strip().upper()


def duplicates(which: str, rows: Sequence[ListRow]) -> dict[int, Finding]:
    """W-DUPLICATE-DOC: a document number of a counterparty that an earlier row already has.
    The keys' hashes prove most lists have none without holding a key per row."""
    docs = map(str.upper, map(str.strip, map(attrgetter("doc_no"), rows)))
    if len(set(map(hash, docs))) == len(rows):  # every document number differs: no duplicate
        return {}
    out: dict[int, Finding] = {}
    seen: dict[tuple[str, str], int] = {}
    for n, r in enumerate(rows):
        key = _key(r)
        if not key[1]:
            continue
        if key in seen:
            out[n] = warning("W-DUPLICATE-DOC", which, n, "doc_no",
                             f"row {n + 1}: document {r.doc_no} of {r.counterparty_reg_no} already appears in row {seen[key] + 1}")  # fmt: skip
        else:
            seen[key] = n
    return out


def list_findings(
    which: str, rows: Sequence[ListRow], period: Period | None, warnings: bool = True
) -> Iterator[Finding]:
    """Every finding of one list, row by row (a row's duplicate warning last among its own).
    Without `warnings`: its errors alone, in the same order (the passes that can only find a
    warning, W-DUPLICATE-DOC, W-LIST-DATE and W-COUNTERPARTY, are not made)."""
    if not rows:
        return
    first, last = (period.first_day, period.last_day) if period else (date.min, date.max)
    if not warnings:
        for n in suspects(rows, period, warnings=False):
            yield from (f for f in _row(which, n, rows[n], first, last) if f.is_error)
        return
    dups = duplicates(which, rows)
    for n in sorted({*suspects(rows, period), *dups}):
        yield from _row(which, n, rows[n], first, last)
        if n in dups:
            yield dups[n]


def _by_type(rows: Sequence[ListRow]) -> dict[str, Decimal]:
    """Σ value per type of transaction (exact: the order of the additions does not matter)."""
    out: dict[str, Decimal] = {}
    get = out.get
    for r in rows:
        t = r.type
        out[t] = get(t, ZERO) + r.value
    return out


def totals_findings(ret: Form9Return) -> Iterator[Finding]:
    """W-LIST-MISMATCH: list values vs Part 1 col 8 / Part 2 col 7 by act group (interpretations)."""
    for which, groups in rules.LIST_GROUPS.items():
        rows: list[ListRow] = getattr(ret, which)
        if not rows:
            continue
        by_type = _by_type(rows)
        for label, (acts, signs) in groups.items():
            listed = ZERO
            for t, s in signs.items():
                v = by_type.get(t, ZERO)
                listed += v if s > 0 else -v
            if which == "sales_list":
                form = sum((r.total_turnover for r in ret.part1a if r.act in acts), ZERO)
                where = "Part 1(a) col 8"
            else:
                form = sum((r.purchase_value for r in ret.part2 if r.act in acts), ZERO)
                where = "Part 2 col 7"
            if abs(listed - form) > rules.LIST_TOLERANCE:
                yield warning(
                    "W-LIST-MISMATCH", which, None, "value",
                    f"{label}: the list's values total {fmt_rupees(listed)} but {where} totals {fmt_rupees(form)} (difference {fmt_rupees(listed - form)})",
                )  # fmt: skip
