"""Recompute a whole return: every computed column of FORM No. 9 (spec section 8, `recompute`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from app.model import interpretations as rules
from app.model.form9 import Form9Return
from app.model.lists import ListSummary, summarise
from app.model.numbers import ZERO
from app.model.part1 import Part1aFigures, part1a_figures, part2_total
from app.model.part3 import Part3, compute_part3, itc_kvat
from app.model.part3a import Part3A, compute_part3a
from app.model.periods import DEFAULT_DUE_RULES, DueRules, Period, delay_days, due_date

if TYPE_CHECKING:
    from app.model.part4 import Part4  # imported by a revision's compute() only (issue 13)


@dataclass(frozen=True, slots=True)
class Computed:
    """Every computed figure of a return (spec section 5), made by compute()."""

    part1a: list[Part1aFigures]
    part2_totals: list[Decimal]
    part3: Part3
    part3a: Part3A
    part4: Part4 | None
    due_date: date | None
    delay_days: int
    sales_summary: ListSummary
    purchase_summary: ListSummary


def resolve_due_date(ret: Form9Return, due_rules: DueRules = DEFAULT_DUE_RULES) -> date | None:
    """inputs.due_date when given, else the section 2 rule from inputs.large_dealer."""
    if ret.inputs.due_date is not None:
        return ret.inputs.due_date
    try:
        period = Period.parse(ret.header.period)
    except ValueError:
        return None
    return due_date(
        period,
        large_dealer=bool(ret.inputs.large_dealer),
        nature_of_business=ret.header.nature_of_business,
        due_rules=due_rules,
    )


def compute(
    ret: Form9Return,
    *,
    as_of: date | None = None,
    due_rules: DueRules = DEFAULT_DUE_RULES,
    with_lists: bool = True,
) -> Computed:
    """All computed figures. `as_of` stands in for a missing date of filing ("what if I file on…")."""
    p1 = [part1a_figures(r) for r in ret.part1a]
    col14 = {"KGST": ZERO, "KVAT": ZERO, "CST": ZERO}
    for row, fig in zip(ret.part1a, p1, strict=True):
        if row.act in col14:
            col14[row.act] += fig.total_tax_payable
    p3 = compute_part3(col14, itc_kvat(ret.part2), ret.inputs)
    due = resolve_due_date(ret, due_rules)
    filed_on = ret.header.date_of_filing or as_of
    delay = delay_days(due, filed_on) if due and filed_on else 0
    p3a = compute_part3a(p3, ret.inputs.interest_rate, delay)
    p4 = None
    if ret.is_revision and ret.filed is not None:
        from app.model.part4 import compute_part4

        original_due = ret.filed.due_date or due
        delay4 = delay_days(original_due, filed_on) if original_due and filed_on else 0
        p4 = compute_part4(
            ret.filed.part3,
            p3.as_dict(),
            ret.filed.carried_forward,
            ret.inputs.interest_rate,
            delay4,
        )
    empty = ListSummary()
    return Computed(
        part1a=p1,
        part2_totals=[part2_total(r) for r in ret.part2],
        part3=p3,
        part3a=p3a,
        part4=p4,
        due_date=due,
        delay_days=delay,
        sales_summary=summarise(ret.sales_list) if with_lists else empty,
        purchase_summary=summarise(ret.purchase_list) if with_lists else empty,
    )


def payable_per_act(c: Computed) -> dict[str, Decimal]:
    """What Part 5 must cover per act: Part 3(A) totals, or Part 4 payable rows for a revision."""
    if c.part4 is None:
        return {act: c.part3a.total_for(act) for act in ("KGST", "KVAT", "CST")}
    due = {"KGST": ZERO, "KVAT": ZERO, "CST": ZERO}
    for spec in rules.PART4_ROWS:
        line = c.part4.rows[spec.id]
        if rules.part4_row_charged(spec.payable, line.effect):
            due[spec.act] += line.total
    return due
