"""One reader and one writer per kind of value (app.model.catalogue.KINDS) in the upload JSON.

A reader takes a value as parse_text left it (str / int / Decimal / bool / None), where it sits in
the file (the object's path, `part1a[2]`) and its catalogue field, and returns the model's value,
or raises InputError naming the field's path (`part1a[2].rate`).  An absent or null value reads as the kind's blank (0, "", no date,
No).  Every bound is app/model/limits.py's.  A writer turns a model value into what the upload
file holds (spec section 8): amounts with exactly 2 decimals, rates without trailing zeros.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from app.export.canonical import Num, num
from app.export.json_text import InputError, kind_of
from app.model import interpretations as rules
from app.model.catalogue import Field
from app.model.limits import MAX_SERIAL, SHORTEST_TEXT_LIMIT, count_limit, text_limit
from app.model.numbers import ZERO, fmt_money, fmt_rate, has_paise_only, has_rate_units_only

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Amounts have fewer than 15 digits before the point (below ₹10^15, a thousand lakh crore).
AMOUNT_DIGITS = 15

#: Choices of the form that are kept as written, whatever they say: validation reports a value
#: outside the list by row (E-POINT-OF-SALE, E-LIST-TYPE), so nothing is lost.  An open choice
#: (constitution, nature of business) is kept too.  Every other choice must be one of its list:
#: the engine computes with the act and the return type, and a choice a later version of the
#: form adds has no other check.  (docs/decisions.md)
KEPT_AS_WRITTEN = frozenset({"point_of_sale", "type"})

Reader = Callable[[Any, str, Field], Any]
Writer = Callable[[Any], Any]


def number_text(v: int | Decimal) -> str:
    """A number as written (1E+400), or "a number of 5,000 digits" when it is too long to show."""
    return kind_of(v).removeprefix("the number ")


def key_of(f: Field) -> str:
    """The field's own key ('advance.kgst' → 'kgst'): its key in its object, and what its text
    limit is looked up by."""
    return f.id.rsplit(".", 1)[-1]


def _at(at: str, f: Field) -> str:
    """The path of field `f` of the object at `at`."""
    return f"{at}.{key_of(f)}" if at else key_of(f)


# ---------------------------------------------------------------- readers, one per kind


def read_text(v: Any, path: str, f: Field) -> str:
    if v is None:
        return ""
    if not isinstance(v, str):
        raise InputError(_at(path, f), f"expected text, found {kind_of(v)}")
    if len(v) > SHORTEST_TEXT_LIMIT and len(v) > (limit := text_limit(key_of(f))):
        raise InputError(_at(path, f), f"{len(v):,} characters; at most {limit:,} are allowed")
    if _CONTROL.search(v):
        raise InputError(_at(path, f), "contains a control character")
    return v


def read_upper(v: Any, path: str, f: Field) -> str:
    """A registration number: kept as written (validation checks its form and spelling)."""
    return read_text(v, path, f)


def read_money(v: Any, path: str, f: Field) -> Decimal:
    """An amount as written (more than 2 decimals is validation's E-AMOUNT-DP, never rounded)."""
    if v is None:
        return ZERO
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        raise InputError(_at(path, f), f"expected an amount, found {kind_of(v)}")
    d = Decimal(v) if isinstance(v, int) else v
    # adjusted() = the exponent of the leading digit: exact for any size, no arithmetic (which
    # would overflow on 1e999999999)
    if d and d.adjusted() >= AMOUNT_DIGITS:
        raise InputError(_at(path, f), f"{number_text(v)} is too large for an amount")
    return d


def read_signed_money(v: Any, path: str, f: Field) -> Decimal:
    """An amount that may be negative on a return row (validation says where it may not)."""
    return read_money(v, path, f)


def read_quantity(v: Any, path: str, f: Field) -> Decimal:
    return read_money(v, path, f)


def read_rate(v: Any, path: str, f: Field) -> Decimal:
    r = read_money(v, path, f)
    if not has_rate_units_only(r):
        raise InputError(_at(path, f), f"rate {r} has more than 4 decimals")
    return r


def _whole(v: Any, path: str, most: int) -> int:
    """A whole number 0 to `most` (`path`: the field's own path)."""
    if isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value() and v.adjusted() > 0:
        raise InputError(path, f"{number_text(v)} is too large (at most {most:,})")
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(path, f"expected a whole number, found {kind_of(v)}")
    if not 0 <= v <= most:
        raise InputError(path, f"{number_text(v)} is out of range (0 to {most:,})")
    return v


def read_count(v: Any, path: str, f: Field) -> int:
    return 0 if v is None else _whole(v, _at(path, f), count_limit(key_of(f)))


def read_serial(v: Any, path: str, f: Field) -> int | None:
    """The row's number as written; None when absent (the row's place is used)."""
    return None if v is None else _whole(v, _at(path, f), MAX_SERIAL)


def read_date(v: Any, path: str, f: Field) -> date | None:
    if v is None or v == "":
        return None
    if not isinstance(v, str) or not _DATE.match(v):
        raise InputError(_at(path, f), f"expected a date YYYY-MM-DD, found {kind_of(v)}")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise InputError(_at(path, f), f"{v} is not a real date") from None


def _alternatives(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]


def strict_choice(f: Field) -> bool:
    """Is `f` a choice the file holds as one of its choices exactly (not open, not kept as written,
    with a list of choices)?  Anything else is written and read as text."""
    return (
        f.kind == "choice" and not f.open and key_of(f) not in KEPT_AS_WRITTEN and bool(f.choices)
    )


def read_choice(v: Any, path: str, f: Field) -> str:
    """One of the field's choices, in any letter case; blank is the first choice unless the field
    is required.  KEPT_AS_WRITTEN and open choices are read as text."""
    text = read_text(v, path, f)
    if f.open or key_of(f) in KEPT_AS_WRITTEN or not f.choices:
        return text
    t = text.strip()
    if t in f.choices:
        return t
    low = t.casefold()
    for c in f.choices:
        if c.casefold() == low:
            return c
    if not t and not f.required:
        return f.choices[0]
    label = key_of(f).replace("_", " ")
    shown = kind_of(v)[9:] if isinstance(v, str) else ""
    raise InputError(_at(path, f), f"unknown {label} {shown} (expected {_alternatives(f.choices)})")


def read_yes_no(v: Any, path: str, f: Field) -> bool:
    """Yes / No as the form prints it (any letter case), or true / false; absent is No."""
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("yes", "no"):
        return v.strip().lower() == "yes"
    raise InputError(_at(path, f), f"expected yes / no (or true / false), found {kind_of(v)}")


READERS: dict[str, Reader] = {
    "serial": read_serial,
    "count": read_count,
    "text": read_text,
    "upper": read_upper,
    "money": read_money,
    "signed_money": read_signed_money,
    "rate": read_rate,
    "quantity": read_quantity,
    "date": read_date,
    "choice": read_choice,
    "yes_no": read_yes_no,
}


def read_flag(v: Any, path: str, f: Field) -> bool | None:
    """A yes / no of a form section (inputs.large_dealer): JSON true / false; null is not given."""
    if v is not None and not isinstance(v, bool):
        raise InputError(_at(path, f), f"expected true or false, found {kind_of(v)}")
    return v


def read_paise(v: Any, path: str, f: Field) -> Decimal:
    """A figure of a filed return (Part 4): it was filed in rupees and paise, so more decimals
    mean the file is damaged (entered amounts are left to validation's E-AMOUNT-DP instead)."""
    d = read_money(v, path, f)
    if not has_paise_only(d):
        raise InputError(_at(path, f), f"{number_text(d)} has more than 2 decimals")
    return d


# ---------------------------------------------------------------- writers, one per kind


def write_money(v: Decimal) -> Num:
    return num(fmt_money(v))


def write_rate(v: Decimal) -> Num:
    return num(fmt_rate(v))


def write_whole(v: int) -> int:
    return int(v)


def write_text(v: str) -> str:
    return v


def write_date(v: date | None) -> str | None:
    return v.isoformat() if v else None


def write_yes_no(v: bool) -> str:
    return rules.ITC_WRITTEN[bool(v)]


WRITERS: dict[str, Writer] = {
    "serial": write_whole,
    "count": write_whole,
    "text": write_text,
    "upper": write_text,
    "money": write_money,
    "signed_money": write_money,
    "rate": write_rate,
    "quantity": write_money,
    "date": write_date,
    "choice": write_text,
    "yes_no": write_yes_no,
}


def blank(f: Field) -> Any:
    """The value of a field nobody filled (an amended field a row does not have yet)."""
    if f.kind in ("money", "signed_money", "quantity"):
        return ZERO
    if f.kind == "rate":
        return Decimal(0)
    if f.kind in ("count", "serial"):
        return 0
    if f.kind == "date":
        return None
    if f.kind == "yes_no":
        return False
    if strict_choice(f):
        return f.choices[0]
    return ""
