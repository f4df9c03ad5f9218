"""Rolling a dealer forward (issue 15 item 1): which period "New return" proposes, and what a new
return takes over from the previous one.

Pure rules.  "Start from the previous return" copies what repeats month to month and leaves what
is the month's own:
- Part 1(a) and Part 2 rows: goods, act, nature, schedule, rate, point of sale (and ITC
  eligibility); the amounts only when asked;
- Part 1(b): each bill series continues after the number it ended on (`A/0450` → from `A/0451`);
- the declaration's signatory (name, parent, status, place), not its date;
- Part 5 heads (act and head of account), never amounts, references or dates.
Brought-forward figures are not copied: they come from the filing chain (instruction 16,
app.store.lifecycle.prefill_brought_forward).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.model import history
from app.model.form9 import Form9Return, Part1aRow, Part1bRow, Part2Row, Part5Row
from app.model.history import VersionFacts
from app.model.numbers import ZERO
from app.model.periods import Period, PeriodError


def month_before(today: date) -> Period:
    """The month before `today`: the return usually being prepared."""
    return Period(today.year, today.month).previous()


def _periods(versions: Sequence[VersionFacts], annual: bool) -> list[Period]:
    out: list[Period] = []
    for v in versions:
        try:
            p = Period.parse(v.period)
        except PeriodError:
            continue
        if p.is_annual == annual:
            out.append(p)
    return out


def proposed_period(
    versions: Sequence[VersionFacts], today: date, *, annual: bool = False
) -> Period:
    """The period "New return" proposes: the one after the dealer's latest return of the kind
    (month or year); with none, the month before today (the year before this one's)."""
    known = _periods(versions, annual)
    if known:
        return max(known).next()
    month = month_before(today)
    return month.financial_year.previous() if annual else month


def previous_return(versions: Sequence[VersionFacts], period: Period) -> VersionFacts | None:
    """The return a new one for `period` starts from: of the latest earlier period of the same
    kind that has one, the version standing for it (latest filed, else the newest unfiled)."""
    earlier = [p for p in _periods(versions, period.is_annual) if p < period]
    if not earlier:
        return None
    return history.standing(history.of_period(versions, max(earlier)))


_NUMBERED = re.compile(r"^(.*?)(\d+)(\D*)$")


def next_in_series(number: str) -> str:
    """The bill number after `number`, its width kept: A/0450 → A/0451, 99 → 100, INV-9/B → INV-10/B;
    "" when it has no digits to count on."""
    m = _NUMBERED.match(number.strip())
    if m is None:
        return ""
    head, digits, tail = m.groups()
    return f"{head}{str(int(digits) + 1).zfill(len(digits))}{tail}"


def _series(row: Part1bRow) -> Part1bRow:
    start = next_in_series(row.series_to) if row.series_to.strip() else ""
    return Part1bRow(series_from=start or row.series_from, series_to="")


def _part1a(row: Part1aRow, amounts: bool) -> Part1aRow:
    new = Part1aRow(sl=row.sl, act=row.act, nature=row.nature, goods=row.goods,
                    schedule=row.schedule, rate=row.rate, point_of_sale=row.point_of_sale)  # fmt: skip
    if amounts:
        new.total_turnover, new.exempt_turnover = row.total_turnover, row.exempt_turnover
        new.tax_collected, new.compounded_tax = row.tax_collected, row.compounded_tax
        new.extra = copy.deepcopy(row.extra)
    return new


def _part2(row: Part2Row, amounts: bool) -> Part2Row:
    new = Part2Row(sl=row.sl, act=row.act, nature=row.nature, goods=row.goods,
                   schedule=row.schedule, rate=row.rate, itc_eligible=row.itc_eligible)  # fmt: skip
    if amounts:
        new.purchase_value, new.tax_paid, new.cess_paid = (
            row.purchase_value,
            row.tax_paid,
            row.cess_paid,
        )
        new.extra = copy.deepcopy(row.extra)
    return new


def _head(row: Part5Row) -> Part5Row:
    return Part5Row(ref_no="", date=None, act=row.act, head_of_account=row.head_of_account,
                    amount=ZERO)  # fmt: skip


def _heads(rows: list[Part5Row]) -> list[Part5Row]:
    """Each (act, head) once, in the previous return's order; rows with neither are left out."""
    seen: set[tuple[str, str]] = set()
    out: list[Part5Row] = []
    for r in rows:
        key = (r.act, r.head_of_account.strip())
        if key[1] and key not in seen:
            seen.add(key)
            out.append(_head(r))
    return out


@dataclass(frozen=True, slots=True)
class Copied:
    """What a roll forward took over, for the note shown with the new return."""

    part1a: int
    part1b: int
    part2: int
    part5_heads: int
    signatory: bool
    amounts: bool

    def describe(self, source: str) -> str:
        things = [f"{self.part1a} Part 1(a) row(s)", f"{self.part1b} bill series (Part 1(b))",
                  f"{self.part2} Part 2 row(s)", f"{self.part5_heads} Part 5 head(s)"]  # fmt: skip
        if self.signatory:
            things.append("the signatory")
        amounts = "with their amounts" if self.amounts else "amounts left blank"
        return f"Started from {source}: {', '.join(things)} ({amounts})."


def roll_forward(previous: Form9Return, blank: Form9Return, *, amounts: bool = False
                 ) -> tuple[Form9Return, Copied]:  # fmt: skip
    """`blank` (the new period's return: header, rates, due-day class) with what repeats taken
    from `previous`; `blank` itself is not changed."""
    new = copy.deepcopy(blank)
    new.part1a = [_part1a(r, amounts) for r in previous.part1a]
    new.part1b = [_series(r) for r in previous.part1b]
    new.part2 = [_part2(r, amounts) for r in previous.part2]
    new.part5 = _heads(previous.part5)
    d, prev = new.declaration, previous.declaration
    d.signatory_name, d.signatory_parent = prev.signatory_name, prev.signatory_parent
    d.signatory_status, d.place = prev.signatory_status, prev.place
    signatory = any((prev.signatory_name, prev.signatory_parent, prev.signatory_status, prev.place))
    copied = Copied(len(new.part1a), len(new.part1b), len(new.part2), len(new.part5), signatory,
                    amounts)  # fmt: skip
    return new, copied
