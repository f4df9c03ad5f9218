"""FORM No. 9 as a PDF (spec section 10), built with ReportLab from the layout data in pdf_layout.

The form body (header block, Parts 1-5, declaration) is laid out with platypus tables; the sales /
purchase lists (up to 100,000 rows) are drawn page by page straight onto the canvas with
precomputed column positions.  Every page carries the dealer, TIN and period at the top and
"Page n of N" with the JSON checksum at the foot; a DRAFT watermark while the return is not ready.
Fonts: Noto Sans + Noto Sans Malayalam (resources/fonts, OFL), shaped with HarfBuzz, so the rupee
sign and Malayalam names print correctly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.export import pdf_layout as L
from app.fileio import atomic_write
from app.model.compute import Computed, payable_per_act
from app.model.form9 import ACTS, Form9Return, ListRow
from app.model.lists import row_total
from app.model.numbers import ZERO, fmt_indian, fmt_rate
from app.model.periods import Period, PeriodError
from app.model.words import amount_in_words
from app.paths import resources_dir

Progress = Callable[[int, int, str], None]

SANS, SANS_BOLD, MAL, MAL_BOLD = "Form9Sans", "Form9Sans-Bold", "Form9Mal", "Form9Mal-Bold"
_FONT_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    MAL: "NotoSansMalayalam-Regular.ttf",
    MAL_BOLD: "NotoSansMalayalam-Bold.ttf",
}
_MALAYALAM = re.compile(r"[\u0d00-\u0d7f\u200c\u200d]+(?:[ \u00a0]+[\u0d00-\u0d7f\u200c\u200d]+)*")
PAGE = landscape(A4)
#: The list annexures' rows (100,000 of them) use a base-14 font: ReportLab writes it several
#: times faster than an embedded TrueType font.  Text it cannot show (Malayalam, ₹ …) is drawn
#: with Noto instead, cell by cell.
ROWS = "Helvetica"
_ROW_CHARS = re.compile(r"[\x20-\x7e]*").fullmatch
GRID = colors.Color(0.45, 0.45, 0.45)
SHADE = colors.Color(0.92, 0.92, 0.92)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping

    folder = resources_dir() / "fonts"
    for name, file in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for family, bold in ((SANS, SANS_BOLD), (MAL, MAL_BOLD)):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, family)
        addMapping(family, 1, 1, bold)


# ---------------------------------------------------------------- text helpers


def markup(text: str) -> str:
    """Plain text → Paragraph markup, Malayalam runs in the Malayalam font."""
    out, pos = [], 0
    for m in _MALAYALAM.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<font face="{MAL}">{escape(m.group())}</font>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br/>")


def money(v: Decimal) -> str:
    return fmt_indian(v)


def _d(v: date | None) -> str:
    return v.strftime("%d-%m-%Y") if v else ""


def _style(
    size: float = L.FONT_SIZE, bold: bool = False, align: int = 0, **kw: Any
) -> ParagraphStyle:
    kw.setdefault("leading", size * 1.22)
    return ParagraphStyle(
        "s", fontName=SANS_BOLD if bold else SANS, fontSize=size, alignment=align, shaping=1, **kw
    )


_ALIGN = {"L": 0, "C": 1, "R": 2}


def _p(text: str, size: float = L.FONT_SIZE, bold: bool = False, align: str = "L") -> Paragraph:
    return Paragraph(markup(text), _style(size, bold, _ALIGN[align]))


def _run_width(text: str, font: str, size: float) -> float:
    if _MALAYALAM.search(text):
        return sum(pdfmetrics.stringWidth(t, MAL if mal else font, size) for t, mal in _runs(text))
    return pdfmetrics.stringWidth(text, font, size)


def _runs(text: str) -> Iterable[tuple[str, bool]]:
    pos = 0
    for m in _MALAYALAM.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()], False
        yield m.group(), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


def draw_text(c: Canvas, x: float, y: float, text: str, font: str, size: float) -> float:
    """Draw mixed Latin / Malayalam text from x with its baseline at y; returns the width drawn.

    Malayalam runs go through a one-line Paragraph: ReportLab shapes (HarfBuzz) only there —
    canvas.drawString(shaping=True) leaves vowel signs in the wrong order.
    """
    start = x
    for run, mal in _runs(text):
        f = (MAL_BOLD if font == SANS_BOLD else MAL) if mal else font
        if mal:
            leading = size * 1.25
            para = Paragraph(
                markup(run),
                ParagraphStyle("m", fontName=f, fontSize=size, leading=leading, shaping=1),
            )
            para.wrapOn(c, 10_000, leading)
            para.drawOn(c, x, y - (leading - size))  # first baseline = top − fontSize
            x += max(para.getActualLineWidths0() or [pdfmetrics.stringWidth(run, f, size)])
        else:
            c.setFont(f, size)
            c.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, f, size)
    return x - start


# ---------------------------------------------------------------- tables of the form body


def _table(
    data: list[list[Any]],
    widths: list[float],
    *,
    head_rows: int = 1,
    total_rows: int = 0,
    spans: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
    shade_rows: Iterable[int] = (),
) -> Table:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if head_rows:
        style.append(("BACKGROUND", (0, 0), (-1, head_rows - 1), SHADE))
    for r in shade_rows:
        style.append(("BACKGROUND", (0, r), (-1, r), SHADE))
    if total_rows:
        style.append(("BACKGROUND", (0, -total_rows), (-1, -1), SHADE))
    for a, b in spans:
        style.append(("SPAN", a, b))
    cls = LongTable if len(data) > 60 else Table
    return cls(data, colWidths=widths, repeatRows=head_rows, style=TableStyle(style), hAlign="LEFT")


def _widths(rel: Iterable[float], total: float) -> list[float]:
    r = list(rel)
    s = sum(r)
    return [total * w / s for w in r]


def _column_table(
    columns: tuple[L.Column, ...],
    rows: list[dict[str, str]],
    width: float,
    *,
    totals: dict[str, str] | None = None,
) -> Table:
    head = [_p(col.heading, L.SMALL_FONT_SIZE, True, "C") for col in columns]
    data: list[list[Any]] = [head]
    head_rows = 1
    if any(col.no for col in columns):
        data.append([_p(col.no, L.SMALL_FONT_SIZE, True, "C") for col in columns])
        head_rows = 2
    for row in rows:
        data.append([_p(row.get(col.field, ""), align=col.align) for col in columns])
    if not rows:
        data.append([_p(L.NO_ROWS, align="C")] + [""] * (len(columns) - 1))
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    if not rows:
        spans.append(((0, len(data) - 1), (-1, len(data) - 1)))
    if totals is not None and rows:
        data.append([_p(totals.get(col.field, ""), bold=True, align=col.align) for col in columns])
    return _table(
        data,
        _widths((c.width for c in columns), width),
        head_rows=head_rows,
        total_rows=1 if totals is not None and rows else 0,
        spans=spans,
    )


def _amount_table(
    sections: tuple[tuple[str, tuple[tuple[str, str], ...]], ...],
    values: dict[str, Decimal],
    headings: tuple[str, str],
    width: float,
) -> list[Flowable]:
    out: list[Flowable] = []
    for act, rows in sections:
        data: list[list[Any]] = [
            [_p(act, bold=True), ""],
            [
                _p(headings[0], L.SMALL_FONT_SIZE, True),
                _p(headings[1], L.SMALL_FONT_SIZE, True, "R"),
            ],
        ]
        for fid, label in rows:
            data.append([_p(label), _p(money(values[fid]), align="R")])
        t = _table(data, _widths((78, 22), width), head_rows=2, spans=[((0, 0), (-1, 0))])
        out += [t, Spacer(1, 4)]
    return out


# ---------------------------------------------------------------- the form body


class _Furniture:
    """Page header / footer facts drawn on every page."""

    def __init__(self, ret: Form9Return, draft: bool, checksum: str) -> None:
        h = ret.header
        try:
            period = Period.parse(h.period)
            self.period = f"{period.label} ({h.period})"
        except PeriodError:
            self.period = h.period
        self.name = h.name
        self.tin = h.tin
        kind = "Original" if h.return_type != "revision" else f"Revision {h.revision_no}"
        self.kind = kind
        self.draft = draft
        self.checksum = checksum


def _header_value(ret: Form9Return, key: str) -> str:
    h = ret.header
    if key == "date_of_filing":
        return _d(h.date_of_filing)
    if key == "period":
        try:
            return f"{Period.parse(h.period).label} ({h.period})"
        except PeriodError:
            return h.period
    if key == "return_type":
        return "Original" if h.return_type != "revision" else f"Revision {h.revision_no}"
    if key == "tps":
        return f"{h.tps_division} / {h.tps_circle}"
    if key == "name_address":
        return f"{h.name}\n{h.address}"
    if key == "branches":
        if not h.branches:
            return "Nil"
        lines = [f"{i}. {b.name}, {b.address}" for i, b in enumerate(h.branches, 1)]
        return f"No. of branches: {len(h.branches)}\n" + "\n".join(lines)
    value = str(getattr(h, key))
    if key == "tin" and h.gstin:
        value += f"   (GSTIN {h.gstin})"
    return value


def _body(ret: Form9Return, c: Computed, width: float, draft: bool) -> list[Flowable]:
    flow: list[Flowable] = []
    try:
        annual = Period.parse(ret.header.period).is_annual
    except PeriodError:
        annual = False
    flow.append(_p(L.TITLE, 13, True, "C"))
    flow.append(_p(L.SUBTITLE, L.SMALL_FONT_SIZE, align="C"))
    flow.append(_p(L.KIND["year" if annual else "month"], 10, True, "C"))
    flow.append(_p(L.FILED_ELECTRONICALLY, L.SMALL_FONT_SIZE, align="C"))
    if draft:
        flow.append(Spacer(1, 2))
        flow.append(Paragraph(L.DRAFT_NOTE, _style(8, True, TA_CENTER, textColor=colors.red)))
    flow.append(Spacer(1, 5))
    head = [[_p(label), _p(_header_value(ret, key))] for label, key in L.HEADER_ROWS]
    flow.append(_table(head, _widths((38, 62), width), head_rows=0))

    # PART 1
    flow += [Spacer(1, 8), _p(L.PART1_TITLE, 10, True), _p(L.PART1A_TITLE, 8.5, True), Spacer(1, 2)]
    rows1: list[dict[str, str]] = []
    sums = dict.fromkeys(
        ("total_turnover", "exempt_turnover", "taxable_turnover", "tax_collected", "tax_due",
         "compounded_tax", "total_tax_payable"), ZERO)  # fmt: skip
    for r, f in zip(ret.part1a, c.part1a, strict=True):
        vals = {
            "total_turnover": r.total_turnover, "exempt_turnover": r.exempt_turnover,
            "taxable_turnover": f.taxable_turnover, "tax_collected": r.tax_collected,
            "tax_due": f.tax_due, "compounded_tax": r.compounded_tax,
            "total_tax_payable": f.total_tax_payable,
        }  # fmt: skip
        for k, v in vals.items():
            sums[k] += v
        rows1.append({
            "sl": str(r.sl), "act": r.act, "nature": r.nature, "goods": r.goods,
            "schedule": r.schedule, "rate": fmt_rate(r.rate), "point_of_sale": r.point_of_sale,
            **{k: money(v) for k, v in vals.items()},
        })  # fmt: skip
    tot1 = {"nature": L.TOTAL_LABEL, **{k: money(v) for k, v in sums.items()}}
    flow.append(_column_table(L.PART1A_COLUMNS, rows1, width, totals=tot1))
    flow += [
        CondPageBreak(80),
        Spacer(1, 6),
        _p(L.PART1B_TITLE, 8.5, True),
        _p(L.PART1B_SUBTITLE),
        Spacer(1, 2),
    ]
    rows1b = [
        {"sl": str(i), "series_from": b.series_from, "series_to": b.series_to}
        for i, b in enumerate(ret.part1b, 1)
    ]
    flow.append(_column_table(L.PART1B_COLUMNS, rows1b, width * 0.6))

    # PART 2
    flow += [CondPageBreak(140), Spacer(1, 8), _p(L.PART2_TITLE, 10, True)]
    flow.append(_p(L.PART2_SUBTITLE, 8.5, True))
    flow.append(Spacer(1, 2))
    rows2: list[dict[str, str]] = []
    s2 = dict.fromkeys(("purchase_value", "tax_paid", "cess_paid", "total"), ZERO)
    for r2, total in zip(ret.part2, c.part2_totals, strict=True):
        vals2 = {"purchase_value": r2.purchase_value, "tax_paid": r2.tax_paid,
                 "cess_paid": r2.cess_paid, "total": total}  # fmt: skip
        for k, v in vals2.items():
            s2[k] += v
        rows2.append({
            "sl": str(r2.sl), "act": r2.act, "nature": r2.nature, "goods": r2.goods,
            "schedule": r2.schedule, "rate": fmt_rate(r2.rate),
            "itc_eligible": "Yes" if r2.itc_eligible else "No",
            **{k: money(v) for k, v in vals2.items()},
        })  # fmt: skip
    tot2 = {"nature": L.TOTAL_LABEL, **{k: money(v) for k, v in s2.items()}}
    flow.append(_column_table(L.PART2_COLUMNS, rows2, width, totals=tot2))

    # PART 3
    p3 = c.part3.as_dict()
    half = width * 0.72
    flow += [CondPageBreak(180), Spacer(1, 8), _p(L.PART3_TITLE, 10, True), Spacer(1, 3)]
    flow += _amount_table(L.PART3_SECTIONS, p3, L.PART3_HEADINGS, half)
    flow.append(_p(L.PART3_NOTE, L.SMALL_FONT_SIZE))

    # PART 3(A)
    flow += [CondPageBreak(200), Spacer(1, 8), _p(L.PART3A_TITLE, 10, True), Spacer(1, 3)]
    w3a = _widths(L.PART3A_WIDTHS, width * 0.85)
    for act, rows in L.PART3A_SECTIONS:
        data: list[list[Any]] = [
            [_p(act, bold=True)] + [""] * 5,
            [_p(h, L.SMALL_FONT_SIZE, True, "L" if i == 0 else "R")
             for i, h in enumerate(L.PART3A_HEADINGS)],
        ]  # fmt: skip
        totals = 0
        for rid, label in rows:
            if rid == "kgst_total":
                kt = c.part3a.kgst_total
                data.append([_p(label, bold=True), _p(money(kt.tax), bold=True, align="R"), "", "",
                             _p(money(kt.interest), bold=True, align="R"),
                             _p(money(kt.total), bold=True, align="R")])  # fmt: skip
                totals = 1
                continue
            pr = c.part3a.rows[rid]
            data.append([_p(label), _p(money(pr.tax), align="R"),
                         _p(fmt_rate(pr.interest_rate) + " %", align="R"),
                         _p(str(pr.delay_days), align="R"), _p(money(pr.interest), align="R"),
                         _p(money(pr.total), align="R")])  # fmt: skip
        t = _table(data, w3a, head_rows=2, total_rows=totals, spans=[((0, 0), (-1, 0))])
        flow += [t, Spacer(1, 4)]
    due = payable_per_act(c) if c.part4 is None else None
    grand = sum((c.part3a.total_for(a) for a in ACTS), ZERO)
    flow.append(_words_line(L.PART3A_GRAND_TOTAL, grand, width))
    if due is not None:
        flow.append(Spacer(1, 2))

    # PART 4 (revisions only)
    if ret.is_revision and c.part4 is not None:
        flow += [PageBreak(), _p(L.PART4_TITLE, 10, True), Spacer(1, 3)]
        w4 = _widths(L.PART4_WIDTHS, width)
        for act, rows in L.PART4_SECTIONS:
            data4: list[list[Any]] = [
                [_p(act, bold=True)] + [""] * 7,
                [_p(h, L.SMALL_FONT_SIZE, True, "L" if i == 0 else "R")
                 for i, h in enumerate(L.PART4_HEADINGS)],
                [_p(n, L.SMALL_FONT_SIZE, True, "C") for n in L.PART4_NUMBERS],
            ]  # fmt: skip
            for rid, label in rows:
                ln = c.part4.rows[rid]
                data4.append([_p(label)] + [_p(v, align="R") for v in (
                    money(ln.filed), money(ln.revised), money(ln.effect),
                    fmt_rate(ln.interest_rate) + " %", str(ln.delay_days), money(ln.interest),
                    money(ln.total))])  # fmt: skip
            flow += [_table(data4, w4, head_rows=3, spans=[((0, 0), (-1, 0))]), Spacer(1, 2)]
            flow += [_p(L.PART4_PREFILLED, L.SMALL_FONT_SIZE), Spacer(1, 4)]
        flow.append(_words_line(L.PART4_PAYABLE, c.part4.payable, width))

    # PART 5
    flow += [CondPageBreak(160), Spacer(1, 8), _p(L.PART5_TITLE, 10, True)]
    flow += [_p(L.PART5_SUBTITLE, 8.5, True), Spacer(1, 2)]
    cols5 = L.PART5_COLUMNS
    w5 = _widths((col.width for col in cols5), width * 0.85)
    data5: list[list[Any]] = [[_p(col.heading, L.SMALL_FONT_SIZE, True, "C") for col in cols5]]
    shade: list[int] = []
    paid_total = ZERO
    spans5: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for act in ACTS:
        rows5 = [r for r in ret.part5 if r.act == act]
        if not rows5:
            continue
        sub = ZERO
        for r5 in rows5:
            sub += r5.amount
            data5.append([_p(r5.ref_no), _p(_d(r5.date), align="C"), _p(r5.act, align="C"),
                          _p(r5.head_of_account), _p(money(r5.amount), align="R")])  # fmt: skip
        data5.append([_p(f"{L.PART5_SUBTOTAL} ({act})", bold=True), "", "", "",
                      _p(money(sub), bold=True, align="R")])  # fmt: skip
        spans5.append(((0, len(data5) - 1), (3, len(data5) - 1)))
        shade.append(len(data5) - 1)
        paid_total += sub
    others = [r for r in ret.part5 if r.act not in ACTS]
    for r5 in others:  # never dropped: an unknown act still prints (validation flags it)
        paid_total += r5.amount
        data5.append([_p(r5.ref_no), _p(_d(r5.date), align="C"), _p(r5.act, align="C"),
                      _p(r5.head_of_account), _p(money(r5.amount), align="R")])  # fmt: skip
    if not ret.part5:
        data5.append([_p(L.NO_ROWS, align="C"), "", "", "", ""])
        spans5.append(((0, 1), (-1, 1)))
    data5.append([_p(L.PART5_TOTAL, bold=True), "", "", "",
                  _p(money(paid_total), bold=True, align="R")])  # fmt: skip
    spans5.append(((0, len(data5) - 1), (3, len(data5) - 1)))
    flow.append(_table(data5, w5, total_rows=1, spans=spans5, shade_rows=shade))
    flow.append(Spacer(1, 3))
    flow.append(_p(f"{L.PART5_TOTAL} in words: {amount_in_words(paid_total)}", bold=True))

    # DECLARATION
    flow += [
        CondPageBreak(150),
        Spacer(1, 10),
        _p(L.DECLARATION_TITLE, 10, True, "C"),
        Spacer(1, 4),
    ]
    d = ret.declaration
    try:
        period_end = _d(Period.parse(ret.header.period).last_day)
    except PeriodError:
        period_end = ".........."
    parent = d.signatory_parent.strip()
    text = L.DECLARATION_TEXT.format(
        name=d.signatory_name or "....................",
        parent=parent or "..........................",
        period_end=period_end,
    )
    flow.append(Paragraph(markup(text), _style(8.5, align=TA_JUSTIFY, leading=12)))
    flow.append(Spacer(1, 10))
    values = {"place": d.place, "date": _d(d.date), "signatory_name": d.signatory_name,
              "signatory_status": d.signatory_status}  # fmt: skip
    decl = [
        [_p(left, bold=True), _p(values[lk]), _p(right, bold=True), _p(values[rk])]
        for left, lk, right, rk in L.DECLARATION_FIELDS
    ]
    t = Table(decl, colWidths=_widths((7, 30, 30, 33), width * 0.9), hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 14)]))  # fmt: skip
    flow.append(KeepTogether([t]))
    return flow


def _words_line(label: str, amount: Decimal, width: float) -> Table:
    data = [[_p(label, bold=True), _p("₹ " + money(amount), bold=True, align="R")],
            [_p("In words: " + amount_in_words(amount)), ""]]  # fmt: skip
    return _table(
        data, _widths((70, 30), width * 0.85), head_rows=0, spans=[((0, 1), (-1, 1))],
        shade_rows=[0],
    )  # fmt: skip


# ---------------------------------------------------------------- annexures drawn on the canvas


class _ListPages:
    """One list annexure: column x positions and rows per page computed once."""

    def __init__(self, title: str, rows: list[ListRow], frame_w: float, frame_h: float) -> None:
        self.title = title
        self.rows = rows
        self.frame_h = frame_h
        self.cols = L.LIST_COLUMNS
        widths = _widths((col.width for col in self.cols), frame_w)
        self.x = [0.0]
        for w in widths:
            self.x.append(self.x[-1] + w)
        self.widths = widths
        self.head_h = 3 * (L.SMALL_FONT_SIZE * 1.2) + 4  # up to 3 heading lines
        self.top = 14 + 10 + self.head_h + L.LIST_ROW_HEIGHT  # title, caption, headings, numbers
        usable = frame_h - self.top - L.LIST_ROW_HEIGHT  # room for the totals row
        self.per_page = max(1, int(usable // L.LIST_ROW_HEIGHT))
        self.pages = max(1, -(-len(rows) // self.per_page))
        totals = [ZERO, ZERO, ZERO]
        for r in rows:
            totals[0] += r.value
            totals[1] += r.tax
            totals[2] += r.cess
        self.totals = (*totals, totals[0] + totals[1] + totals[2])


class _ListPage(Flowable):
    """One page of a list annexure, drawn straight onto the canvas (fast for 100,000 rows)."""

    def __init__(self, pages: _ListPages, index: int, progress: Callable[[int], None]) -> None:
        super().__init__()
        self.pages = pages
        self.index = index
        self.progress = progress

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # always a whole frame: the next page of the list never fits below it
        self.width, self.height = aw, self.pages.frame_h - 1
        return self.width, self.height

    def draw(self) -> None:
        P = self.pages
        c = self.canv
        top = self.height - 1
        lo = self.index * P.per_page
        rows = P.rows[lo : lo + P.per_page]
        cont = f" (continued, page {self.index + 1} of {P.pages})" if self.index else ""
        draw_text(c, 0, top - 11, P.title + cont, SANS_BOLD, 10)
        if not self.index:
            draw_text(c, 260, top - 11, L.LIST_CAPTION, SANS, L.SMALL_FONT_SIZE)
        y = top - 18
        # headings: shaded band with wrapped column headings and the column numbers below
        c.setFillColor(SHADE)
        c.rect(0, y - P.head_h - L.LIST_ROW_HEIGHT, P.x[-1], P.head_h + L.LIST_ROW_HEIGHT, 0, 1)
        c.setFillColor(colors.black)
        for j, col in enumerate(P.cols):
            lines = _wrap(col.heading, SANS_BOLD, L.SMALL_FONT_SIZE, P.widths[j] - 4)
            ly = y - L.SMALL_FONT_SIZE - 1
            for line in lines[:3]:
                w = pdfmetrics.stringWidth(line, SANS_BOLD, L.SMALL_FONT_SIZE)
                draw_text(c, P.x[j] + (P.widths[j] - w) / 2, ly, line, SANS_BOLD, L.SMALL_FONT_SIZE)
                ly -= L.SMALL_FONT_SIZE * 1.2
            w = pdfmetrics.stringWidth(col.no, SANS_BOLD, L.SMALL_FONT_SIZE)
            c.setFont(SANS_BOLD, L.SMALL_FONT_SIZE)
            c.drawString(
                P.x[j] + (P.widths[j] - w) / 2, y - P.head_h - L.LIST_ROW_HEIGHT + 3, col.no
            )
        y -= P.head_h + L.LIST_ROW_HEIGHT
        body_top = y
        size = L.LIST_FONT_SIZE
        rh = L.LIST_ROW_HEIGHT
        last = self.index == P.pages - 1
        if last and P.rows:  # shade the totals row before any text is drawn
            c.setFillColor(SHADE)
            c.rect(0, body_top - (len(rows) + 1) * rh, P.x[-1], rh, 0, 1)
            c.setFillColor(colors.black)
        t = c.beginText()
        t.setFont(ROWS, size)
        width_of = _width_fn(ROWS, size)
        num_w = _number_width_fn(ROWS, size)
        put = t._code.append  # rows go straight into the text object (ASCII, base-14 font)
        indian = _indian_fast
        slow: list[tuple[float, float, str, float]] = []
        x = P.x
        cw = P.widths
        for r in rows:
            y -= rh
            base = y + 3
            cells = (r.type, r.point_of_sale, r.counterparty_reg_no, r.counterparty_name,
                     r.doc_no, _d(r.doc_date))  # fmt: skip
            for j, text in enumerate(cells):
                if not text:
                    continue
                if not _ROW_CHARS(text):  # Malayalam or other text outside the row font
                    slow.append((x[j] + 2, base, text, cw[j] - 4))
                    continue
                text = _fit(text, width_of, cw[j] - 4, size)
                if j == 1 or j == 5:
                    put(_TJ % (x[j] + (cw[j] - width_of(text)) / 2, base, _pdf_escape(text)))
                else:
                    put(_TJ % (x[j] + 2, base, _pdf_escape(text)))
            for j, v in ((6, r.value), (7, r.tax), (8, r.cess), (9, row_total(r))):
                s = indian(v)
                put(_TJ % (x[j + 1] - 2 - num_w(s), base, s))
        if last and P.rows:
            y -= rh
            t.setFont(SANS_BOLD, size)
            bold_w = _width_fn(SANS_BOLD, size)
            t.setTextOrigin(x[3] + 2, y + 3)
            t.textOut(f"Total of {fmt_indian(Decimal(len(P.rows)), 0)} rows")
            for j, v in zip((7, 8, 9, 10), P.totals, strict=True):
                s = fmt_indian(v)
                t.setTextOrigin(x[j] - 2 - bold_w(s), y + 3)
                t.textOut(s)
        c.drawText(t)
        for sx, sy, text, maxw in slow:
            _draw_fitted(c, sx, sy, text, maxw, size)
        if not P.rows:
            y -= rh
            c.setFont(SANS, size)
            c.drawString(4, y + 3, L.NO_ROWS)
        # grid: outer box, column rules, light row rules
        c.setLineWidth(0.4)
        c.setStrokeColor(GRID)
        head_top = top - 18
        c.rect(0, y, x[-1], head_top - y, 1, 0)
        for xx in x[1:-1]:
            c.line(xx, y if P.rows else body_top, xx, head_top)
        c.line(0, body_top, x[-1], body_top)
        c.line(0, body_top + rh, x[-1], body_top + rh)
        c.setStrokeColor(colors.Color(0.8, 0.8, 0.8))
        c.setLineWidth(0.25)
        yy = body_top - rh
        rules = []
        while yy > y + 0.5:
            rules.append((0, yy, x[-1], yy))
            yy -= rh
        if rules:
            c.lines(rules)
        self.progress(len(rows))


def _width_fn(font: str, size: float) -> Callable[[str], float]:
    f = pdfmetrics.getFont(font)
    return lambda s: f.stringWidth(s, size)  # type: ignore[no-any-return]


#: One cell of a list row: text matrix then the string (the text object's own operators).
_TJ = "1 0 0 1 %.2f %.2f Tm (%s) Tj"


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _indian_fast(v: Decimal) -> str:
    """fmt_indian for amounts already in paise (the list rows), without re-rounding."""
    if v.as_tuple().exponent != -2:
        return fmt_indian(v)
    neg = v < 0
    t = str(v).lstrip("-")
    whole, frac = t[:-3], t[-3:]
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        parts = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)]
        whole = ",".join(reversed(parts)) + "," + tail
    return ("-" if neg else "") + whole + frac


def _number_width_fn(font: str, size: float) -> Callable[[str], float]:
    """Width of an Indian-grouped amount without measuring it: the fonts' digits are all one
    width, so only the count of digits, separators and the sign matter."""
    f = pdfmetrics.getFont(font)
    digit = f.stringWidth("0", size)
    if any(abs(f.stringWidth(d, size) - digit) > 1e-6 for d in "123456789"):
        return lambda s: f.stringWidth(s, size)  # type: ignore[no-any-return]
    sep, minus = f.stringWidth(",", size), f.stringWidth("-", size)
    dot = f.stringWidth(".", size)

    def width(s: str) -> float:
        commas = s.count(",")
        neg = s.startswith("-")
        return (len(s) - commas - 1 - neg) * digit + commas * sep + dot + neg * minus

    return width


#: No character of the row font is wider than this many ems (W in Helvetica is 0.944).
_MAX_EM = 1.0


def _fit(text: str, width_of: Callable[[str], float], maxw: float, size: float = 7) -> str:
    """The text, or its longest prefix with '…' that fits (the full text is in the JSON)."""
    if len(text) * size * _MAX_EM <= maxw or width_of(text) <= maxw:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width_of(text[:mid] + "…") <= maxw:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


def _draw_fitted(c: Canvas, x: float, y: float, text: str, maxw: float, size: float) -> None:
    s = size
    while _run_width(text, SANS, s) > maxw and s > 5:
        s -= 0.5
    draw_text(c, x, y, text, SANS, s)


def _wrap(text: str, font: str, size: float, maxw: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and pdfmetrics.stringWidth(trial, font, size) > maxw:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------- page furniture and the canvas


class _FormCanvas(Canvas):
    """Keeps each page until the end so the footer can say "Page n of N"."""

    furniture: _Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.on_finish: Callable[[int, int], None] | None = None

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        if self.on_finish:
            self.on_finish(0, total)
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._footer(n, total)
            super().showPage()
            if self.on_finish and n % 200 == 0:
                self.on_finish(n, total)
        super().save()

    def _footer(self, n: int, total: int) -> None:
        f = self.furniture
        w, _ = PAGE
        y = L.PAGE_MARGIN - 12
        self.setStrokeColor(GRID)
        self.setLineWidth(0.4)
        self.line(L.PAGE_MARGIN, y + 9, w - L.PAGE_MARGIN, y + 9)
        self.setFont(SANS, L.SMALL_FONT_SIZE)
        self.setFillColor(colors.black)
        self.drawString(L.PAGE_MARGIN, y, f"JSON checksum: {f.checksum or 'not generated'}")
        self.setFont(SANS_BOLD, 7.5)
        self.drawRightString(w - L.PAGE_MARGIN, y, f"Page {n} of {total}")


def _on_page(canvas: Canvas, doc: Any) -> None:
    f: _Furniture = doc.furniture
    w, h = PAGE
    canvas.saveState()
    if f.draft:
        canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.13))
        canvas.setFont(SANS_BOLD, 130)
        canvas.translate(w / 2, h / 2)
        canvas.rotate(30)
        canvas.drawCentredString(0, -45, L.WATERMARK)
        canvas.rotate(-30)
        canvas.translate(-w / 2, -h / 2)
    canvas.setFillColor(colors.black)
    y = h - L.PAGE_MARGIN + 6
    x: float = L.PAGE_MARGIN
    x += draw_text(canvas, x, y, f.name or "(dealer name)", SANS_BOLD, 8)
    info = f"   TIN {f.tin or '-'}   |   Period: {f.period}   |   FORM No. 9 - {f.kind}"
    if f.draft:
        info += "   |   DRAFT"
    draw_text(canvas, x, y, info, SANS, 8)
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.4)
    canvas.line(L.PAGE_MARGIN, y - 4, w - L.PAGE_MARGIN, y - 4)
    canvas.restoreState()


def write_pdf(
    ret: Form9Return,
    computed: Computed,
    path_or_file: str | os.PathLike[str] | IO[bytes],
    *,
    draft: bool,
    checksum: str,
    progress: Progress | None = None,
) -> int:
    """Write the return as a PDF; returns the page count.  `progress(done, total, text)` is called
    as pages are laid out and may raise to cancel (a file path is then left untouched)."""
    if isinstance(path_or_file, (str, os.PathLike)):  # the file is replaced only when complete
        with atomic_write(path_or_file) as fh:
            return write_pdf(ret, computed, fh, draft=draft, checksum=checksum, progress=progress)
    register_fonts()
    w, h = PAGE
    m = L.PAGE_MARGIN
    frame_w, frame_h = w - 2 * m, h - 2 * m - 12
    lists = [
        _ListPages(L.SALES_LIST_TITLE, ret.sales_list, frame_w, frame_h),
        _ListPages(L.PURCHASE_LIST_TITLE, ret.purchase_list, frame_w, frame_h),
    ]
    total = 1 + sum(len(p.rows) for p in lists)
    done = [0]

    def step(n: int, text: str = "Drawing the sales and purchase lists") -> None:
        done[0] += n
        if progress is not None:
            progress(min(done[0], total), total, text)

    step(0, "Laying out the form")
    flow = _body(ret, computed, frame_w, draft)
    for p in lists:
        flow.append(PageBreak())
        flow += [_ListPage(p, i, step) for i in range(p.pages)]
    try:
        annual = Period.parse(ret.header.period).is_annual
    except PeriodError:
        annual = False
    if annual or ret.stock:
        flow += [PageBreak(), _p(L.STOCK_TITLE, 10, True)]
        year = ""
        if annual:
            year = str(Period.parse(ret.header.period).last_day.year)
        flow += [_p(L.STOCK_CAPTION.format(year=year or "..........")), Spacer(1, 3)]
        rows = [
            {"sl": str(i), "goods": s.goods, "schedule": s.schedule, "unit": s.unit,
             "quantity": fmt_indian(s.quantity), "value": money(s.value)}
            for i, s in enumerate(ret.stock, 1)
        ]  # fmt: skip
        stock_total = sum((s.value for s in ret.stock), ZERO)
        flow.append(
            _column_table(
                L.STOCK_COLUMNS, rows, frame_w * 0.8,
                totals={"goods": L.TOTAL_LABEL, "value": money(stock_total)},
            )
        )  # fmt: skip

    target: Any = path_or_file
    doc = BaseDocTemplate(
        target,
        pagesize=PAGE,
        leftMargin=m,
        rightMargin=m,
        topMargin=m + 12,
        bottomMargin=m,
        title=f"FORM No. 9 - {ret.header.name} - {ret.header.period}",
        author=ret.header.name,
        subject="Kerala FORM No. 9 return (KGST / KVAT / CST)",
        creator="Form 9 Offline Utility",
    )
    doc.furniture = _Furniture(ret, draft, checksum)  # type: ignore[attr-defined]
    frame = Frame(m, m, frame_w, frame_h, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_on_page, pagesize=PAGE)])
    pages = [0]

    def maker(*args: Any, **kwargs: Any) -> _FormCanvas:
        cv = _FormCanvas(*args, **kwargs)
        cv.furniture = doc.furniture  # type: ignore[attr-defined]

        def finishing(n: int, of: int) -> None:
            pages[0] = of
            if progress is not None:
                progress(total, total, f"Numbering pages ({n} of {of})")

        cv.on_finish = finishing
        return cv

    doc.build(flow, canvasmaker=maker)
    if progress is not None:
        progress(total, total, "Done")
    return pages[0]
