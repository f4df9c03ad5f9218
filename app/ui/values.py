"""Showing and reading cell values as a dealer types them (spec section 3: Indian grouping).

Every amount shown goes through app.model.numbers.fmt_indian; every amount typed through
parse_amount_text.  Dates are shown DD-MM-YYYY and read as DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from app.model.limits import text_limit
from app.model.numbers import (
    ZERO,
    NumberError,
    as_money,
    decimals,
    fmt_indian,
    fmt_rate,
    parse_amount_text,
)

#: Kinds of value a column or form field holds.
#: "suggest": free text edited in a drop-down of suggestions (Part 5 head of account).
KINDS = ("text", "upper", "amount", "signed", "rate", "qty", "int", "date", "choice", "bool",
         "suggest")  # fmt: skip

YES, NO = "Yes", "No"

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class EntryError(ValueError):
    """Text that cannot be taken as the value of a field; the message says what is wrong."""


def parse_date_text(text: str) -> date | None:
    """'05-09-2024', '5/9/2024' or '2024-09-05'; empty text is no date."""
    t = text.strip()
    if not t:
        return None
    m = _DMY.match(t)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _YMD.match(t)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise EntryError(f"{text!r} is not a date ({exc})") from None
    raise EntryError(f"{text!r} is not a date; type DD-MM-YYYY")


def fmt_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def show(kind: str, value: Any) -> str:
    """The text shown in a cell."""
    if value is None:
        return ""
    if kind in ("amount", "signed"):
        return fmt_indian(value)
    if kind == "qty":
        return fmt_indian(value, max(2, decimals(value)))
    if kind == "rate":
        return fmt_rate(value)
    if kind == "date":
        return fmt_date(value)
    if kind == "bool":
        return YES if value else NO
    return str(value)


def edit_text(kind: str, value: Any) -> str:
    """The text put in an editor: amounts without grouping so they can be retyped quickly."""
    if value is None:
        return ""
    if kind in ("amount", "signed", "qty"):
        return f"{value:.2f}" if decimals(value) <= 2 else f"{value:f}"
    return show(kind, value)


def read(kind: str, text: str, choices: tuple[str, ...] = (), field: str = "") -> Any:
    """The value for typed text, or EntryError saying what is wrong with it.  Text of `field` is
    at most text_limit(field) characters (app/model/limits.py: what the files can hold)."""
    t = text.strip()
    if kind in ("amount", "signed", "qty", "rate"):
        if not t:
            return ZERO if kind != "rate" else Decimal(0)
        try:
            value = parse_amount_text(t)
        except NumberError as exc:
            raise EntryError(str(exc)) from None
        if kind in ("amount", "signed") and decimals(value) > 2:
            raise EntryError(f"{t}: an amount has at most 2 decimals (paise)")
        if kind == "rate" and decimals(value) > 4:
            raise EntryError(f"{t}: a rate has at most 4 decimals")
        if kind in ("amount", "rate", "qty") and value < 0:
            raise EntryError(f"{t}: must not be negative")
        return as_money(value) if kind in ("amount", "signed") else value
    if kind == "int":
        if not t:
            return 0
        if not t.isdigit():
            raise EntryError(f"{t!r} is not a whole number")
        return int(t)
    if kind == "date":
        return parse_date_text(t)
    if kind == "bool":
        low = t.casefold()
        if low in ("yes", "y", "true", "1"):
            return True
        if low in ("no", "n", "false", "0", ""):
            return False
        raise EntryError(f"{t!r}: type Yes or No")
    if kind == "choice":
        for c in choices:
            if c.casefold() == t.casefold():
                return c
        for c in choices:  # a unique prefix is enough ("k" → KGST is ambiguous, "kv" is not)
            if t and c.casefold().startswith(t.casefold()):
                matches = [x for x in choices if x.casefold().startswith(t.casefold())]
                if len(matches) == 1:
                    return c
        shown = ", ".join(c or "(blank)" for c in choices)
        raise EntryError(f"{t!r} is not one of: {shown}")
    if field and len(t) > text_limit(field):
        raise EntryError(f"{len(t):,} characters; at most {text_limit(field):,} fit here")
    if kind == "upper":
        return "".join(t.split()).upper()
    return t


#: Status colours (text, background), the same in every list: filed green, ready blue, draft amber,
#: no return grey.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "filed": ("#137333", "#e6f4ea"),
    "ready": ("#1a56b0", "#e8f0fe"),
    "draft": ("#8a5a00", "#fef3d6"),
    "": ("#80868b", "#f1f3f4"),
}
