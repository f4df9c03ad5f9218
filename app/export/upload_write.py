"""A return → its upload JSON v1 (spec section 8), by the catalogue of the return's period.

Keys, order and kinds of every row table and of the header, inputs and declaration come from the
catalogue (app.export.json_layout); each value is written by its kind's writer (json_kinds).  The
long lists are written a chunk of rows at a time (app.export.json_rows), so a million-row list is
written as it is produced, never held as text.  Same return, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import Any

from app.export.canonical import (
    CHUNK_ROWS,
    Chunk,
    Document,
    RowTable,
    Write,
    compact,
    sealed,
    stream,
)
from app.export.head_rows import written_table
from app.export.json_kinds import WRITERS, blank, write_date, write_money, write_rate, write_text
from app.export.json_layout import (
    FORMAT,
    FORMAT_VERSION,
    LONG_LISTS,
    WRITTEN_WHEN_GIVEN,
    Layout,
    SectionLayout,
    TableLayout,
    get,
    layout_of,
)
from app.export.json_rows import chunk_writer
from app.model.catalogue import Field
from app.model.compute import Computed
from app.model.computed_columns import column_value
from app.model.form9 import ActAmounts, Form9Return


def layout_for(ret: Form9Return) -> Layout:
    from app.forms import catalogue_of_return

    return layout_of(catalogue_of_return(ret))


# ---------------------------------------------------------------- rows


def _getter(t: TableLayout, f: Field) -> Callable[[Any], Any]:
    if f.id in t.typed:
        return attrgetter(f.id)
    empty = blank(f)
    return lambda row: (row.extra or {}).get(f.id, empty)


_ROW_DICTS: dict[int, tuple[TableLayout, Any]] = {}


def row_dict(t: TableLayout) -> Callable[[Any, int, Computed | None], dict[str, Any]]:
    """Row → its object in the file: inputs by their kinds' writers, then the computed columns
    (one generated function per table: a dict display, no loop per field)."""
    known = _ROW_DICTS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]  # type: ignore[no-any-return]
    env: dict[str, Any] = {}
    items = []
    for n, f in enumerate(t.inputs):
        env[f"_w{n}"] = WRITERS[f.kind]
        if f.id in t.typed and WRITERS[f.kind] is write_text:  # a text is written as it is held
            items.append(f"{f.id!r}: row.{f.id}")
        elif f.id in t.typed:
            items.append(f"{f.id!r}: _w{n}(row.{f.id})")
        else:
            env[f"_g{n}"] = _getter(t, f)
            items.append(f"{f.id!r}: _w{n}(_g{n}(row))")
    for n, f in enumerate(t.computed):
        env[f"_cw{n}"], env[f"_cv{n}"] = WRITERS[f.kind], column_value(t.id, f.id)
        items.append(f"{f.id!r}: _cw{n}(_cv{n}(i, row, c))")
    source = "def write(row, i, c):\n    return {" + ", ".join(items) + "}\n"
    exec(compile(source, f"<{t.id} row writer>", "exec"), env)
    _ROW_DICTS[id(t)] = (t, env["write"])
    return env["write"]  # type: ignore[no-any-return]


def _chunks(t: TableLayout, rows: Sequence[Any], c: Computed) -> Callable[[], Iterator[Chunk]]:
    """The long list's chunks: by the generated writer, or field by field where it cannot vouch
    for its text (an amount not written with 2 decimals, a value of an unexpected type)."""
    fast = chunk_writer(t)
    slow = row_dict(t)

    def chunks() -> Iterator[Chunk]:
        for first in range(0, len(rows), CHUNK_ROWS):
            part = rows[first : first + CHUNK_ROWS]
            text = fast(part, first, c) if fast is not None else None
            if text is not None:
                yield text, None, len(part)
                continue
            texts = [compact(slow(r, i, c)) for i, r in enumerate(part, first)]
            yield ",".join(texts).encode("utf-8"), texts, len(texts)

    return chunks


def _table(t: TableLayout, rows: Sequence[Any], c: Computed) -> Any:
    if t.id in LONG_LISTS:
        return RowTable(t.keys, source=_chunks(t, rows, c))
    write = row_dict(t)
    return [write(r, i, c) for i, r in enumerate(rows)]


# ---------------------------------------------------------------- sections


def _section_value(obj: Any, f: Field) -> Any:
    v = get(obj, f)
    if f.kind == "yes_no":
        return None if v is None else bool(v)  # a section's yes / no is a JSON true / false
    if v is None and f.kind != "date":
        v = blank(f)
    return WRITERS[f.kind](v)


def _section(s: SectionLayout, obj: Any, c: Computed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in s.entries:
        if e.table is not None:
            out[e.key] = _table(e.table, getattr(obj, e.key), c)
        elif e.group:
            out[e.key] = {f.path[-1]: _section_value(obj, f) for f in e.group}
        else:
            assert e.field is not None
            v = get(obj, e.field)
            if f"{s.name}.{e.key}" in WRITTEN_WHEN_GIVEN and (v is None or v == ""):
                continue
            out[e.key] = _section_value(obj, e.field)
    return out


# ---------------------------------------------------------------- statements (the format's own)


def _acts(a: ActAmounts) -> dict[str, Any]:
    return {"kgst": write_money(a.kgst), "kvat": write_money(a.kvat), "cst": write_money(a.cst)}


def _part3a(c: Computed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rid, row in c.part3a.rows.items():
        out[rid] = {"tax": write_money(row.tax), "interest_rate": write_rate(row.interest_rate),
                    "delay_days": row.delay_days, "interest": write_money(row.interest),
                    "total": write_money(row.total)}  # fmt: skip
        if rid == "f":
            k = c.part3a.kgst_total
            out["kgst_total"] = {
                "tax": write_money(k.tax), "interest": write_money(k.interest),
                "total": write_money(k.total),
            }  # fmt: skip
    return out


def _part4(ret: Form9Return, c: Computed, layout: Layout) -> dict[str, Any] | None:
    if ret.filed is None or not ret.is_revision:
        return None
    f = ret.filed
    out: dict[str, Any] = {
        "filed": {"part3": {k: write_money(f.part3[k]) for k in layout.part3},
                  "due_date": write_date(f.due_date), "ack_no": f.ack_no},
        "carried_forward": _acts(f.carried_forward),
    }  # fmt: skip
    if c.part4 is not None:
        out["rows"] = {
            rid: {"filed": write_money(ln.filed), "revised": write_money(ln.revised),
                  "effect": write_money(ln.effect), "interest_rate": write_rate(ln.interest_rate),
                  "delay_days": ln.delay_days, "interest": write_money(ln.interest),
                  "total": write_money(ln.total)}
            for rid, ln in c.part4.rows.items()
        }  # fmt: skip
        out["payable"] = write_money(c.part4.payable)
    return out


# ---------------------------------------------------------------- the document


def unsealed(ret: Form9Return, c: Computed, *, fast_head: bool = False) -> dict[str, Any]:
    """The upload document without its checksum, keys in file order (spec section 8).
    `fast_head`: a row table of the head the generated writer can write is given as its
    WrittenTable (app.export.head_rows: the same text, and what it proves of its values)."""
    layout = layout_for(ret)
    doc: dict[str, Any] = {}
    for key in layout.top:
        if key == "format":
            doc[key] = FORMAT
        elif key == "format_version":
            doc[key] = FORMAT_VERSION
        elif key in layout.sections:
            section = {"header": ret.header, "inputs": ret.inputs, "declaration": ret.declaration}
            doc[key] = _section(layout.sections[key], section[key], c)
        elif key == "part3":
            doc[key] = {k: write_money(v) for k, v in c.part3.as_dict().items()}
        elif key == "part3a":
            doc[key] = _part3a(c)
        elif key == "part4":
            doc[key] = _part4(ret, c, layout)
        else:
            t, rows = layout.tables[key], getattr(ret, key)
            written = written_table(t, rows, c) if fast_head else None
            doc[key] = written if written is not None else _table(t, rows, c)
    return doc


def to_document(ret: Form9Return, c: Computed) -> Document:
    """The canonical upload document, checksum last (spec section 8)."""
    return sealed(unsealed(ret, c))


def write_upload(
    ret: Form9Return,
    c: Computed,
    write: Write,
    on_chunk: Callable[[str, Chunk], None] | None = None,
) -> str:
    """Write the upload file through `write` as it is produced; returns its checksum."""
    return stream(unsealed(ret, c), write, seal=True, on_chunk=on_chunk)


def dumps(ret: Form9Return, c: Computed) -> str:
    """The upload file's text: same return, same bytes."""
    parts: list[bytes] = []
    write_upload(ret, c, parts.append)
    return b"".join(parts).decode("utf-8")


def checksum_of(ret: Form9Return, c: Computed) -> str:
    """The checksum the return's upload file has, for the PDF's footer; "" when no file can be
    written (an amount with more than 2 decimals, which validation reports as E-AMOUNT-DP)."""
    from app.model.numbers import NumberError

    try:
        return stream(unsealed(ret, c), None)
    except NumberError:
        return ""
