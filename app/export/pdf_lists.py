"""The sales and purchase list annexures (spec section 4 "Enclosures"): up to 1,000,000 rows drawn
page by page straight onto the canvas.

Pages are made one at a time as the document is laid out (`ListAnnexure.split` hands back this
page and the rest), so no flowable exists per row or per page up front.  Rows are written into a
text object with precomputed column positions in the base-14 row font; a cell with a character
outside that font (Malayalam, ₹ …) is drawn in Noto, shaped, shrunk and then cut to its column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.export import pdf_layout as L
from app.export.pdf_grid import GRID, SHADE, widths
from app.export.pdf_text import (
    ELLIPSIS,
    ROWS,
    SANS_BOLD,
    draw_line,
    fit,
    printable,
    row_pdf_string,
    width,
    wrap,
)
from app.model.catalogue import NUMBER_KINDS, Field, Table, typed_fields, value_of
from app.model.computed_columns import column_value
from app.model.form9 import ListRow
from app.model.numbers import ZERO, fmt_indian
from app.model.values import blank

#: One cell of a list row: text matrix then the string (the text object's own operators).
_TJ = "1 0 0 1 %.2f %.2f Tm (%s) Tj"
#: Malayalam and other text outside the row font is shrunk down to this size before it is cut.
MIN_SLOW_SIZE = 5.5


class ListPages:
    """One list annexure: the catalogue's columns, their x positions, rows per page and totals,
    computed once."""

    def __init__(
        self, table: Table, rows: Sequence[ListRow], frame_w: float, frame_h: float, key: str
    ) -> None:
        self.title = table.heading
        self.key = key  # names the heading band's form XObject (stable: same bytes each time)
        self.rows = rows
        self.frame_h = frame_h
        self.cols = L.columns_of(table)
        self.widths = widths([col.width for col in self.cols], frame_w)
        self.x = [0.0]
        for w in self.widths:
            self.x.append(self.x[-1] + w)
        self.head_h = 3 * (L.SMALL_FONT_SIZE * 1.2) + 4  # up to 3 heading lines
        self.top = 14 + 10 + self.head_h + L.LIST_ROW_HEIGHT  # title, caption, headings, numbers
        usable = frame_h - self.top - L.LIST_ROW_HEIGHT  # room for the totals row
        self.per_page = max(1, int(usable // L.LIST_ROW_HEIGHT))
        self.pages = max(1, -(-len(rows) // self.per_page))
        # What each column prints: text (left or centred), a date, or an amount (right).
        self.texts: list[tuple[int, Callable[[ListRow], Any], bool, bool]] = []
        self.amounts: list[tuple[int, Callable[[ListRow], Decimal]]] = []
        for j, f in enumerate(table.pdf_columns):
            get = _getter(table, f)
            if f.kind in NUMBER_KINDS:
                self.amounts.append((j, get))
            else:
                self.texts.append((j, get, f.kind == "date", f.align == "C"))
        self.totals = [sum(map(get, rows), ZERO) for _j, get in self.amounts]
        self.total_at = next(
            (j for j, f in enumerate(table.pdf_columns) if f.id == L.LIST_TOTAL_AT), 0
        )
        self.head_form = ""  # the heading band's form XObject, once drawn


def _getter(table: Table, f: Field) -> Callable[[ListRow], Any]:
    """A column's value of a row: its attribute (C speed), the computed total, or the row's
    `extra` for a field a later version of the form adds."""
    if f.computed:
        fn = column_value(table.id, f.id)
        return lambda r: fn(0, r, None)
    if f.id in _LIST_FIELDS:
        return attrgetter(f.id)
    default = blank(f.kind, f.choices)
    return lambda r: value_of(r, f.id, default)


_LIST_FIELDS = frozenset(typed_fields(ListRow))


class ListAnnexure(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Pages `first`… of a list annexure (`last` excluded, None: to the end); splits into one page
    and the rest when the frame asks, so pages are made one at a time."""

    def __init__(
        self, pages: ListPages, progress: Callable[[int], None], first: int = 0,
        last: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.pages = pages
        self.progress = progress
        self.first = first
        self.last = pages.pages if last is None else last

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # a whole frame per page: the next page never fits below it
        self.width = aw
        self.height = (self.last - self.first) * self.pages.frame_h - 1
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if self.last - self.first <= 1 or ah < self.pages.frame_h - 1:
            return [] if ah < self.pages.frame_h - 1 else [self]
        return [
            ListAnnexure(self.pages, self.progress, self.first, self.first + 1),
            ListAnnexure(self.pages, self.progress, self.first + 1, self.last),
        ]

    def draw(self) -> None:
        P = self.pages
        _draw_page(self, P, self.first)
        self.progress(max(0, min(P.per_page, len(P.rows) - self.first * P.per_page)))


def _draw_head(c: Canvas, P: ListPages, y: float) -> None:
    """The shaded band with the wrapped column headings and the column numbers below them."""
    small, rh, x, cw = L.SMALL_FONT_SIZE, L.LIST_ROW_HEIGHT, P.x, P.widths
    c.setFillColor(SHADE)
    c.rect(0, y - P.head_h - rh, x[-1], P.head_h + rh, 0, 1)
    c.setFillColor(colors.black)
    for j, col in enumerate(P.cols):
        ly = y - small - 1
        for line in wrap(col.heading, True, small, cw[j] - 4, 3):
            draw_line(c, x[j] + (cw[j] - line.width) / 2, ly, line.text, True, small)
            ly -= small * 1.2
        w = pdfmetrics.stringWidth(col.no, SANS_BOLD, small)
        c.setFont(SANS_BOLD, small)
        c.drawString(x[j] + (cw[j] - w) / 2, y - P.head_h - rh + 3, col.no)


def _draw_page(fl: Flowable, P: ListPages, index: int) -> None:
    c = fl.canv
    top = fl.height - 1
    lo = index * P.per_page
    rows = P.rows[lo : lo + P.per_page]
    cont = f" (continued, page {index + 1} of {P.pages})" if index else ""
    draw_line(c, 0, top - 11, P.title + cont, True, 10)
    if not index:
        draw_line(c, 260, top - 11, L.LIST_CAPTION, False, L.SMALL_FONT_SIZE)
    y = top - 18
    size, rh, x, cw = L.LIST_FONT_SIZE, L.LIST_ROW_HEIGHT, P.x, P.widths
    # the heading band is the same on every page: one form XObject, drawn by reference
    form = f"form9ListHead{P.key}"
    if not P.head_form:
        c.beginForm(form)
        _draw_head(c, P, y)
        c.endForm()
        P.head_form = form
    c.doForm(P.head_form)
    y -= P.head_h + rh
    body_top = y
    last = index == P.pages - 1
    if last and P.rows:  # shade the totals row before any text is drawn
        c.setFillColor(SHADE)
        c.rect(0, body_top - (len(rows) + 1) * rh, x[-1], rh, 0, 1)
        c.setFillColor(colors.black)
    t = c.beginText()
    t.setFont(ROWS, size)
    width_of = _width_fn(ROWS, size)
    num_w = _number_width_fn(ROWS, size)
    put = t._code.append  # rows go straight into the text object (row font, escaped)
    indian = _indian_fast
    # a cell this many characters long or shorter fits whatever its characters (≤ 1 em each)
    fits = [int((w - 4) / (size * _MAX_EM)) for w in cw]
    left = [xx + 2 for xx in x]
    slow: list[tuple[float, float, str, float]] = []
    texts, amounts = P.texts, P.amounts
    for r in rows:
        y -= rh
        base = y + 3
        for j, get, is_date, centred in texts:
            text = get(r)
            if is_date:
                text = f"{text.day:02d}-{text.month:02d}-{text.year:04d}" if text else ""
            if not text:
                continue
            if text.isascii() and text.isprintable() and len(text) <= fits[j]:
                shown = text  # the common case: nothing to measure or encode
                pdf = text
                if "(" in text or ")" in text or "\\" in text:
                    pdf = row_pdf_string(text) or ""
            else:
                raw = row_pdf_string(text)
                if raw is None:  # a character outside the row font: drawn with Noto below
                    slow.append((left[j], base, text, cw[j] - 4))
                    continue
                shown = _fit(text, width_of, cw[j] - 4, size)
                pdf = raw if shown is text else (row_pdf_string(shown) or "")
            if centred:
                put(_TJ % (x[j] + (cw[j] - width_of(shown)) / 2, base, pdf))
            else:
                put(_TJ % (left[j], base, pdf))
        for j, get_amount in amounts:
            s = indian(get_amount(r))
            put(_TJ % (x[j + 1] - 2 - num_w(s), base, s))
    if last and P.rows:
        y -= rh
        t.setFont(SANS_BOLD, size)
        bold_w = _width_fn(SANS_BOLD, size)
        t.setTextOrigin(x[P.total_at] + 2, y + 3)
        t.textOut(L.LIST_TOTAL.format(rows=fmt_indian(Decimal(len(P.rows)), 0)))
        for (j, _get), v in zip(P.amounts, P.totals, strict=True):
            s = fmt_indian(v)
            t.setTextOrigin(x[j + 1] - 2 - bold_w(s), y + 3)
            t.textOut(s)
    c.drawText(t)
    for sx, sy, text, maxw in slow:
        _draw_fitted(c, sx, sy, text, maxw, size)
    if not P.rows:
        y -= rh
        draw_line(c, 4, y + 3, L.NO_ROWS, False, size)
    # grid: outer box, column rules, light row rules
    c.setLineWidth(0.4)
    c.setStrokeColor(GRID)
    head_top = top - 18
    c.rect(0, y, x[-1], head_top - y, 1, 0)
    c.lines([(xx, y if P.rows else body_top, xx, head_top) for xx in x[1:-1]])
    c.line(0, body_top, x[-1], body_top)
    c.line(0, body_top + rh, x[-1], body_top + rh)
    c.setStrokeColor(colors.Color(0.8, 0.8, 0.8))
    c.setLineWidth(0.25)
    rules = []
    yy = body_top - rh
    while yy > y + 0.5:
        rules.append((0, yy, x[-1], yy))
        yy -= rh
    if rules:
        c.lines(rules)


def _width_fn(font: str, size: float) -> Callable[[str], float]:
    f = pdfmetrics.getFont(font)
    return lambda s: f.stringWidth(s, size)


def _indian_fast(v: Decimal) -> str:
    """fmt_indian for amounts already in paise (the list rows), without re-rounding."""
    t = str(v)
    if len(t) < 4 or t[-3] != "." or "E" in t:
        return fmt_indian(v)
    sign = "-" if t[0] == "-" else ""
    whole = t[len(sign) : -3]
    if len(whole) <= 3:
        return t
    head, tail = whole[:-3], whole[-3:]
    if len(head) <= 2:
        return f"{sign}{head},{tail}{t[-3:]}"
    parts = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)]
    return sign + ",".join(reversed(parts)) + "," + tail + t[-3:]


