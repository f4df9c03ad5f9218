"""Return periods, due dates and delay (spec section 2; r.18(1), Trade Circular 14/2024)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.model import interpretations as rules

_MONTHLY = re.compile(r"^(\d{4})-(\d{2})$")

NATURE_OIL_COMPANY = "Oil Company"


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A month (`2024-08`) or a financial year (`2024-25`, April–March)."""

    year: int
    month: int  # 1..12 for a month; 0 for a financial year starting April of `year`

    @staticmethod
    def parse(text: str) -> Period:
        m = _MONTHLY.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise PeriodError(f"{text!r} is not a period (YYYY-MM for a month, YYYY-YY for a year)")
        year, nn = int(m.group(1)), int(m.group(2))
        if 1 <= nn <= 12:
            period = Period(year, nn)
        elif nn == (year + 1) % 100:
            period = Period(year, 0)
        else:
            raise PeriodError(f"{text!r} is neither a month (01–12) nor a financial year")
        if period < rules.first_period(period.is_annual):
            first = rules.first_period(period.is_annual)
            raise PeriodError(
                f"{text}: FORM No. 9 applies from {first} (SRO 667/2024); "
                "earlier periods were filed on KVATIS"
            )
        return period

    @property
    def is_annual(self) -> bool:
        return self.month == 0

    @property
    def first_day(self) -> date:
        return date(self.year, 4, 1) if self.is_annual else date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        if self.is_annual:
            return date(self.year + 1, 3, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Period:
        if self.is_annual:
            return Period(self.year - 1, 0)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> Period:
        if self.is_annual:
            return Period(self.year + 1, 0)
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @property
    def financial_year(self) -> Period:
        """The financial year a month belongs to."""
        if self.is_annual:
            return self
        return Period(self.year if self.month >= 4 else self.year - 1, 0)

    def months(self) -> list[Period]:
        """The twelve months of a financial year (or the month itself)."""
        if not self.is_annual:
            return [self]
        return [Period(self.year + (m < 4), m) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]

    def __str__(self) -> str:
        if self.is_annual:
            return f"{self.year}-{(self.year + 1) % 100:02d}"
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        if self.is_annual:
            return f"Annual {self.year}-{(self.year + 1) % 100:02d}"
        return f"{calendar.month_name[self.month]} {self.year}"


@dataclass(frozen=True, slots=True)
class DueRules:
    """Due-date rules (Trade Circular 14/2024, r.18(1)); the rate pack may override them."""

    large_dealer_day: int = 10
    other_day: int = 15
    annual_month: int = 4
    annual_day: int = 30
    oil_advance_day: int = 7
    oil_advance_percent: int = 70


DEFAULT_DUE_RULES = DueRules()


def due_date(
    period: Period,
    *,
    large_dealer: bool,
    nature_of_business: str,
    due_rules: DueRules = DEFAULT_DUE_RULES,
) -> date:
    """Due date of FORM No. 9 for the period (spec section 2)."""
    if period.is_annual:
        return date(period.year + 1, due_rules.annual_month, due_rules.annual_day)
    nxt = period.last_day + timedelta(days=1)
    large = large_dealer and nature_of_business != NATURE_OIL_COMPANY
    return nxt.replace(day=due_rules.large_dealer_day if large else due_rules.other_day)


def delay_days(due: date, filed: date) -> int:
    """Delay in days = max(0, date of filing − due date), calendar days."""
    return max(0, (filed - due).days)


def rectification_deadline(period: Period) -> date:
    """r.22A(3): two months from the last day of the return period.  Periods end on a month's
    last day, so the window ends on the last day of the second month after (February → 30 April,
    June → 31 August, November → 31 January, December → 28/29 February; a year → 31 May)."""
    last = period.last_day
    month = last.month + rules.RECTIFICATION_MONTHS
    year = last.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def oil_advance_due(period: Period, due_rules: DueRules = DEFAULT_DUE_RULES) -> date | None:
    """r.21(7): oil companies pay 70% of the preceding month's tax by the 7th of the next month
    (every return period other than March)."""
    if period.is_annual or period.month == 3:
        return None
    nxt = period.last_day + timedelta(days=1)
    return nxt.replace(day=due_rules.oil_advance_day)
