"""The editor's columns of a table: the catalogue's, as the return's version of FORM No. 9 lists
them (app/model/catalogue.py, resources/forms), numbered and titled as the form prints them.

Computed columns take their values from app.model.computed_columns and are read-only, their
formula shown on hover; serial columns show the row's place (the session renumbers them).  Which
dataclass makes a new row stays code; fields an amendment adds start blank in the row's `extra`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from app.model.catalogue import Catalogue, Field, Kind, typed_fields, value_of
from app.model.computed_columns import ColumnValue, column_value
from app.model.form9 import Branch, ListRow, Part1aRow, Part1bRow, Part2Row, Part5Row, StockRow
from app.model.values import blank


def _position(i: int, _row: Any, _c: Any) -> int:
    return i + 1


@dataclass(frozen=True, slots=True)
class Column:
    field: Field
    #: computed and serial columns: the value of (row index, row, the editor's figures)
    value: ColumnValue | None = None
    #: input columns: the row's value (its attribute, or its `extra` for a field a later version
    #: of the form adds, blank until entered)
    get: Callable[[Any], Any] = lambda _row: None

    @property
    def id(self) -> str:
        return self.field.id

    @property
    def kind(self) -> Kind:
        return self.field.kind

    @property
    def number(self) -> str:
        return self.field.number

    @property
    def title(self) -> str:
        """The screen's wording, "\\n" where the header wraps."""
        return self.field.title

    @property
    def width(self) -> int:
        return self.field.width.ui or 90

    @property
    def formula(self) -> str:
        return self.field.formula or ("Serial number" if self.kind == "serial" else "")

    @property
    def header(self) -> str:
        return f"({self.number})\n{self.title}" if self.number else self.title

    @property
    def name(self) -> str:
        """'(8) Total turnover' for messages."""
        num = f"({self.number}) " if self.number else ""
        return num + self.title.replace("\n", " ")

    @property
    def tooltip(self) -> str:
        """The form's own wording, and the formula of a column the app fills."""
        num = f"({self.number}) " if self.number else ""
        tip = num + self.field.heading
        if self.value is not None:
            tip += f" = {self.formula} (computed, read-only)"
        return tip

    @property
    def editable(self) -> bool:
        return self.value is None


#: table id → the dataclass of a new row (the rest of each table is the catalogue's)
ROW_TYPES: dict[str, Callable[[], Any]] = {
    "part1a": Part1aRow,
    "part1b": Part1bRow,
    "part2": Part2Row,
    "part5": Part5Row,
    "sales_list": ListRow,
    "purchase_list": lambda: ListRow(type="Purchase"),
    "stock": StockRow,
    "branches": Branch,
}


def columns_of(catalogue: Catalogue, table: str) -> tuple[Column, ...]:
    """The columns the editor shows for a table of this version of the form."""
    own = set(typed_fields(type(ROW_TYPES[table]())))
    out = []
    for f in catalogue.table(table).ui_columns:
        if f.computed:
            out.append(Column(f, column_value(table, f.id)))
        elif f.kind == "serial":
            out.append(Column(f, _position))
        elif f.id in own:
            out.append(Column(f, get=attrgetter(f.id)))
        else:
            out.append(Column(f, get=_extra(f)))
    return tuple(out)


def _extra(f: Field) -> Callable[[Any], Any]:
    default = blank(f.kind, f.choices)
    return lambda row: value_of(row, f.id, default)


def new_row(catalogue: Catalogue, table: str) -> Any:
    """A blank row; the fields this version adds to the row type start blank in its `extra`."""
    row = ROW_TYPES[table]()
    own = set(typed_fields(type(row)))
    added = [f for f in catalogue.table(table).inputs if f.id not in own]
    extra = {f.id: blank(f.kind, f.choices) for f in added}
    if extra:
        row.extra = extra
    return row


def column_index(columns: tuple[Column, ...], field: str | None) -> int:
    """The column showing a field id (0 when not shown, e.g. a whole-row finding)."""
    for i, c in enumerate(columns):
        if c.id == field:
            return i
    return 0
