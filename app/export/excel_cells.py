"""One Excel / CSV cell → the value of its column (spec section 9), by the catalogue's kind.

Text a dealer typed is read by app.model.values, the one reader the editor uses too (Indian-comma
amounts, DD-MM-YYYY dates, yes / no, a choice in any case or by its first letters).  What only a
spreadsheet holds is read here: numbers as doubles (through their shortest repr, refused when that
has more decimals than the kind allows, never rounded), Excel date serials and date-time cells,
true / false cells, and the formula guard's leading apostrophe.  A cell that cannot be read
raises `Bad` with what was expected, for the error list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.export.excel_columns import Column, norm
from app.export.excel_template import NEUTRALISER, unneutralise
from app.export.json_text import shown_text
from app.model import values
from app.model.limits import MAX_SERIAL, count_limit, text_limit
from app.model.numbers import D, NumberError, decimals, parse_amount_text

Parse = Callable[[Any], Any]


class Bad(Exception):
    def __init__(self, expected: str) -> None:
        self.expected = expected


def shown(value: Any) -> str:
    """A cell's value as the error list shows it."""
    if isinstance(value, str):
        return shown_text(value, 60) if value.strip() else "a blank cell"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "a blank cell"
    return str(value)


def is_blank(v: Any) -> bool:
    return v is None or (type(v) is str and not v.strip())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_text(v: Any) -> str:
    """Any cell as text: trimmed, the formula guard's apostrophe removed; numbers as written."""
    t = type(v)
    if t is str:
        s: str = v.strip()
        if s[:1] == NEUTRALISER:
            s = unneutralise(s)
        if _CONTROL.search(s):
            raise Bad("text without control characters")
        return s
    if t is float:
        return str(int(v)) if v.is_integer() else repr(v)
    if t is int:
        return str(v)
    if t is datetime or t is date:
        return str(v.isoformat())
    if t is bool:
        return "TRUE" if v else "FALSE"
    if v is None:
        return ""
    raise Bad("text")


def _float_decimal(v: float, places: int, expected: str) -> Decimal:
    """A float from the sheet as the Decimal the user typed (its shortest repr), never rounded."""
    s = repr(v)
    if "e" in s or "E" in s:
        d = D(s)
        if decimals(d) > places:
            raise Bad(expected)
        return d
    dot = s.find(".")
    if dot >= 0 and len(s) - dot - 1 > places:
        raise Bad(expected)
    return D(s)


_AMOUNT_DP = "an amount with at most 2 decimals (it is never rounded)"
_AMOUNT = "an amount such as 1,23,456.50"
_NOT_NEGATIVE = "an amount of 0 or more"
_RATE = "a rate in % with at most 4 decimals, e.g. 5 or 14.5"
_ZERO = Decimal(0)


def _typed_number(kind: str, text: str, expected: str, dp: str, negative: str) -> Decimal:
    """Text through app.model.values; its refusal said the spreadsheet's way."""
    try:
        return values.parse_number(kind, text)
    except values.EntryError:
        try:
            d = parse_amount_text(text.strip())
        except NumberError:
            raise Bad(expected) from None
        raise Bad(
            negative if d < 0 and decimals(d) <= (4 if kind == "rate" else 2) else dp
        ) from None


def amount_parser(kind: str) -> Parse:
    """money / signed_money / quantity: a number cell or amount text; blank is 0."""
    signed = kind == "signed_money"

    def parse(v: Any) -> Decimal:
        t = type(v)
        if t is float:
            s = repr(v)
            dot = s.find(".")
            if dot < 0 or len(s) - dot > 3:  # exponent form, inf / nan, or more than 2 decimals
                if not math.isfinite(v):
                    raise Bad("an amount")
                d = _float_decimal(v, 2, _AMOUNT_DP)
            else:
                d = D(s)
            if s[0] == "-":
                if not d:
                    return _ZERO  # -0.0 is 0, never a negative zero
                if not signed:
                    raise Bad(_NOT_NEGATIVE)
            return d
        if t is int:
            d = D(v)
        elif t is str:
            if not v.strip():
                return _ZERO
            d = _typed_number(kind, v, _AMOUNT, _AMOUNT_DP, _NOT_NEGATIVE)
        elif v is None:
            return _ZERO
        else:
            raise Bad(_AMOUNT)
        if d.is_zero():
            return _ZERO
        if d < 0 and not signed:
            raise Bad(_NOT_NEGATIVE)
        return d

    return parse


