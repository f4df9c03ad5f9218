from datetime import date

import pytest

from app.model.identifiers import counterparty_ok, gstin_check_char, gstin_problem, tin_problem
from app.model.periods import (
    Period,
    PeriodError,
    delay_days,
    due_date,
    oil_advance_due,
    rectification_deadline,
)


def test_tin_rules() -> None:
    assert tin_problem("32012345678") is None
    assert "11 digits" in (tin_problem("3201234567") or "")
    assert "start with 32" in (tin_problem("29012345678") or "")
    assert "digits only" in (tin_problem("32A12345678") or "")


def test_gstin_check_character_from_the_spec() -> None:
    assert gstin_problem("27AAPFU0939F1ZV") is None
    assert "check character O, expected V" in (gstin_problem("27AAPFU0939F1ZO") or "")
    assert gstin_check_char("27AAPFU0939F1Z") == "V"


def test_counterparties() -> None:
    assert counterparty_ok("99999999999")
    assert counterparty_ok("88888888888")
    assert counterparty_ok("32012345678")
    assert counterparty_ok("27AAPFU0939F1ZV")
    assert not counterparty_ok("ABC")


def test_periods_parse_month_and_year() -> None:
    assert Period.parse("2024-08") == Period(2024, 8)
    assert Period.parse("2024-25") == Period(2024, 0)
    assert str(Period.parse("2025-26")) == "2025-26"
    assert Period.parse("2025-01").previous() == Period(2024, 12)
    assert Period.parse("2024-25").last_day == date(2025, 3, 31)
    assert Period.parse("2025-02").last_day == date(2025, 2, 28)
    assert [str(m) for m in Period.parse("2024-25").months()][:2] == ["2024-04", "2024-05"]
    assert Period(2025, 1).financial_year == Period(2024, 0)


@pytest.mark.parametrize("text", ["2024-07", "2023-24", "2024-13", "2024-27", "24-08", "August"])
def test_periods_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_period_before_form9_explains_why() -> None:
    with pytest.raises(PeriodError, match="applies from 2024-08"):
        Period.parse("2024-07")


def test_due_dates_trade_circular_14_2024() -> None:
    p = Period(2024, 8)
    assert due_date(p, large_dealer=True, nature_of_business="Bar Hotel") == date(2024, 9, 10)
    assert due_date(p, large_dealer=False, nature_of_business="Bar Hotel") == date(2024, 9, 15)
    assert due_date(p, large_dealer=True, nature_of_business="Oil Company") == date(2024, 9, 15)
    assert due_date(Period(2024, 12), large_dealer=False, nature_of_business="") == date(
        2025, 1, 15
    )
    assert due_date(Period(2024, 0), large_dealer=True, nature_of_business="") == date(2025, 4, 30)


def test_delay_and_windows() -> None:
    assert delay_days(date(2024, 9, 15), date(2024, 9, 20)) == 5
    assert delay_days(date(2024, 9, 15), date(2024, 9, 1)) == 0
    assert rectification_deadline(Period(2024, 10)) == date(2024, 12, 31)
    assert rectification_deadline(Period(2024, 12)) == date(2025, 2, 28)
    assert oil_advance_due(Period(2024, 10)) == date(2024, 11, 7)
    assert oil_advance_due(Period(2025, 3)) is None
