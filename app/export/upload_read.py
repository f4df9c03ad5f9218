"""Upload JSON v1 → a return (spec section 8), by the catalogue of the return's period.

Reading is strict: any malformed value raises InputError naming the field path, never a traceback.
The header's period chooses the version of the form (app.forms); its catalogue says which keys
each object and row may hold and how each value is read (app.export.json_kinds).  Computed values
in the input are ignored; fields starting with `_` are the author's notes.  A field an amendment
adds is kept in the row's or section's `extra` dict; a key the version does not have is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.export.json_kinds import READERS, Reader, read_flag, read_paise, read_text
from app.export.json_layout import (
    FORMAT,
    FORMAT_VERSION,
    LONG_LISTS,
    Entry,
    Layout,
    SectionLayout,
    TableLayout,
    layout_of,
    put,
)
from app.export.json_rows import dict_row_reader
from app.export.json_text import InputError, guard, key_text, kind_of
from app.model.catalogue import Catalogue, Field
from app.model.form9 import ActAmounts, Declaration, FiledReturnFacts, Form9Return, Header, Inputs
from app.model.limits import MAX_LIST_ROWS, MAX_TABLE_ROWS
from app.model.periods import Period, PeriodError

#: The key of a section's field when it is read: fields of a section have their own readers where
#: the file's form differs from a row's (a section's yes / no is a JSON true / false).
_PART4_KEYS = ("filed", "carried_forward", "rows", "payable")


def obj(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(path, f"expected an object, found {kind_of(value)}")
    return value


def arr(value: Any, path: str, limit: int = MAX_TABLE_ROWS) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, f"expected a list, found {kind_of(value)}")
    if len(value) > limit:
        raise InputError(path, f"{len(value):,} rows; at most {limit:,} are read")
    return value


def check_keys(o: dict[str, Any], allowed: Any, path: str) -> None:
    for k in o:
        if k not in allowed and not k.startswith("_"):
            raise InputError(f"{path}.{key_text(k)}" if path else key_text(k), "unknown field")


def catalogue_for(period: str) -> Catalogue:
    """The version of the form for a period as the file gives it (the first version while the
    period is before it; validation reports that)."""
    from app.forms import catalogue_of_return

    return catalogue_of_return(Form9Return(header=Header(period=period)))


# ---------------------------------------------------------------- rows


def table_reader(t: TableLayout) -> Callable[[Any, int, str], Any]:
    """A reader of one row (a parsed object) of table `t`: (row, index, path) → row object."""
    readers: list[tuple[str, Reader, Field, bool]] = [
        (f.id, READERS[f.kind], f, f.id in t.typed) for f in t.inputs
    ]
    allowed = frozenset(t.keys)
    make = t.row_type
    has_extra = bool(t.extras)

    def read(r: Any, i: int, path: str) -> Any:
        r = obj(r, path)
        check_keys(r, allowed, path)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, reader, f, typed in readers:
            v = reader(r.get(key), path, f)
            if v is None and f.kind == "serial":
                v = i + 1  # no number written: the row's place
            if typed:
                values[key] = v
            else:
                extra[key] = v
        row = make(**values)
        if has_extra:
            row.extra = extra
        return row

    return read


def read_rows(value: Any, t: TableLayout, path: str, escaped: bool = True) -> list[Any]:
    """A table's rows: the generated fast reader for a plain row (app.export.json_rows), the
    careful reader otherwise.  The document's rows were checked by parse_text (depth,
    surrogates); a row with text is read carefully when the file has \\u escapes."""
    return read_list(value, t, path, escaped=escaped, guarded=True, limit=MAX_TABLE_ROWS)


def read_list(
    value: Any, t: TableLayout, key: str, escaped: bool, guarded: bool, limit: int = MAX_LIST_ROWS
) -> list[Any]:
    """A long list: the fast path for well-formed rows (generated from the catalogue by
    app.export.json_rows), the careful reader otherwise.  The rows of a document parsed with
    `rows_checked=True` are checked with `guard` here, row by row, before anything reads them."""
    fast = dict_row_reader(t) if not escaped else None
    careful = table_reader(t)
    out: list[Any] = []
    append = out.append
    dates: dict[str, Any] = {}  # a month has few distinct dates: parse each once
    for i, r in enumerate(arr(value, key, limit)):
        if fast is not None and type(r) is dict:
            row = fast(r, dates)
            if row is not None:
                append(row)
                continue
        p = f"{key}[{i}]"
        if not guarded:
            guard(obj(r, p), p, 2, escaped)
        append(careful(r, i, p))
    return out


# ---------------------------------------------------------------- sections


def _section_reader(f: Field) -> Reader:
    if f.kind == "yes_no":
        return read_flag
    return READERS[f.kind]


def read_section(
    o: dict[str, Any], s: SectionLayout, target: Any, skip: tuple[str, ...] = ()
) -> None:
    """The fields of `s` from object `o` into `target` (Header, Inputs, Declaration); a field
    absent or null keeps the model's default (the inputs' interest rates: 12)."""
    path = s.name
    check_keys(o, s.keys, path)
    for e in s.entries:
        if e.key in skip:
            continue
        if e.table is not None:
            setattr(target, e.key, read_rows(o.get(e.key), e.table, f"{path}.{e.key}"))
        elif e.group:
            _read_group(obj(o.get(e.key), f"{path}.{e.key}"), e, f"{path}.{e.key}", target)
        else:
            assert e.field is not None
            v = o.get(e.key)
            if v is not None:
                put(target, e.field, _section_reader(e.field)(v, path, e.field))


def _read_group(o: dict[str, Any], e: Entry, path: str, target: Any) -> None:
    check_keys(o, {f.path[-1] for f in e.group}, path)
    for f in e.group:
        v = o.get(f.path[-1])
        if v is not None:
            put(target, f, _section_reader(f)(v, path, f))


def _header(o: dict[str, Any], layout: Layout, period: str) -> Header:
    header = Header(period=period)
    read_section(o, layout.sections["header"], header, skip=("period",))
    return header


def _period(o: dict[str, Any]) -> str:
    f = Field("period", "text", "Return Period")
    period = read_text(o.get("period"), "header", f).strip()
    try:
        Period.parse(period)
    except PeriodError as exc:
        raise InputError("header.period", str(exc)) from None
    return period


# ---------------------------------------------------------------- Part 4: the filed return's facts


def _field(key: str, kind: str = "money") -> Field:
    """A field of the filed return's facts (Part 4: the format's own, not the form's)."""
    return Field(key, kind, key)  # type: ignore[arg-type]


