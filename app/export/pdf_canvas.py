"""Page furniture and the canvas (spec section 10): dealer, TIN and period at the top of every
page, "Page n of N" and the JSON checksum at the foot, a DRAFT watermark while not ready.

- "of N" is one small form XObject drawn on every page and defined once the page count is known,
  so pages go out as they are drawn (nothing kept back for the footer).
- Each page's content is compressed as soon as the page is finished: a 1,000,000-row annexure
  keeps compressed pages in a temporary file until the PDF is written, and the PDF is written
  object by object (pdf_streamed; issue 13: bounded memory).
- Invariant mode (issue 12): the same return gives the same bytes — no time stamp or random
  document id; the creation date printed in the file's properties is the return's own date.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from app.export import pdf_layout as L
from app.export.pdf_grid import GRID
from app.export.pdf_streamed import PageStream, StreamedDocument
from app.export.pdf_text import SANS_BOLD, draw_line, fit
from app.model.form9 import Form9Return
from app.model.periods import Period, PeriodError

PAGE = landscape(A4)
TOTAL_PAGES_FORM = "form9TotalPages"


class Furniture:
    """The facts drawn on every page."""

    def __init__(self, ret: Form9Return, draft: bool, checksum: str, pages_about: int = 1) -> None:
        h = ret.header
        try:
            self.period = f"{Period.parse(h.period).label} ({h.period})"
        except PeriodError:
            self.period = h.period
        self.name = h.name
        self.tin = h.tin
        self.kind = "Original" if h.return_type != "revision" else f"Revision {h.revision_no}"
        self.draft = draft
        self.checksum = checksum
        self.dated = h.date_of_filing or ret.declaration.date
        #: digits kept free for N in "Page n of N" (from an estimate of the page count)
        self.total_digits = max(2, len(str(pages_about)))


class FormCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas that compresses each finished page and numbers pages "n of N"."""

    furniture: Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ReportLab makes a plain PDFDocument; this one writes the file as it formats it
        self._doc.__class__ = StreamedDocument

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        super().showPage()
        page = self._doc.Pages.pages[-1]
        stream = getattr(page, "stream", None)
        if stream and not page.Contents:
            s = PageStream(
                self._doc, zlib.compress(stream.encode("utf-8"))
            )  # as ReportLab encodes it
            s.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            s.__Comment__ = "page stream"
            page.Contents = s
            page.stream = None

    def save(self) -> None:
        self.beginForm(TOTAL_PAGES_FORM, lowery=-4, upperx=80, uppery=12)
        self.setFont(SANS_BOLD, 7.5)
        self.setFillColor(colors.black)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


def make_canvas(furniture: Furniture) -> Any:
    """The `canvasmaker` for BaseDocTemplate.build."""
    dated = furniture.dated

    def maker(*args: Any, **kwargs: Any) -> FormCanvas:
        kwargs["invariant"] = 1
        kwargs["pageCompression"] = 0  # done page by page in FormCanvas.showPage
        cv = FormCanvas(*args, **kwargs)
        cv.furniture = furniture
        if dated is not None:
            cv.setDateFormatter(lambda *_: _pdf_date(dated))
        return cv

    return maker


def _pdf_date(d: date) -> str:
    return f"D:{d.year:04d}{d.month:02d}{d.day:02d}000000+05'30'"


FURNITURE_FORM = "form9Furniture"


def _furniture(canvas: Canvas, f: Furniture) -> None:
    """What is the same on every page: dealer line, checksum, rules (the watermark's transparency
    needs the page's own graphics state, so it is drawn on each page)."""
    w, h = PAGE
    m = L.PAGE_MARGIN
    canvas.setFillColor(colors.black)
    y = h - m + 6
    info = f"   TIN {f.tin or '-'}   |   Period: {f.period}   |   FORM No. 9 - {f.kind}"
    if f.draft:
        info += "   |   DRAFT"
    name = fit(f.name or "(dealer name)", True, 8, (w - 2 * m) * 0.4)
    x = m + draw_line(canvas, m, y, name.text, True, 8)
    draw_line(canvas, x, y, fit(info, False, 8, w - m - x).text, False, 8)
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.4)
    canvas.line(m, y - 4, w - m, y - 4)
    y = m - 12
    canvas.line(m, y + 9, w - m, y + 9)
    checksum = fit(f"JSON checksum: {f.checksum or 'not generated'}", False, L.SMALL_FONT_SIZE,
                   w * 0.6)  # fmt: skip
    draw_line(canvas, m, y, checksum.text, False, L.SMALL_FONT_SIZE)


def on_page(canvas: Canvas, doc: Any) -> None:
    """Header, footer and watermark of every page (PageTemplate onPage): the parts that are the
    same on every page are one form XObject; "Page n of" is drawn here, N by its own form."""
    f: Furniture = doc.furniture
    if not getattr(canvas, "_furniture_drawn", False):
        canvas.beginForm(FURNITURE_FORM)
        _furniture(canvas, f)
        canvas.endForm()
        canvas._furniture_drawn = True
    canvas.saveState()
    w, h = PAGE
    if f.draft:
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.13))
        canvas.setFont(SANS_BOLD, 130)
        canvas.translate(w / 2, h / 2)
        canvas.rotate(30)
        canvas.drawCentredString(0, -45, L.WATERMARK)
        canvas.restoreState()
    canvas.doForm(FURNITURE_FORM)
    y = L.PAGE_MARGIN - 12
    canvas.setFillColor(colors.black)
    canvas.setFont(SANS_BOLD, 7.5)
    label = f"Page {canvas.getPageNumber()} of "
    x = w - L.PAGE_MARGIN - canvas.stringWidth("0" * f.total_digits, SANS_BOLD, 7.5)
    canvas.drawRightString(x, y, label)
    canvas.translate(x, y)
    canvas.doForm(TOTAL_PAGES_FORM)
    canvas.restoreState()
