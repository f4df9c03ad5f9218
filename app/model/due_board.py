"""The due-date board (issue 15 item 4): across all dealers, which returns are overdue and which
fall due in the next N days, with the interest running on an overdue one if filed today.

Pure rules over facts the store supplies.  A period is *due* while no return of it is filed
(a draft or a ready return does not count).  Due dates are spec section 2 (app.model.periods)
with the rate pack's due rules and the dealer's due-day class and nature of business; where the
period has an unfiled return, its own due date as the engine reads it (inputs.due_date, else the
return's large-dealer flag) and the engine's "what if I file on" figures (compute(as_of=today))
for the interest.

Which periods a dealer is asked for: from the dealer's first return in the app (its month, and its
financial year for the annual return; earlier returns were filed elsewhere, as instruction 2's
"unknown" state has it), or for a dealer without returns the month before today and the financial
year before that month's, up to the periods due within the window.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final, Literal

from app.model import history
from app.model import interpretations as rules
from app.model.compute import compute, payable_per_act
from app.model.form9 import Form9Return
from app.model.history import VersionFacts
from app.model.numbers import ZERO
from app.model.periods import DEFAULT_DUE_RULES, DueRules, Period, PeriodError, due_date
from app.model.roll_forward import month_before

State = Literal["overdue", "due"]
OVERDUE: Final = "overdue"
DUE: Final = "due"
STATE_LABELS = {OVERDUE: "Overdue", DUE: "Due"}


@dataclass(frozen=True, slots=True)
class DealerFacts:
    """What the board reads of a dealer (app.model.client.ClientProfile and its store id)."""

    client_id: int
    name: str
    tin: str
    large_dealer: bool
    nature_of_business: str


@dataclass(frozen=True, slots=True)
class IfFiled:
    """The engine's figures for a return filed on `on` (its date of filing set to that day)."""

    on: date
    due: date | None
    delay_days: int
    tax: Decimal  # payable without interest
    interest: Decimal
    payable: (
        Decimal  # tax + interest: what Part 5 must cover (Part 3(A) totals; Part 4 for a revision)
    )


def if_filed_on(ret: Form9Return, on: date, due_rules: DueRules = DEFAULT_DUE_RULES) -> IfFiled:
    """The "what if I file on" figures: the return computed as if filed on `on` (a date of filing
    already typed is set aside, as the editor's "What if I file on…" does)."""
    probe = copy.copy(ret)
    probe.header = copy.copy(ret.header)
    probe.header.date_of_filing = None
    c = compute(probe, as_of=on, due_rules=due_rules, with_lists=False)
    payable = sum(payable_per_act(c).values(), ZERO)
    if c.part4 is None:
        interest = c.part3a.kgst_total.interest + sum(
            (c.part3a.rows[r].interest for r in ("g", "h")), ZERO
        )
    else:
        interest = sum((line.interest for line in c.part4.rows.values()), ZERO)
    return IfFiled(on, c.due_date, c.delay_days, payable - interest, interest, payable)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A period a dealer still has to file: its unfiled return (if any) and the due date the
    dealer's particulars give."""

    dealer: DealerFacts
    period: Period
    unfiled: VersionFacts | None
    due: date


@dataclass(frozen=True, slots=True)
class BoardRow:
    client_id: int
    dealer: str
    tin: str
    period: Period
    due: date
    days: int  # due − today: negative when overdue
    state: State
    return_id: int | None
    version: str  # "Original", "Revision 1"; "" when no return is started
    status: str  # "draft" | "ready" | "" (no return yet)
    figures: IfFiled | None  # an overdue return's figures if filed today (None: no return yet)

    @property
    def days_text(self) -> str:
        if self.days < 0:
            return f"{-self.days} day(s) late"
        return "today" if self.days == 0 else f"in {self.days} day(s)"


def _parsed(versions: Iterable[VersionFacts]) -> list[tuple[Period, VersionFacts]]:
    out = []
    for v in versions:
        try:
            out.append((Period.parse(v.period), v))
        except PeriodError:
            continue
    return out


