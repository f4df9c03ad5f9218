"""Import the Excel template (or a CSV sales / purchase list) into a return, spec section 9.

Reading is exact and honest: every cell that cannot be read becomes a `CellError` naming the sheet,
row, column, the value found and what was expected; nothing is imported while any error remains,
and a row is never dropped silently (blank rows are counted, unread columns are reported).

Rules where the spec is silent (also printed on the template's Instructions sheet):
- a sheet with at least one data row replaces that whole part of the return; an empty or missing
  sheet leaves the part unchanged; header, inputs, declaration and Part 4 facts are never touched;
- a sheet is that part by its name, or else by its header row (app.export.sheet_recognition), or
  as the user chose (`parts`); an import that brings no row at all is not a success
  (`ImportResult.brings_nothing`: the CLI exits 1, the GUI says so and offers to pick the parts);
- a float from Excel is read through its shortest repr (0.1 stays 0.1) and refused, never rounded,
  when that has more than 2 decimals (4 for rates);
- a blank amount reads as 0; a blank serial number as the row's place among the data rows;
- text is trimmed; one leading apostrophe before = + - @ (the export's formula guard) is removed.
"""

from __future__ import annotations

import csv
import dataclasses
import gc
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.export.excel_cells import Bad, blank_value, is_blank, parser, shown
from app.export.excel_columns import (
    INSTRUCTIONS_SHEET,
    SheetSpec,
    norm,
    sheet_by_name,
    sheets_for,
)
from app.export.excel_headers import CellError, column_letter, find_layout
from app.export.excel_template import neutralise
from app.export.import_checks import (
    ImportRefused,
    check_file,
    check_ranges,
    decode_csv,
)
from app.export.sheet_recognition import (
    NOT_IMPORTED,
    SheetSeen,
    by_words,
    recognise,
    seen_by_name,
    totals_note,
    totals_word,
)
from app.fileio import atomic_path
from app.model.catalogue import value_of
from app.model.computed_columns import column_value
from app.model.form9 import RETURN_LIST_TYPES, ROW_TYPES, Form9Return
from app.model.limits import MAX_IMPORT_BYTES, MAX_LIST_ROWS, MAX_TABLE_ROWS
from app.model.numbers import NumberError, fmt_indian
from app.model.part5 import paid_per_act

ProgressFn = Callable[[int, int, str], None]

# Bounds of the file itself (size, archive, sheet area): app/model/limits.py, checked by
# app/export/import_checks.py before any parser sees the file.
MAX_FILE_BYTES = MAX_IMPORT_BYTES
_PROGRESS_EVERY = 5000
_LISTS = ("sales_list", "purchase_list")


@dataclass(slots=True)
class SheetResult:
    """What one sheet holds: rows read, blank rows skipped, totals per amount column."""

    spec: SheetSpec
    sheet: str  # the name in the file
    header_row: int
    rows: list[Any] = field(default_factory=list)
    blank_rows: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(slots=True)
