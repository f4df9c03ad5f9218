"""FORM No. 9 as a PDF (spec section 10), built with ReportLab from the return's version of the
form (app/model/catalogue.py: headings, columns, row labels) and the layout data in pdf_layout.

- pdf_parts: the form body (header block, Parts 1-5, declaration) and the stock annexure;
- pdf_cells: the text of each cell, as the catalogue's kinds say;
- pdf_grid: its tables, drawn straight onto the canvas;
- pdf_lists: the sales / purchase list annexures (up to 1,000,000 rows), page by page;
- pdf_canvas: the page furniture (dealer, TIN, period, "Page n of N", checksum, DRAFT);
- pdf_text: fonts (Noto Sans + Noto Sans Malayalam, OFL; Helvetica for list rows), which font
  draws each character, wrapping and cutting.

The same return gives the same bytes (ReportLab's invariant mode, the return's own date).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from app import forms
from app.export import pdf_layout as L
from app.export.pdf_canvas import PAGE, Furniture, make_canvas, on_page
from app.export.pdf_lists import ListAnnexure, ListPages
from app.export.pdf_parts import body, stock_annexure
from app.export.pdf_text import printable, register_fonts
from app.fileio import atomic_write
from app.model.catalogue import Catalogue
from app.model.compute import Computed
from app.model.form9 import Form9Return

__all__ = ["Progress", "register_fonts", "write_pdf"]

Progress = Callable[[int, int, str], None]


def write_pdf(
    ret: Form9Return,
    computed: Computed,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    *,
    draft: bool,
    checksum: str,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
) -> int:
    """Write the return as a PDF; returns the page count.  `progress(done, total, text)` is called
    as pages are laid out and may raise to cancel (a file path is then left untouched).  The form
    is printed as `catalogue` (default: the version the return is on) lists it."""
    if isinstance(path_or_file, (str, os.PathLike)):  # the file is replaced only when complete
        with atomic_write(path_or_file) as fh:
            return write_pdf(
                ret, computed, fh, draft=draft, checksum=checksum, progress=progress,
                catalogue=catalogue,
            )  # fmt: skip
    register_fonts()
    cat = catalogue if catalogue is not None else forms.catalogue_of_return(ret)
    w, h = PAGE
    m = L.PAGE_MARGIN
    frame_w, frame_h = w - 2 * m, h - 2 * m - 12
    lists = [
        ListPages(cat.table("sales_list"), ret.sales_list, frame_w, frame_h, "Sales"),
        ListPages(cat.table("purchase_list"), ret.purchase_list, frame_w, frame_h, "Purchases"),
    ]
    total = 1 + sum(len(p.rows) for p in lists)
    done = [0]

    def step(n: int, text: str = "Drawing the sales and purchase lists") -> None:
        done[0] += n
        if progress is not None:
            progress(min(done[0], total), total, text)

    step(0, "Laying out the form")
    flow: list[Flowable] = body(ret, computed, cat, frame_w, draft)
    for p in lists:
        flow += [PageBreak(), ListAnnexure(p, step)]
    flow += stock_annexure(ret, computed, cat, frame_w)

    doc = BaseDocTemplate(
        path_or_file,
        pagesize=PAGE,
        leftMargin=m,
        rightMargin=m,
        topMargin=m + 12,
        bottomMargin=m,
        title=_meta(f"FORM No. 9 - {ret.header.name} - {ret.header.period}"),
        author=_meta(ret.header.name),
        subject="Kerala FORM No. 9 return (KGST / KVAT / CST)",
        creator="Form 9 Offline Utility",
        invariant=1,
    )
    body_about = 4 + (len(ret.part1a) + len(ret.part2) + len(ret.part5) + len(ret.stock)) // 25
    furniture = Furniture(ret, draft, checksum, body_about + sum(p.pages for p in lists))
    doc.furniture = furniture
    frame = Frame(m, m, frame_w, frame_h, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=on_page, pagesize=PAGE)])
    doc.build(flow, canvasmaker=make_canvas(furniture))
    if progress is not None:
        progress(total, total, "Done")
    return int(doc.page)


def _meta(text: str) -> str:
    """A document property: printable, one line, at most 200 characters."""
    return printable(text).replace("\n", " ")[:200]
