"""The annual return closes the financial year (spec section 7; r.18(1)).

Advance-paid inputs are prefilled with the year's monthly Part 5 remittances under tax heads per
act (interest and cess payments are not advance tax); a year summary compares the annual figures
with the sum of the year's monthly returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.model import interpretations as rules
from app.model.carry_forward import describe
from app.model.compute import Computed
from app.model.form9 import ACTS, ActAmounts, Form9Return
from app.model.numbers import ZERO
from app.model.part5 import UNKNOWN, by_head_group
from app.model.periods import Period
from app.model.ratepack import RatePack

_KEY = {"KGST": "kgst", "KVAT": "kvat", "CST": "cst"}


def remittances_per_act(returns: Iterable[Form9Return], pack: RatePack) -> ActAmounts:
    """Σ Part 5 amounts under the pack's tax heads, per act, over the given returns (every filed
    version of every month: each filing's Part 5 lists money actually paid with it).  Payments
    under interest or cess heads are not advance tax, and a head the pack does not know cannot be
    told to be a tax head; remittances_left_out() says how much each leaves out."""
    return remittances_by_head_group(returns, pack)["tax"]


def remittances_by_head_group(
    returns: Iterable[Form9Return], pack: RatePack
) -> dict[str, ActAmounts]:
    """Σ Part 5 per act under tax, interest, cess and unknown heads (app.model.part5)."""
    return by_head_group((r for ret in returns for r in ret.part5), pack)


def left_out(by_group: dict[str, ActAmounts]) -> str:
    """' Not counted as advance: interest heads KGST 16.44; …' — what the prefill left out."""
    labels = {
        "interest": "interest heads",
        "cess": "cess heads",
        UNKNOWN: "heads not in the rate pack",
    }
    parts = [
        f"{label} {describe(by_group[g], nonzero_only=True)}"
        for g, label in labels.items()
        if any(by_group[g].of(k) for k in _KEY.values())
    ]
    return f" Not counted as advance tax: {'; '.join(parts)}." if parts else ""


def months_of_year(year: Period) -> list[Period]:
    """The year's months that take FORM No. 9 (from August 2024)."""
    first = rules.first_period(False)
    return [m for m in year.months() if m >= first]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    item: str  # e.g. "KGST total turnover (Part 1 col 8)"
    annual: Decimal
    months: Decimal

    @property
    def difference(self) -> Decimal:
        """Annual minus the sum of the months."""
        return self.annual - self.months


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: Period
    lines: list[SummaryLine]
    months_included: list[Period]
    months_missing: list[Period]  # no filed return recorded

    @property
    def differences(self) -> list[SummaryLine]:
        return [line for line in self.lines if line.difference != 0]


def _figures(ret: Form9Return, c: Computed) -> dict[str, Decimal]:
    """The comparable figures of one return, by summary item."""
    out: dict[str, Decimal] = {}
    for act in ACTS:
        rows = [(r, f) for r, f in zip(ret.part1a, c.part1a, strict=True) if r.act == act]
        out[f"{act} total turnover (Part 1 col 8)"] = sum((r.total_turnover for r, _ in rows), ZERO)
        out[f"{act} taxable turnover (Part 1 col 10)"] = sum(
            (f.taxable_turnover for _, f in rows), ZERO
        )
        out[f"{act} tax payable (Part 1 col 14)"] = sum(
            (f.total_tax_payable for _, f in rows), ZERO
        )
    p3 = c.part3
    out["KVAT input tax credit (Part 3 (g)(iii))"] = p3.g_iii
    for cid, label in (("b", "Surcharge"), ("c", "AST s.5D"), ("d", "SSC s.6(1)"),
                       ("e", "SSC s.6(2A)(i)"), ("f", "SSC s.6(2A)(ii)")):  # fmt: skip
        out[f"{label} (Part 3 ({cid}))"] = getattr(p3, cid)
    return out


def year_summary(
    year: Period,
    annual: Form9Return,
    annual_computed: Computed,
    months: Mapping[Period, tuple[Form9Return, Computed] | None],
    remittances: ActAmounts,
) -> YearSummary:
    """Annual figures vs the sum of the latest filed return of each month; advance paid (annual
    inputs) vs the year's Part 5 remittances.  `months` maps each month to its latest filed
    return, or None when none is recorded."""
    annual_fig = _figures(annual, annual_computed)
    summed = dict.fromkeys(annual_fig, ZERO)
    included: list[Period] = []
    missing: list[Period] = []
    for m in months_of_year(year):
        got = months.get(m)
        if got is None:
            missing.append(m)
            continue
        included.append(m)
        for k, v in _figures(*got).items():
            summed[k] += v
    lines = [SummaryLine(k, annual_fig[k], summed[k]) for k in annual_fig]
    for act in ACTS:
        key = _KEY[act]
        lines.append(
            SummaryLine(
                f"{act} advance paid (annual inputs) vs monthly Part 5 remittances",
                annual.inputs.advance.of(key),
                remittances.of(key),
            )
        )
    return YearSummary(year, lines, included, missing)
