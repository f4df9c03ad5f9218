"""Write the Excel template, empty or pre-filled from a return ("export to Excel"), spec section 9.

openpyxl in write-only mode (rows are streamed, one reused styled cell per column), so a 100,000-row
list is written without holding the sheet in memory.  Text that came from the user and starts with
=, +, -, @ (or a tab / carriage return) is written with a leading apostrophe so Excel never treats
it as a formula (formula injection); the importer removes that one apostrophe again.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.export.excel_columns import (
    INSTRUCTIONS_SHEET,
    Column,
    SheetSpec,
    catalogue_for_period,
    sheets_of,
)
from app.fileio import atomic_write
from app.model.catalogue import value_of
from app.model.form9 import Form9Return
from app.model.interpretations import ITC_WRITTEN
from app.model.numbers import plain

ProgressFn = Callable[[int, int, str], None]

#: Leading characters that make a spreadsheet treat text as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"
RATE_FORMAT = "General"
LAST_ROW = 1_048_576

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_COMPUTED_FILL = PatternFill("solid", fgColor="EDEDED")
_WRAP = Alignment(wrap_text=True, vertical="top")


def neutralise(text: str) -> str:
    """Text safe to put in a cell: a leading formula character gets an apostrophe in front (also
    behind apostrophes the text already starts with, so the import's unescaping is exact)."""
    return NEUTRALISER + text if text.lstrip(NEUTRALISER).startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    """The inverse of `neutralise`, applied on import."""
    if text[:1] == NEUTRALISER and text.lstrip(NEUTRALISER).startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


_AMOUNT_KINDS = frozenset({"money", "signed_money", "quantity"})


def _number_format(col: Column) -> str | None:
    if col.kind in _AMOUNT_KINDS or (col.computed and col.kind != "serial"):
        return AMOUNT_FORMAT
    if col.kind == "date":
        return DATE_FORMAT
    if col.kind in ("text", "upper"):
        return TEXT_FORMAT
    return None


def _cell_value(col: Column, value: Any) -> Any:
    """A field's value as written to its cell (never a float: Decimal goes out as written)."""
    if value is None:
        return None
    if col.kind in ("text", "upper", "choice"):
        return neutralise(value) if value else None
    if col.kind == "rate":
        return plain(value)
    if col.kind == "yes_no":
        return ITC_WRITTEN[bool(value)]
    if col.kind in ("serial", "count"):
        return int(value)
    if isinstance(value, (Decimal, date, int)):
        return value
    return neutralise(str(value))


INSTRUCTIONS = (
    "How to fill this workbook",
    "",
    "One sheet per table of the return: Part 1(a), Part 1(b), Part 2, Part 5, Sales list, "
    "Purchase list, Stock. Keep the header row; columns may be in any order and extra columns are "
    "reported and not read. Headers are matched by the form's column number and/or the header text.",
    "Grey columns (computed) are formulas for your convenience; the utility recomputes them and "
    "never reads them.",
    "Amounts: numbers, or text such as 1,23,456.50; at most 2 decimals (more is an error, never "
    "rounded). A blank amount counts as 0.",
    "Negative amounts are accepted only on Sales Return / Purchase Return rows of the lists.",
    "Dates: Excel dates, or text DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD.",
    "Rates: percent as a number (5, 14.5, 30.08), up to 4 decimals; a trailing % sign is accepted.",
    "Act: KGST, KVAT or CST. Point of sale: first, subsequent, last, or first and last (the "
    "single deemed first-and-last sale, e.g. KSBC's sale of liquor). ITC: yes or no.",
    "Head of account (Part 5): pick one of the rate pack's heads listed at the end of this sheet "
    "(tax, interest, and each cess (b)–(f) separately), or type the head as on the challan.",
    "Type of transaction (lists): {list_types}.",
    "Columns marked * must be present. Act, rate, ITC and type of transaction cells must never "
    "be blank, nor text and date cells of a * column; a blank amount counts as 0 and a blank "
    "Sl. No. as the row's place. Blank rows are skipped and counted.",
    "Importing: a sheet with at least one row replaces that whole part of the return; an empty or "
    "missing sheet leaves that part as it is. Header, inputs and declaration are never changed.",
    "Every cell that cannot be read is listed with its sheet, row and column; nothing is imported "
    "until every cell is right and you accept the preview.",
    "Text starting with = + - @ is shown with a leading apostrophe (') so that it is never run as "
    "a formula; the apostrophe is removed again on import.",
    "The Sales list and Purchase list can also be imported from a CSV file with the same headers.",
)


def _write_instructions(
    wb: Workbook, ret: Form9Return | None, heads: Sequence[str], sheets: tuple[SheetSpec, ...]
) -> str:
    """The Instructions sheet; returns the range listing the heads of account ("" if none),
    which Part 5's head-of-account drop-down offers."""
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.column_dimensions["A"].width = 110
    types = next((c.offered for s in sheets for c in s.columns if c.field == "type"), ())
    lines = [line.replace("{list_types}", ", ".join(types)) for line in INSTRUCTIONS]
    if ret is not None:
        h = ret.header
        who = " · ".join(x for x in (h.name, f"TIN {h.tin}" if h.tin else "", h.period) if x)
        lines[1:1] = ["", f"Filled from the return: {neutralise(who)}"]
    for i, line in enumerate(lines):
        cell = WriteOnlyCell(ws, value=line)
        cell.alignment = _WRAP
        if i == 0:
            cell.font = Font(bold=True, size=14)
        ws.append([cell])
    ws.append([])
    ws.append([WriteOnlyCell(ws, value="Sheets and columns")])
    for spec in sheets:
        cols = "; ".join(c.title + (" *" if c.required else "") for c in spec.columns)
        cell = WriteOnlyCell(ws, value=f"{spec.name} — {spec.title}: {cols}")
        cell.alignment = _WRAP
        ws.append([cell])
    if not heads:
        return ""
    ws.append([])
    ws.append([WriteOnlyCell(ws, value=HEADS_TITLE)])
    first = len(lines) + 3 + len(sheets) + 2  # the rows written so far, the blank, the title
    for head in heads:
        ws.append([neutralise(head)])
    return f"'{INSTRUCTIONS_SHEET}'!$A${first}:$A${first + len(heads) - 1}"


def rate_pack_heads(ret: Form9Return | None) -> list[str]:
    """The heads of account of the rate pack of the return's period (the latest pack in force
    today for an empty template); none when no pack can be read."""
    from app.model.ratepack import RatePackError
    from app.ratepacks import pack_for_period, rate_pack_on

    try:
        pack = pack_for_period(ret.header.period) if ret is not None else None
        pack = pack or rate_pack_on(date.today())
    except RatePackError:
        return []
    return [h.text for h in pack.heads]


def _header_row(ws: Any, spec: SheetSpec) -> list[WriteOnlyCell]:
    out = []
    for col in spec.columns:
        cell = WriteOnlyCell(ws, value=col.title + (" *" if col.required else ""))
        cell.font = _HEADER_FONT
        cell.fill = _COMPUTED_FILL if col.computed else _HEADER_FILL
        cell.alignment = _WRAP
        if col.computed:
            cell.comment = Comment("Computed by the utility; this column is not read.", "form9")
        out.append(cell)
    return out


def _validations(spec: SheetSpec, heads_range: str = "") -> Iterator[DataValidation]:
    for i, col in enumerate(spec.columns, start=1):
        if col.field == "head_of_account" and heads_range:
            # The rate pack's heads offered; other text is allowed (W-HEAD-UNKNOWN says so).
            dv = DataValidation(
                type="list",
                formula1=heads_range,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="information",
                errorTitle=col.header,
                error="Not a head of account in the rate pack; it is kept as typed.",
            )
            dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}")
            yield dv
            continue
        choices = col.offered
        if not choices or col.computed or col.open:
            continue
        letter = get_column_letter(i)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=not col.never_blank,
            showErrorMessage=True,
            errorTitle=col.header,
            error="Choose one of: " + ", ".join(choices),
        )
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
        yield dv