class ImportResult:
    source: Path
    sheets: list[SheetResult] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    kind: str = "xlsx"
    specs: tuple[SheetSpec, ...] = ()  # the workbook's sheets for the return's version
    seen: list[SheetSeen] = field(default_factory=list)  # every sheet of the file, as read

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def brings_nothing(self) -> bool:
        """Every cell read and yet no row to import: never a success (issue 15 item 7)."""
        return self.ok and not self.replacements()

    @property
    def unrecognised(self) -> list[SheetSeen]:
        """Sheets with cells that are read as no part."""
        return [s for s in self.seen if not s.part and not s.empty]

    def nothing_lines(self) -> list[str]:
        """Why nothing is imported, and the sheets of the file with the header cells seen."""
        if not self.seen:
            return [f"{self.source.name}: the file holds no sheet"]
        if self.kind == "csv":
            why = self.seen[0].why if not self.seen[0].part else "it holds no row"
            return [f"{self.source.name}: nothing to import: {why}"]
        if any(s.part for s in self.seen):
            head = f"{self.source.name}: nothing to import: no sheet of it holds a row"
            if self.unrecognised:
                head += " (and some sheets are read as no part of the return)"
        else:
            head = (f"{self.source.name}: nothing to import: no sheet is a part of the return "
                    "by its name or its header row")  # fmt: skip
        return [head] + ["  " + s.describe() for s in self.seen]

    def replacements(self) -> dict[str, list[Any]]:
        """Parts this import replaces: every sheet with at least one row."""
        return {s.spec.key: s.rows for s in self.sheets if s.rows}

    def apply_to(self, ret: Form9Return) -> Form9Return:
        """A new return: `ret` with the imported parts replaced (`ret` itself is not changed)."""
        if not self.ok:
            raise ValueError("the import has errors; nothing can be applied")
        parts: dict[str, Any] = {k: list(v) for k, v in self.replacements().items()}
        return dataclasses.replace(ret, **parts)

    def summary_lines(self, ret: Form9Return | None = None) -> list[str]:
        """Row counts and totals per sheet, as the preview shows them."""
        lines = []
        found = {s.spec.key: s for s in self.sheets}
        for spec in self.specs or tuple(s.spec for s in self.sheets):
            s = found.get(spec.key)
            before = len(getattr(ret, spec.key)) if ret is not None else 0
            if s is None or not s.rows:
                state = "not in file" if s is None else "no rows"
                lines.append(f"{spec.name}: {state}; left unchanged ({before} rows)")
                continue
            totals = ", ".join(f"{k} {fmt_indian(v)}" for k, v in s.totals.items())
            blank = f", {s.blank_rows} blank rows skipped" if s.blank_rows else ""
            repl = f"; replaces {before} rows" if ret is not None else ""
            lines.append(
                f"{spec.name}: {s.count} rows{blank}{repl}" + (f"; {totals}" if totals else "")
            )
        return lines


# ---------------------------------------------------------------- sheets


def _totals(spec: SheetSpec, rows: list[Any]) -> dict[str, Decimal]:
    """Σ each amount column, and each computed amount column a row gives by itself (the lists'
    and Part 2's col 10); Part 5 per act, as the form subtotals remittances."""
    out: dict[str, Decimal] = {}
    for c in spec.inputs:
        if c.kind in ("money", "signed_money"):
            out[c.title] = sum((value_of(r, c.field) for r in rows), Decimal(0))
    for c in spec.columns:
        if c.computed and c.kind in ("money", "signed_money") and rows:
            value = column_value(spec.key, c.field)
            figures = [value(i, r, None) for i, r in enumerate(rows)]
            amounts = [f for f in figures if isinstance(f, Decimal)]
            if len(amounts) == len(figures):
                out[c.title] = sum(amounts, Decimal(0))
    if spec.key == "part5":
        acts = {r.act for r in rows}
        for act, paid in paid_per_act(rows).items():
            if act in acts:
                out[f"{act} subtotal"] = paid
    return out


def _make_row(spec: SheetSpec) -> Callable[[dict[str, Any]], Any]:
    """Values by field id → the row object; fields its type lacks (a later version's) go to
    `extra`."""
    row_type = ROW_TYPES[spec.key]
    typed = set(getattr(row_type, "__dataclass_fields__", ())) - {"extra"}
    extras = [c.field for c in spec.inputs if c.field not in typed]
    if not extras:
        return lambda values: row_type(**values)

    def make(values: dict[str, Any]) -> Any:
        extra = {k: values.pop(k) for k in extras if k in values}
        return row_type(**values, extra=extra)

    return make