def _acts(o: dict[str, Any], path: str) -> ActAmounts:
    check_keys(o, ("kgst", "kvat", "cst"), path)
    return ActAmounts(*(read_paise(o.get(k), path, _field(k)) for k in ("kgst", "kvat", "cst")))


def _filed(o: Any, layout: Layout) -> FiledReturnFacts | None:
    if o is None:
        return None
    p = "part4"
    o = obj(o, p)
    check_keys(o, _PART4_KEYS, p)
    f = obj(o.get("filed"), f"{p}.filed")
    check_keys(f, ("part3", "due_date", "ack_no"), f"{p}.filed")
    p3o = obj(f.get("part3"), f"{p}.filed.part3")
    check_keys(p3o, layout.part3, f"{p}.filed.part3")
    for k in layout.part3:
        if k not in p3o:
            raise InputError(
                f"{p}.filed.part3.{k}", "missing: Part 4 needs the filed return's Part 3"
            )
    return FiledReturnFacts(
        part3={k: read_paise(p3o.get(k), f"{p}.filed.part3", _field(k)) for k in layout.part3},
        due_date=READERS["date"](f.get("due_date"), f"{p}.filed", _field("due_date", "date")),
        ack_no=read_text(f.get("ack_no"), f"{p}.filed", _field("ack_no", "text")),
        carried_forward=_acts(obj(o.get("carried_forward"), f"{p}.carried_forward"),
                              f"{p}.carried_forward"),
    )  # fmt: skip


# ---------------------------------------------------------------- the document


def document_layout(doc: dict[str, Any]) -> tuple[Layout, str]:
    """Check the format and read the period; the layout of its version of the form."""
    if doc.get("format") != FORMAT:
        raise InputError("format", f"expected {FORMAT!r}, found {kind_of(doc.get('format'))}")
    if doc.get("format_version") != FORMAT_VERSION:
        raise InputError(
            "format_version",
            f"this version reads format_version 1, found {kind_of(doc.get('format_version'))}",
        )
    period = _period(obj(doc.get("header"), "header"))
    layout = layout_of(catalogue_for(period))
    check_keys(doc, (*layout.top, "checksum"), "")
    return layout, period


def from_document(
    doc: dict[str, Any],
    *,
    escaped: bool = True,
    rows_guarded: bool = False,
    lists: Mapping[str, Callable[[TableLayout], list[Any]]] | None = None,
) -> Form9Return:
    """A parsed upload JSON → Form9Return (inputs only).

    `escaped` = the text may hold \\u escapes (and so control characters): check every text field.
    `rows_guarded` = parse_text already checked the long lists' rows (depth, surrogates).
    `lists` = readers of long lists kept out of `doc` (app.export.json_stream), by key: called
    in their turn, so of two faults the first in the file is named.
    """
    layout, period = document_layout(doc)
    ret = Form9Return(header=_header(obj(doc.get("header"), "header"), layout, period))
    for key in layout.top:  # in file order: of two faults, the first in the file is named
        if key == "inputs" or key == "declaration":
            section = Inputs() if key == "inputs" else Declaration()
            read_section(obj(doc.get(key), key), layout.sections[key], section)
            setattr(ret, key, section)
        elif key == "part4":
            ret.filed = _filed(doc.get("part4"), layout)
        elif key in layout.tables:
            t = layout.tables[key]
            if lists is not None and key in lists:
                rows = lists[key](t)
            elif key in LONG_LISTS:
                rows = read_list(doc.get(key), t, key, escaped, rows_guarded)
            else:
                rows = read_rows(doc.get(key), t, key, escaped)
            setattr(ret, key, rows)
    return ret