def _number_width_fn(font: str, size: float) -> Callable[[str], float]:
    """Width of an Indian-grouped amount without measuring it: the fonts' digits are all one
    width, so only the count of digits, separators and the sign matter."""
    f = pdfmetrics.getFont(font)
    digit: float = f.stringWidth("0", size)
    if any(abs(f.stringWidth(d, size) - digit) > 1e-6 for d in "123456789"):
        return lambda s: f.stringWidth(s, size)
    sep: float = f.stringWidth(",", size)
    minus: float = f.stringWidth("-", size)
    dot: float = f.stringWidth(".", size)

    def width(s: str) -> float:
        commas = s.count(",")
        neg = s.startswith("-")
        return (len(s) - commas - 1 - neg) * digit + commas * sep + dot + neg * minus

    return width


#: No character of the row font is wider than this many ems (W in Helvetica is 0.944).
_MAX_EM = 1.0


def _fit(text: str, width_of: Callable[[str], float], maxw: float, size: float) -> str:
    """The text, or its longest prefix with "…" that fits in the row font (the full text is in
    the JSON).  "…" is in the row font's encoding (WinAnsi 0x85)."""
    if len(text) * size * _MAX_EM <= maxw or width_of(text) <= maxw:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width_of(text[:mid] + ELLIPSIS) <= maxw:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def _draw_fitted(c: object, x: float, y: float, text: str, maxw: float, size: float) -> None:
    """Text outside the row font: shrunk to fit (down to MIN_SLOW_SIZE), then cut with "…"."""
    t = printable(text[: int(maxw / (0.1 * MIN_SLOW_SIZE)) + 2]).replace("\n", " ")
    s = size
    while width(t, False, s) > maxw and s > MIN_SLOW_SIZE:
        s -= 0.5
    draw_line(c, x, y, fit(t, False, s, maxw).text, False, s)
