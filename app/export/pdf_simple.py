"""A plain document on A4 with the app's fonts (app.export.pdf_text): headings, wrapped paragraphs,
labelled lines and tables that break across pages with their header repeated.  Used for the problem
report's covering note and the due-date board; the return itself is printed by pdf_return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.pdf_text import draw_line, fit, register_fonts, width, wrap

MARGIN = 18 * mm
SIZE = 10.0
LEADING = 14.0


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float  # share of the line (the widths are scaled to fill it)
    right: bool = False


class SimplePdf:
    """Write top to bottom; `new_page()` happens by itself when a line would not fit."""

    def __init__(self, out: IO[bytes], *, title: str, footer: str, wide: bool = False) -> None:
        register_fonts()
        self.size = landscape(A4) if wide else A4
        self.canvas: Any = Canvas(out, pagesize=self.size, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Form 9 Offline Utility")
        self.footer = footer
        self.page = 1
        self.left: float = MARGIN
        self.right: float = self.size[0] - MARGIN
        self.y = self.size[1] - MARGIN
        self._header_row: tuple[list[Column], float] | None = None

    @property
    def line_width(self) -> float:
        return self.right - self.left

    def _foot(self) -> None:
        c = self.canvas
        c.setFont("Form9Sans", 7.5)
        c.drawString(self.left, MARGIN / 2, self.footer[:200])
        c.drawRightString(self.right, MARGIN / 2, f"Page {self.page}")

    def new_page(self) -> None:
        self._foot()
        self.canvas.showPage()
        self.page += 1
        self.y = self.size[1] - MARGIN
        if self._header_row is not None:
            columns, size = self._header_row
            self._row([c.title for c in columns], columns, size, bold=True, rule=True)

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def space(self, height: float = LEADING / 2) -> None:
        self.y -= height

    def heading(self, text: str, size: float = 13.0) -> None:
        self.need(size * 2)
        self.y -= size * 1.2
        for line in wrap(text, True, size, self.line_width, 3):
            draw_line(self.canvas, self.left, self.y, line.text, True, size)
            self.y -= size * 1.3
        self.y += size * 1.3 - size * 0.5

    def paragraph(self, text: str, *, bold: bool = False, size: float = SIZE, indent: float = 0,
                  max_lines: int = 400) -> None:  # fmt: skip
        for line in wrap(text, bold, size, self.line_width - indent, max_lines):
            self.need(LEADING)
            self.y -= LEADING
            draw_line(self.canvas, self.left + indent, self.y, line.text, bold, size)

    def labelled(self, label: str, value: str, *, label_width: float = 48 * mm) -> None:
        """`label` in bold, then the value wrapped beside it."""
        lines = wrap(value or "—", False, SIZE, self.line_width - label_width, 40)
        for n, line in enumerate(lines):
            self.need(LEADING)
            self.y -= LEADING
            if n == 0:
                draw_line(self.canvas, self.left, self.y, fit(label, True, SIZE, label_width - 6).text,
                          True, SIZE)  # fmt: skip
            draw_line(self.canvas, self.left + label_width, self.y, line.text, False, SIZE)

    def _row(self, cells: Sequence[str], columns: Sequence[Column], size: float, *,
             bold: bool = False, rule: bool = False) -> None:  # fmt: skip
        total = sum(c.width for c in columns)
        self.need(size * 1.6)
        self.y -= size * 1.5
        x = self.left
        for text, col in zip(cells, columns, strict=True):
            w = self.line_width * col.width / total
            shown = fit(text, bold, size, w - 4)
            at = x + w - 2 - width(shown.text, bold, size) if col.right else x + 2
            draw_line(self.canvas, at, self.y, shown.text, bold, size)
            x += w
        if rule:
            self.canvas.setLineWidth(0.5)
            self.canvas.line(self.left, self.y - size * 0.4, self.right, self.y - size * 0.4)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              size: float = 8.5) -> None:  # fmt: skip
        """Rows under a bold header, repeated on each new page; a cell too long is cut with "…"."""
        self._header_row = (list(columns), size)
        self._row([c.title for c in columns], columns, size, bold=True, rule=True)
        for cells in rows:
            self._row(cells, columns, size)
        self._header_row = None

    def finish(self) -> int:
        """Close the document; returns its page count."""
        self._foot()
        self.canvas.save()
        return self.page