def parse_rate(v: Any) -> Decimal:
    t = type(v)
    if t is float:
        d = _float_decimal(v, 4, _RATE)
    elif t is int:
        d = D(v)
    elif t is str:
        s = v.strip().removesuffix("%").strip()
        if not s:
            raise Bad(_RATE)
        d = _typed_number("rate", s, _RATE, _RATE, "a rate of 0 or more")
    else:
        raise Bad(_RATE)
    if d < 0:
        raise Bad("a rate of 0 or more")
    return d


def whole_parser(col: Column) -> Parse:
    """serial: blank is the row's place (None); count: blank is 0."""
    serial = col.kind == "serial"
    most = MAX_SERIAL if serial else count_limit(col.field)
    expected = (
        "a serial number 1, 2, 3 … (or a blank cell)" if serial else f"a whole number 0 to {most:,}"
    )

    def parse(v: Any) -> int | None:
        if is_blank(v):
            return None if serial else 0
        t = type(v)
        if t is int:
            n = v
        elif t is float and v.is_integer():
            n = int(v)
        elif t is str and v.strip().isdigit():
            n = int(v.strip())
        else:
            raise Bad(expected)
        if n < (1 if serial else 0) or n > most:
            raise Bad(expected)
        return int(n)

    return parse


_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMS = "an Excel date, DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD"
_DATE_EXPECTED = "a date: " + _DATE_FORMS
_DATE_SHAPE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def parse_date(v: Any) -> date | None:
    t = type(v)
    if t is date:
        return v  # type: ignore[no-any-return]
    if t is datetime:
        return v.date()  # type: ignore[no-any-return]
    if t is str:
        try:
            return values.parse_date_text(v)
        except values.EntryError:
            shaped = _DATE_SHAPE.match(v.strip())
            raise Bad(f"a real date ({_DATE_FORMS})" if shaped else _DATE_EXPECTED) from None
    if (t is float or t is int) and 1 <= v < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(v))
    if v is None:
        return None
    raise Bad(_DATE_EXPECTED)


def yes_no_parser(col: Column) -> Parse:
    """A true / false cell, or yes / no text (app.model.values); a blank cell is No unless the
    column must be filled."""

    def parse(v: Any) -> bool:
        if type(v) is bool:
            return bool(v)
        if type(v) is str and (v.strip() or not col.never_blank):
            try:
                return values.parse_yes_no(v)
            except values.EntryError:
                pass
        if v is None and not col.never_blank:
            return False
        raise Bad("yes or no")

    return parse


def choice_parser(col: Column) -> Parse:
    """A choice in any case, or the only choice it begins (app.model.values.match_choice); also
    a spreadsheet's spellings ("first point", "First-Sale").  An optional blank cell is blank."""
    exact = {c: c for c in col.choices}
    lenient = {norm(c): c for c in col.choices if c}
    if col.field == "point_of_sale":
        lenient.update(
            {norm(c) + suffix: c for c in col.choices if c for suffix in ("point", "sale")}
        )
    expected = " / ".join(col.offered)

    def parse(v: Any) -> str:
        hit = exact.get(v) if type(v) is str else None
        if hit is not None:
            return hit
        if type(v) is not str:
            raise Bad(expected)
        s = v.strip()
        if not s:
            if col.never_blank:
                raise Bad(expected)
            return ""
        try:
            return values.match_choice(s, col.choices, open_=col.open)
        except values.EntryError:
            found = lenient.get(norm(s))
            if found is None:
                raise Bad(expected) from None
            return found

    return parse


def text_parser(col: Column) -> Parse:
    """parse_text, at most text_limit(field) characters (app/model/limits.py).  An `upper` column
    (a registration number) is kept as written, as the upload JSON keeps it: a file's value is
    never changed on the way in (validation says when it is not a TIN or GSTIN)."""
    limit = text_limit(col.field)

    def parse(v: Any) -> str:
        text = parse_text(v)
        if len(text) > limit:
            raise Bad(f"text of at most {limit:,} characters (this has {len(text):,})")
        return text

    return parse


def parser(col: Column) -> Parse:
    """The reader of a column's cells."""
    kind = col.kind
    if kind in ("text", "upper"):
        return text_parser(col)
    if kind in ("money", "signed_money", "quantity"):
        return amount_parser(kind)
    if kind == "rate":
        return parse_rate
    if kind in ("serial", "count"):
        return whole_parser(col)
    if kind == "date":
        return parse_date
    if kind == "yes_no":
        return yes_no_parser(col)
    assert kind == "choice"
    return choice_parser(col)


def blank_value(col: Column) -> Any:
    """What an absent optional column reads as (as a blank cell does, never the model's default)."""
    if col.kind in ("money", "signed_money", "quantity"):
        return _ZERO
    if col.kind in ("serial", "date"):
        return None
    if col.kind == "count":
        return 0
    if col.kind == "yes_no":
        return False
    if col.kind == "rate":
        return _ZERO
    return ""
