"""A return's parts between the model and the store's columns, built from the form catalogue.

One encoder and one decoder per kind (KIND → column of values), applied column by column: a
row table's rows become tuples of column values (the physical columns of app.store.columns, then
`extra`), and back.  Working on whole columns keeps the 100,000-row lists fast: the conversions
run as C-level maps, and only a column that holds something unusual goes value by value for the
precise refusal (part, row, field; codec.py).  Fields a later version of the form adds are kept
in `extra` as JSON, each value encoded by its kind like a column (amounts in paise…); a key that
is no field of the return's version is refused, never dropped.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, localcontext
from operator import attrgetter, eq
from typing import Any

from app.model.catalogue import Catalogue, Field
from app.model.numbers import CENT, from_paise, rate_from_units
from app.store.codec import EXACT, LIMIT, money, rate, refuse
from app.store.columns import (
    ROW_TYPES,
    SECTIONS,
    Stored,
    dict_containers,
    extra_fields,
    nested,
    row_columns,
    section_columns,
)

#: The catalogue version of the return being written or read, resolved only when needed.
VersionRef = Callable[[], Catalogue]
Numbers = Sequence[int | None]
Encoder = Callable[[list[Any], str, str, Numbers], list[Any]]
Decoder = Callable[[list[Any]], list[Any]]

_HUNDRED = Decimal(100).__mul__
_AMOUNT_TYPES = frozenset({Decimal, int})
_EXTRA = attrgetter("extra")


# ------------------------------------------------------------------------------- encoders


def _paise(values: list[Any], part: str, field: str, numbers: Numbers) -> list[Any]:
    """Amounts (and stock quantities) as integer paise (hundredths), exactly."""
    try:
        if not set(map(type, values)) <= _AMOUNT_TYPES:
            raise TypeError  # (a bool is no amount, though Decimal would multiply it)
        with localcontext(EXACT):
            scaled = list(map(_HUNDRED, values))  # exact (the context traps any rounding)
            ints = list(map(int, scaled))
        if all(map(eq, ints, scaled)) and (not ints or (min(ints) > -LIMIT and max(ints) < LIMIT)):
            return ints
    except (ArithmeticError, AttributeError, TypeError, ValueError):
        pass  # something unusual: value by value, for the precise refusal (or an int accepted)
    return [money(v, part, n, field) for n, v in zip(numbers, values, strict=True)]


def _rate(values: list[Any], part: str, field: str, numbers: Numbers) -> list[Any]:
    return [rate(v, part, n, field) for n, v in zip(numbers, values, strict=True)]


def _typed(
    allowed: frozenset[type], what: str
) -> Callable[[list[Any], str, str, Numbers], list[Any]]:
    def check(values: list[Any], part: str, field: str, numbers: Numbers) -> list[Any]:
        if not set(map(type, values)) <= allowed:
            n, v = next((n, v) for n, v in zip(numbers, values, strict=True)
                        if type(v) not in allowed)  # fmt: skip
            raise refuse(part, n, field, f"{v!r} is not {what}")
        return values

    return check


_text = _typed(frozenset({str}), "text")
_whole = _typed(frozenset({int}), "a whole number")
_day = _typed(frozenset({date, type(None)}), "a date")


def _yes_no(values: list[Any], part: str, field: str, numbers: Numbers) -> list[Any]:
    return list(map(bool, values))


def _iso(values: list[Any], part: str, field: str, numbers: Numbers) -> list[Any]:
    """Dates as ISO text (a month has few distinct dates: each converted once)."""
    _day(values, part, field, numbers)
    texts: dict[Any, Any] = {d: d.isoformat() for d in set(values) if d is not None}
    texts[None] = None
    return list(map(texts.__getitem__, values))


#: How a row table keeps each kind (dates as ISO text).
ROW_ENCODE: dict[str, Encoder] = {
    "money": _paise, "signed_money": _paise, "quantity": _paise, "rate": _rate,
    "count": _whole, "serial": _whole, "yes_no": _yes_no, "date": _iso,
    "text": _text, "upper": _text, "choice": _text,
}  # fmt: skip
#: The return row keeps dates as DATE.
SECTION_ENCODE: dict[str, Encoder] = {**ROW_ENCODE, "date": _day}


# ------------------------------------------------------------------------------- decoders


def _from_paise(values: list[Any]) -> list[Any]:
    return list(map(CENT.__mul__, map(Decimal, values)))  # paise × 0.01 is exactly from_paise()


def _from_units(values: list[Any]) -> list[Any]:
    return list(map(rate_from_units, values))


def _as_is(values: list[Any]) -> list[Any]:
    return values


def _bools(values: list[Any]) -> list[Any]:
    return list(map(bool, values))


def _days(values: list[Any]) -> list[Any]:
    parsed: dict[Any, Any] = {t: date.fromisoformat(t) for t in set(values) if t}
    parsed[None] = parsed[""] = None
    return list(map(parsed.__getitem__, values))


#: Row tables, as the driver gives them (SQLite: booleans 0/1, dates ISO text).
ROW_DECODE: dict[str, Decoder] = {
    "money": _from_paise, "signed_money": _from_paise, "quantity": _from_paise,
    "rate": _from_units, "count": _as_is, "serial": _as_is, "yes_no": _bools, "date": _days,
    "text": _as_is, "upper": _as_is, "choice": _as_is,
}  # fmt: skip


def _section_value(kind: str, value: Any) -> Any:
    """A return-row value as SQLAlchemy gives it (DATE as date, BOOLEAN as bool)."""
    if value is None:
        return None
    if kind in ("money", "signed_money", "quantity"):
        return from_paise(value)
    if kind == "rate":
        return rate_from_units(value)
    return value


# ------------------------------------------------------------------------------- extra (JSON)


def extra_values(
    extra: Any, fields: Mapping[str, Field], part: str, row: int | None, version: str
) -> dict[str, Any]:
    """A row's (or section's) `extra` dict, each value encoded by its field's kind."""
    if not isinstance(extra, dict):
        raise refuse(part, row, "extra", f"{extra!r} is not a dict of field values")
    out: dict[str, Any] = {}
    for key, value in extra.items():
        f = fields.get(key)
        if f is None:
            raise refuse(part, row, str(key), f"not a field of FORM No. 9 version {version}")
        out[key] = None if value is None else ROW_ENCODE[f.kind]([value], part, key, [row])[0]
    return out


