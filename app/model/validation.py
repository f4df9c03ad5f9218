"""Validation of one return (spec section 5): findings with code, severity, location, message.

Errors block "ready to file" and export; warnings do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from app.model import interpretations as rules
from app.model.compute import Computed
from app.model.findings import Finding, error, warning
from app.model.form9 import (
    ACTS,
    CESS_IDS,
    CONSTITUTIONS,
    NATURES_OF_BUSINESS,
    POINTS_OF_SALE,
    Form9Return,
    Part1aRow,
    Part2Row,
)
from app.model.identifiers import gstin_problem, tin_problem
from app.model.numbers import fmt_rupees, has_rate_units_only
from app.model.part5 import unpaid_findings
from app.model.periods import Period, PeriodError
from app.model.ratepack import RatePack
from app.model.validation_columns import (
    below_zero,
    blank,
    column,
    exceeding,
    finer_than,
    outside,
)
from app.model.validation_lists import amount_findings, list_findings, totals_findings
from app.model.validation_pack import pack_findings
from app.model.validation_revision import revision_findings

if TYPE_CHECKING:  # given by the GUI and the store, never by the commands over files
    from app.model.validation_context import Context

_POINTS = ", ".join(POINTS_OF_SALE[:-1]) + " or " + POINTS_OF_SALE[-1]


_e, _w, _rs = error, warning, fmt_rupees


def _rate(part: str, row: int | None, field: str, v: Decimal) -> Iterator[Finding]:
    if v < 0:
        yield _e("E-RATE", part, row, field, f"rate {v}% is negative")
    elif not has_rate_units_only(v):
        yield _e("E-RATE", part, row, field, f"rate {v}% has more than 4 decimals")


def _header(ret: Form9Return) -> Iterator[Finding]:
    h, p = ret.header, "header"
    problem = tin_problem(h.tin.strip())
    if problem:
        yield _e("E-TIN", p, None, "tin", problem)
    if h.gstin.strip():
        gp = gstin_problem(h.gstin)
        if gp:
            yield _e("E-GSTIN", p, None, "gstin", gp)
    period: Period | None = None
    try:
        period = Period.parse(h.period)
    except PeriodError as exc:
        yield _e("E-PERIOD", p, None, "period", str(exc))
    if h.return_type not in ("original", "revision"):
        yield _e(
            "E-RETURN-TYPE",
            p,
            None,
            "return_type",
            f"return type {h.return_type!r} is neither original nor revision",
        )
    if h.return_type == "revision" and h.revision_no < 1:
        yield _e("E-REVISION-NO", p, None, "revision_no", "a revision must be numbered 1, 2, …")
    if h.return_type == "original" and h.revision_no != 0:
        yield _e(
            "E-REVISION-NO", p, None, "revision_no", "an original return has revision number 0"
        )
    if h.date_of_filing is None:
        yield _e("E-REQUIRED", p, None, "date_of_filing", "date of filing is required")
    elif period is not None and h.date_of_filing < period.last_day:
        yield _e(
            "E-FILING-DATE", p, None, "date_of_filing",
            f"date of filing {h.date_of_filing:%d-%m-%Y} is before the period ends ({period.last_day:%d-%m-%Y})",
        )  # fmt: skip
    for fid, label in (("kgst_no", "KGST No."), ("name", "dealer name"), ("address", "address"),
                       ("tps_division", "TPS division"), ("tps_circle", "TPS circle")):  # fmt: skip
        if not str(getattr(h, fid)).strip():
            yield _e("E-REQUIRED", p, None, fid, f"{label} is required")
    if h.constitution not in CONSTITUTIONS:
        yield _e(
            "E-CHOICE",
            p,
            None,
            "constitution",
            f"constitution {h.constitution!r} must be one of {', '.join(CONSTITUTIONS)}",
        )
    if h.nature_of_business not in NATURES_OF_BUSINESS:
        yield _e(
            "E-CHOICE",
            p,
            None,
            "nature_of_business",
            f"nature of business {h.nature_of_business!r} must be one of {', '.join(NATURES_OF_BUSINESS)}",
        )
    for i, b in enumerate(h.branches):
        if not b.name.strip():
            yield _e("E-REQUIRED", "header.branches", i, "name", f"branch {i + 1} has no name")


def _inputs(ret: Form9Return) -> Iterator[Finding]:
    i, p = ret.inputs, "inputs"
    for kind in ("advance", "brought_forward"):
        amounts = getattr(i, kind)
        for act in ("kgst", "kvat", "cst"):
            yield from amount_findings(p, None, f"{kind}.{act}", getattr(amounts, act))
    for cid in CESS_IDS:
        yield from amount_findings(p, None, f"cess.{cid}", getattr(i.cess, cid))
    for act in ACTS:
        yield from _rate(p, None, f"interest_rate.{act}", i.interest_rate[act])


def _act(part: str, row: int, act: str) -> Iterator[Finding]:
    if act not in ACTS:
        yield _e("E-ACT", part, row, "act", f"act {act!r} must be KGST, KVAT or CST")


_PART1A_AMOUNTS = ("total_turnover", "exempt_turnover", "tax_collected", "compounded_tax")
_PART2_AMOUNTS = ("purchase_value", "tax_paid", "cess_paid")


def _goods_suspects(rows: Sequence[Part1aRow | Part2Row], amounts: tuple[str, ...]) -> set[int]:
    """The rows of Part 1(a) or Part 2 that may break a rule both hold their rows to (E-ACT,
    E-RATE, E-AMOUNT-DP / E-NEGATIVE on `amounts`, E-REQUIRED goods): each rule proven over its
    whole column at once (app.model.validation_columns); every other row has no such error."""
    rates = column(rows, "rate")
    out = outside(column(rows, "act"), ACTS) | finer_than(rates, 4) | below_zero(rates)
    for fid in amounts:
        values = column(rows, fid)
        out |= finer_than(values, 2) | below_zero(values)
    return out | blank(column(rows, "goods"))


def _part1a_suspects(rows: list[Part1aRow]) -> list[int]:
    """The rows that may break one of `_part1a`'s error rules (every other row has none)."""
    out = _goods_suspects(rows, _PART1A_AMOUNTS)
    out |= outside(column(rows, "point_of_sale"), POINTS_OF_SALE)  # E-POINT-OF-SALE
    out |= exceeding(column(rows, "exempt_turnover"), column(rows, "total_turnover"))  # E-EXEMPT
    return sorted(out)


