"""The long lists' fast paths, generated from the catalogue (as app.export.schema compiles its row
check): a list of a million rows is read and written without a Python call per field.

- `dict_row_reader(t)`: a parsed row (dict) → the row object, or None when anything is unusual
  (the careful reader, app.export.upload_read, then reads the row and names what is wrong);
- `row_struct(t)` / `struct_row_reader(t)`: a msgspec Struct a row is decoded into straight from
  the file's bytes (no dict per row), and its conversion to the row object, None when unusual;
- `chunk_writer(t)`: rows → compact JSON text for a chunk of rows, by msgspec from a Struct per
  row; `chunk_ok` proves the text is what the per-kind writers (app.export.json_kinds) would have
  written, else the caller writes the chunk field by field.

The fast paths take the kinds a list holds (text, upper, choice, amounts, rate, date, count,
yes/no); every bound is the careful reader's (app/model/limits.py), so a row either passes
both or is handed to the careful reader, which refuses it in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from app.export.json_kinds import AMOUNT_DIGITS, KEPT_AS_WRITTEN, blank, key_of
from app.export.json_layout import TableLayout
from app.model.catalogue import Field
from app.model.computed_columns import column_value
from app.model.limits import MAX_SERIAL, count_limit, text_limit
from app.model.numbers import has_rate_units_only

_AMOUNTS = frozenset({"money", "signed_money", "quantity"})
_TEXTS = frozenset({"text", "upper"})
FAST_KINDS = _AMOUNTS | _TEXTS | {"choice", "date", "rate", "count", "yes_no"}


def fast(t: TableLayout) -> bool:
    """Can table `t`'s rows take the generated paths?"""
    return all(f.kind in FAST_KINDS for f in t.inputs) and all(
        f.kind in _AMOUNTS for f in t.computed
    )


def _strict(f: Field) -> bool:
    return (
        f.kind == "choice" and not f.open and key_of(f) not in KEPT_AS_WRITTEN and bool(f.choices)
    )