def to_json(values: Any) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def from_extra_values(stored: Mapping[str, Any], fields: Mapping[str, Field]) -> dict[str, Any]:
    """Stored extra values back to the model's; a key the version does not know is kept as
    stored (a store written by a newer version of the app)."""
    out: dict[str, Any] = {}
    for key, value in stored.items():
        f = fields.get(key)
        out[key] = value if f is None or value is None else ROW_DECODE[f.kind]([value])[0]
    return out


# ------------------------------------------------------------------------------- row tables


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while 100,000 rows' objects are made: they hold no
    cycles, and its passes over them would cost more than the conversion itself."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Shared:
    """Stored values repeated down a column decoded once and made one object each (a type of
    transaction, a counterparty, a date, an amount), so a million-row list holds each once.
    Decided on the first chunk: a column is shared when it has at most half as many distinct
    values as rows, and stays shared while it has at most SHARED_VALUES of them.  Exact: equal
    stored values (the same paise, text, date) decode to equal objects of the same form."""

    def __init__(self) -> None:
        self.seen: list[dict[Any, Any] | None] | None = None

    def decode(self, decoders: list[Decoder], cols: list[tuple[Any, ...]]) -> list[list[Any]]:
        if self.seen is None:
            self.seen = [{} if len(set(col)) <= len(col) // 2 else None for col in cols]
        out = []
        for n, (decode, col) in enumerate(zip(decoders, cols, strict=True)):
            seen = self.seen[n]
            if seen is None:
                out.append(decode(list(col)))
                continue
            new = [v for v in set(col) if v not in seen]
            if new:
                seen.update(zip(new, decode(new), strict=True))
            out.append(list(map(seen.__getitem__, col)))
            if len(seen) > SHARED_VALUES:
                self.seen[n] = None  # not repeating after all: decoded value by value from now
        return out


#: Distinct values kept per column for sharing.
SHARED_VALUES = 20_000


class TableCodec:
    """Rows of one part ↔ tuples of its columns (the physical ones in the row type's order, then
    `extra`)."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.row_type = ROW_TYPES[part]
        self.columns: tuple[Stored, ...] = row_columns(part)
        self.names = (*(c.name for c in self.columns), "extra")
        self._getters = [attrgetter(c.field) for c in self.columns]
        self._encoders = [ROW_ENCODE[c.kind] for c in self.columns]
        self._decoders = [ROW_DECODE[c.kind] for c in self.columns]

    def encode(
        self,
        rows: Sequence[Any],
        version: VersionRef,
        numbers: Numbers | None = None,
        lead: Sequence[Iterable[Any]] = (),
    ) -> list[tuple[Any, ...]]:
        """Column tuples; `numbers`: the rows' 0-based places for messages (default 0, 1, …);
        `lead`: columns put first in each tuple (the return's id, the rows' positions…)."""
        with no_gc():
            return self._encode(rows, version, numbers, lead)

    def _encode(
        self,
        rows: Sequence[Any],
        version: VersionRef,
        numbers: Numbers | None,
        lead: Sequence[Iterable[Any]],
    ) -> list[tuple[Any, ...]]:
        numbers = range(len(rows)) if numbers is None else numbers
        part = self.part
        cols: list[Iterable[Any]] = list(lead)
        cols += [
            encode(list(map(get, rows)), part, c.field, numbers)
            for c, get, encode in zip(self.columns, self._getters, self._encoders, strict=True)
        ]
        extras = list(map(_EXTRA, rows))
        if extras.count(None) != len(extras):
            cat = version()
            fields = extra_fields(cat, part)
            extras = [
                None if e is None else to_json(extra_values(e, fields, part, n, cat.version))
                for n, e in zip(numbers, extras, strict=True)
            ]
        cols.append(extras)
        return list(zip(*cols))  # noqa: B905 (lead columns may be endless repeats)

    def decode(
        self, raw: Sequence[Sequence[Any]], version: VersionRef, shared: Shared | None = None
    ) -> list[Any]:
        """Rows from column tuples (as the driver gives them, in `names` order); `shared`: the
        values repeated down a column made one object each, across the chunks of a long list."""
        if not raw:
            return []
        with no_gc():
            return self._decode(raw, version, shared)

    def _decode(
        self, raw: Sequence[Sequence[Any]], version: VersionRef, shared: Shared | None
    ) -> list[Any]:
        cols = list(zip(*raw, strict=True))
        if shared is not None:
            values = shared.decode(self._decoders, cols[:-1])
        else:
            values = [decode(list(c)) for decode, c in zip(self._decoders, cols[:-1], strict=True)]
        extras: list[Any] = list(cols[-1])
        if extras.count(None) != len(extras):
            fields = extra_fields(version(), self.part)
            extras = [
                None if e is None else from_extra_values(json.loads(e), fields) for e in extras
            ]
        return list(map(self.row_type, *values, extras))


CODECS = {part: TableCodec(part) for part in ROW_TYPES}


# ------------------------------------------------------------------------------- sections


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for p in path[:-1]:
        obj = getattr(obj, p)
    return obj.get(path[-1]) if isinstance(obj, dict) else getattr(obj, path[-1])


def encode_section(section: str, obj: Any, version: VersionRef) -> tuple[dict[str, Any], Any]:
    """The return row's columns of header, inputs or declaration, and its encoded extra (a dict,
    or None)."""
    for key, allowed in dict_containers(section).items():
        held = getattr(obj, key)
        if not isinstance(held, dict):
            raise refuse(section, None, key, f"{held!r} is not a table of {', '.join(allowed)}")
        unknown = sorted(set(held) - set(allowed), key=str)
        if unknown:
            raise refuse(
                section, None, key,
                f"unknown entry {unknown[0]!r} (expected {', '.join(allowed)})",
            )  # fmt: skip
    values: dict[str, Any] = {}
    for c in section_columns(section):
        value = _get(obj, c.path)
        if value is None and c.nullable:
            values[c.name] = None
        else:
            values[c.name] = SECTION_ENCODE[c.kind]([value], section, c.field, [None])[0]
    extra = obj.extra
    if extra is None:
        return values, None
    cat = version()
    return values, extra_values(extra, extra_fields(cat, section), section, None, cat.version)


def decode_section(section: str, row: Mapping[Any, Any], extra: Any, version: VersionRef) -> Any:
    """Header, inputs or declaration from the return row (values as SQLAlchemy gives them) and
    its part of the stored extra (a dict, or None)."""
    obj = SECTIONS[section]()
    containers = dict_containers(section)
    groups = {k: t() for k, t in nested(section).items()}
    for key in containers:
        setattr(obj, key, {})
    for c in section_columns(section):
        value = _section_value(c.kind, row[c.name])
        if len(c.path) == 1:
            setattr(obj, c.field, value)
        elif c.path[0] in containers:
            if value is not None:
                getattr(obj, c.path[0])[c.path[1]] = value
        else:
            setattr(groups[c.path[0]], c.path[1], value)
    for key, group in groups.items():
        setattr(obj, key, group)
    if extra is not None:
        fields = extra_fields(version(), section)
        obj.extra = from_extra_values(extra, fields)
    return obj