def read_table(
    spec: SheetSpec,
    sheet: str,
    rows: list[list[Any]],
    result: ImportResult,
    progress: ProgressFn | None = None,
    done: int = 0,
    total: int = 0,
) -> int:
    """Parse one sheet's cells into rows of `spec`, adding to `result`; returns rows seen so far."""
    layout = find_layout(spec, sheet, rows)
    if layout is None:
        result.sheets.append(SheetResult(spec, sheet, 0))
        return done + len(rows)
    result.errors.extend(layout.errors)
    result.notices.extend(layout.notices)
    out = SheetResult(spec, sheet, layout.header_row + 1)
    result.sheets.append(out)
    if layout.errors and not layout.columns:
        return done + len(rows)
    plan = [(i, c.field, parser(c), c) for i, c in sorted(layout.columns.items()) if not c.computed]
    most = MAX_LIST_ROWS if spec.key in _LISTS else MAX_TABLE_ROWS
    read_idx = {i for i, *_ in plan}
    required = [(i, c) for i, _, _, c in plan if c.required and c.kind in ("text", "upper", "date")]
    signed = [(i, f, c) for i, f, _, c in plan if c.kind == "signed_money"]
    needed = [i for i, _, _, c in plan if c.required and c.kind in ("text", "upper", "date")
              or c.never_blank]  # fmt: skip
    make = _make_row(spec)
    # An optional column that is absent reads as blank cells (never as the model's defaults).
    present = set(layout.columns.values())
    absent = {c.field: blank_value(c) for c in spec.inputs if c not in present}
    serial = next((c.field for c in spec.inputs if c.kind == "serial"), None)
    errors = result.errors
    other_only = 0
    n_data = 0
    width = max(read_idx, default=-1) + 1
    start = layout.header_row + 1
    grid_width = max((len(c) for c in rows[start:]), default=0)
    unread = [i for i in range(grid_width) if i not in layout.columns]
    unread_rows: dict[int, int] = {}
    for r in range(start, len(rows)):
        cells = rows[r]
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        for i in read_idx:
            v = cells[i]
            if v != "" and v is not None and (type(v) is not str or v.strip()):
                break
        else:
            out.blank_rows += 1
            if any(not is_blank(v) and i not in layout.columns for i, v in enumerate(cells)):
                other_only += 1
            continue
        n_data += 1
        if n_data > most:
            errors.append(CellError(sheet, r + 1, "", f"row {n_data:,} of data",
                                    f"at most {most:,} rows in {spec.name}; split the list"))  # fmt: skip
            break
        for i in unread:
            if i < len(cells) and not is_blank(cells[i]):
                unread_rows[i] = unread_rows.get(i, 0) + 1
        values: dict[str, Any] = dict(absent)
        bad = False
        mark = len(errors)
        for i, fid, parse, col in plan:
            v = cells[i]
            try:
                values[fid] = parse(v)
            except Bad as exc:
                errors.append(
                    CellError(sheet, r + 1, column_letter(i), shown(v), exc.expected, col.title)
                )
                bad = True
            except NumberError:
                errors.append(
                    CellError(sheet, r + 1, column_letter(i), shown(v), "a number", col.title)
                )
                bad = True
        for i, col in required:
            if col.field in values and values[col.field] in ("", None):
                errors.append(
                    CellError(sheet, r + 1, column_letter(i), "a blank cell",
                              f"{col.header} (this column must be filled in)", col.title)
                )  # fmt: skip
                bad = True
        if signed and values.get("type") not in RETURN_LIST_TYPES:
            for i, fid, col in signed:
                amount = values.get(fid)
                if amount is not None and amount < 0:
                    errors.append(
                        CellError(sheet, r + 1, column_letter(i), shown(cells[i]),
                                  "an amount of 0 or more (negative amounts only on Sales "
                                  "Return / Purchase Return rows)", col.title)
                    )  # fmt: skip
                    bad = True
        if not bad:
            if serial is not None and values.get(serial) is None:
                values[serial] = n_data
            out.rows.append(make(values))
        elif (word := totals_word(cells, needed)) is not None:
            del errors[mark:]  # a program's totals row under the table: noted, not an error
            n_data -= 1
            result.notices.append(totals_note(sheet, r, word, cells, plan, out.rows))
        if progress is not None and n_data % _PROGRESS_EVERY == 0:
            progress(done + r, total, f"Reading {sheet}")
    header_cells = rows[layout.header_row]
    for i, n in sorted(unread_rows.items()):
        if i >= len(header_cells) or is_blank(header_cells[i]):
            result.notices.append(
                f"{sheet}: column {column_letter(i)} has values in {n} rows but no header; "
                "it was not read"
            )
    if other_only:
        result.notices.append(
            f"{sheet}: {other_only} rows had values only in columns that are not read; "
            "they were skipped as blank"
        )
    out.totals = _totals(spec, out.rows)
    return done + len(rows)


def _sheet_grid(wb: Any, name: str) -> list[list[Any]]:
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)  # type: ignore[no-any-return]


