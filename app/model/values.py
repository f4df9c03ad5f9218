"""The one reader and writer of values as a dealer types them (editor, forms, Excel/CSV cells).

Kinds are the catalogue's (app.model.catalogue.KINDS).  Amounts are read with Indian or Western
commas and shown with Indian grouping (numbers.fmt_indian); dates are shown DD-MM-YYYY and read as
DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD; yes/no as yes/no, y/n, true/false, 1/0; a choice
as the choice itself in any case, or a prefix that only one choice starts with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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

YES, NO = "Yes", "No"
_YES_NO = {"yes": True, "y": True, "true": True, "1": True,
           "no": False, "n": False, "false": False, "0": False}  # fmt: skip
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
AMOUNT_KINDS = frozenset({"money", "signed_money", "quantity"})
NUMBER_KINDS = AMOUNT_KINDS | {"rate"}
WHOLE_KINDS = frozenset({"serial", "count"})


class EntryError(ValueError):
    """Text that cannot be taken as the value of a field; the message says what is wrong."""


# ------------------------------------------------------------------------------- reading


def parse_date_text(text: str) -> date | None:
    """'05-09-2024', '5/9/2024', '05.09.2024' or '2024-09-05'; empty text is no date."""
    t = text.strip()
    if not t:
        return None
    try:
        if m := _DMY.match(t):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _YMD.match(t):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise EntryError(f"{text!r} is not a date ({exc})") from None
    raise EntryError(f"{text!r} is not a date; type DD-MM-YYYY")


def parse_yes_no(text: str) -> bool:
    """Yes / No (y/n, true/false, 1/0; blank is No)."""
    t = text.strip().casefold()
    if not t:
        return False
    if t in _YES_NO:
        return _YES_NO[t]
    raise EntryError(f"{text.strip()!r}: type Yes or No")


def match_choice(text: str, choices: Sequence[str], *, open_: bool = False) -> str:
    """The choice typed: itself in any case, else the only choice the text begins ("kv" → KVAT;
    "k" is refused as it fits both KGST and KVAT).  `open_` lets any other text through."""
    t = text.strip()
    low = t.casefold()
    for c in choices:
        if c.casefold() == low:
            return c
    if low:
        starting = [c for c in choices if c.casefold().startswith(low)]
        if len(starting) == 1:
            return starting[0]
    if open_:
        return t
    shown = ", ".join(c or "(blank)" for c in choices)
    raise EntryError(f"{t!r} is not one of: {shown}")


def parse_number(kind: str, text: str) -> Decimal:
    """An amount, signed amount, quantity or rate as typed."""
    t = text.strip()
    if not t:
        return ZERO if kind != "rate" else Decimal(0)
    try:
        value = parse_amount_text(t)
    except NumberError as exc:
        raise EntryError(str(exc)) from None
    if kind == "quantity" and decimals(value) > 2:
        raise EntryError(f"{t}: a quantity has at most 2 decimals")
    if kind in AMOUNT_KINDS and decimals(value) > 2:
        raise EntryError(f"{t}: an amount has at most 2 decimals (paise)")
    if kind == "rate" and decimals(value) > 4:
        raise EntryError(f"{t}: a rate has at most 4 decimals")
    if kind != "signed_money" and value < 0:
        raise EntryError(f"{t}: must not be negative")
    return as_money(value) if kind in ("money", "signed_money") else value


def parse(
    kind: str, text: str, choices: Sequence[str] = (), *, open_: bool = False, field: str = ""
) -> Any:
    """The value of typed text for a field of this kind, or EntryError saying what is wrong.  Text
    of `field` is at most text_limit(field) characters (app/model/limits.py: what files hold)."""
    if kind in NUMBER_KINDS:
        return parse_number(kind, text)
    t = text.strip()
    if kind in WHOLE_KINDS:
        if not t:
            return 0
        if not t.isdigit() or not t.isascii():
            raise EntryError(f"{t!r} is not a whole number")
        return int(t)
    if kind == "date":
        return parse_date_text(t)
    if kind == "yes_no":
        return parse_yes_no(t)
    if field and len(t) > text_limit(field):
        raise EntryError(f"{len(t):,} characters; at most {text_limit(field):,} fit here")
    if kind == "choice":
        return match_choice(t, choices, open_=open_)
    if kind == "upper":
        return "".join(t.split()).upper()
    return t


def blank(kind: str, choices: Sequence[str] = ()) -> Any:
    """The value of a field nobody has filled (what a cleared cell takes; a new row's field that
    an amendment added): no date, No, 0 / 0.00, empty text, a fixed list's first choice."""
    if kind == "choice":
        return choices[0] if choices else ""
    return parse(kind, "")


# ------------------------------------------------------------------------------- showing


def fmt_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def show(kind: str, value: Any) -> str:
    """The text shown for a value: Indian grouping, DD-MM-YYYY, Yes/No."""
    if value is None:
        return ""
    if kind in ("money", "signed_money"):
        return fmt_indian(value)
    if kind == "quantity":
        return fmt_indian(value, max(2, decimals(value)))
    if kind == "rate":
        return fmt_rate(value)
    if kind == "date":
        return fmt_date(value)
    if kind == "yes_no":
        return YES if value else NO
    return str(value)


def edit_text(kind: str, value: Any) -> str:
    """The text put in an editor: amounts without grouping so they can be retyped quickly."""
    if value is None:
        return ""
    if kind in AMOUNT_KINDS:
        return f"{value:.2f}" if decimals(value) <= 2 else f"{value:f}"
    return show(kind, value)
