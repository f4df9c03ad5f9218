"""The text the PDF prints in each cell of a table and for a field of a section, as the return's
version of the form lists them (app/model/catalogue.py).

A value is shown as its catalogue kind says (app.model.values.show: amounts with Indian grouping,
dates DD-MM-YYYY, Yes / No); a computed column's value comes from app.model.computed_columns; a
field a later version adds is read from the row's `extra`.  So a column an amendment adds prints
like any other, and a money column is summed in the table's total row.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.model.catalogue import MONEY_KINDS, Catalogue, Field, Table, value_of
from app.model.compute import Computed
from app.model.computed_columns import column_value
from app.model.numbers import ZERO, fmt_indian
from app.model.values import blank, show


def field_text(field: Field, target: Any) -> str:
    """A field of a row or section as printed (blank for a value the row never had)."""
    return show(field.kind, value_of(target, field.id, blank(field.kind, field.choices)))


def section_field(cat: Catalogue, section: str, field_id: str) -> Field:
    for f in cat.section(section):
        if f.id == field_id:
            return f
    raise KeyError(f"{cat} has no {section} field {field_id!r}")


def table_cells(
    table: Table, rows: Sequence[Any], computed: Computed | None
) -> tuple[list[dict[str, str]], dict[str, str] | None]:
    """Each row's cells by field id, and the sums of the money columns (None when the table has
    none), over the table's printed columns."""
    fields = table.pdf_columns
    sums: dict[str, Decimal] = {f.id: ZERO for f in fields if f.kind in MONEY_KINDS}
    getters = [(f, column_value(table.id, f.id) if f.computed else None) for f in fields]
    out: list[dict[str, str]] = []
    for i, r in enumerate(rows):
        cells: dict[str, str] = {}
        for f, fn in getters:
            v = fn(i, r, computed) if fn is not None else value_of(r, f.id, blank(f.kind))
            if f.id in sums and v is not None:
                sums[f.id] += v
            cells[f.id] = show(f.kind, v)
        out.append(cells)
    return out, ({k: fmt_indian(v) for k, v in sums.items()} if sums else None)