def _read_xlsx(
    path: Path,
    result: ImportResult,
    progress: ProgressFn | None,
    parts: Mapping[str, str] | None,
) -> None:
    from python_calamine import CalamineWorkbook

    by_name = sheet_by_name(result.specs)
    by_key = {s.key: s for s in result.specs}
    chosen = dict(parts or {})
    unknown = sorted(k for k in chosen.values() if k and k not in by_key)
    if unknown:
        raise ImportRefused(f"{path.name}: {unknown[0]!r} is no part of this return's form")
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        grids: list[tuple[SheetSpec, str, list[list[Any]]]] = []
        seen: dict[str, str] = {}
        for name in names:
            if name in chosen:
                key = chosen.pop(name)
                if key == NOT_IMPORTED:
                    result.seen.append(SheetSeen(name, why="not imported, as chosen"))
                    continue
                spec, grid = by_key[key], _sheet_grid(wb, name)
                result.seen.append(seen_by_name(name, spec, grid, "chosen"))
            elif (named := by_name.get(norm(name))) is not None:
                spec, grid = named, _sheet_grid(wb, name)
                result.seen.append(seen_by_name(name, spec, grid, "name"))
            elif norm(name) == norm(INSTRUCTIONS_SHEET):
                continue
            else:
                grid = _sheet_grid(wb, name)
                found, how = recognise(result.specs, name, grid)
                result.seen.append(how)
                if found is None:
                    why = "it is empty" if how.empty else how.why
                    result.notices.append(f"Sheet {name!r} was not read: {why}")
                    continue
                spec = found
                result.notices.append(f"Sheet {name!r} is read as {spec.name}: {how.why}")
            if spec.key in seen:
                result.errors.append(
                    CellError(name, 1, "", repr(name),
                              f"one sheet for {spec.name} (sheet {seen[spec.key]!r} is one)")
                )  # fmt: skip
                continue
            seen[spec.key] = name
            grids.append((spec, name, grid))
    except ImportRefused:
        raise
    except Exception as exc:  # calamine's own error types: all mean "cannot read this file"
        raise ImportRefused(f"{path.name}: the workbook cannot be read ({exc})") from None
    if chosen:
        raise ImportRefused(
            f"{path.name}: has no sheet named {', '.join(repr(n) for n in chosen)} "
            f"(its sheets: {', '.join(repr(n) for n in names)})"
        )
    total = sum(len(g) for _, _, g in grids)
    done = 0
    for spec, name, grid in grids:
        done = read_table(spec, name, grid, result, progress, done, total)


def _csv_lists(specs: tuple[SheetSpec, ...]) -> dict[str, SheetSpec]:
    return {s.key.split("_")[0]: s for s in specs if s.csv}  # sales, purchase


def _csv_spec(path: Path, csv_list: str | None, specs: tuple[SheetSpec, ...]) -> SheetSpec | None:
    """The list a CSV file holds: as named (`csv_list`), else as its file name says; None when
    neither says (its rows' types may: `_csv_by_rows`)."""
    lists = _csv_lists(specs)
    if csv_list:
        spec = lists.get(csv_list.split("_")[0])
        if spec is None:
            raise ImportRefused(f"unknown list {csv_list!r}: use {' or '.join(lists)}")
        return spec
    return by_words(tuple(lists.values()), path.stem)


_WHICH_LIST = "a CSV file holds one list; say whether it is the sales or the purchase list"


def _csv_by_rows(path: Path, grid: list[list[Any]], specs: tuple[SheetSpec, ...]) -> SheetSeen:
    """A CSV file whose name says neither list: the list its header row and rows' types are."""
    found, how = recognise(tuple(_csv_lists(specs).values()), path.name, grid)
    if found is not None or how.empty:
        return how
    why = _WHICH_LIST if how.why.startswith("it holds") else f"{_WHICH_LIST} ({how.why})"
    return dataclasses.replace(how, why=why)


def _csv_text(path: Path) -> tuple[str, str]:
    """The CSV file's text and its encoding (app.export.import_checks.decode_csv)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path.name}: cannot be read ({exc.strerror})") from None
    return decode_csv(raw, path.name)


def _csv_grid(text: str, name: str) -> list[list[Any]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused(f"{name}: not a readable CSV file ({exc})") from None


def csv_cells(path: Path) -> tuple[list[list[Any]], str]:
    """A CSV file's cells (comma, semicolon or tab separated) and the encoding it was read as."""
    text, encoding = _csv_text(path)
    return _csv_grid(text, path.name), encoding