def _part1a(ret: Form9Return, c: Computed, warnings: bool = True) -> Iterator[Finding]:
    """Part 1(a)'s row rules, row by row; without `warnings`, its errors alone in the same order:
    only the rows that may break an error rule are looked at, and no warning is made."""
    p = "part1a"
    for n in range(len(ret.part1a)) if warnings else _part1a_suspects(ret.part1a):
        r = ret.part1a[n]
        yield from _act(p, n, r.act)
        yield from _rate(p, n, "rate", r.rate)
        for fid in _PART1A_AMOUNTS:
            yield from amount_findings(p, n, fid, getattr(r, fid))
        if not r.goods.strip():
            yield _e("E-REQUIRED", p, n, "goods", f"row {n + 1}: name of goods is required")
        if r.point_of_sale not in POINTS_OF_SALE:
            yield _e(
                "E-POINT-OF-SALE",
                p,
                n,
                "point_of_sale",
                f"row {n + 1}: point of sale must be {_POINTS}",
            )
        if r.exempt_turnover > r.total_turnover:
            yield _e(
                "E-EXEMPT", p, n, "exempt_turnover",
                f"row {n + 1}: exempt turnover {_rs(r.exempt_turnover)} exceeds total turnover {_rs(r.total_turnover)}",
            )  # fmt: skip
        if not warnings:
            continue
        fig = c.part1a[n]
        diff = abs(r.tax_collected - fig.tax_due)
        if r.compounded_tax == 0 and diff > rules.TAX_COLLECTED_TOLERANCE:
            yield _w(
                "W-TAX-COLLECTED", p, n, "tax_collected",
                f"row {n + 1}: tax collected {_rs(r.tax_collected)} differs from tax due {_rs(fig.tax_due)} by {_rs(diff)}",
            )  # fmt: skip
        if fig.tax_due > 0 and r.compounded_tax > 0:
            yield _w(
                "W-COMPOUNDED-BOTH", p, n, "compounded_tax",
                f"row {n + 1}: tax due {_rs(fig.tax_due)} (col 12) and compounded tax "
                f"{_rs(r.compounded_tax)} (col 13) are both above zero, and col 14 adds them; a "
                "dealer paying at compounded rates (KGST s.7) pays that instead of tax on the "
                "taxable turnover — put such turnover in col 9 or the tax in one column only",
            )  # fmt: skip


def _part2(ret: Form9Return, warnings: bool = True) -> Iterator[Finding]:
    """Part 2's row rules, row by row; without `warnings`, its errors alone in the same order
    (only the rows that may break an error rule are looked at)."""
    p = "part2"
    rows = ret.part2
    for n in range(len(rows)) if warnings else sorted(_goods_suspects(rows, _PART2_AMOUNTS)):
        r = rows[n]
        yield from _act(p, n, r.act)
        yield from _rate(p, n, "rate", r.rate)
        for fid in _PART2_AMOUNTS:
            yield from amount_findings(p, n, fid, getattr(r, fid))
        if not r.goods.strip():
            yield _e("E-REQUIRED", p, n, "goods", f"row {n + 1}: name of goods is required")
        if warnings and r.itc_eligible and r.act != "KVAT":
            yield _w(
                "W-ITC-ACT",
                p,
                n,
                "itc_eligible",
                f"row {n + 1}: input tax credit counts only for KVAT purchases (Part 3 (g)(iii))",
            )


