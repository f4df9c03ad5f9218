"""Amounts in words, Indian system (spec section 3: "amount in words with lakh/crore on the PDF").

    amount_in_words(Decimal("42367375.08"))
    'Rupees Four Crore Twenty-Three Lakh Sixty-Seven Thousand Three Hundred Seventy-Five and Eight
    Paise Only'

Hundreds carry no "and"; tens are hyphenated; above 99 crore the crore count is itself worded in
the Indian system ("One Lakh Crore"), as the department's demand notices write it.
"""

from __future__ import annotations

from decimal import Decimal

from app.model.numbers import round_money

_ONES = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen",
)  # fmt: skip
_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")

#: (size, name) from the largest; below a thousand the hundreds rule applies.
_UNITS = ((10_000_000, "Crore"), (100_000, "Lakh"), (1_000, "Thousand"), (100, "Hundred"))


def _below_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def number_in_words(n: int) -> str:
    """A whole number ≥ 0 in the Indian system: 1,23,45,678 → 'One Crore Twenty-Three Lakh …'."""
    if n < 0:
        raise ValueError("number_in_words takes a number ≥ 0")
    if n < 100:
        return _below_100(n)
    parts: list[str] = []
    for size, name in _UNITS:
        count, n = divmod(n, size)
        if count:
            parts.append(f"{number_in_words(count)} {name}")
    if n:
        parts.append(_below_100(n))
    return " ".join(parts)


def amount_in_words(amount: Decimal) -> str:
    """'Rupees … and … Paise Only'; rounded to the paisa first; negative amounts say 'Minus'."""
    q = round_money(amount)
    sign = "Minus " if q < 0 else ""
    paise_total = int(abs(q) * 100)
    rupees, paise = divmod(paise_total, 100)
    text = f"{sign}Rupees {number_in_words(rupees)}"
    if paise:
        text += f" and {_below_100(paise)} Paise"
    return text + " Only"
