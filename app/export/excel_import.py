"""Import the Excel template (or a CSV sales / purchase list) into a return, spec section 9.

Reading is exact and honest: every cell that cannot be read becomes a `CellError` naming the sheet,
row, column, the value found and what was expected; nothing is imported while any error remains,
and a row is never dropped silently (blank rows are counted, unread columns are reported).

Rules where the spec is silent (also printed on the template's Instructions sheet):
- a sheet with at least one data row replaces that whole part of the return; an empty or missing
  sheet leaves the part unchanged; header, inputs, declaration and Part 4 facts are never touched;
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
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.export.excel_columns import (
    ACT,
    AMOUNT,
    CHOICES,
    COMPUTED,
    DATE,
    FIELD_ALIASES,
    INSTRUCTIONS_SHEET,
    LIST_TYPE,
    POINT_OF_SALE,
    PURCHASE_LIST,
    RATE,
    SALES_LIST,
    SERIAL,
    SHEET_BY_NAME,
    SHEETS,
    SIGNED_AMOUNT,
    TEXT,
    YES_NO,
    Column,
    SheetSpec,
    norm,
)
from app.export.excel_template import NEUTRALISER, neutralise, unneutralise
from app.export.import_checks import ImportRefused as ImportRefused  # a refused file
from app.export.import_checks import (
    check_file,
    check_ranges,
    decode_csv,
)
from app.export.json_text import shown_text
from app.fileio import atomic_path
from app.model.form9 import (
    ACTS,
    LIST_TYPES,
    POINTS_OF_SALE,
    RETURN_LIST_TYPES,
    Form9Return,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)
from app.model.limits import MAX_IMPORT_BYTES, MAX_LIST_ROWS, MAX_TABLE_ROWS, text_limit
from app.model.numbers import D, NumberError, decimals, fmt_indian, parse_amount_text

ProgressFn = Callable[[int, int, str], None]

# Bounds of the file itself (size, archive, sheet area): app/model/limits.py, checked by
# app/export/import_checks.py before any parser sees the file.
MAX_FILE_BYTES = MAX_IMPORT_BYTES
HEADER_SEARCH_ROWS = 10
_PROGRESS_EVERY = 5000

ROW_TYPES: dict[str, type] = {
    "part1a": Part1aRow,
    "part1b": Part1bRow,
    "part2": Part2Row,
    "part5": Part5Row,
    "sales_list": ListRow,
    "purchase_list": ListRow,
    "stock": StockRow,
}


@dataclass(frozen=True, slots=True)
class CellError:
    """One cell that could not be read.  `row` is the sheet's row number as Excel shows it;
    `column` its letter ('' when a whole column is missing)."""

    sheet: str
    row: int
    column: str
    value: str
    expected: str
    header: str = ""

    @property
    def where(self) -> str:
        col = f", column {self.column}" if self.column else ""
        head = f" {self.header}" if self.header else ""
        return f"{self.sheet}, row {self.row}{col}{head}"

    def __str__(self) -> str:
        return f"{self.where}: found {self.value}; expected {self.expected}"


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

    @property
    def ok(self) -> bool:
        return not self.errors

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
        for spec in SHEETS:
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


# ---------------------------------------------------------------- cell parsing


class _Bad(Exception):
    def __init__(self, expected: str) -> None:
        self.expected = expected


def shown(value: Any) -> str:
    """A cell's value as the error list shows it."""
    if isinstance(value, str):
        return shown_text(value, 60) if value.strip() else "a blank cell"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "a blank cell"
    return str(value)


def _is_blank(v: Any) -> bool:
    return v is None or (type(v) is str and not v.strip())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_text(v: Any) -> str:
    t = type(v)
    if t is str:
        s: str = v.strip()
        if s[:1] == NEUTRALISER:
            s = unneutralise(s)
        if _CONTROL.search(s):
            raise _Bad("text without control characters")
        return s
    if t is float:
        return str(int(v)) if v.is_integer() else repr(v)
    if t is int:
        return str(v)
    if t is datetime or t is date:
        return str(v.isoformat())
    if t is bool:
        return "TRUE" if v else "FALSE"
    if v is None:
        return ""
    raise _Bad("text")


