"""The dealers' sheet (issue 15 item 6): its columns as data (resources/sheets/clients.toml) and
the reading of an .xlsx workbook or a CSV file of dealers, cell by cell, as a return's sheets are
read (app.export.excel_headers, app.export.excel_cells → app.model.values).

- The file is checked first (app.export.import_checks: size, archive, area): a hostile file is
  refused in one line.
- A sheet is a dealers' sheet by its name ("Dealers", "Clients" …) or by its header row: it names
  the TIN column and at least one more (title rows above it are skipped).  Every such sheet is
  read; the others are reported and not read.
- Each data row is one dealer.  A cell that cannot be read — a TIN that is not a Kerala TIN, a
  GSTIN whose check character is wrong, a constitution not in the form's list, a TIN or GSTIN
  that an earlier row already gave — is a `CellError` (sheet, row, column, header, found,
  expected) and its row is refused; the other rows stand (app.desk.client_import decides what
  each does to the data folder).  A missing TIN or name column refuses the whole file.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.export.excel_cells import Bad, Parse, is_blank, parse_text, parser, shown
from app.export.excel_columns import Column, SheetSpec, norm, sheet_spec
from app.export.excel_headers import CellError, column_letter, find_layout
from app.export.excel_import import csv_cells, workbook_cells
from app.export.import_checks import ImportRefused, check_file
from app.export.sheet_recognition import SheetSeen, cell_texts, first_filled
from app.model.catalogue import CatalogueError, Table, field_from_dict
from app.model.client import ClientProfile
from app.model.client_rows import DUE_DAYS, expected_for
from app.model.identifiers import normalise_no
from app.model.limits import MAX_CLIENT_ROWS, MAX_IMPORT_BYTES
from app.model.numbers import NumberError
from app.paths import resource
from app.toml_files import TomlError
from app.toml_files import read as read_toml

SHEET_FILE = ("sheets", "clients.toml")


# ---------------------------------------------------------------- the sheet as data


def sheet_from_dict(data: dict[str, Any], form_choices: dict[str, tuple[str, ...]]) -> Table:
    """The dealers' sheet from its parsed file; choices by name from the form catalogue's
    [choices] and the file's own."""
    sheet = data.get("sheet")
    if not isinstance(sheet, dict):
        raise CatalogueError("clients.toml: the file has no [sheet] table")
    own = data.get("choices", {})
    if not isinstance(own, dict) or not all(isinstance(v, list) for v in own.values()):
        raise CatalogueError("clients.toml: [choices] must be a table of lists")
    choices = {**form_choices, **{k: tuple(v) for k, v in own.items()}}
    items = data.get("column")
    if not isinstance(items, list) or not items:
        raise CatalogueError("clients.toml: the sheet has no [[column]]")
    fields = tuple(field_from_dict(d, choices, f"clients.toml [[column]] {n + 1}")
                   for n, d in enumerate(items))  # fmt: skip
    profile = set(ClientProfile.__dataclass_fields__) - {"branches"}
    for f in fields:
        if f.id not in profile:
            raise CatalogueError(f"clients.toml: column {f.id!r} is not a dealer's particular")
    ids = [f.id for f in fields]
    for needed in ("tin", "name"):
        if needed not in ids:
            raise CatalogueError(f"clients.toml: the sheet needs the column {needed!r}")
    aliases = sheet.get("aliases", [])
    return Table(
        id=str(sheet.get("id", "clients")),
        heading=str(sheet.get("title", "Dealers")),
        columns=fields,
        excel_sheet=str(sheet.get("name", "Dealers")),
        excel_title=str(sheet.get("title", "")),
        excel_aliases=tuple(str(a) for a in aliases),
        csv=True,
    )


@lru_cache(maxsize=1)
def client_table() -> Table:
    """The dealers' sheet as shipped (its choices from the first version of the form)."""
    from app.forms import base_catalogue

    path = resource(*SHEET_FILE)
    try:
        data = read_toml(path)
    except (OSError, UnicodeDecodeError, TomlError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read ({exc})") from None
    return sheet_from_dict(data, dict(base_catalogue().choices))


@lru_cache(maxsize=1)
def client_sheet() -> SheetSpec:
    """The sheet's columns as the Excel reader and writer take them."""
    return sheet_spec(client_table())


def labels() -> dict[str, str]:
    """Field id → the template's header (for messages: "changes Address, GSTIN")."""
    return {c.field: c.header for c in client_sheet().columns}


def headings() -> dict[str, str]:
    """Field id → what the column holds, in the form's words."""
    return {f.id: f.heading for f in client_table().columns}


# ---------------------------------------------------------------- reading


@dataclass(slots=True)
class ClientRow:
    """One dealer's row: the values it gives (blank cells give none) and its cells' errors."""

    sheet: str
    row: int  # as Excel numbers it
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    tin: str = ""  # as written (for the report), normalised when readable
    name: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.row}"


@dataclass(slots=True)
class ClientSheetResult:
    source: Path
    kind: str = "xlsx"
    rows: list[ClientRow] = field(default_factory=list)
    #: Errors of the file as a whole (a missing TIN or name column): nothing can be imported.
    file_errors: list[CellError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seen: list[SheetSeen] = field(default_factory=list)
    blank_rows: int = 0
    #: Sheet → field id → the letter of its column.
    letters: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellError]:
        """Every cell that cannot be read, the file's first, then row by row."""
        return [*self.file_errors, *(e for r in self.rows for e in r.errors)]


