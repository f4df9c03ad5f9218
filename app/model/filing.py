"""Checks before "Mark as filed" (spec sections 5 and 7; instructions 2–4; r.21(7), r.22A(3)).

Pure rules: the store supplies which earlier returns are filed (`SequenceState`) and the
validation findings; this module says whether the return may be filed and why not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.model import interpretations as rules
from app.model import part5 as part5_rules
from app.model.compute import Computed, payable_per_act
from app.model.findings import Finding
from app.model.form9 import ACTS, Form9Return
from app.model.numbers import ZERO, fmt_rupees, percent_of
from app.model.periods import (
    DEFAULT_DUE_RULES,
    NATURE_OIL_COMPANY,
    DueRules,
    Period,
    oil_advance_due,
    rectification_deadline,
)

#: Whether an earlier return needed by instruction 2 is filed.  "unknown": the app holds no return
#: of that kind before this period (the dealer's chain starts here, earlier returns were filed
#: outside the app); that is a warning, not a refusal.
SequenceState = Literal["filed", "unfiled", "unknown"]

#: Validation findings that "Mark as filed" replaces with its own, stricter ones.
_SUPERSEDED = frozenset({"E-UNPAID", "W-PREVIOUS-NOT-FILED"})


_rs = fmt_rupees


def required_previous(period: Period) -> list[Period]:
    """Returns that must be filed before this one (instruction 2).

    A month needs the previous month (none before August 2024, the first FORM No. 9 month).  The
    annual return needs the previous year's annual return (none before 2024-25) and the year's
    March return, the last monthly return it closes.
    """
    out: list[Period] = []
    prev = period.previous()
    if prev >= rules.first_period(period.is_annual):
        out.append(prev)
    if period.is_annual:
        out.append(Period(period.year + 1, 3))
    return out


def sequence_findings(states: Mapping[Period, SequenceState]) -> list[Finding]:
    out: list[Finding] = []
    for p, state in states.items():
        if state == "unfiled":
            out.append(
                Finding(
                    "E-PREVIOUS-NOT-FILED",
                    "error",
                    "header",
                    None,
                    "period",
                    f"the return for {p.label} is not filed yet; it must be filed first "
                    "(instruction 2)",
                )
            )
        elif state == "unknown":
            out.append(
                Finding(
                    "W-PREVIOUS-UNKNOWN",
                    "warning",
                    "header",
                    None,
                    "period",
                    f"no return for {p.label} is recorded in this app; make sure it was filed "
                    "on KITIS first (instruction 2)",
                )
            )
    return out


def paid_per_act(ret: Form9Return) -> dict[str, Decimal]:
    """Part 5 remittances per act."""
    return part5_rules.paid_per_act(ret.part5)


def shortfall_per_act(ret: Form9Return, computed: Computed) -> dict[str, Decimal]:
    """Payable per act (Part 3(A) totals, or Part 4 payable rows for a revision) minus Part 5."""
    paid = paid_per_act(ret)
    due = payable_per_act(computed)
    return {act: max(ZERO, due[act] - paid[act]) for act in ACTS}


def payment_findings(ret: Form9Return, computed: Computed) -> list[Finding]:
    """Instructions 3–4: a return is filed only when Part 5 covers what it declares payable (per
    act; the per-group check of validation, which needs the rate pack, is kept as it is)."""
    return part5_rules.unpaid_findings(ret, computed, None)


def rectification_finding(period: Period, filed_on: date) -> Finding | None:
    """r.22A(3): a revision is due within two months from the last day of the period."""
    deadline = rectification_deadline(period)
    if filed_on <= deadline:
        return None
    return Finding(
        "W-REV-LATE", "warning", "header", None, "date_of_filing",
        f"revision filed on {filed_on:%d-%m-%Y}, after {deadline:%d-%m-%Y}, two months from the "
        "end of the period (r.22A(3)): rectification may not be accepted",
    )  # fmt: skip


def filing_findings(
    ret: Form9Return,
    computed: Computed,
    *,
    ack_no: str,
    filed_on: date | None,
    today: date,
    validation: Iterable[Finding],
    sequence: Mapping[Period, SequenceState],
) -> list[Finding]:
    """Everything that decides "Mark as filed": errors refuse it, warnings are shown.

    `ret` and `computed` must already carry `filed_on` as the date of filing, so interest and the
    payable are those of the actual filing date.
    """
    out: list[Finding] = []
    if not ack_no.strip():
        out.append(
            Finding(
                "E-ACK",
                "error",
                "filing",
                None,
                "ack_no",
                "the acknowledgement number from KITIS is required",
            )
        )
    if filed_on is None:
        out.append(
            Finding(
                "E-REQUIRED", "error", "filing", None, "filed_on", "the date of filing is required"
            )
        )
    elif filed_on > today:
        out.append(
            Finding(
                "E-FILED-FUTURE",
                "error",
                "filing",
                None,
                "filed_on",
                f"the date of filing {filed_on:%d-%m-%Y} is in the future",
            )
        )
    for f in validation:
        # E-UNPAID per act is redone below; the per-group one (field head_of_account) is kept.
        superseded = f.code in _SUPERSEDED and not (f.code == "E-UNPAID" and f.field)
        if superseded or (f.code == "W-REV-LATE" and filed_on is not None):
            continue
        if f.code == "E-REQUIRED" and f.field == "date_of_filing" and filed_on is not None:
            continue
        out.append(f)
    out.extend(sequence_findings(sequence))
    out.extend(payment_findings(ret, computed))
    if ret.is_revision and filed_on is not None:
        try:
            late = rectification_finding(Period.parse(ret.header.period), filed_on)
        except ValueError:
            late = None
        if late is not None:
            out.append(late)
    return out


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


@dataclass(frozen=True, slots=True)
class OilAdvance:
    """r.21(7): the oil-company advance reminder for a return period (not part of the form)."""

    period: Period  # the return period the advance is paid for
    based_on: Period  # the preceding month whose tax sets the amount
    due: date  # 7th of the month following `period`
    percent: int
    tax: dict[str, Decimal]  # tax payable of `based_on` per act
    amount: dict[str, Decimal]  # at least this much, per act

    @property
    def total(self) -> Decimal:
        return sum(self.amount.values(), ZERO)

    @property
    def message(self) -> str:
        parts = ", ".join(f"{a} {_rs(v)}" for a, v in self.amount.items() if v)
        return (
            f"Oil company advance (r.21(7)): by {self.due:%d-%m-%Y} pay at least {self.percent}% "
            f"of the tax payable for {self.based_on.label}: {_rs(self.total)}"
            + (f" ({parts})" if parts else "")
        )


def tax_payable_of(part3: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """A month's tax payable per act for r.21(7): KGST (a)(i), KVAT output tax less ITC
    ((g)(i) − (g)(iii), not below 0), CST (h)(i); cesses (b)–(f) are not tax."""
    return {
        "KGST": part3["a_i"],
        "KVAT": max(ZERO, part3["g_i"] - part3["g_iii"]),
        "CST": part3["h_i"],
    }


def oil_advance_reminder(
    period: Period,
    nature_of_business: str,
    preceding_part3: Mapping[str, Decimal] | None,
    due_rules: DueRules = DEFAULT_DUE_RULES,
) -> OilAdvance | None:
    """For an oil company's return period other than March (and not annual): 70% of the
    preceding month's tax payable, due by the 7th of the month after the period."""
    if nature_of_business != NATURE_OIL_COMPANY or preceding_part3 is None:
        return None
    due = oil_advance_due(period, due_rules)
    if due is None:
        return None
    tax = tax_payable_of(preceding_part3)
    pct = Decimal(due_rules.oil_advance_percent)
    amount = {act: percent_of(v, pct) for act, v in tax.items()}
    return OilAdvance(period, period.previous(), due, due_rules.oil_advance_percent, tax, amount)