def _text_parser(field: str) -> Callable[[Any], str]:
    """parse_text, and at most text_limit(field) characters (app/model/limits.py)."""
    limit = text_limit(field)

    def parse(v: Any) -> str:
        text = parse_text(v)
        if len(text) > limit:
            raise _Bad(f"text of at most {limit:,} characters (this has {len(text):,})")
        return text

    return parse


def _float_decimal(v: float, places: int, expected: str) -> Decimal:
    """A float from the sheet as the Decimal the user typed (its shortest repr), never rounded."""
    s = repr(v)
    if "e" in s or "E" in s:
        d = D(s)
        if decimals(d) > places:
            raise _Bad(expected)
        return d
    dot = s.find(".")
    if dot >= 0 and len(s) - dot - 1 > places:
        raise _Bad(expected)
    return D(s)


_AMOUNT_DP = "an amount with at most 2 decimals (it is never rounded)"
_ZERO = Decimal(0)


def parse_amount(v: Any, signed: bool = False) -> Decimal:
    t = type(v)
    if t is float:
        s = repr(v)
        dot = s.find(".")
        if dot < 0 or len(s) - dot > 3:  # exponent form, inf / nan, or more than 2 decimals
            if not math.isfinite(v):
                raise _Bad("an amount")
            d = _float_decimal(v, 2, _AMOUNT_DP)
        else:
            d = D(s)
        if s[0] == "-":
            if not d:
                return _ZERO  # -0.0 is 0, never a negative zero
            if not signed:
                raise _Bad("an amount of 0 or more")
        return d
    if t is int:
        d = D(v)
    elif t is str:
        if not v.strip():
            return _ZERO
        try:
            d = parse_amount_text(v)
        except NumberError:
            raise _Bad("an amount such as 1,23,456.50") from None
        if decimals(d) > 2:
            raise _Bad(_AMOUNT_DP)
    elif v is None:
        return _ZERO
    else:
        raise _Bad("an amount such as 1,23,456.50")
    if d.is_zero():
        return _ZERO
    if d < 0 and not signed:
        raise _Bad("an amount of 0 or more")
    return d


def parse_signed_amount(v: Any) -> Decimal:
    return parse_amount(v, True)


def parse_rate(v: Any) -> Decimal:
    expected = "a rate in % with at most 4 decimals, e.g. 5 or 14.5"
    t = type(v)
    if t is float:
        d = _float_decimal(v, 4, expected)
    elif t is int:
        d = D(v)
    elif t is str:
        s = v.strip().removesuffix("%").strip()
        try:
            d = D(s)
        except NumberError:
            raise _Bad(expected) from None
        if decimals(d) > 4:
            raise _Bad(expected)
    else:
        raise _Bad(expected)
    if d < 0:
        raise _Bad("a rate of 0 or more")
    return d


def parse_serial(v: Any) -> int | None:
    expected = "a serial number 1, 2, 3 … (or a blank cell)"
    if _is_blank(v):
        return None
    t = type(v)
    if t is int:
        n = v
    elif t is float and v.is_integer():
        n = int(v)
    elif t is str and v.strip().isdigit():
        n = int(v.strip())
    else:
        raise _Bad(expected)
    if n < 1:
        raise _Bad(expected)
    return int(n)


_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FORMS = "an Excel date, DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD"
_DATE_EXPECTED = "a date: " + _DATE_FORMS


def parse_date(v: Any) -> date | None:
    t = type(v)
    if t is date:
        return v  # type: ignore[no-any-return]
    if t is datetime:
        return v.date()  # type: ignore[no-any-return]
    if t is str:
        s = v.strip()
        if not s:
            return None
        m = _DMY.match(s)
        if m:
            y, mo, d = int(m[3]), int(m[2]), int(m[1])
        else:
            m = _YMD.match(s)
            if not m:
                raise _Bad(_DATE_EXPECTED)
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
        try:
            return date(y, mo, d)
        except ValueError:
            raise _Bad(f"a real date ({_DATE_FORMS})") from None
    if (t is float or t is int) and 1 <= v < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(v))
    if v is None:
        return None
    raise _Bad(_DATE_EXPECTED)