def _style_id(ws: Any, col: Column) -> int:
    """The workbook style index of a data cell of `col` (registers the style with openpyxl)."""
    cell = WriteOnlyCell(ws)
    fmt = _number_format(col)
    if fmt:
        cell.number_format = fmt
    if col.computed:
        cell.fill = _COMPUTED_FILL
    return int(cell.style_id)


def _write_table(wb: Workbook, spec: SheetSpec, has_rows: bool, heads_range: str = "") -> list[int]:
    """The sheet's header, formats and drop-downs; a marker row where the data rows will go."""
    ws = wb.create_sheet(spec.name)
    for i, col in enumerate(spec.columns, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width
        fmt = _number_format(col)
        if fmt:
            dim.number_format = fmt
    ws.freeze_panes = "A2"
    for dv in _validations(spec, heads_range):
        ws.data_validations.append(dv)
    ws.append(_header_row(ws, spec))
    if has_rows:
        ws.append([_MARKER + spec.key])
    return [_style_id(ws, col) for col in spec.columns]


_MARKER = "FORM9-DATA-ROWS-6b1f:"
HEADS_TITLE = "Heads of account in the rate pack (Part 5 drop-down)"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30)
#: Amounts (2 decimals) below this have at most 15 significant digits, which a double keeps
#: exactly; larger ones are written as text so that they come back to the paisa.
_EXACT_IN_A_DOUBLE = Decimal(10) ** 13
_ROWS_PER_CHUNK = 2000


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _RowWriter:
    """Data rows as sheet XML, written straight into the package (openpyxl's per-cell writer is
    far too slow for 100,000-row lists); styles, headers and drop-downs still come from openpyxl."""

    def __init__(self, spec: SheetSpec, styles: list[int]) -> None:
        self.spec = spec
        self.plan = [
            (c, get_column_letter(i), styles[i - 1], c.formula[1:] if c.formula else "")
            for i, c in enumerate(spec.columns, start=1)
        ]

    def row(self, r: int, row: Any) -> str:
        parts = [f'<row r="{r}">']
        for col, letter, style, formula in self.plan:
            ref = f"{letter}{r}"
            if formula:
                parts.append(f'<c r="{ref}" s="{style}"><f>{formula.format(r=r)}</f></c>')
                continue
            value = _cell_value(col, value_of(row, col.field))
            if value is None:
                continue
            if isinstance(value, str):
                if _ILLEGAL_XML.search(value):
                    raise ValueError(
                        f"{self.spec.name} row {r}, {col.title}: contains a control character"
                    )
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_xml_text(value)}'
                    "</t></is></c>"
                )
            elif isinstance(value, date):
                parts.append(f'<c r="{ref}" s="{style}"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, Decimal):
                if abs(value) >= _EXACT_IN_A_DOUBLE:  # > 15 digits: a double would change it
                    parts.append(
                        f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{value:f}</t></is></c>'
                    )
                else:
                    parts.append(f'<c r="{ref}" s="{style}"><v>{value:f}</v></c>')
            else:
                parts.append(f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>')
        parts.append("</row>")
        return "".join(parts)


def _splice(
    src: Path,
    dst: IO[bytes],
    tables: list[tuple[SheetSpec, list[Any], list[int]]],
    progress: ProgressFn | None,
) -> None:
    """Copy the openpyxl package, replacing each marker row with the table's data rows."""
    by_key = {spec.key: (spec, rows, styles) for spec, rows, styles in tables if rows}
    total = sum(len(rows) for _, rows, _ in tables)
    done = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            key = None
            if info.filename.startswith("xl/worksheets/") and _MARKER.encode() in data:
                text = data.decode("utf-8")
                at = text.index(_MARKER)
                key = text[at + len(_MARKER) : text.index("<", at)]
            if key is None or key not in by_key:
                zout.writestr(info, data)
                continue
            spec, rows, styles = by_key[key]
            start = text.rindex("<row ", 0, at)
            end = text.index("</row>", at) + len("</row>")
            writer = _RowWriter(spec, styles)
            with zout.open(info.filename, "w", force_zip64=True) as out:
                out.write(text[:start].encode("utf-8"))
                for i in range(0, len(rows), _ROWS_PER_CHUNK):
                    chunk = rows[i : i + _ROWS_PER_CHUNK]
                    out.write(
                        "".join(writer.row(i + n + 2, row) for n, row in enumerate(chunk)).encode()
                    )
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total, f"Writing {spec.name}")
                out.write(text[end:].encode("utf-8"))


def write_workbook(
    path: str | Path,
    ret: Form9Return | None = None,
    progress: ProgressFn | None = None,
    heads: Sequence[str] | None = None,
) -> None:
    """The template (empty when `ret` is None, else pre-filled with its rows) saved as `path`.
    Part 5's head of account offers `heads` (default: the rate pack's, rate_pack_heads()).

    Written to a temporary file beside `path` and moved into place, so a failure or a cancel
    never leaves half a workbook behind.
    """
    path = Path(path)
    sheets = sheets_of(catalogue_for_period(ret.header.period if ret is not None else None))
    wb = Workbook(write_only=True)
    heads = rate_pack_heads(ret) if heads is None else heads
    heads_range = _write_instructions(wb, ret, heads, sheets)
    tables = []
    for spec in sheets:
        rows = list(getattr(ret, spec.key)) if ret is not None else []
        tables.append((spec, rows, _write_table(wb, spec, bool(rows), heads_range)))
    fd, skeleton_name = tempfile.mkstemp(suffix=".xlsx")  # openpyxl's package, before the rows
    os.close(fd)
    skeleton = Path(skeleton_name)
    try:
        wb.save(str(skeleton))
        with atomic_write(path) as out:
            _splice(skeleton, out, tables, progress)
    finally:
        skeleton.unlink(missing_ok=True)
