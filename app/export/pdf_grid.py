"""The form body's tables (spec section 10), laid out once and drawn straight onto the canvas.

One ReportLab Paragraph per cell inside a LongTable cost about 10 ms a Part 1 row (issue 13);
here a cell is wrapped with plain font metrics and drawn with `drawString` — Malayalam lines
alone go through HarfBuzz (pdf_text.draw_line).  A grid splits between rows across pages and
repeats its heading rows.  No row is ever taller than a page: each cell is cut to
`MAX_CELL_LINES` lines with a visible "… (+N characters)" (pdf_text.wrap), so any text of any
length prints without a LayoutError (issue 10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from app.export import pdf_layout as L
from app.export.pdf_text import MALAYALAM, Line, draw_line, font_for, width, wrap

GRID = colors.Color(0.45, 0.45, 0.45)
SHADE = colors.Color(0.92, 0.92, 0.92)
PAD_X, PAD_TOP, PAD_BOTTOM = 2.5, 1.5, 2.0
LEADING = 1.22  # × font size
#: A cell prints at most this many lines (a row then stays well under a page's height).
MAX_CELL_LINES = 24
#: A figure (a right-aligned cell without spaces) too wide for its column is printed down to this
#: size on one line before it is wrapped.
MIN_FIGURE_SIZE = 5.5


@dataclass(frozen=True, slots=True)
class Cell:
    text: str = ""
    align: L.Align = "L"
    bold: bool = False
    size: float = L.FONT_SIZE
    span: int = 1  # columns covered, from this one to the right


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    shade: bool = False


def row(*cells: Cell | str, shade: bool = False, bold: bool = False, align: L.Align = "L") -> Row:
    """A row of cells; a plain string becomes a cell with the row's bold and alignment."""
    return Row(
        tuple(c if isinstance(c, Cell) else Cell(c, align=align, bold=bold) for c in cells),
        shade=shade,
    )


@dataclass(slots=True)
class _Laid:
    height: float
    shade: bool
    cells: list[tuple[float, float, Cell, list[Line]]]  # x, width, cell, lines


@dataclass(slots=True)
class _Layout:
    widths: list[float]
    rows: list[_Laid] = field(default_factory=list)
    head: int = 0


def _lay(widths: list[float], r: Row, max_lines: int) -> _Laid:
    x = 0.0
    col = 0
    cells = []
    height = 0.0
    for c in r.cells:
        w = sum(widths[col : col + c.span])
        lines = wrap(c.text, c.bold, c.size, w - 2 * PAD_X, max_lines) if c.text else []
        if len(lines) > 1 and c.align == "R" and " " not in c.text:
            c, lines = _shrunk(c, w - 2 * PAD_X, lines)
        cells.append((x, w, c, lines))
        height = max(height, len(lines) * c.size * LEADING)
        x += w
        col += c.span
    if col != len(widths):
        raise ValueError(f"a grid row covers {col} of {len(widths)} columns")
    return _Laid(max(height, L.FONT_SIZE * LEADING) + PAD_TOP + PAD_BOTTOM, r.shade, cells)


def _shrunk(c: Cell, room: float, lines: list[Line]) -> tuple[Cell, list[Line]]:
    """A figure too wide for its column prints smaller on one line, never split across two
    (down to MIN_FIGURE_SIZE; past that it wraps)."""
    size = c.size
    while size > MIN_FIGURE_SIZE:
        size -= 0.25
        w = width(c.text, c.bold, size)
        if w <= room:
            return replace(c, size=size), [Line(c.text, w)]
    return c, lines


