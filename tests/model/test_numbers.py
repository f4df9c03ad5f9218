from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.model.numbers import (
    D,
    NumberError,
    fmt_indian,
    fmt_money,
    fmt_rate,
    from_paise,
    has_paise_only,
    parse_amount_text,
    percent_of,
    round_money,
    simple_interest,
    to_paise,
)


def test_round_money_is_half_up_not_bankers() -> None:
    assert round_money(Decimal("0.005")) == Decimal("0.01")
    assert round_money(Decimal("2.005")) == Decimal("2.01")
    assert round_money(Decimal("-2.005")) == Decimal("-2.01")
    assert round_money(Decimal("2.0049")) == Decimal("2.00")


def test_percent_of_rounds_at_the_cell() -> None:
    # 1,234.50 × 30.08 / 100 = 371.3376 → 371.34
    assert percent_of(Decimal("1234.50"), Decimal("30.08")) == Decimal("371.34")


def test_simple_interest_is_exact_before_rounding() -> None:
    # 22,000 × 12 × 5 / 36,500 = 36.1643… → 36.16
    assert simple_interest(Decimal("22000"), Decimal("12"), 5) == Decimal("36.16")
    # 36,500 × 10 × 1 / 36,500 = 10.00 exactly
    assert simple_interest(Decimal("36500"), Decimal("10"), 1) == Decimal("10.00")
    assert simple_interest(Decimal("1000"), Decimal("12"), 0) == Decimal("0.00")
    assert simple_interest(Decimal("-1000"), Decimal("12"), 10) == Decimal("0.00")


def test_D_refuses_floats_and_nan() -> None:
    with pytest.raises(NumberError):
        D(0.1)
    with pytest.raises(NumberError):
        D("NaN")
    with pytest.raises(NumberError):
        D(True)
    assert D(" 12.50 ") == Decimal("12.50")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("123456.5", "123456.5"),
        ("1,23,456.50", "123456.50"),
        ("1,234", "1234"),
        ("₹ 1,00,000", "100000"),
        ("-45.10", "-45.10"),
        ("12,34,56,789.01", "123456789.01"),
    ],
)
def test_parse_amount_text_accepts_what_people_type(text: str, value: str) -> None:
    assert parse_amount_text(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12,34", "1.2.3"])
def test_parse_amount_text_refuses_nonsense(text: str) -> None:
    with pytest.raises(NumberError):
        parse_amount_text(text)


def test_indian_grouping() -> None:
    assert fmt_indian(Decimal("12345678.5")) == "1,23,45,678.50"
    assert fmt_indian(Decimal("999")) == "999.00"
    assert fmt_indian(Decimal("1000")) == "1,000.00"
    assert fmt_indian(Decimal("-100000")) == "-1,00,000.00"
    assert fmt_indian(Decimal("0")) == "0.00"


def test_paise_round_trip_and_refusal() -> None:
    assert to_paise(Decimal("12345678.50")) == 1234567850
    assert from_paise(1234567850) == Decimal("12345678.50")
    assert to_paise(Decimal("-0.01")) == -1
    with pytest.raises(NumberError):
        to_paise(Decimal("0.001"))


def test_written_forms() -> None:
    assert fmt_money(Decimal("5")) == "5.00"
    assert fmt_rate(Decimal("30.0800")) == "30.08"
    assert fmt_rate(Decimal("100")) == "100"
    assert fmt_rate(Decimal("1E+2")) == "100"


RATES = ["30.08", "30.0800", "14.5", "2", "0", "-0", "0.0", "-0.00", "100", "1E+2", "1.0E+3",
         "1E-7", "0.000001", "0.0000010", "12.3400E+1", "-5.50", "7e1", "NaN", "-Infinity",
         "1" + "0" * 28, "1234567890123456789012345678901.5"]  # fmt: skip


@pytest.mark.parametrize("text", RATES)
def test_a_rate_is_written_as_plain_writes_it(text: str) -> None:
    """fmt_rate's shortcut (a rate whose str() is already plain) never changes its text."""
    from decimal import localcontext

    from app.model.numbers import plain

    value = Decimal(text)
    for capitals in (1, 0):  # str() writes the exponent as E or e
        with localcontext() as ctx:
            ctx.capitals = capitals
            try:
                expected = f"{plain(value):f}"
            except (ValueError, ArithmeticError) as exc:  # NaN, Infinity; too many digits
                with pytest.raises(type(exc)):
                    fmt_rate(value)
                continue
            assert fmt_rate(value) == expected, text


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_finite_rate_is_written_as_plain_writes_it(value: Decimal) -> None:
    from decimal import InvalidOperation

    from app.model.numbers import plain

    try:
        expected = f"{plain(value):f}"
    except InvalidOperation:  # a whole number of more digits than the context holds
        with pytest.raises(InvalidOperation):
            fmt_rate(value)
        return
    assert fmt_rate(value) == expected


@given(st.decimals())
def test_places_are_the_exponents(value: Decimal) -> None:
    """has_paise_only / has_rate_units_only: at most 2 / 4 decimals, trailing zeros not counted
    (their shortcuts, one exponent compared after another, change nothing)."""
    from app.model.numbers import has_rate_units_only

    _, digits, exp = value.as_tuple()
    for places, check in ((2, has_paise_only), (4, has_rate_units_only)):
        if not isinstance(exp, int):
            assert not check(value)  # NaN, Infinity
        else:
            extra = -exp - places  # decimals past `places`: each must be a 0
            assert check(value) == (extra <= 0 or not any(digits[-extra:]))


def test_has_paise_only() -> None:
    assert has_paise_only(Decimal("1.10"))
    assert has_paise_only(Decimal("1.100"))  # trailing zero: still paise
    assert not has_paise_only(Decimal("1.101"))
    assert has_paise_only(Decimal("1E+5"))


def test_to_paise_is_exact_beyond_the_default_precision() -> None:
    # 30 significant digits: the default 28-digit context would round × 100 and hide the sub-paisa
    with pytest.raises(NumberError):
        to_paise(Decimal("1234567890123456789012345678.901"))
    assert to_paise(Decimal("12345678901234567890123456.78")) == 1234567890123456789012345678