def workbook_cells(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of an .xlsx workbook (checked with check_file first) as (name, cells)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        return [(name, _sheet_grid(wb, name)) for name in wb.sheet_names]
    except Exception as exc:  # calamine's own error types: all mean "cannot read this file"
        raise ImportRefused(f"{path.name}: the workbook cannot be read ({exc})") from None


def _read_csv(
    path: Path, csv_list: str | None, result: ImportResult, progress: ProgressFn | None
) -> None:
    grid, encoding = csv_cells(path)
    if encoding != "UTF-8":
        result.notices.append(f"{path.name}: not UTF-8; read as {encoding} text")
    if csv_list == NOT_IMPORTED:
        result.seen.append(SheetSeen(path.name, why="not imported, as chosen"))
        return
    spec = _csv_spec(path, csv_list, result.specs)
    if spec is None:
        how = _csv_by_rows(path, grid, result.specs)
        result.seen.append(how)
        if not how.part:
            return
        spec = next(s for s in result.specs if s.key == how.part)
        result.notices.append(f"{path.name} is read as the {spec.name}: {how.why}")
    else:
        result.seen.append(seen_by_name(path.name, spec, grid, "chosen" if csv_list else "name"))
    read_table(spec, spec.name, grid, result, progress, 0, len(grid))


def import_file(
    path: str | Path,
    *,
    csv_list: str | None = None,
    progress: ProgressFn | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    period: str | None = None,
    parts: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read an .xlsx template or a .csv list into rows of the version of the form for `period`
    (the one in force today when None).  `parts` names the part (table key, "" for not imported)
    of sheets by their name in the file (a CSV file's name for a CSV file), overriding their
    recognition.  Raises ImportRefused when the file as a whole cannot be read; cell problems
    are collected in the result's `errors`."""
    path = Path(path)
    kind = check_file(path, max_bytes=max_bytes)
    result = ImportResult(path, kind=kind, specs=sheets_for(period))
    # Hundreds of thousands of new row objects and no reference cycles: the cyclic collector
    # would only walk the growing heap again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if kind == "csv":
            if parts and path.name in parts:
                csv_list = parts[path.name]
            _read_csv(path, csv_list, result, progress)
        else:
            _read_xlsx(path, result, progress, parts)
    finally:
        if collecting:
            gc.enable()
    if progress is not None:
        progress(1, 1, "Done")
    return result


# ---------------------------------------------------------------- annotated copy


def write_annotated(result: ImportResult, dst: str | Path) -> int:
    """A copy of the imported file with every bad cell filled red and a comment saying what was
    found and what is expected.  A CSV source becomes a one-sheet workbook.  Returns cells marked."""
    csv_sheet = result.sheets[0].spec.name if result.sheets else result.source.stem
    return annotate(result.source, result.kind, result.errors, dst, csv_sheet=csv_sheet)


def annotate(source: Path, kind: str, errors: list[CellError], dst: str | Path, *,
             csv_sheet: str) -> int:  # fmt: skip
    """`write_annotated` for any import's errors; a CSV file's errors name `csv_sheet`."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    titles: dict[str, str] = {}
    if kind == "csv":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = titles[csv_sheet] = "".join(c for c in csv_sheet if c not in "[]:*?/\\")[:31]
        for cells in csv_cells(source)[0]:
            ws.append([neutralise(c) for c in cells])
    else:
        check_ranges(source)  # openpyxl expands merged ranges cell by cell
        wb = load_workbook(source)
    fill = PatternFill("solid", fgColor="FFC7CE")
    notes: dict[tuple[str, str], list[str]] = {}
    for e in errors:
        ref = f"{e.column or 'A'}{e.row}"
        notes.setdefault((titles.get(e.sheet, e.sheet), ref), []).append(
            f"Found {e.value}; expected {e.expected}."
            if e.column
            else f"Missing column: expected {e.expected}."
        )
    for (sheet, ref), texts in notes.items():
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        cell.fill = fill
        comment = Comment("\n".join(texts), "form9 import")
        comment.width = 320
        comment.height = 90 + 30 * len(texts)
        cell.comment = comment
    with atomic_path(dst) as tmp:
        wb.save(str(tmp))
    return len(notes)


__all__ = [
    "NOT_IMPORTED",
    "CellError",
    "ImportRefused",
    "ImportResult",
    "SheetResult",
    "SheetSeen",
    "annotate",
    "import_file",
    "read_table",
    "write_annotated",
]