class Grid(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A table: `widths` in points, the first `head_rows` rows shaded and repeated on each page."""

    def __init__(
        self,
        widths: Sequence[float],
        rows: Sequence[Row],
        head_rows: int = 0,
        *,
        max_lines: int = MAX_CELL_LINES,
    ) -> None:
        super().__init__()
        ws = list(widths)
        self._layout = _Layout(ws, [_lay(ws, r, max_lines) for r in rows], head_rows)
        self._start, self._end = head_rows, len(rows)
        self.width = sum(ws)
        self.height = self._height()

    @classmethod
    def _view(cls, layout: _Layout, start: int, end: int) -> Grid:
        g = cls.__new__(cls)
        Flowable.__init__(g)
        g._layout, g._start, g._end = layout, start, end
        g.width = sum(layout.widths)
        g.height = g._height()
        return g

    def _rows(self) -> list[_Laid]:
        lay = self._layout
        return lay.rows[: lay.head] + lay.rows[self._start : self._end]

    def _height(self) -> float:
        return sum(r.height for r in self._rows())

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        lay = self._layout
        used = sum(r.height for r in lay.rows[: lay.head])
        k = self._start
        while k < self._end and used + lay.rows[k].height <= ah:
            used += lay.rows[k].height
            k += 1
        if k == self._start:
            return []  # not even one row here: the next frame
        if k == self._end:
            return [self]
        return [Grid._view(lay, self._start, k), Grid._view(lay, k, self._end)]

    def draw(self) -> None:
        c = self.canv
        rows = self._rows()
        top = self.height
        # shading first, text over it
        y = top
        for i, r in enumerate(rows):
            if i < self._layout.head or r.shade:
                c.setFillColor(SHADE)
                c.rect(0, y - r.height, self.width, r.height, 0, 1)
            y -= r.height
        c.setFillColor(colors.black)
        t = c.beginText()
        shaped: list[tuple[float, float, str, bool, float]] = []
        font = ("", 0.0)
        y = top
        for r in rows:
            for x, w, cell, lines in r.cells:
                if not lines:
                    continue
                leading = cell.size * LEADING
                block = len(lines) * leading
                line_top = y - (r.height - PAD_TOP - PAD_BOTTOM - block) / 2 - PAD_TOP
                for ln in lines:
                    base = line_top - leading / 2 - 0.36 * cell.size
                    line_top -= leading
                    if cell.align == "R":
                        lx = x + w - PAD_X - ln.width
                    elif cell.align == "C":
                        lx = x + (w - ln.width) / 2
                    else:
                        lx = x + PAD_X
                    if MALAYALAM.search(ln.text):
                        shaped.append((lx, base, ln.text, cell.bold, cell.size))
                        continue
                    want = (font_for(cell.bold), cell.size)
                    if want != font:
                        t.setFont(*want)
                        font = want
                    _text_at(t, lx, base, ln.text)
            y -= r.height
        c.drawText(t)
        for lx, base, text, bold, size in shaped:
            draw_line(c, lx, base, text, bold, size)
        self._rules(rows, top)

    def _rules(self, rows: list[_Laid], top: float) -> None:
        c = self.canv
        c.setStrokeColor(GRID)
        c.setLineWidth(0.4)
        segs: list[tuple[float, float, float, float]] = []
        y = top
        for r in rows:
            bottom = y - r.height
            for x, _w, _cell, _lines in r.cells[1:]:
                segs.append((x, bottom, x, y))
            segs.append((0, bottom, self.width, bottom))
            y = bottom
        c.lines(segs)
        c.rect(0, 0, self.width, top, 1, 0)


def _text_at(t: PDFTextObject, x: float, y: float, text: str) -> None:
    t.setTextOrigin(x, y)
    t.textOut(text)


def widths(rel: Sequence[float], total: float) -> list[float]:
    """Relative widths (pdf_layout) → points filling `total`."""
    s = sum(rel)
    return [total * w / s for w in rel]


def column_grid(
    columns: Sequence[L.Column],
    rows: Sequence[dict[str, str]],
    width: float,
    *,
    totals: dict[str, str] | None = None,
    label: str = L.TOTAL_LABEL,
) -> Grid:
    """A table with the columns' headings and numbers, one row per dict, and a shaded row of
    `totals` (by field) whose `label` spans the columns before the first total."""
    head = [row(*(Cell(col.heading, "C", True, L.SMALL_FONT_SIZE) for col in columns))]
    if any(col.no for col in columns):
        head.append(row(*(Cell(col.no, "C", True, L.SMALL_FONT_SIZE) for col in columns)))
    body = [row(*(Cell(r.get(col.field, ""), col.align) for col in columns)) for r in rows]
    if not rows:
        body.append(row(Cell(L.NO_ROWS, "C", span=len(columns))))
    elif totals is not None:
        body.append(total_row(columns, totals, label))
    return Grid(widths([col.width for col in columns], width), head + body, len(head))


def total_row(columns: Sequence[L.Column], totals: dict[str, str], label: str) -> Row:
    """A shaded row of `totals` (by field) whose bold `label` spans the columns before the first
    total."""
    first = next((i for i, col in enumerate(columns) if col.field in totals), len(columns))
    cells = [Cell(label, bold=True, span=first)] if first else []
    cells += [Cell(totals.get(col.field, ""), col.align, True) for col in columns[first:]]
    return Row(tuple(cells), shade=True)
