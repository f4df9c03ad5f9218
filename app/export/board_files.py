"""The due-date board as an Excel workbook and a PDF (issue 15 item 4): the rows as shown (filtered
and sorted), written atomically (app.fileio)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.export.pdf_simple import Column, SimplePdf
from app.fileio import atomic_path, atomic_write
from app.model.due_board import STATE_LABELS, BoardRow, totals
from app.model.numbers import fmt_indian
from app.model.status import LABELS

HEADERS = ("Dealer", "TIN", "Period", "Due date", "Days", "State", "Return",
           "Interest if filed today (₹)", "Payable if filed today (₹)")  # fmt: skip
_WIDTHS = (32, 13, 15, 11, 15, 10, 18, 17, 17)
#: Shorter headings where space is short (the window, the PDF).
SHORT_HEADERS = ("Dealer", "TIN", "Period", "Due date", "Days", "State", "Return",
                 "Interest today (₹)", "Payable today (₹)")  # fmt: skip


def return_text(r: BoardRow) -> str:
    if r.return_id is None:
        return "not started"
    return f"{r.version}, {LABELS.get(r.status, r.status).lower()}"


def cells(r: BoardRow) -> list[str]:
    """The row as the window and the PDF show it."""
    f = r.figures
    return [r.dealer, r.tin, r.period.label, f"{r.due:%d-%m-%Y}", r.days_text,
            STATE_LABELS[r.state], return_text(r), fmt_indian(f.interest) if f else "",
            fmt_indian(f.payable) if f else ""]  # fmt: skip


def title(today: date, days: int) -> str:
    return f"FORM No. 9 due-date board — {today:%d-%m-%Y}: overdue, and due within {days} day(s)"


def summary(rows: Sequence[BoardRow]) -> str:
    t = totals(rows)
    return (f"{t.overdue} overdue, {t.due} due within the window; interest running on the overdue "
            f"returns if all were filed today: ₹{fmt_indian(t.interest)}")  # fmt: skip


def write_xlsx(target: Path, rows: Sequence[BoardRow], today: date, days: int) -> None:
    """One sheet: a title, the headers (frozen, filtered) and a row per period; dates as dates and
    amounts as exact decimal numbers (₹ with paise) so they sort and add up in Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Due dates"
    ws.append([title(today, days)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([summary(rows)])
    ws.append(list(HEADERS))
    for c in ws[3]:
        c.font = Font(bold=True)
    for r in rows:
        f = r.figures
        ws.append([r.dealer, r.tin, r.period.label, r.due, r.days, STATE_LABELS[r.state],
                   return_text(r), f.interest if f else None, f.payable if f else None])  # fmt: skip
    for n in range(4, len(rows) + 4):
        ws.cell(n, 4).number_format = "DD-MM-YYYY"
        for col in (8, 9):
            ws.cell(n, col).number_format = "#,##0.00"
    for i, w in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(HEADERS))}{len(rows) + 3}"
    with atomic_path(target) as tmp:
        wb.save(tmp)


def write_pdf(target: Path, rows: Sequence[BoardRow], today: date, days: int) -> int:
    """A landscape A4 table; returns the page count."""
    columns = [Column(h, w, right=h.startswith(("Interest", "Payable", "Days")))
               for h, w in zip(SHORT_HEADERS, _WIDTHS, strict=True)]  # fmt: skip
    with atomic_write(target) as fh:
        pdf = SimplePdf(fh, title=title(today, days), wide=True,
                        footer=f"Due-date board of {today:%d-%m-%Y} — Form 9 Offline Utility")  # fmt: skip
        pdf.heading(title(today, days))
        pdf.paragraph(
            summary(rows) + ". Interest and payable: as if each overdue return were "
            'filed today (the engine\'s "what if I file on").'
        )
        pdf.space()
        pdf.table(columns, [cells(r) for r in rows])
        return pdf.finish()
