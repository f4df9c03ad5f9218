"""Where each catalogue field sits in the upload JSON (spec section 8), for one version of the form.

The format's own frame is code: the order of the top-level keys, the objects of Part 3, 3(A) and 4
(the statements the app computes), which section fields are written only when given.  Everything
else comes from the catalogue (app.model.catalogue): the keys, order and kinds of every row table,
of the header, the inputs and the declaration.  A row holds its input columns in the catalogue's
order, then its computed columns (a computed serial is the row's place and is not written).  A
field the typed model lacks (a later version's) is kept in the row's or section's `extra` dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.model.catalogue import Catalogue, Field, Table, value_of
from app.model.form9 import ROW_TYPES

FORMAT = "kerala-form9"
FORMAT_VERSION = 1
#: The top-level keys in file order (spec section 8); a table a later version adds goes before
#: the checksum, in the catalogue's order.
TOP = ("format", "format_version", "header", "inputs", "part1a", "part1b", "part2", "part3",
       "part3a", "part4", "part5", "declaration", "sales_list", "purchase_list", "stock")  # fmt: skip
SECTIONS = ("header", "inputs", "declaration")
#: Tables kept inside a section: the header's branches, after nature of business (spec section 4).
INNER_TABLES = {"branches": ("header", "nature_of_business")}
#: Section fields written only when given (null / blank otherwise) and so not required of a
#: complete file: spec section 8 ("inputs.due_date may be omitted").
WRITTEN_WHEN_GIVEN = frozenset({"header.gstin", "inputs.large_dealer", "inputs.due_date"})
#: The lists that may hold a million rows: read and written row by row, on a fast path.
LONG_LISTS = ("sales_list", "purchase_list")
#: JSON Schema definition of each table's row ("<table>_row" otherwise).
DEFINITIONS = {"sales_list": "list_row", "purchase_list": "list_row", "branches": "branch"}


@dataclass(frozen=True, slots=True)
class TableLayout:
    """One row table as the file holds it."""

    table: Table
    row_type: type
    inputs: tuple[Field, ...]  # read from the file, in file order
    computed: tuple[Field, ...]  # written after the inputs; ignored when read
    typed: frozenset[str]  # the fields the row type holds itself (the others go to `extra`)

    @property
    def id(self) -> str:
        return self.table.id

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.id for f in (*self.inputs, *self.computed))

    @property
    def fields(self) -> tuple[Field, ...]:
        return (*self.inputs, *self.computed)

    @property
    def definition(self) -> str:
        return DEFINITIONS.get(self.table.id, f"{self.table.id}_row")

    @property
    def extras(self) -> tuple[Field, ...]:
        return tuple(f for f in self.inputs if f.id not in self.typed)


@dataclass(frozen=True, slots=True)
class Entry:
    """One key of a section object: a field, a group of fields (an object of its own, such as
    inputs.advance) or a table (header.branches)."""

    key: str
    field: Field | None = None
    group: tuple[Field, ...] = ()
    table: TableLayout | None = None


@dataclass(frozen=True, slots=True)
class SectionLayout:
    """An object of the upload file (header, inputs, declaration): its entries in file order."""

    name: str
    entries: tuple[Entry, ...]
    fields: tuple[Field, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.entries)


@dataclass(frozen=True, slots=True)
class Layout:
    """The upload file of one version of the form: its keys in order, tables and sections."""

    catalogue: Catalogue
    top: tuple[str, ...]  # without "checksum"
    tables: dict[str, TableLayout]  # the top-level row tables
    sections: dict[str, SectionLayout]
    part3: tuple[str, ...]
    part3a: tuple[str, ...]
    part4: tuple[str, ...]

    def table(self, key: str) -> TableLayout:
        return self.tables[key]


def _typed(row_type: type) -> frozenset[str]:
    return frozenset(getattr(row_type, "__dataclass_fields__", {})) - {"extra"}


def table_layout(table: Table) -> TableLayout:
    row_type = ROW_TYPES[table.id]
    computed = tuple(f for f in table.columns if f.computed and f.kind != "serial")
    return TableLayout(table, row_type, table.inputs, computed, _typed(row_type))


def _section(cat: Catalogue, name: str) -> SectionLayout:
    fields = cat.section(name)
    inner = {
        after: t for t, (sec, after) in INNER_TABLES.items() if sec == name and t in cat.tables
    }
    entries: list[Entry] = []
    groups: dict[str, list[Field]] = {}
    for f in fields:
        if len(f.path) > 1:
            if f.path[0] not in groups:
                groups[f.path[0]] = []
                entries.append(Entry(f.path[0]))
            groups[f.path[0]].append(f)
        else:
            entries.append(Entry(f.id, field=f))
        if f.id in inner:
            entries.append(Entry(inner[f.id], table=table_layout(cat.table(inner[f.id]))))
    out = tuple(Entry(e.key, group=tuple(groups[e.key])) if e.key in groups else e for e in entries)
    return SectionLayout(name, out, fields)


_LAYOUTS: dict[int, tuple[Catalogue, Layout]] = {}


def layout_of(cat: Catalogue) -> Layout:
    """The layout of a version of the form (made once per catalogue)."""
    known = _LAYOUTS.get(id(cat))
    if known is not None and known[0] is cat:
        return known[1]
    layout = _layout(cat)
    if len(_LAYOUTS) > 16:
        _LAYOUTS.clear()
    _LAYOUTS[id(cat)] = (cat, layout)
    return layout


def _layout(cat: Catalogue) -> Layout:
    inner = set(INNER_TABLES)
    tables = {t.id: table_layout(t) for t in cat.tables.values() if t.id not in inner}
    top = (*TOP, *(t for t in tables if t not in TOP))
    sections = {
        "header": _section(cat, "header"),
        "inputs": _section(cat, "inputs"),
        "declaration": _section(cat, "declaration"),
    }

    def ids(statement: str) -> tuple[str, ...]:
        return tuple(line.id for line in cat.statement(statement).rows)

    return Layout(cat, top, tables, sections, ids("part3"), ids("part3a"), ids("part4"))


# ---------------------------------------------------------------- values in the model


def typed_in(obj: Any, f: Field) -> bool:
    """Does the model object hold the field itself (else its `extra` dict)?"""
    head = f.path[0]
    return head != "extra" and hasattr(obj, head)


def get(obj: Any, f: Field) -> Any:
    """A field's value in a row or section: by its path ('advance.kgst', 'interest_rate.KGST'),
    or from `extra`."""
    if not typed_in(obj, f):
        return value_of(obj, f.id)
    for name in f.path:
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    return obj


def put(obj: Any, f: Field, value: Any) -> None:
    if not typed_in(obj, f):
        if obj.extra is None:
            obj.extra = {}
        obj.extra[f.id] = value
        return
    *head, last = f.path
    for name in head:
        obj = obj[name] if isinstance(obj, dict) else getattr(obj, name)
    if isinstance(obj, dict):
        obj[last] = value
    else:
        setattr(obj, last, value)
