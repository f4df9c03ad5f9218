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

from collections import deque
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import Annotated, Any, Literal

import msgspec

from app.export.json_kinds import AMOUNT_DIGITS, blank, key_of, strict_choice
from app.export.json_layout import TableLayout
from app.model.catalogue import Field
from app.model.computed_columns import SUMS, column_value
from app.model.limits import MAX_SERIAL, count_limit, text_limit
from app.model.numbers import CENT, has_rate_units_only

AMOUNT_KINDS = frozenset({"money", "signed_money", "quantity"})
TEXT_KINDS = frozenset({"text", "upper"})
FAST_KINDS = AMOUNT_KINDS | TEXT_KINDS | {"choice", "date", "rate", "count", "serial", "yes_no"}


def fast(t: TableLayout) -> bool:
    """Can table `t`'s rows take the generated paths?"""
    return all(f.kind in FAST_KINDS for f in t.inputs) and all(
        f.kind in AMOUNT_KINDS for f in t.computed
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
    if f.kind in TEXT_KINDS or (f.kind == "choice" and not strict_choice(f)):
        return f"type({v}) is str and len({v}) <= {text_limit(key_of(f))}"
    if f.kind == "choice":
        env[f"_choices_{v}"] = frozenset(f.choices)
        return f"type({v}) is str and {v} in _choices_{v}"
    if f.kind in AMOUNT_KINDS:
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
    return f"(type({v}) is bool or (type({v}) is str and {v} in _YES_NO))"


#: Yes / No as the upload file writes it (rules.ITC_WRITTEN) and its usual spellings.
_YES_NO = {"yes": True, "no": False, "Yes": True, "No": False, "YES": True, "NO": False}


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
    return {"_Decimal": Decimal, "_rate_ok": has_rate_units_only, "_day": day, "_YES_NO": _YES_NO}


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
    # a whole number where an amount or a rate is (a rate of 2 written `2`) is read as the careful
    # reader reads it, Decimal(v) (a bool is not an int here: type() is exact)
    wholes = [f"    if type({v}) is int: {v} = _Decimal({v})"
              for f, v in zip(t.inputs, names, strict=True) if f.kind in AMOUNT_KINDS | {"rate"}]  # fmt: skip
    lines = [
        "def read_row(r, dates):",
        "    n = len(r)",
        f"    if not ({counts}):",
        "        return None",
        "    try:",
        f"        {fetch}",
        "    except KeyError:",
        "        return None",
        *wholes,
        f"    if not ({conds}):",
        "        return None",
    ]
    for f, v in zip(t.inputs, names, strict=True):
        if f.kind == "date":
            lines += [f"    {v} = dates.get({v}) or _day({v}, dates)",
                      f"    if {v} is None:", "        return None"]  # fmt: skip
        elif f.kind == "yes_no":
            lines.append(f"    {v} = {v} if type({v}) is bool else _YES_NO[{v}]")
    lines.append(f"    return {_constructor(t, names, env)}")
    return _compile("\n".join(lines) + "\n", env, "read_row")


# ---------------------------------------------------------------- reading straight from bytes


def _struct_type(f: Field) -> Any:
    """The value's type for msgspec, which checks it in C: a choice as its list (each choice then
    one shared object: a million rows hold "Sales" once), a text within its limit, a real date,
    a whole number in range.  A value outside (a choice kept as written that is not in the list)
    fails the batch, which the careful reader then reads."""
    if f.kind == "choice" and f.choices:
        return Literal[f.choices]
    if f.kind in TEXT_KINDS or f.kind == "choice":
        return Annotated[str, msgspec.Meta(max_length=text_limit(key_of(f)))]
    if f.kind in AMOUNT_KINDS or f.kind == "rate":
        return Decimal
    if f.kind == "date":
        return date
    if f.kind == "count":
        return Annotated[int, msgspec.Meta(ge=0, le=count_limit(key_of(f)))]
    if f.kind == "serial":
        return Annotated[int, msgspec.Meta(ge=0, le=MAX_SERIAL)]
    assert f.kind == "yes_no"
    return bool


_STRUCTS: dict[int, tuple[TableLayout, Any, Any]] = {}
#: Decoded Structs → (the row objects, the places of those left None for the careful reader).
BatchReader = Callable[[list[Any]], tuple[list[Any], list[int]]]


def row_struct(t: TableLayout, *, exact: bool = False) -> tuple[type, BatchReader]:
    """A msgspec Struct for a row of `t` as a file holds it (every input field present, no other
    field but the computed ones: anything else fails to decode and the batch is read carefully),
    and the reader of a batch of decoded Structs: the row objects, None for a row that needs the
    careful reader (an amount of 15 digits or more, a rate with more than 4 decimals).

    A computed value is ignored when read, but must be a plain number (the careful reader checks
    anything else, such as nesting): decoded as a float, cheap, unless `exact` (the opener
    compares it with the recomputed figure); UNSET when absent."""
    key = id(t) * 2 + exact
    known = _STRUCTS.get(key)
    if known is not None and known[0] is t:
        return known[1], known[2]
    fields: list[Any] = [(f.id, _struct_type(f)) for f in t.inputs]
    number = Decimal if exact else float
    fields += [(f.id, number | None | msgspec.UnsetType, msgspec.UNSET) for f in t.computed]
    struct = msgspec.defstruct(f"{t.id}_file_row", fields, forbid_unknown_fields=True, gc=False)
    env = _env()
    conds = []
    for f in t.inputs:
        if f.kind in AMOUNT_KINDS:
            conds.append(f"s.{f.id}.adjusted() < {AMOUNT_DIGITS}")
        elif f.kind == "rate":
            conds.append(f"s.{f.id}.adjusted() < {AMOUNT_DIGITS} and _rate_ok(s.{f.id})")
    # each field read by name: an eighth faster than slicing the Struct's tuple (100,000 rows)
    make = _constructor(t, [f"s.{f.id}" for f in t.inputs], env)
    if conds:  # one pass: a row that needs the careful reader is left None (rarely any)
        lines = ["def read_batch(structs):",
                 f"    rows = [{make} if {' and '.join(conds)} else None for s in structs]",
                 "    return rows, [i for i, r in enumerate(rows) if r is None]"]  # fmt: skip
    else:
        lines = ["def read_batch(structs):", f"    return [{make} for s in structs], []"]
    reader = _compile("\n".join(lines) + "\n", env, "read_batch")
    _STRUCTS[key] = (t, struct, reader)
    return struct, reader


#: Distinct values kept per field for sharing; beyond this a field's values are not shared.
SHARED_VALUES = 20_000


class Sharing:
    """The same value in many rows made one object (a counterparty's name, a date): a million
    rows then hold a few thousand names, not a million copies.  After the first batch only the
    fields whose values repeat are looked at (not a document number).  Each field of a batch is
    read, looked up and set back by C loops (`map`): 0.24 s at a million rows, 0.28 s by a loop."""

    def __init__(self, t: TableLayout) -> None:
        self.fields: list[str] | None = None
        self.t = t
        self.seen: dict[str, dict[Any, Any]] = {}

    def __call__(self, rows: list[Any]) -> None:
        """Share the values of `rows` (row objects, none missing); a field stops taking new
        values once it holds SHARED_VALUES (checked a batch at a time)."""
        if self.fields is None:
            candidates = [f.id for f in self.t.inputs
                          if f.id in self.t.typed and (f.kind in TEXT_KINDS or f.kind == "date")]  # fmt: skip
            self.fields = []
            for name in candidates:
                distinct = set(map(attrgetter(name), rows))
                if len(distinct) <= len(rows) // 2:
                    self.fields.append(name)
                    self.seen[name] = {v: v for v in distinct}
        for name in self.fields:
            d = self.seen[name]
            values = list(map(attrgetter(name), rows))
            one = d.setdefault if len(d) < SHARED_VALUES else d.get  # get(v, v): v when new
            deque(map(setattr, rows, repeat(name), map(one, values, values)), maxlen=0)


# ---------------------------------------------------------------- writing

_ENCODER = msgspec.json.Encoder(decimal_format="number")

_WRITERS: dict[int, tuple[TableLayout, Any]] = {}


def chunk_writer(t: TableLayout) -> Callable[[Sequence[Any], int, Any], bytes | None] | None:
    """The generated writer of a chunk of rows of `t` (rows, index of the first, the computed
    figures) → their compact text 'row,row,…', or None when a value is not of its kind's plain
    type (an amount not held with exactly 2 decimals, a text that is not a str…): the caller
    then writes those rows field by field.  None for a table without a fast path."""
    known = _WRITERS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]  # type: ignore[no-any-return]
    plain = TEXT_KINDS | AMOUNT_KINDS | {"date", "choice"}
    writer = _chunk_writer(t) if fast(t) and all(f.kind in plain for f in t.inputs) else None
    _WRITERS[id(t)] = (t, writer)
    return writer