def _choice(kind: str) -> Callable[[Any], str]:
    options = {norm(c): c for c in CHOICES[kind]}
    if kind == POINT_OF_SALE:
        options.update({norm(c) + "point": c for c in POINTS_OF_SALE})
        options.update({norm(c) + "sale": c for c in POINTS_OF_SALE})
    exact = {c: c for c in CHOICES[kind]}  # the usual case, without normalising
    if kind == POINT_OF_SALE:
        exact[""] = ""
    expected = " / ".join(CHOICES[kind])

    def parse(v: Any) -> str:
        hit = exact.get(v) if type(v) is str else None
        if hit is not None:
            return hit
        if type(v) is not str:
            raise _Bad(expected)
        s = v.strip()
        if not s and kind == POINT_OF_SALE:
            return ""
        hit = options.get(norm(s))
        if hit is None:
            raise _Bad(expected)
        return hit

    return parse


_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def parse_yes_no(v: Any) -> bool:
    if type(v) is bool:
        return bool(v)
    if type(v) is str and v.strip().lower() in _YES:
        return _YES[v.strip().lower()]
    raise _Bad("yes or no")


#: What a blank cell of an optional kind reads as (also used when the column is absent).
_BLANK: dict[str, Any] = {
    SERIAL: None, TEXT: "", POINT_OF_SALE: "", AMOUNT: Decimal(0), SIGNED_AMOUNT: Decimal(0),
    DATE: None,
}  # fmt: skip

_act = _choice(ACT)
_list_type = _choice(LIST_TYPE)
_point = _choice(POINT_OF_SALE)

PARSERS: dict[str, Callable[[Any], Any]] = {
    SERIAL: parse_serial,
    ACT: _act,
    TEXT: parse_text,
    RATE: parse_rate,
    AMOUNT: parse_amount,
    SIGNED_AMOUNT: parse_signed_amount,
    DATE: parse_date,
    POINT_OF_SALE: _point,
    YES_NO: parse_yes_no,
    LIST_TYPE: _list_type,
}
assert set(ACTS) == set(CHOICES[ACT]) and set(LIST_TYPES) == set(CHOICES[LIST_TYPE])


# ---------------------------------------------------------------- headers

_HEAD = re.compile(
    r"^\s*(?:col(?:umn)?\.?\s*)?(?:\(\s*(\d{1,2})\s*\)|(\d{1,2})(?=[.):\-\s]|$)[.):\-]?)?\s*(.*?)\s*$",
    re.S,
)
_TRAILING = re.compile(r"(\s*\*|\s*\(computed\))+$", re.I)


