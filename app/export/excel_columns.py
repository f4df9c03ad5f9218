"""The Excel workbook's sheets and columns (spec section 9), from the form catalogue.

One `SheetSpec` per table of the version of the form that a dealer fills in (a table with
`excel_omit` has none): its sheet name, title and the other names accepted on import, and per
column the form's number, the template's header and the other headers accepted, the catalogue's
kind, whether it is required, its width, and for a computed column the live formula the template
writes (`excel_formula`, each {field} replaced by that column's cell in the same row).  Computed
columns are never read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from app.model.catalogue import Catalogue, Field, Table

#: Kinds whose cell may never be blank in a required column (a blank amount reads as 0, a blank
#: serial as the row's place; required text and date cells are checked for being filled).
NEVER_BLANK_KINDS = frozenset({"choice", "rate", "yes_no"})
YES_NO_CHOICES = ("yes", "no")
INSTRUCTIONS_SHEET = "Instructions"


@dataclass(frozen=True, slots=True)
class Column:
    number: str  # as printed on the form; "" when the form prints no number
    header: str
    field: str  # the spec's field id
    kind: str  # the catalogue's kind
    required: bool = False  # the column must be present; a text/date cell must not be blank
    width: float = 14
    formula: str = ""  # computed columns: the Excel formula with {r} for the row
    computed: bool = False
    choices: tuple[str, ...] = ()  # a choice's list (yes / no for yes_no), drop-down and import
    open: bool = False  # a choice that keeps other text
    aliases: tuple[str, ...] = ()  # other headers accepted on import

    @property
    def title(self) -> str:
        """The header cell's text: '(8) Total turnover'."""
        return f"({self.number}) {self.header}" if self.number else self.header

    @property
    def never_blank(self) -> bool:
        return self.required and self.kind in NEVER_BLANK_KINDS

    @property
    def offered(self) -> tuple[str, ...]:
        """The drop-down's choices (a blank choice is the blank cell)."""
        return tuple(c for c in self.choices if c)


@dataclass(frozen=True, slots=True)
class SheetSpec:
    key: str  # the table id, the Form9Return attribute the rows go to
    name: str  # sheet name
    title: str  # what the form calls the table
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()  # other sheet names accepted on import
    csv: bool = False  # may also be imported from a CSV file
    types: tuple[str, ...] = ()  # a list's own transaction types (recognising a sheet)

    @property
    def inputs(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)


_FIELD = re.compile(r"\{(\w+)\}")


def _column(f: Field, letters: dict[str, str]) -> Column:
    formula = ""
    if f.computed and f.excel_formula:
        formula = _FIELD.sub(lambda m: letters[m[1]] + "{r}", f.excel_formula)
    choices: tuple[str, ...] = f.choices
    if f.kind == "yes_no":
        choices = YES_NO_CHOICES
    return Column(
        number=f.number,
        header=f.excel,
        field=f.id,
        kind=f.kind,
        required=f.required,
        width=f.width.excel or 14,
        formula=formula,
        computed=f.computed,
        choices=choices,
        open=f.open or (f.kind == "choice" and not f.choices),
        aliases=f.aliases,
    )


def sheet_spec(table: Table) -> SheetSpec:
    fields = table.excel_columns
    letters = {f.id: get_column_letter(i) for i, f in enumerate(fields, start=1)}
    return SheetSpec(
        key=table.id,
        name=table.excel_sheet or table.id,
        title=table.excel_title or table.heading,
        columns=tuple(_column(f, letters) for f in fields),
        aliases=table.excel_aliases,
        csv=table.csv,
        types=table.import_types,
    )


_SHEETS: dict[int, tuple[Catalogue, tuple[SheetSpec, ...]]] = {}


def sheets_of(cat: Catalogue) -> tuple[SheetSpec, ...]:
    """The workbook's sheets for a version of the form, in the catalogue's order."""
    known = _SHEETS.get(id(cat))
    if known is not None and known[0] is cat:
        return known[1]
    sheets = tuple(sheet_spec(t) for t in cat.tables.values() if not t.excel_omit)
    _SHEETS[id(cat)] = (cat, sheets)
    return sheets


def sheets_for(period: str | None) -> tuple[SheetSpec, ...]:
    """The sheets of the version in force for a return period (today's for None)."""
    return sheets_of(catalogue_for_period(period))


def catalogue_for_period(period: str | None) -> Catalogue:
    from datetime import date

    from app.export.upload_read import catalogue_for
    from app.forms import catalogue_on

    return catalogue_for(period) if period else catalogue_on(date.today())


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm(text: str) -> str:
    """Case-, space- and punctuation-insensitive form used to match sheet names and headers."""
    return _NON_ALNUM.sub("", text.lower())


def sheet_by_name(sheets: tuple[SheetSpec, ...]) -> dict[str, SheetSpec]:
    """Normalised sheet name or alias -> sheet."""
    return {norm(n): s for s in sheets for n in (s.name, s.key, *s.aliases)}


def __getattr__(name: str) -> Any:
    """SHEETS: the first version's sheets (the screens that list the workbook's tables)."""
    if name == "SHEETS":
        from app.forms import base_catalogue

        return sheets_of(base_catalogue())
    raise AttributeError(name)