def input_values(t: TableLayout, lines: list[str], env: dict[str, Any]) -> list[str]:
    """Generated lines (appended to `lines`, inside a loop over rows `r`) that read each input
    field of `t` into v0, v1, … — a field the row type lacks from the row's `extra`, its blank
    when absent (`env` gets `_E` and the blanks) — and those names in the fields' order."""
    env["_E"] = {}
    names = []
    for n, f in enumerate(t.inputs):
        if f.id in t.typed:
            lines.append(f"        v{n} = r.{f.id}")
        else:
            env[f"_blank_{n}"] = blank(f)
            lines.append(f"        v{n} = (r.extra or _E).get({f.id!r}, _blank_{n})")
        names.append(f"v{n}")
    return names


def _chunk_writer(t: TableLayout) -> Any:
    struct = msgspec.defstruct(f"{t.id}_written_row", [(f.id, Any) for f in t.fields], gc=False)
    env = _env()
    env.update(_S=struct, _date=date, _paise=CENT.same_quantum)  # exactly 2 decimals, one C call
    lines = ["def structs(rows, first, c):", "    out = []", "    append = out.append",
             "    for i, r in enumerate(rows, first):"]  # fmt: skip
    names = input_values(t, lines, env)
    by_id = {f.id: f"v{n}" for n, f in enumerate(t.inputs) if f.kind in AMOUNT_KINDS}
    summed = set()  # computed sums of amounts proven held with 2 decimals: so is their sum
    for j, f in enumerate(t.computed):
        terms = SUMS.get((t.id, f.id), ())
        if terms and all(term in by_id for term in terms):
            lines.append(f"        w{j} = " + " + ".join(by_id[term] for term in terms))
            summed.add(f"w{j}")
        else:
            env[f"_c{j}"] = column_value(t.id, f.id)
            lines.append(f"        w{j} = _c{j}(i, r, c)")
        names.append(f"w{j}")
    # Each value must be written by msgspec exactly as its kind's writer writes it (json_kinds)
    # and as the schema's written form wants it: a text a str, a date a date or None, an amount a
    # Decimal held with exactly 2 decimals (the quantum of 0.01: finite, exponent −2, so its str()
    # has the point third from the end, as fmt_money's) below 10^15.  Grouped by kind: one chain
    # of `is` per kind.
    texts = [
        v for f, v in zip(t.fields, names, strict=True) if f.kind not in AMOUNT_KINDS | {"date"}
    ]
    amounts = [v for f, v in zip(t.fields, names, strict=True) if f.kind in AMOUNT_KINDS]
    dates = [v for f, v in zip(t.fields, names, strict=True) if f.kind == "date"]
    conds = []
    if texts:
        conds.append(" is ".join(f"type({v})" for v in texts) + " is str")
    if amounts:
        conds.append(" is ".join(f"type({v})" for v in amounts) + " is _Decimal")
        conds += [f"_paise({v})" for v in amounts if v not in summed]
        conds += [f"{v}.adjusted() < {AMOUNT_DIGITS}" for v in amounts]
    conds += [f"({v} is None or type({v}) is _date)" for v in dates]
    lines += [f"        if not ({' and '.join(conds)}):", "            return None",
              f"        append(_S({', '.join(names)}))", "    return out"]  # fmt: skip
    make = _compile("\n".join(lines) + "\n", env, "structs")

    def write(rows: Sequence[Any], first: int, c: Any) -> bytes | None:
        structs = make(rows, first, c)
        return None if structs is None else _ENCODER.encode(structs)[1:-1]

    return write