def column_letter(i: int) -> str:
    """0-based column index -> Excel letters."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def split_header(text: str) -> tuple[str, str]:
    """'(8) Total turnover *' -> ('8', 'totalturnover')."""
    m = _HEAD.match(text)
    assert m is not None
    number = m[1] or m[2] or ""
    rest = _TRAILING.sub("", m[3])
    return number, norm(rest)


def _names(col: Column) -> set[str]:
    names = {norm(col.header), norm(col.field), norm(col.title)}
    names.update(norm(a) for a in FIELD_ALIASES.get(col.field, ()))
    return names


@dataclass(slots=True)
class _Layout:
    header_row: int  # 0-based
    columns: dict[int, Column]  # 0-based column index -> column (inputs and computed)
    errors: list[CellError]
    notices: list[str]
    matched: int


def _match_headers(spec: SheetSpec, sheet: str, cells: list[Any], r: int) -> _Layout:
    by_text: dict[str, Column] = {}
    for c in spec.columns:
        for n in _names(c):
            by_text.setdefault(n, c)
    by_number = {c.number: c for c in spec.columns if c.number}
    columns: dict[int, Column] = {}
    taken: dict[str, int] = {}
    errors: list[CellError] = []
    notices: list[str] = []
    for i, v in enumerate(cells):
        if _is_blank(v):
            continue
        text = parse_text(v) if not isinstance(v, str) else v.strip()
        number, key = split_header(text)
        col: Column | None = by_text.get(key) if key else None
        if col is not None and number and col.number and col.number != number:
            errors.append(
                CellError(sheet, r + 1, column_letter(i), repr(text),
                          f"the column number of {col.header!r}, ({col.number})", text)
            )  # fmt: skip
            continue
        if col is None and number:
            col = by_number.get(number)
        if col is None:
            notices.append(
                f"{sheet}: column {column_letter(i)} {text!r} is not a column of "
                f"{spec.name}; it was not read"
            )
            continue
        if col.field in taken:
            errors.append(
                CellError(sheet, r + 1, column_letter(i), repr(text),
                          f"one column for {col.title} (it is already column "
                          f"{column_letter(taken[col.field])})", text)
            )  # fmt: skip
            continue
        taken[col.field] = i
        columns[i] = col
    for c in spec.inputs:
        if c.required and c.field not in taken:
            errors.append(
                CellError(sheet, r + 1, "", "no such column", f"a column {c.title}", c.title)
            )
    matched = sum(1 for c in columns.values() if c.kind != COMPUTED)
    return _Layout(r, columns, errors, notices, matched)


def _find_layout(spec: SheetSpec, sheet: str, rows: list[list[Any]]) -> _Layout | None:
    """The header row: the first of the top non-blank rows that names at least two of the sheet's
    columns (one for a two-column sheet).  None when the sheet holds nothing at all."""
    need = min(2, len(spec.inputs) - 1)
    first_filled = None
    filled = 0
    for r, cells in enumerate(rows):
        if all(_is_blank(v) for v in cells):
            continue
        if first_filled is None:
            first_filled = r
        filled += 1
        if filled > HEADER_SEARCH_ROWS:
            break
        layout = _match_headers(spec, sheet, cells, r)
        if layout.matched >= need:
            if r > first_filled:
                layout.notices.append(
                    f"{sheet}: rows {first_filled + 1}–{r} above the header row were not read"
                )
            return layout
    if first_filled is None:
        return None
    cols = "; ".join(c.title for c in spec.inputs)
    err = CellError(
        sheet, first_filled + 1, "A", shown(rows[first_filled][0] if rows[first_filled] else ""),
        f"a header row naming the columns of {spec.name}: {cols}",
    )  # fmt: skip
    return _Layout(first_filled, {}, [err], [], 0)


# ---------------------------------------------------------------- sheets


def _totals(spec: SheetSpec, rows: list[Any]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    amount_cols = [c for c in spec.inputs if c.kind in (AMOUNT, SIGNED_AMOUNT)]
    for c in amount_cols:
        out[c.title] = sum((getattr(r, c.field) for r in rows), Decimal(0))
    if spec.key in ("sales_list", "purchase_list"):
        out["(10) Total"] = sum((v for k, v in out.items()), Decimal(0))
    elif spec.key == "part5":  # the form subtotals remittances per act
        for act in ACTS:
            paid = [r.amount for r in rows if r.act == act]
            if paid:
                out[f"{act} subtotal"] = sum(paid, Decimal(0))
    elif spec.key == "part2":
        out["(10) Total"] = sum(
            (v for k, v in out.items() if k.startswith(("(7)", "(8)", "(9)"))), Decimal(0)
        )
    return out


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
    layout = _find_layout(spec, sheet, rows)
    if layout is None:
        result.sheets.append(SheetResult(spec, sheet, 0))
        return done + len(rows)
    result.errors.extend(layout.errors)
    result.notices.extend(layout.notices)
    out = SheetResult(spec, sheet, layout.header_row + 1)
    result.sheets.append(out)
    if layout.errors and not layout.columns:
        return done + len(rows)
    plan = [
        (i, c.field, _text_parser(c.field) if c.kind == TEXT else PARSERS[c.kind], c)
        for i, c in sorted(layout.columns.items())
        if c.kind != COMPUTED
    ]
    most = MAX_LIST_ROWS if spec.key in ("sales_list", "purchase_list") else MAX_TABLE_ROWS
    read_idx = {i for i, *_ in plan}
    required = [(i, c) for i, _, _, c in plan if c.required and c.kind in (TEXT, DATE)]
    signed = [(i, f, c) for i, f, _, c in plan if c.kind == SIGNED_AMOUNT]
    row_type = ROW_TYPES[spec.key]
    # An optional column that is absent reads as blank cells (never as the model's defaults).
    present = set(layout.columns.values())
    absent = {c.field: _BLANK[c.kind] for c in spec.inputs if c not in present and c.kind in _BLANK}
    has_sl = any(c.kind == SERIAL for c in spec.columns)
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
            if any(not _is_blank(v) and i not in layout.columns for i, v in enumerate(cells)):
                other_only += 1
            continue
        n_data += 1
        if n_data > most:
            errors.append(CellError(sheet, r + 1, "", f"row {n_data:,} of data",
                                    f"at most {most:,} rows in {spec.name}; split the list"))  # fmt: skip
            break
        for i in unread:
            if i < len(cells) and not _is_blank(cells[i]):
                unread_rows[i] = unread_rows.get(i, 0) + 1
        values: dict[str, Any] = dict(absent)
        bad = False
        for i, fid, parse, col in plan:
            v = cells[i]
            try:
                values[fid] = parse(v)
            except _Bad as exc:
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
            if has_sl and values.get("sl") is None:
                values["sl"] = n_data
            out.rows.append(row_type(**values))
        if progress is not None and n_data % _PROGRESS_EVERY == 0:
            progress(done + r, total, f"Reading {sheet}")
    header_cells = rows[layout.header_row]
    for i, n in sorted(unread_rows.items()):
        if i >= len(header_cells) or _is_blank(header_cells[i]):
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


def _read_xlsx(path: Path, result: ImportResult, progress: ProgressFn | None) -> None:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        grids: list[tuple[SheetSpec, str, list[list[Any]]]] = []
        seen: dict[str, str] = {}
        for name in names:
            spec = SHEET_BY_NAME.get(norm(name))
            if spec is None:
                if norm(name) != norm(INSTRUCTIONS_SHEET):
                    result.notices.append(f"Sheet {name!r} is not a FORM 9 table; it was not read")
                continue
            if spec.key in seen:
                result.errors.append(
                    CellError(name, 1, "", repr(name),
                              f"one sheet for {spec.name} (sheet {seen[spec.key]!r} is one)")
                )  # fmt: skip
                continue
            seen[spec.key] = name
            grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            grids.append((spec, name, grid))
    except ImportRefused:
        raise
    except Exception as exc:  # calamine's own error types: all mean "cannot read this file"
        raise ImportRefused(f"{path.name}: the workbook cannot be read ({exc})") from None
    total = sum(len(g) for _, _, g in grids)
    done = 0
    for spec, name, grid in grids:
        done = read_table(spec, name, grid, result, progress, done, total)


def _csv_spec(path: Path, csv_list: str | None) -> SheetSpec:
    if csv_list:
        key = {"sales": SALES_LIST, "purchase": PURCHASE_LIST}.get(csv_list.split("_")[0])
        if key is None:
            raise ImportRefused(f"unknown list {csv_list!r}: use sales or purchase")
        return key
    stem = norm(path.stem)
    if "purchase" in stem:
        return PURCHASE_LIST
    if "sale" in stem:
        return SALES_LIST
    raise ImportRefused(
        f"{path.name}: a CSV file holds one list; say whether it is the sales or the purchase list"
    )


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


def _read_csv(
    path: Path, spec: SheetSpec, result: ImportResult, progress: ProgressFn | None
) -> None:
    text, encoding = _csv_text(path)
    if encoding != "UTF-8":
        result.notices.append(f"{path.name}: not UTF-8; read as {encoding} text")
    grid = _csv_grid(text, path.name)
    read_table(spec, spec.name, grid, result, progress, 0, len(grid))


def import_file(
    path: str | Path,
    *,
    csv_list: str | None = None,
    progress: ProgressFn | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportResult:
    """Read an .xlsx template or a .csv list.  Raises ImportRefused when the file as a whole cannot
    be read; cell problems are collected in the result's `errors`."""
    path = Path(path)
    kind = check_file(path, max_bytes=max_bytes)
    result = ImportResult(path, kind=kind)
    # Hundreds of thousands of new row objects and no reference cycles: the cyclic collector
    # would only walk the growing heap again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if kind == "csv":
            _read_csv(path, _csv_spec(path, csv_list), result, progress)
        else:
            _read_xlsx(path, result, progress)
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
    from openpyxl import Workbook, load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if result.kind == "csv":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        spec = _csv_spec(result.source, result.sheets[0].spec.key if result.sheets else None)
        ws.title = spec.name
        for cells in _csv_grid(_csv_text(result.source)[0], result.source.name):
            ws.append([neutralise(c) for c in cells])
    else:
        check_ranges(result.source)  # openpyxl expands merged ranges cell by cell
        wb = load_workbook(result.source)
    fill = PatternFill("solid", fgColor="FFC7CE")
    notes: dict[tuple[str, str], list[str]] = {}
    for e in result.errors:
        ref = f"{e.column or 'A'}{e.row}"
        notes.setdefault((e.sheet, ref), []).append(
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