def day(text: str, dates: dict[str, date]) -> date | None:
    """A YYYY-MM-DD date, parsed once per distinct text; None for anything else."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:
        d = dates[text] = date.fromisoformat(text)
    except ValueError:
        return None
    return d


def _condition(f: Field, v: str, env: dict[str, Any]) -> str:
    """A Python condition that `v` (the value as parsed) is good as it stands."""
    if f.kind in _TEXTS or (f.kind == "choice" and not _strict(f)):
        return f"type({v}) is str and len({v}) <= {text_limit(key_of(f))}"
    if f.kind == "choice":
        env[f"_choices_{v}"] = frozenset(f.choices)
        return f"type({v}) is str and {v} in _choices_{v}"
    if f.kind in _AMOUNTS:
        return f"type({v}) is _Decimal and {v}.adjusted() < {AMOUNT_DIGITS}"
    if f.kind == "rate":
        return f"type({v}) is _Decimal and {v}.adjusted() < {AMOUNT_DIGITS} and _rate_ok({v})"
    if f.kind == "date":
        return f"type({v}) is str"
    if f.kind == "count":
        return f"type({v}) is int and 0 <= {v} <= {count_limit(key_of(f))}"
    if f.kind == "serial":
        return f"type({v}) is int and 0 <= {v} <= {MAX_SERIAL}"
    assert f.kind == "yes_no"
    return f"type({v}) is bool"


def _constructor(t: TableLayout, values: Sequence[str], env: dict[str, Any]) -> str:
    """`_Row(…)` with the typed fields by position when the catalogue's order is the row type's
    own, else by name; fields the row type lacks go to `extra`."""
    env["_Row"] = t.row_type
    typed = [(f.id, v) for f, v in zip(t.inputs, values, strict=True) if f.id in t.typed]
    extra = [(f.id, v) for f, v in zip(t.inputs, values, strict=True) if f.id not in t.typed]
    order = [n for n in t.row_type.__dataclass_fields__ if n != "extra"]  # type: ignore[attr-defined]
    if [k for k, _ in typed] == order[: len(typed)]:
        args = [v for _, v in typed]
    else:
        args = [f"{k}={v}" for k, v in typed]
    if extra:
        args.append("extra={" + ", ".join(f"{k!r}: {v}" for k, v in extra) + "}")
    return "_Row(" + ", ".join(args) + ")"


def _compile(source: str, env: dict[str, Any], name: str) -> Any:
    exec(compile(source, f"<{name}>", "exec"), env)
    return env[name]


def _env() -> dict[str, Any]:
    return {"_Decimal": Decimal, "_rate_ok": has_rate_units_only, "_day": day}


# ---------------------------------------------------------------- reading parsed rows (dicts)

_DICT_READERS: dict[int, tuple[TableLayout, Any]] = {}


def dict_row_reader(t: TableLayout) -> Callable[[dict[str, Any], dict[str, date]], Any] | None:
    """The generated fast reader of a parsed row of `t`, or None when `t` has no fast path."""
    known = _DICT_READERS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]  # type: ignore[no-any-return]
    reader = _dict_reader(t) if fast(t) else None
    _DICT_READERS[id(t)] = (t, reader)
    return reader


def _dict_reader(t: TableLayout) -> Any:
    env = _env()
    names = [f"a{i}" for i in range(len(t.inputs))]
    n, m = len(t.inputs), len(t.computed)
    counts = f"n == {n}"
    if m:
        computed = " and ".join(f"type(r.get({f.id!r})) is _Decimal" for f in t.computed)
        counts += f" or (n == {n + m} and {computed})"
    fetch = "; ".join(f"{v} = r[{f.id!r}]" for f, v in zip(t.inputs, names, strict=True))
    conds = " and ".join(_condition(f, v, env) for f, v in zip(t.inputs, names, strict=True))
    lines = [
        "def read_row(r, dates):",
        "    n = len(r)",
        f"    if not ({counts}):",
        "        return None",
        "    try:",
        f"        {fetch}",
        "    except KeyError:",
        "        return None",
        f"    if not ({conds}):",
        "        return None",
    ]
    for f, v in zip(t.inputs, names, strict=True):
        if f.kind == "date":
            lines += [f"    {v} = dates.get({v}) or _day({v}, dates)",
                      f"    if {v} is None:", "        return None"]  # fmt: skip
    lines.append(f"    return {_constructor(t, names, env)}")
    return _compile("\n".join(lines) + "\n", env, "read_row")


# ---------------------------------------------------------------- reading straight from bytes


def _struct_type(f: Field) -> Any:
    if f.kind in _TEXTS or f.kind == "choice":
        return Annotated[str, msgspec.Meta(max_length=text_limit(key_of(f)))]
    if f.kind in _AMOUNTS or f.kind == "rate":
        return Decimal
    if f.kind == "date":
        return str
    if f.kind == "count":
        return Annotated[int, msgspec.Meta(ge=0, le=count_limit(key_of(f)))]
    if f.kind == "serial":
        return Annotated[int, msgspec.Meta(ge=0, le=MAX_SERIAL)]
    assert f.kind == "yes_no"
    return bool


_STRUCTS: dict[int, tuple[TableLayout, Any, Any]] = {}


def row_struct(t: TableLayout) -> tuple[type, Callable[[Any, dict[str, date]], Any]]:
    """A msgspec Struct for a row of `t` as a file holds it (every input field present, no other
    field but the computed ones; anything else fails to decode and the batch is read carefully),
    and the reader of a decoded Struct: the row object, or None when a value needs the careful
    reader (an amount of 15 digits or more, a choice outside its list, an impossible date)."""
    known = _STRUCTS.get(id(t))
    if known is not None and known[0] is t:
        return known[1], known[2]
    fields: list[Any] = [(f.id, _struct_type(f)) for f in t.inputs]
    fields += [(f.id, Decimal | None | msgspec.UnsetType, msgspec.UNSET) for f in t.computed]
    struct = msgspec.defstruct(
        f"{t.id}_file_row", fields, forbid_unknown_fields=True, gc=False, omit_defaults=True
    )
    env = _env()
    names = [f"s.{f.id}" for f in t.inputs]
    conds = []
    for f, v in zip(t.inputs, names, strict=True):
        if f.kind in _AMOUNTS:
            conds.append(f"{v}.adjusted() < {AMOUNT_DIGITS}")
        elif f.kind == "rate":
            conds.append(f"{v}.adjusted() < {AMOUNT_DIGITS} and _rate_ok({v})")
        elif _strict(f):
            env[f"_choices_{f.id}"] = frozenset(f.choices)
            conds.append(f"{v} in _choices_{f.id}")
    values = list(names)
    parse = ""
    for i, f in enumerate(t.inputs):
        if f.kind == "date":
            values[i] = f"d{i}"
            parse += (
                f"    d{i} = dates.get(s.{f.id}) or _day(s.{f.id}, dates)\n"
                f"    if d{i} is None:\n        return None\n"
            )
    source = (
        "def read_struct(s, dates):\n"
        + (f"    if not ({' and '.join(conds)}):\n        return None\n" if conds else "")
        + parse
        + f"    return {_constructor(t, values, env)}\n"
    )
    reader = _compile(source, env, "read_struct")
    _STRUCTS[id(t)] = (t, struct, reader)
    return struct, reader


# ---------------------------------------------------------------- writing

CHUNK = 4000
_ENCODER = msgspec.json.Encoder(decimal_format="number")
_DATE_TOKEN = rb'"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"|null'
_MONEY_TOKEN = rb"-?[0-9]{1,15}\.[0-9]{2}"
_NUMBER_STARTS = tuple(b'":' + bytes([c]) for c in b"-0123456789")
_OTHER_STARTS = (b'":t', b'":f', b'":[', b'":{')

_WRITERS: dict[int, tuple[TableLayout, Any]] = {}


def chunk_writer(t: TableLayout) -> Callable[[Sequence[Any], int, Any], tuple[bytes, bool]] | None:
    """The generated writer of a chunk of rows of `t` (rows, index of the first, the computed
    figures) → (compact text 'row,row,…', ok), or None when `t` has no fast path.  `ok` is
    False when the text may differ from the per-kind writers': the caller writes those rows
    field by field instead."""
    known = _WRITERS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]  # type: ignore[no-any-return]
    writer = _chunk_writer(t) if fast(t) and all(f.kind in _TEXTS | _AMOUNTS | {"date", "choice"}
                                                  for f in t.inputs) else None  # fmt: skip
    _WRITERS[id(t)] = (t, writer)
    return writer


def _chunk_writer(t: TableLayout) -> Any:
    struct = msgspec.defstruct(f"{t.id}_written_row", [(f.id, Any) for f in t.fields], gc=False)
    env = _env()
    env["_S"] = struct
    args = []
    for f in t.inputs:
        if f.id in t.typed:
            args.append(f"r.{f.id}")
        else:
            args.append(f"(r.extra or _E).get({f.id!r}, _blank_{f.id})")
            env[f"_blank_{f.id}"] = blank(f)
    for j, f in enumerate(t.computed):
        env[f"_c{j}"] = column_value(t.id, f.id)
        args.append(f"_c{j}(i, r, c)")
    env["_E"] = {}
    source = (
        "def structs(rows, first, c):\n"
        f"    return [_S({', '.join(args)}) for i, r in enumerate(rows, first)]\n"
    )
    make = _compile(source, env, "structs")
    money = [f.id for f in t.fields if f.kind in _AMOUNTS]
    dates = [f.id for f in t.fields if f.kind == "date"]
    money_re = re.compile(b'"(?:' + b"|".join(k.encode() for k in money) + b')":' + _MONEY_TOKEN
                          + b"[,}]") if money else None  # fmt: skip
    date_re = re.compile(b'"(?:' + b"|".join(k.encode() for k in dates) + b')":(?:' + _DATE_TOKEN
                         + b")[,}]") if dates else None  # fmt: skip

    def write(rows: Sequence[Any], first: int, c: Any) -> tuple[bytes, bool]:
        text = _ENCODER.encode(make(rows, first, c))[1:-1]
        n = len(rows)
        numbers = sum(text.count(s) for s in _NUMBER_STARTS)
        ok = numbers == n * len(money) and not any(text.count(s) for s in _OTHER_STARTS)
        if ok and money_re is not None:
            ok = len(money_re.findall(text)) == n * len(money)
        if ok and date_re is not None:
            ok = len(date_re.findall(text)) == n * len(dates)
        return text, ok

    return write