def _is_dealers(spec: SheetSpec, name: str, grid: list[list[Any]]) -> tuple[bool, SheetSeen]:
    """A dealers' sheet by its name, or by a header row naming the TIN and one more column."""
    r = first_filled(grid)
    if r is None:
        return False, SheetSeen(name, why="empty")
    if norm(name) in {norm(n) for n in (spec.name, spec.key, *spec.aliases)}:
        return True, SheetSeen(name, spec.key, "name", r + 1, cell_texts(grid[r]),
                               f"named as {spec.name}")  # fmt: skip
    layout = find_layout(spec, name, grid)
    tin = layout is not None and any(c.field == "tin" for c in layout.columns.values())
    if layout is not None and layout.named >= 2 and tin:
        row = layout.header_row
        return True, SheetSeen(name, spec.key, "header", row + 1, cell_texts(grid[row]),
                               f"its header row names {layout.named} dealer columns")  # fmt: skip
    return False, SheetSeen(name, row=r + 1, cells=cell_texts(grid[r]),
                            why="its header row does not name the TIN and another dealer column")  # fmt: skip


def _value(col: Column, parse: Parse, v: Any) -> Any:
    """A filled cell's value as the dealer's profile holds it; Bad when it cannot be."""
    if col.kind == "choice" and not isinstance(v, str):
        v = parse_text(v)  # a due day typed as the number 10
    try:
        value = parse(v)
    except NumberError:
        raise Bad("text") from None
    if col.kind == "upper":
        value = normalise_no(value)
    if col.field == "large_dealer":
        value = DUE_DAYS[value]
    expected = expected_for(col.field, value)
    if expected is not None:
        raise Bad(expected)
    return value


def read_sheet(spec: SheetSpec, sheet: str, grid: list[list[Any]],
               result: ClientSheetResult, firsts: dict[tuple[str, str], str]) -> None:  # fmt: skip
    """One dealers' sheet into `result`; `firsts` maps (field, value) of the TINs and GSTINs
    given so far to where they were given (a second one is an error)."""
    layout = find_layout(spec, sheet, grid)
    if layout is None:
        return
    result.notices.extend(layout.notices)
    if layout.errors:
        result.file_errors.extend(layout.errors)
        return
    plan = [(i, c, parser(c)) for i, c in sorted(layout.columns.items()) if not c.computed]
    result.letters[sheet] = {c.field: column_letter(i) for i, c, _ in plan}
    width = max(i for i, _, _ in plan) + 1
    required = [(i, c) for i, c, _ in plan if c.required]
    for r in range(layout.header_row + 1, len(grid)):
        cells = list(grid[r]) + [""] * (width - len(grid[r]))
        if all(is_blank(cells[i]) for i, _, _ in plan):
            result.blank_rows += 1
            continue
        if len(result.rows) >= MAX_CLIENT_ROWS:
            raise ImportRefused(f"{result.source.name}: {sheet}, row {r + 1}: more than "
                                f"{MAX_CLIENT_ROWS:,} dealers in one file; split it")  # fmt: skip
        row = ClientRow(sheet, r + 1)
        for i, col, parse in plan:
            v = cells[i]
            if col.field in ("tin", "name") and not is_blank(v):
                with contextlib.suppress(Bad):  # said as the cell's error below
                    setattr(row, col.field, parse_text(v))
            if is_blank(v):
                continue
            try:
                row.values[col.field] = value = _value(col, parse, v)
            except Bad as exc:
                row.errors.append(CellError(sheet, r + 1, column_letter(i), shown(v),
                                            exc.expected, col.title))  # fmt: skip
                continue
            if col.field in ("tin", "gstin"):
                key = (col.field, value)
                if key in firsts:
                    row.errors.append(CellError(
                        sheet, r + 1, column_letter(i), shown(v),
                        f"each dealer once: this {col.header} is also in {firsts[key]}",
                        col.title,
                    ))  # fmt: skip
                else:
                    firsts[key] = row.where
            if col.field == "tin":
                row.tin = value
        for i, col in required:
            if is_blank(cells[i]):
                row.errors.append(CellError(sheet, r + 1, column_letter(i), "a blank cell",
                                            f"{col.header} (every dealer has one)", col.title))  # fmt: skip
        result.rows.append(row)


def read_clients(path: str | Path, *, max_bytes: int = MAX_IMPORT_BYTES) -> ClientSheetResult:
    """Read a dealers' sheet (.xlsx or .csv).  ImportRefused when the file as a whole cannot be
    read; cell problems are in the rows' `errors` and the result's `file_errors`."""
    path = Path(path)
    kind = check_file(path, max_bytes=max_bytes)
    spec = client_sheet()
    result = ClientSheetResult(path, kind)
    firsts: dict[tuple[str, str], str] = {}
    if kind == "csv":
        grid, encoding = csv_cells(path)
        if encoding != "UTF-8":
            result.notices.append(f"{path.name}: not UTF-8; read as {encoding} text")
        sheets = [(path.name, grid)]
    else:
        sheets = workbook_cells(path)
    for name, grid in sheets:
        if kind == "xlsx" and norm(name) == "instructions":
            continue
        ours, seen = _is_dealers(spec, name, grid)
        result.seen.append(seen)
        if not ours:
            if not seen.empty:
                result.notices.append(f"Sheet {name!r} was not read: {seen.why}")
            continue
        read_sheet(spec, name, grid, result, firsts)
    return result


def nothing_lines(result: ClientSheetResult) -> list[str]:
    """Why the file brings no dealer, and its sheets with the header cells seen."""
    if any(s.part for s in result.seen):
        head = f"{result.source.name}: nothing to import: the dealers' sheet holds no row"
    else:
        head = (f"{result.source.name}: nothing to import: no sheet's header row names the "
                "dealer columns (TIN, name of the dealer …)")  # fmt: skip
    return [head] + ["  " + s.describe() for s in result.seen]
