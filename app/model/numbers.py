"""Every number of the return is made here: D(), ZERO, round_money() (spec section 3).

No other module builds a Decimal from text or rounds money.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext, localcontext

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATE_UNIT = Decimal("0.0001")
HUNDRED = Decimal(100)
DAYS_IN_YEAR = 365

#: Enough digits for any rupee figure (10^20) times a rate and a day count, exactly.
_CTX = Context(prec=60, rounding=ROUND_HALF_UP)

_INDIAN = re.compile(r"^[+-]?(\d{1,3}(,\d{2})*,\d{3}|\d+)(\.\d*)?$")


class NumberError(ValueError):
    """A text or value that is not a valid number."""


def D(value: object) -> Decimal:
    """A Decimal from an int, a Decimal or text; never from a float."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"{value} is not a finite number")
        return value
    if isinstance(value, bool):
        raise NumberError(f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise NumberError(f"{value!r} is not a number") from None
        if not d.is_finite():
            raise NumberError(f"{value!r} is not a finite number")
        return d
    raise NumberError(f"{value!r} is not a number")


def parse_amount_text(text: str) -> Decimal:
    """Amount as typed by a person: '123456.5', '1,23,456.50', ' 1,234 ', '₹ 12'."""
    t = text.strip().replace("₹", "").replace("Rs.", "").replace(" ", "").replace("\u00a0", "")
    if t in ("", "-"):
        raise NumberError(f"{text!r} is not an amount")
    if "," in t and not _INDIAN.match(t) and not re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$", t):
        raise NumberError(f"{text!r} has misplaced commas")
    t = t.replace(",", "")
    if t.endswith("."):
        t = t[:-1]
    return D(t)


def decimals(value: Decimal) -> int:
    """Number of decimal places actually used (trailing zeros do not count)."""
    if value == 0:
        return 0
    exp = value.normalize().as_tuple().exponent
    return max(0, -int(exp))


#: No amount on a return reaches ₹10^15 (a thousand lakh crore); larger input is refused.
MAX_AMOUNT = Decimal(10) ** 15


#: Other exponents an amount (2 places) or a rate (4) often has, most usual first: one C call
#: each, where the exponent itself costs a tuple of every digit (as_tuple).
_USUAL_QUANTA = {
    2: (Decimal(1), Decimal("0.1")),
    4: (CENT, Decimal(1), Decimal("0.1"), Decimal("0.001")),
}


def _within_places(value: Decimal, places: int, unit: Decimal) -> bool:
    if value.same_quantum(unit):  # the usual: exactly `places` decimals (no digit tuple made)
        return True
    for quantum in _USUAL_QUANTA.get(places, ()):
        if value.same_quantum(quantum):
            return True
    exp = value.as_tuple().exponent
    if not isinstance(exp, int):
        return False
    if exp >= -places:
        return True
    with localcontext(_CTX):
        return value == value.quantize(unit)


def has_paise_only(value: Decimal) -> bool:
    """At most 2 decimals (trailing zeros do not count): the rule for amounts entered."""
    return _within_places(value, 2, CENT)


def has_rate_units_only(value: Decimal) -> bool:
    """At most 4 decimals: the rule for rates (spec section 3)."""
    return _within_places(value, 4, RATE_UNIT)


def as_money(value: Decimal) -> Decimal:
    """An entered amount written to exactly 2 places (12.5 → 12.50); more decimals are refused."""
    if not has_paise_only(value):
        raise NumberError(f"{value} has more than 2 decimals")
    with localcontext(_CTX):
        return value.quantize(CENT)


def round_money(value: Decimal) -> Decimal:
    """Round to the paisa, ROUND_HALF_UP (spec section 3)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_ratio(numerator: Decimal, denominator: int | Decimal) -> Decimal:
    """round_money(numerator / denominator) computed exactly, without an intermediate rounding."""
    with localcontext(_CTX):
        return round_money(numerator / Decimal(denominator))


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """round(amount × rate / 100): Form 9 Part 1 col 12."""
    with localcontext(_CTX):
        return round_money(amount * rate / HUNDRED)


def simple_interest(tax: Decimal, rate: Decimal, days: int) -> Decimal:
    """round(tax × rate / 100 × days / 365): KGST s.23(3), KVAT s.31(5)."""
    if days <= 0 or tax <= 0:
        return ZERO
    with localcontext(_CTX):
        return round_money(tax * rate * Decimal(days) / Decimal(100 * DAYS_IN_YEAR))


def _shifted_int(value: Decimal, places: int, what: str) -> int:
    """value × 10^places as an exact integer; refuses a value with more decimals."""
    sign, digits, exp = value.as_tuple()
    if not isinstance(exp, int):
        raise NumberError(f"{value} is not a finite number")
    shifted = Decimal((sign, digits, exp + places))  # no multiplication, so no rounding
    if shifted != shifted.to_integral_value():
        raise NumberError(f"{what} has more than {places} decimals")
    return int(shifted)


def to_paise(value: Decimal) -> int:
    """Integer paise for the store, exactly; refuses sub-paisa values instead of rounding them."""
    return _shifted_int(value, 2, str(value))


def from_paise(paise: int) -> Decimal:
    return Decimal(paise).scaleb(-2)


def rate_to_units(rate: Decimal) -> int:
    """Rates carry up to 4 decimals; the store keeps them as integer 1/10000ths."""
    return _shifted_int(rate, 4, f"rate {rate}")


def rate_from_units(units: int) -> Decimal:
    return plain(Decimal(units).scaleb(-4))


def plain(value: Decimal) -> Decimal:
    """A rate without trailing zeros, never in exponent form (30.08, 12, 100)."""
    n = value.normalize()
    if int(n.as_tuple().exponent) > 0:
        n = n.quantize(Decimal(1))
    return n


def fmt_money(value: Decimal) -> str:
    """Exactly 2 decimals, no grouping (the upload JSON's form).

    Only for amounts that already have paise only (entered amounts are checked, computed ones are
    rounded at their cell); this formats, it never rounds: more decimals raise NumberError.
    """
    text = str(value)  # already "12.50" for most amounts, and str() is the fastest path
    if text[-3:-2] == ".":
        return text
    if not has_paise_only(value):  # e.g. 2281715267.5e-2: never written rounded
        raise NumberError(f"{value} has more than 2 decimals")
    return f"{value:.2f}"


def fmt_rate(value: Decimal) -> str:
    """A rate as the upload JSON writes it: no trailing zeros, never in exponent form (plain())."""
    text = str(value)  # already "30.08", "14.5", "2" for most rates: str() is the fastest path
    digits = text.removeprefix("-")
    if (
        digits.replace(".", "", 1).isdigit()  # no exponent, not NaN or Infinity
        and not ("." in digits and digits[-1] == "0")  # no trailing zero
        and len(digits) <= getcontext().prec  # plain() would not round it
    ):
        return text
    return f"{plain(value):f}"


def fmt_rupees(value: Decimal) -> str:
    """'₹1,23,456.50' ('−₹5.00' below zero), for messages."""
    return ("−₹" if value < 0 else "₹") + fmt_indian(abs(value))


def fmt_indian(value: Decimal, places: int = 2) -> str:
    """Indian digit grouping: 1,23,45,678.50 (spec section 3)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else value
    sign = "-" if q < 0 else ""
    text = f"{abs(q):.{places}f}"
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups: list[str] = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        whole = ",".join(groups) + "," + tail
    return sign + whole + ("." + frac if frac else "")
