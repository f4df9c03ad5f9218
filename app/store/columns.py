"""Where each field of FORM No. 9 is kept in the store, read from the form catalogue (issue 11).

The store's physical columns follow one shipped version of the form, STORE_FORM (2024-08, the
first): every input field of its tables, header, inputs and declaration that the typed dataclasses
of app.model.form9 hold is one column, named after the field ("advance.kgst" → advance_kgst) and
typed by its kind (KIND_SQL).  A field that a later version adds is no column: its values go into
the row's `extra` JSON text (the return's, for header / inputs / declaration), encoded by kind
like a column (app.store.rowcodec).  Changing a physical column is a migration; a test checks that
the migrations and these columns agree, so the 2024-08 file cannot drift from the store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Integer, String, Text
from sqlalchemy.types import TypeEngine

from app.model.catalogue import Catalogue, Field, typed_fields
from app.model.form9 import (
    Branch,
    Declaration,
    Header,
    Inputs,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)

#: The version of the form whose fields are the store's columns.
STORE_FORM = "2024-08"

#: Row parts of a return: the catalogue table and its row dataclass.
ROW_TYPES: dict[str, type] = {
    "part1a": Part1aRow, "part1b": Part1bRow, "part2": Part2Row, "part5": Part5Row,
    "stock": StockRow, "sales_list": ListRow, "purchase_list": ListRow, "branches": Branch,
}  # fmt: skip
#: The single-valued parts, kept on the tax_return row.
SECTIONS: dict[str, type] = {"header": Header, "inputs": Inputs, "declaration": Declaration}

#: Column names that are not the field id (the return row has a `date` of its own elsewhere).
_RENAMED = {("declaration", "date"): "declaration_date"}
#: Short keys of the return row, as the first schema made them.
_LENGTH = {("header", "period"): 16, ("header", "return_type"): 16}

#: How each kind is kept (spec section 3): amounts in integer paise, rates in 1/10000ths,
#: quantities in hundredths, dates as ISO text in row tables (a DATE on the return row).
KIND_SQL: dict[str, type[TypeEngine[Any]]] = {
    "money": BigInteger, "signed_money": BigInteger, "quantity": BigInteger, "rate": Integer,
    "count": Integer, "serial": Integer, "yes_no": Boolean, "date": String,
    "text": Text, "upper": Text, "choice": Text,
}  # fmt: skip
#: Kinds whose section value may be absent (NULL): a date not given, yes/no not answered, a
#: rate with no entry (interest_rate per act).
_OPTIONAL_IN_SECTIONS = frozenset({"date", "yes_no", "rate"})


@dataclass(frozen=True, slots=True)
class Stored:
    """One field kept as a column."""

    field: str  # the catalogue id: "rate", "advance.kgst", "date"
    name: str  # the SQL column
    kind: str
    nullable: bool
    in_row: bool  # a row table's column (dates as ISO text), else the return row's

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))

    def sql_type(self, section: str = "") -> TypeEngine[Any]:
        if self.kind == "date":
            return String(10) if self.in_row else Date()
        length = _LENGTH.get((section, self.field))
        if length is not None:
            return String(length)
        return KIND_SQL[self.kind]()


@cache
def store_form() -> Catalogue:
    from app.forms import shipped_catalogue

    return shipped_catalogue(STORE_FORM)


def column_name(section: str, field_id: str) -> str:
    return _RENAMED.get((section, field_id), field_id.replace(".", "_").lower())


def held(part: str, f: Field) -> bool:
    """Whether the row dataclass holds the field (a serial it does not hold is the row's place)."""
    return f.id in typed_fields(ROW_TYPES[part])


@cache
def row_columns(part: str) -> tuple[Stored, ...]:
    """The physical columns of a row part, in the order of its dataclass's fields."""
    table = store_form().table(part)
    by_id = {f.id: f for f in table.inputs if held(part, f)}
    order = typed_fields(ROW_TYPES[part])
    missing = [name for name in order if name not in by_id]
    if missing:
        raise RuntimeError(f"form {STORE_FORM}, table {part}: no input field for {missing}")
    return tuple(
        Stored(f.id, column_name(part, f.id), f.kind, f.kind == "date", True)
        for f in (by_id[name] for name in order)
    )


@cache
def section_columns(section: str) -> tuple[Stored, ...]:
    """The physical columns of header, inputs or declaration, in the catalogue's order."""
    out = []
    for f in store_form().section(section):
        if f.computed:
            continue
        _check_path(SECTIONS[section](), f.id, section)
        nullable = f.kind in _OPTIONAL_IN_SECTIONS
        out.append(Stored(f.id, column_name(section, f.id), f.kind, nullable, False))
    return tuple(out)


def _check_path(obj: Any, field_id: str, section: str) -> None:
    *parents, _last = field_id.split(".")
    for p in parents:
        obj = getattr(obj, p, None)
    if obj is None or not (isinstance(obj, dict) or _last in typed_fields(type(obj))):
        raise RuntimeError(f"form {STORE_FORM}, {section}: the model has no field {field_id!r}")


def extra_fields(cat: Catalogue, part: str) -> dict[str, Field]:
    """Input fields of `part` (a table or a section) in version `cat` that are no column."""
    if part in SECTIONS:
        stored = {c.field for c in section_columns(part)}
        fields = cat.section(part)
    else:
        stored = {c.field for c in row_columns(part)}
        fields = tuple(f for f in cat.table(part).inputs if f.kind != "serial" or held(part, f))
    return {f.id: f for f in fields if f.id not in stored and not f.computed}


def dict_containers(section: str) -> dict[str, tuple[str, ...]]:
    """Section attributes that are dicts keyed by the last part of the field id (interest_rate:
    KGST, KVAT, CST), with the keys the columns hold."""
    model = SECTIONS[section]()
    out: dict[str, list[str]] = {}
    for c in section_columns(section):
        if len(c.path) == 2 and isinstance(getattr(model, c.path[0]), dict):
            out.setdefault(c.path[0], []).append(c.path[1])
    return {k: tuple(v) for k, v in out.items()}


def nested(section: str) -> dict[str, type]:
    """Section attributes that are dataclasses of their own (advance: ActAmounts, cess: Cess)."""
    model = SECTIONS[section]()
    return {
        f.name: type(getattr(model, f.name))
        for f in dataclasses.fields(model)
        if dataclasses.is_dataclass(getattr(model, f.name))
    }
