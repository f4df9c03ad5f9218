"""Validation of a revision (instructions 15–17, r.22A(3); spec sections 4, 5): the window, the
filed return's facts, and the excess carried into a later return.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.model import interpretations as rules
from app.model.compute import Computed
from app.model.findings import Finding, error, warning
from app.model.form9 import ACT_KEYS, Form9Return
from app.model.numbers import fmt_rupees
from app.model.periods import Period, rectification_deadline


def _carried_before_next(ret: Form9Return, period: Period) -> Iterator[Finding]:
    """W-CF-BEFORE-NEXT: Part 4 says part of the filed excess was carried into the next period's
    filed return, but that return cannot exist yet.  A return is filed no earlier than its
    period's last day (E-FILING-DATE), so a revision dated before the next period's last day
    cannot follow a filed return of that period."""
    filed, on = ret.filed, ret.header.date_of_filing
    if filed is None or on is None:
        return
    nxt = period.next()
    if on >= nxt.last_day:
        return
    for key, act in ACT_KEYS.items():
        cf = filed.carried_forward.of(key)
        if cf > 0:
            yield warning(
                "W-CF-BEFORE-NEXT", "part4", None, f"carried_forward.{key}",
                f"{act}: {fmt_rupees(cf)} of the filed excess is said to be carried into the "
                f"return for {nxt.label}, but that period ends on {nxt.last_day:%d-%m-%Y}, after "
                f"this revision's date of filing {on:%d-%m-%Y}: no such return can be filed yet "
                "(instruction 16)",
            )  # fmt: skip


def _interest_on_carried(ret: Form9Return, c: Computed) -> Iterator[Finding]:
    """W-REV-CF-INTEREST: part of the filed excess was carried forward and Part 4 charges interest
    on the increase from the original due date; the other reading (docs/decisions.md) charges the
    part that only reduces the carried excess from the later return's due date."""
    filed, p4 = ret.filed, c.part4
    if filed is None or p4 is None:
        return
    due = filed.due_date or c.due_date
    since = f" from the original due date {due:%d-%m-%Y}" if due else ""
    for key, act in ACT_KEYS.items():
        cf = filed.carried_forward.of(key)
        row_id = rules.PAYABLE_AFTER_CREDIT[act]
        line = p4.rows[row_id]
        if cf <= 0 or line.interest <= 0:
            continue
        part = min(line.effect, cf)
        yield warning(
            "W-REV-CF-INTEREST", "part4", None, f"{row_id}.interest",
            f"{act}: {fmt_rupees(cf)} of the filed excess was carried into a later return "
            f"(instruction 16) and Part 4 charges {fmt_rupees(line.interest)} interest on the "
            f"increase of {fmt_rupees(line.effect)}{since}; up to {fmt_rupees(part)} of it only "
            "replaces credit used in that later return, which another reading charges from the "
            "later return's due date — check before filing (docs/decisions.md)",
        )  # fmt: skip


def revision_findings(ret: Form9Return, c: Computed, period: Period | None) -> list[Finding]:
    if not ret.is_revision:
        return []
    out: list[Finding] = []
    on = ret.header.date_of_filing
    if period is not None and on is not None:
        deadline = rectification_deadline(period)
        if on > deadline:
            out.append(warning(
                "W-REV-LATE", "header", None, "date_of_filing",
                f"revision filed after {deadline:%d-%m-%Y}, two months from the end of the period "
                "(r.22A(3)): rectification may not be accepted",
            ))  # fmt: skip
    if ret.filed is None:
        out.append(error(
            "E-PART4", "part4", None, None,
            "a revision needs the figures of the filed return (Part 4)",
        ))  # fmt: skip
    if period is not None:
        out += _carried_before_next(ret, period)
    out += _interest_on_carried(ret, c)
    return out