def periods_to_check(versions: Sequence[VersionFacts], today: date, horizon: date,
                     due_of: Callable[[Period], date]) -> list[Period]:  # fmt: skip
    """The dealer's months and years from its first return (or last month and last year) up to
    the last whose due date is on or before `horizon`."""
    known = [p for p, _v in _parsed(versions)]
    last_month = month_before(today)
    start_month = min([p for p in known if not p.is_annual], default=last_month)
    start_year = min((p.financial_year for p in known),
                     default=last_month.financial_year.previous())  # fmt: skip
    start_month = max(start_month, rules.first_period(False))
    start_year = max(start_year, rules.first_period(True))
    out: list[Period] = []
    for start in (start_month, start_year):
        p = start
        while due_of(p) <= horizon:
            out.append(p)
            p = p.next()
    return out


def candidates(
    dealer: DealerFacts, versions: Sequence[VersionFacts], today: date, days: int,
    rules_for: Callable[[Period], DueRules],
) -> list[Candidate]:  # fmt: skip
    """The dealer's periods with no filed return that are overdue or due by today + `days`, and
    every period with an unfiled return (its own due date may differ; it is checked later)."""
    horizon = today + timedelta(days=days)

    def due_of(p: Period) -> date:
        return due_date(p, large_dealer=dealer.large_dealer,
                        nature_of_business=dealer.nature_of_business, due_rules=rules_for(p))  # fmt: skip

    by_period: dict[Period, list[VersionFacts]] = {}
    for p, v in _parsed(versions):
        by_period.setdefault(p, []).append(v)
    wanted = set(periods_to_check(versions, today, horizon, due_of))
    wanted |= {p for p, vs in by_period.items() if history.unfiled(vs) is not None}
    out = []
    for p in sorted(wanted, key=lambda q: (q.last_day, q.is_annual)):
        vs = by_period.get(p, [])
        if history.filed(vs):
            continue
        out.append(Candidate(dealer, p, history.unfiled(vs), due_of(p)))
    return out


def board_row(c: Candidate, today: date, days: int, figures: IfFiled | None) -> BoardRow | None:
    """The candidate's row, or None when it is neither overdue nor due within the window.  With a
    return, its own due date (the engine's) decides; `figures` are kept for an overdue one."""
    due = figures.due if figures is not None and figures.due is not None else c.due
    left = (due - today).days
    if left > days:
        return None
    state: State = OVERDUE if left < 0 else DUE
    info = c.unfiled
    return BoardRow(
        c.dealer.client_id, c.dealer.name, c.dealer.tin, c.period, due, left, state,
        info.id if info is not None else None,
        history.version_label(info) if info is not None else "",
        info.status if info is not None else "",
        figures if state == OVERDUE else None,
    )  # fmt: skip


def board(
    dealers: Sequence[DealerFacts],
    versions: Mapping[int, Sequence[VersionFacts]],
    today: date,
    days: int,
    rules_for: Callable[[Period], DueRules],
    figures_of: Callable[[Candidate], IfFiled | None],
) -> list[BoardRow]:
    """Every dealer's overdue and soon-due returns, most overdue first.  `figures_of` gives the
    engine's figures of a candidate's unfiled return filed today (None without a return)."""
    rows: list[BoardRow] = []
    for d in dealers:
        for c in candidates(d, versions.get(d.client_id, ()), today, days, rules_for):
            row = board_row(c, today, days, figures_of(c) if c.unfiled is not None else None)
            if row is not None:
                rows.append(row)
    rows.sort(key=lambda r: (r.due, r.dealer.casefold(), r.tin))
    return rows


def shown(rows: Iterable[BoardRow], *, text: str = "", show: str = "both") -> list[BoardRow]:
    """The board filtered: dealer name or TIN containing `text`; overdue, due or both."""
    needle = text.strip().casefold()
    return [r for r in rows
            if (show == "both" or r.state == show)
            and (not needle or needle in r.dealer.casefold() or needle in r.tin)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Totals:
    overdue: int
    due: int
    interest: Decimal  # running on the overdue returns, if all were filed today


def totals(rows: Iterable[BoardRow]) -> Totals:
    rows = list(rows)
    return Totals(
        sum(r.state == OVERDUE for r in rows),
        sum(r.state == DUE for r in rows),
        sum((r.figures.interest for r in rows if r.figures is not None), ZERO),
    )
