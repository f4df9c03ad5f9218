"""The row tables of the document's head (Part 1(a), Part 2, …; not the long lists) written fast,
with what the writer proves of every value it writes (as app.export.json_rows does for the long
lists' chunks).

- `table_writer(t)`: rows → the table's compact text `[row,row,…]`, by msgspec from a Struct per
  row, or None when a value is not of its kind's plain form (an amount not held with exactly 2
  decimals or not below 10^15, a rate whose text is not fmt_rate's, a value of another type…): the
  caller then writes the table field by field (upload_write.row_dict), as before.
- `written_table(t, rows, c)`: that text as a WrittenTable, with each key of a row and what its
  value is when the file's reader parses it back (`Written`: its types, the texts it can be, its
  bounds, its decimals).  app.export.schema_rows proves from these that every row the writer
  gives matches the schema's written form, so a table it wrote needs no parse-back, predicate or
  decimals walk (schema.write_checked).

Same values, same bytes as the per-kind writers (app.export.json_kinds): a proof by construction,
and tests/export/test_head_rows.py compares the two on ordinary and odd values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from app.export.json_kinds import AMOUNT_DIGITS, key_of, strict_choice
from app.export.json_layout import LONG_LISTS, TableLayout
from app.export.json_rows import AMOUNT_KINDS, TEXT_KINDS, input_values
from app.model import interpretations as rules
from app.model.catalogue import Field
from app.model.computed_columns import ROW_FIGURES, column_value
from app.model.limits import MAX_SERIAL, count_limit
from app.model.numbers import CENT, MAX_AMOUNT, fmt_rate

#: Kinds this writer takes (a date is left to the field-by-field writer and the schema check).
KINDS = AMOUNT_KINDS | TEXT_KINDS | {"choice", "rate", "count", "serial", "yes_no"}


@dataclass(frozen=True, slots=True)
class Written:
    """What one field's written value is once the file's reader parses it back (float_hook=
    Decimal): one of `types`; a str one of `texts` (when given); a number within `low` … `high`
    (`open`: both bounds exclusive, else inclusive); `decimals` 2: a Decimal with exactly 2
    decimals, 4: a rate written without trailing zeros (an int, or a Decimal whose last decimal
    is not 0)."""

    types: frozenset[type]
    texts: frozenset[str] | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    open: bool = False
    decimals: int | None = None


_STR = frozenset({str})


def _written(f: Field) -> Written:
    if f.kind in AMOUNT_KINDS:
        return Written(frozenset({Decimal}), None, -MAX_AMOUNT, MAX_AMOUNT, True, 2)
    if f.kind == "rate":  # "2" is read back as the int 2
        return Written(frozenset({Decimal, int}), None, -MAX_AMOUNT, MAX_AMOUNT, True, 4)
    if f.kind in ("count", "serial"):
        most = MAX_SERIAL if f.kind == "serial" else count_limit(key_of(f))
        return Written(frozenset({int}), None, Decimal(0), Decimal(most))
    if f.kind == "yes_no":
        return Written(_STR, frozenset(rules.ITC_WRITTEN.values()))
    if strict_choice(f):
        return Written(_STR, frozenset(f.choices))
    return Written(_STR)


# ---------------------------------------------------------------- rates as held

#: Rates' texts (str of the Decimal, which is what msgspec writes) known to be fmt_rate's own
#: text within the bounds of an amount, or known not to be: a return holds a few distinct rates.
_RATE_TEXTS: dict[str, bool] = {}
_RATES_WRITTEN: set[str] = set()  # those that are


def rate_written(text: str) -> bool:
    """Is `text` (str() of a rate as held) what write_rate writes, below 10^15?  The text
    decides: Decimal(text) is the same number with the same exponent."""
    known = _RATE_TEXTS.get(text)
    if known is not None:
        return known
    try:
        d = Decimal(text)
        ok = d.is_finite() and d.adjusted() < AMOUNT_DIGITS and fmt_rate(d) == text
    except (InvalidOperation, ValueError):
        ok = False
    if len(_RATE_TEXTS) < 1000:
        _RATE_TEXTS[text] = ok
        if ok:
            _RATES_WRITTEN.add(text)
    return ok


# ---------------------------------------------------------------- the writer

_ENCODER = msgspec.json.Encoder(decimal_format="number")
TableWriter = Callable[[Sequence[Any], Any], bytes | None]
#: Each key of a row and what its value is once read back, in the row's order (hashable: a
#: proof of it is kept per version of the form, app.export.schema).
Values = tuple[tuple[str, Written], ...]
_WRITERS: dict[int, tuple[TableLayout, TableWriter | None, Values]] = {}


def table_writer(t: TableLayout) -> TableWriter | None:
    """The generated writer of head table `t` (its rows, the computed figures) → its compact
    text, or None for a value it cannot vouch for; None for a table it does not take (a long
    list, a date or another kind)."""
    known = _WRITERS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]
    ok = t.id not in LONG_LISTS and all(f.kind in KINDS for f in t.fields)
    writer = _table_writer(t) if ok else None
    _WRITERS[id(t)] = (t, writer, tuple((f.id, _written(f)) for f in t.fields))
    return writer


def _table_writer(t: TableLayout) -> TableWriter:
    struct = msgspec.defstruct(f"{t.id}_head_row", [(f.id, Any) for f in t.fields], gc=False)
    env: dict[str, Any] = {"_S": struct, "_Decimal": Decimal, "_str": str,
                           "_paise": CENT.same_quantum, "_rate": rate_written,
                           "_RATES": _RATES_WRITTEN, "_YN": rules.ITC_WRITTEN}  # fmt: skip
    lines = ["def structs(rows, c):", "    out = []", "    append = out.append",
             "    for i, r in enumerate(rows):"]  # fmt: skip
    values: list[tuple[Field, str]] = list(zip(t.inputs, input_values(t, lines, env), strict=True))
    figures = ROW_FIGURES.get(t.id)
    if figures is not None and {f.id for f in t.computed} <= figures[0]:
        # each computed column an attribute of the row's figures (as column_value reads it)
        env["_figures"] = figures[1]
        lines[1:1] = ["    figs = _figures(c) if c is not None else ()", "    nfigs = len(figs)"]
        lines.append("        g = figs[i] if i < nfigs else None")
        for j, f in enumerate(t.computed):
            lines.append(f"        w{j} = None if g is None else g.{f.id}")
            values.append((f, f"w{j}"))
    else:
        for j, f in enumerate(t.computed):
            env[f"_c{j}"] = column_value(t.id, f.id)
            lines.append(f"        w{j} = _c{j}(i, r, c)")
            values.append((f, f"w{j}"))
    # Each value as its kind's writer (json_kinds.WRITERS) writes it, and as `_written` says;
    # the types grouped by kind: one chain of `is` per kind (as json_rows.chunk_writer)
    conds: list[str] = []
    out: list[str] = []
    by_type: dict[str, list[str]] = {"_Decimal": [], "str": [], "int": [], "bool": []}
    for f, v in values:
        out.append(v)
        if f.kind in AMOUNT_KINDS:  # fmt_money's text: str() with the point third from the end
            by_type["_Decimal"].append(v)
            conds.append(f"_paise({v}) and {v}.adjusted() < {AMOUNT_DIGITS}")
        elif f.kind == "rate":  # fmt_rate's text, known once per distinct text
            by_type["_Decimal"].append(v)
            conds.append(f"((t := _str({v})) in _RATES or _rate(t))")
        elif f.kind in ("count", "serial"):  # write_whole: int(v); never a bool (type is exact)
            most = MAX_SERIAL if f.kind == "serial" else count_limit(key_of(f))
            by_type["int"].append(v)
            conds.append(f"0 <= {v} <= {most}")
        elif f.kind == "yes_no":  # write_yes_no of a bool
            by_type["bool"].append(v)
            out[-1] = f"_YN[{v}]"
        elif strict_choice(f):
            env[f"_choices_{v}"] = frozenset(f.choices)
            by_type["str"].append(v)
            conds.append(f"{v} in _choices_{v}")
        else:  # write_text: as it is held
            by_type["str"].append(v)
    types = [" is ".join(f"type({v})" for v in vs) + f" is {name}"
             for name, vs in by_type.items() if vs]  # fmt: skip
    conds = types + conds
    lines += [f"        if not ({' and '.join(conds)}):", "            return None",
              f"        append(_S({', '.join(out)}))", "    return out"]  # fmt: skip
    exec(compile("\n".join(lines) + "\n", f"<{t.id} head writer>", "exec"), env)
    make = env["structs"]

    def write(rows: Sequence[Any], c: Any) -> bytes | None:
        structs = make(rows, c)
        return None if structs is None else _ENCODER.encode(structs)

    return write


@dataclass(frozen=True, slots=True)
class WrittenTable:
    """A head table as `table_writer` wrote it: its compact text, and the values' `written`."""

    text: bytes
    written: Values


def written_table(t: TableLayout, rows: Sequence[Any], c: Any) -> WrittenTable | None:
    """Table `t` written fast, or None when the field-by-field writer must write it."""
    write = table_writer(t)
    text = None if write is None else write(rows, c)
    if text is None:
        return None
    return WrittenTable(text, _WRITERS[id(t)][2])
