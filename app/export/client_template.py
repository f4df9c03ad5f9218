"""The dealers' template (issue 15 item 6): `form9 clients-template` and the dealer import's
"Save dealers template…": the sheet of resources/sheets/clients.toml with its headers, widths,
text cells for registration numbers (a TIN never becomes a number), drop-downs for the
constitution, the nature of business and the due day, and an Instructions sheet; optionally
filled with the dealers of the data folder, to correct and import again with updating."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.export.client_sheet import client_sheet, headings
from app.export.excel_columns import Column
from app.export.excel_template import LAST_ROW, TEXT_FORMAT, neutralise
from app.fileio import atomic_path
from app.model.client import ClientProfile
from app.model.client_rows import DUE_DAYS

INSTRUCTIONS = (
    "How to fill the dealers' sheet",
    "",
    "One row per dealer. Keep the header row; columns may be in any order, and a column not named "
    "here is reported and not read. Columns marked * must be present and filled in every row.",
    "TIN: the dealer's 11-digit Kerala TIN (starting with 32). Each TIN once in the file.",
    "GSTIN (if any): 15 characters; the check character is verified.",
    "Return due on: 10th for a dealer whose tax liability in the preceding year was ₹10 lakh or "
    "more (Trade Circular 14/2024), else 15th. A blank cell is 15th for a new dealer.",
    "Constitution and nature of business: one of the drop-down's choices.",
    "Importing (form9 clients-import, or Dealers ▸ Import dealers… in the app): a new TIN is "
    "added; a TIN already in the data folder is updated only where you confirm it (--update), "
    "else that row is refused. A blank cell never clears what the data folder has. Every cell "
    "that cannot be read is listed with its sheet, row and column, and its row is refused.",
)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(col: Column, profile: ClientProfile) -> Any:
    value = getattr(profile, col.field)
    if col.field == "large_dealer":
        return next(day for day, large in DUE_DAYS.items() if large == bool(value))
    return neutralise(str(value)) if value else None


def _drop_down(col: Column, letter: str) -> DataValidation:
    dv = DataValidation(
        type="list", formula1='"' + ",".join(col.offered) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle=col.header,
        error="Choose one of: " + ", ".join(col.offered),
    )  # fmt: skip
    dv.add(f"{letter}2:{letter}{LAST_ROW}")
    return dv


def write_client_template(path: str | Path, dealers: Sequence[ClientProfile] = ()) -> int:
    """The dealers' template saved as `path` (written beside it, then moved into place), with a
    row for each of `dealers`; returns the number of dealers written."""
    spec = client_sheet()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = spec.name
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        head = ws.cell(1, i, col.header + (" *" if col.required else ""))
        head.font, head.fill, head.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        if col.header != col.title or col.field == "large_dealer":
            head.comment = Comment(spec_heading(col), "form9")
        if col.kind in ("text", "upper"):  # a TIN typed stays text, never a number
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        if col.offered:
            ws.add_data_validation(_drop_down(col, letter))
    ws.freeze_panes = "A2"
    for r, dealer in enumerate(dealers, start=2):
        for i, col in enumerate(spec.columns, start=1):
            ws.cell(r, i, _cell(col, dealer))
    notes = wb.create_sheet("Instructions")
    notes.column_dimensions["A"].width = 110
    lines = [*INSTRUCTIONS, "", "Columns"]
    lines += [f"{c.header}{' *' if c.required else ''}: {spec_heading(c)}" for c in spec.columns]
    for n, line in enumerate(lines, start=1):
        cell = notes.cell(n, 1, line)
        cell.alignment = _WRAP
        if n == 1:
            cell.font = Font(bold=True, size=14)
    with atomic_path(path) as tmp:
        wb.save(str(tmp))
    return len(dealers)


def spec_heading(col: Column) -> str:
    """A column's description for the header's comment and the Instructions sheet."""
    choices = f" ({' / '.join(col.offered)})" if col.offered else ""
    return f"{headings()[col.field]}{choices}"