def _part1b(ret: Form9Return) -> Iterator[Finding]:
    for n, r in enumerate(ret.part1b):
        for fid in ("series_from", "series_to"):
            if not getattr(r, fid).strip():
                yield _e(
                    "E-REQUIRED",
                    "part1b",
                    n,
                    fid,
                    f"bill series {n + 1}: '{fid.replace('_', ' ')}' is required",
                )


def _part5(ret: Form9Return) -> Iterator[Finding]:
    p = "part5"
    for n, r in enumerate(ret.part5):
        yield from _act(p, n, r.act)
        yield from amount_findings(p, n, "amount", r.amount)
        if not r.ref_no.strip():
            yield _e(
                "E-REQUIRED",
                p,
                n,
                "ref_no",
                f"remittance {n + 1}: challan / reference no. is required",
            )
        if r.date is None:
            yield _e("E-REQUIRED", p, n, "date", f"remittance {n + 1}: challan date is required")


def _declaration(ret: Form9Return) -> Iterator[Finding]:
    d, p = ret.declaration, "declaration"
    for fid, label in (("signatory_name", "name of the authorised signatory"),
                       ("signatory_status", "status of the authorised signatory"),
                       ("place", "place")):  # fmt: skip
        if not getattr(d, fid).strip():
            yield _e("E-REQUIRED", p, None, fid, f"{label} is required")
    if d.date is None:
        yield _e("E-REQUIRED", p, None, "date", "date of the declaration is required")
    fits = signatory_fits(ret.header.constitution, d.signatory_status)
    if fits is False:
        who = rules.SIGNATORY_STATUS[ret.header.constitution][0]
        yield _w(
            "W-SIGNATORY", p, None, "signatory_status",
            f"status {d.signatory_status!r} does not fit a {ret.header.constitution}: instruction 9 "
            f"asks for {who} to sign, or a person authorised in Form No. II",
        )  # fmt: skip


def signatory_fits(constitution: str, status: str) -> bool | None:
    """Instruction 9: may a signatory of this status sign for this constitution?  None when the
    rule does not say (constitution "Other", or no status)."""
    words = re.findall(r"[a-z]+", status.casefold())
    rule = rules.SIGNATORY_STATUS.get(constitution)
    if not words or rule is None:
        return None
    keys = (*rule[1], *rules.SIGNATORY_AUTHORISED)
    return any(w.startswith(k) for w in words for k in keys)


def _stock(ret: Form9Return, period: Period | None) -> Iterator[Finding]:
    if period is not None and period.is_annual and not ret.stock:
        yield _e(
            "E-STOCK-MISSING",
            "stock",
            None,
            None,
            "an annual return needs the stock inventory as on 31 March (enclosure 2)",
        )
    for n, s in enumerate(ret.stock):
        if not s.goods.strip():
            yield _e(
                "E-REQUIRED", "stock", n, "goods", f"stock row {n + 1}: name of goods is required"
            )
        yield from amount_findings("stock", n, "quantity", s.quantity)
        yield from amount_findings("stock", n, "value", s.value)


def errors(ret: Form9Return, computed: Computed, pack: RatePack | None = None) -> list[Finding]:
    """The errors of `validate(ret, computed, pack)`, the same findings in the same order, for a
    command that refuses a return with errors and shows nothing else (export-json, export-pdf):
    the passes over the long lists that can only find a warning are not made (duplicate
    documents, dates outside the period, counterparties, W-LIST-MISMATCH's sums per type).
    tests/model/test_validation.py holds it to `validate` on every golden and hostile return."""
    return [f for f in _findings(ret, computed, pack, warnings=False) if f.is_error]


def _findings(
    ret: Form9Return, computed: Computed, pack: RatePack | None, warnings: bool
) -> list[Finding]:
    try:
        period: Period | None = Period.parse(ret.header.period)
    except PeriodError:
        period = None
    return [
        *_header(ret), *_inputs(ret), *_part1a(ret, computed, warnings), *_part1b(ret),
        *_part2(ret, warnings), *pack_findings(ret, pack, warnings), *_part5(ret),
        *unpaid_findings(ret, computed, pack), *revision_findings(ret, computed, period),
        *_declaration(ret),
        *list_findings("sales_list", ret.sales_list, period, warnings),
        *list_findings("purchase_list", ret.purchase_list, period, warnings),
        *(totals_findings(ret) if warnings else ()), *_stock(ret, period),
    ]  # fmt: skip


def validate(
    ret: Form9Return,
    computed: Computed,
    pack: RatePack | None = None,
    context: Context | None = None,
) -> list[Finding]:
    """Every rule of spec section 5 that can be checked from one return (plus `context`)."""
    out = _findings(ret, computed, pack, warnings=True)
    if context is not None:
        if context.previous_filed is False:
            out.append(_w("W-PREVIOUS-NOT-FILED", "header", None, "period",
                          "the previous period's return is not filed yet; it must be filed first (instruction 2)"))  # fmt: skip
        if context.registration_renewed is False:
            out.append(_w("W-REGISTRATION", "header", None, "tin",
                          "registration is not renewed for this financial year (instruction 1)"))  # fmt: skip
    return out
