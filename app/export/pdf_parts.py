"""The form body in FORM No. 9's order (spec section 10): header block, Parts 1-5, declaration,
and the stock annexure — as platypus flowables over the grids of pdf_grid.

Headings, columns and row labels are the return's version of the form's (app/model/catalogue.py;
pdf_cells makes each cell's text), the rest pdf_layout's; every user text goes through pdf_text
(printable, wrapped, cut), so any value prints.  One amount payable per return (issue 12): Part
3(A)'s total in an original, Part 4's in a revision.
"""

from __future__ import annotations

import re
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.export import pdf_layout as L
from app.export.pdf_cells import field_text, section_field, table_cells
from app.export.pdf_grid import Cell, Grid, Row, column_grid, row, total_row, widths
from app.export.pdf_text import MAL, MALAYALAM, SANS, SANS_BOLD, draw_line, fit, printable
from app.model.catalogue import Catalogue, Line
from app.model.compute import Computed
from app.model.form9 import ACTS, Form9Return
from app.model.numbers import ZERO, fmt_indian, fmt_rate
from app.model.periods import Period, PeriodError
from app.model.values import fmt_date
from app.model.words import amount_in_words

SMALL = L.SMALL_FONT_SIZE


def markup(text: str) -> str:
    """Text → Paragraph markup: printable, escaped, Malayalam runs in the Malayalam font."""
    text = printable(text)
    out, pos = [], 0
    for m in MALAYALAM.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<font face="{MAL}">{escape(m.group())}</font>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br/>")


def style(
    size: float = L.FONT_SIZE, bold: bool = False, align: int = 0, **kw: object
) -> ParagraphStyle:
    kw.setdefault("leading", size * 1.22)
    return ParagraphStyle(
        "s", fontName=SANS_BOLD if bold else SANS, fontSize=size, alignment=align, **kw
    )


def para(text: str, size: float = L.FONT_SIZE, bold: bool = False, align: int = 0) -> Paragraph:
    """A paragraph; shaped (HarfBuzz) only when it holds Malayalam."""
    return Paragraph(
        markup(text), style(size, bold, align, shaping=int(bool(MALAYALAM.search(text))))
    )


def title(text: str, size: float = 10) -> Paragraph:
    return para(text, size, True)


def _period(ret: Form9Return) -> Period | None:
    try:
        return Period.parse(ret.header.period)
    except PeriodError:
        return None


# ---------------------------------------------------------------- header block


def header_value(ret: Form9Return, key: str, cat: Catalogue) -> str:
    """The text of the header block's row that starts with field `key`."""
    h = ret.header
    if key == "date_of_filing":
        return fmt_date(h.date_of_filing)
    if key == "period":
        p = _period(ret)
        return f"{p.label} ({h.period})" if p else h.period
    if key == "return_type":
        return "Original" if h.return_type != "revision" else f"Revision {h.revision_no}"
    if key == "tps_division":
        return f"{h.tps_division} / {h.tps_circle}"
    if key == "name":
        return f"{h.name}\n{h.address}"
    if key == "branches":
        if not h.branches:
            return "Nil"
        lines = [f"{i}. {b.name}, {b.address}" for i, b in enumerate(h.branches, 1)]
        return f"No. of branches: {len(h.branches)}\n" + "\n".join(lines)
    value = field_text(section_field(cat, "header", key), h)
    if key == "tin" and h.gstin:
        value += f"   (GSTIN {h.gstin})"
    return value


def header_rows(ret: Form9Return, cat: Catalogue) -> list[tuple[str, str]]:
    """(label, value) of each row of the header block: pdf_layout's rows, labelled with the
    catalogue's headings, then any header field of this version no row prints."""
    out: list[tuple[str, str]] = []
    placed: set[str] = set()
    for ids, label in L.HEADER_ROWS:
        placed.update(ids)
        if ids[0] == "branches":
            heading = cat.table("branches").heading
        else:
            heading = section_field(cat, "header", ids[0]).heading
        out.append((label or heading, header_value(ret, ids[0], cat)))
    for f in cat.header:
        if f.id not in placed:
            out.append((f.heading, field_text(f, ret.header)))
    return out


def _header(ret: Form9Return, cat: Catalogue, width: float, draft: bool) -> list[Flowable]:
    annual = bool((p := _period(ret)) and p.is_annual)
    flow: list[Flowable] = [
        para(L.TITLE, 13, True, TA_CENTER),
        para(L.SUBTITLE, SMALL, align=TA_CENTER),
        para(L.KIND["year" if annual else "month"], 10, True, TA_CENTER),
        para(L.FILED_ELECTRONICALLY, SMALL, align=TA_CENTER),
    ]
    if draft:
        flow.append(Spacer(1, 2))
        flow.append(Paragraph(L.DRAFT_NOTE, style(8, True, TA_CENTER, textColor=colors.red)))
    flow.append(Spacer(1, 5))
    rows = [row(label, value) for label, value in header_rows(ret, cat)]
    flow.append(Grid(widths((38, 62), width), rows))
    return flow


# ---------------------------------------------------------------- Parts 1 and 2


def _table(
    ret: Form9Return, c: Computed, cat: Catalogue, table: str, width: float, label: str
) -> Grid:
    """A table of the form: the catalogue's printed columns, a row per row, the money columns'
    sums in a shaded last row."""
    t = cat.table(table)
    rows, totals = table_cells(t, getattr(ret, table), c)
    return column_grid(L.columns_of(t), rows, width, totals=totals, label=label)


def _part1(ret: Form9Return, c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    part1, part1a = L.title_of(cat.table("part1a").heading)
    flow: list[Flowable] = [CondPageBreak(90), Spacer(1, 8), title(part1), title(part1a, 8.5),
                            Spacer(1, 2)]  # fmt: skip
    flow.append(_table(ret, c, cat, "part1a", width, L.TOTAL_ACTS_LABEL))
    part1b, sub = L.title_of(cat.table("part1b").heading)
    flow += [CondPageBreak(80), Spacer(1, 6), title(part1b, 8.5), para(sub), Spacer(1, 2)]
    flow.append(_table(ret, c, cat, "part1b", width * 0.6, L.TOTAL_LABEL))
    return flow


def _part2(ret: Form9Return, c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    part2, sub = L.title_of(cat.table("part2").heading)
    flow: list[Flowable] = [CondPageBreak(140), Spacer(1, 8), title(part2), title(sub, 8.5),
                            Spacer(1, 2)]  # fmt: skip
    flow.append(_table(ret, c, cat, "part2", width, L.TOTAL_ACTS_LABEL))
    return flow


# ---------------------------------------------------------------- Parts 3, 3(A), 4


def _act_row(act: str, columns: int) -> Row:
    return row(Cell(act, bold=True, span=columns), shade=True)


def _by_act(lines: tuple[Line, ...]) -> list[tuple[str, list[Line]]]:
    """A statement's rows in sections, one per act, in the form's order."""
    out: list[tuple[str, list[Line]]] = []
    for line in lines:
        if not out or out[-1][0] != line.act:
            out.append((line.act, []))
        out[-1][1].append(line)
    return out


def _part3(c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    values = c.part3.as_dict()
    st = cat.statement("part3")
    flow: list[Flowable] = [CondPageBreak(180), Spacer(1, 8), title(st.heading), Spacer(1, 3)]
    for act, lines in _by_act(st.rows):
        rows = [_act_row(act, 2),
                row(Cell(st.columns[0], bold=True, size=SMALL),
                    Cell(st.columns[1], "R", True, SMALL))]  # fmt: skip
        rows += [row(ln.label + L.PART3_MARKS.get(ln.id, ""), Cell(fmt_indian(values[ln.id]), "R"))
                 for ln in lines]  # fmt: skip
        flow += [Grid(widths((78, 22), width * 0.72), rows, 2), Spacer(1, 4)]
    flow.append(para(L.PART3_NOTE, SMALL))
    return flow


def _part3a(ret: Form9Return, c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    st = cat.statement("part3a")
    flow: list[Flowable] = [CondPageBreak(200), Spacer(1, 8), title(st.heading), Spacer(1, 3)]
    w = widths(L.PART3A_WIDTHS, width * 0.85)
    head = row(*(Cell(h, "L" if i == 0 else "R", True, SMALL)
                 for i, h in enumerate(st.columns)))  # fmt: skip
    for act, lines in _by_act(st.rows):
        rows = [_act_row(act, 6), head]
        for ln in lines:
            if ln.id == "kgst_total":
                kt = c.part3a.kgst_total
                rows.append(row(ln.label, Cell(fmt_indian(kt.tax), "R", True), "", "",
                                Cell(fmt_indian(kt.interest), "R", True),
                                Cell(fmt_indian(kt.total), "R", True), bold=True, shade=True))  # fmt: skip
                continue
            pr = c.part3a.rows[ln.id]
            figures = (fmt_indian(pr.tax), fmt_rate(pr.interest_rate) + " %", str(pr.delay_days),
                       fmt_indian(pr.interest), fmt_indian(pr.total))  # fmt: skip
            rows.append(row(Cell(ln.label), *(Cell(v, "R") for v in figures)))
        flow += [Grid(w, rows, 2), Spacer(1, 4)]
    if ret.is_revision:
        flow.append(para(L.PART3A_REVISION_NOTE, bold=True))
    else:
        grand = sum((c.part3a.total_for(a) for a in ACTS), ZERO)
        flow.append(words_line(L.PART3A_GRAND_TOTAL, grand, width))
    return flow


def _part4(c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    assert c.part4 is not None
    st = cat.statement("part4")
    flow: list[Flowable] = [PageBreak(), title(st.heading), Spacer(1, 3)]
    w = widths(L.PART4_WIDTHS, width)
    headings = [h + L.PART4_HEADING_MARKS.get(i, "") for i, h in enumerate(st.columns)]
    head = [row(*(Cell(h, "L" if i == 0 else "R", True, SMALL)
                  for i, h in enumerate(headings))),
            row(*(Cell(n, "C", True, SMALL) for n in L.PART4_NUMBERS))]  # fmt: skip
    for act, lines in _by_act(st.rows):
        rows = [_act_row(L.PART4_SECTION.format(act=act), 8), *head]
        notes = []
        for line in lines:
            ln = c.part4.rows[line.id]
            label = line.label
            if line.id in L.PART4_NOTES:
                label += " \u2020"
                notes.append("\u2020 " + L.PART4_NOTES[line.id])
            rows.append(Row((Cell(label),) + tuple(Cell(v, "R") for v in (
                fmt_indian(ln.filed), fmt_indian(ln.revised), fmt_indian(ln.effect),
                fmt_rate(ln.interest_rate) + " %", str(ln.delay_days), fmt_indian(ln.interest),
                fmt_indian(ln.total)))))  # fmt: skip
        flow += [Grid(w, rows, 3), Spacer(1, 2), para(L.PART4_PREFILLED, SMALL)]
        flow += [para(n, SMALL) for n in notes]
        flow.append(Spacer(1, 4))
    flow += [para(L.PART4_INTEREST_NOTE, SMALL), Spacer(1, 4)]
    flow.append(words_line(L.PART4_PAYABLE, c.part4.payable, width))
    return flow


def words_line(label: str, amount: Decimal, width: float) -> Grid:
    """The one amount payable of a return, in figures and in words."""
    rows = [row(Cell(label, bold=True), Cell("\u20b9 " + fmt_indian(amount), "R", True), shade=True),
            row(Cell("In words: " + amount_in_words(amount), span=2))]  # fmt: skip
    return Grid(widths((70, 30), width * 0.85), rows)


# ---------------------------------------------------------------- Part 5


def _part5(ret: Form9Return, c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    t = cat.table("part5")
    part5, sub = L.title_of(t.heading)
    flow: list[Flowable] = [CondPageBreak(160), Spacer(1, 8), title(part5), title(sub, 8.5),
                            Spacer(1, 2)]  # fmt: skip
    cols = L.columns_of(t)
    rows = [row(*(Cell(col.heading, "C", True, SMALL) for col in cols))]
    cells, _totals = table_cells(t, ret.part5, c)

    def line(i: int) -> Row:
        return row(*(Cell(cells[i][col.field], col.align) for col in cols))

    def subtotal(label: str, indexes: list[int]) -> Row:
        _c, sums = table_cells(t, [ret.part5[i] for i in indexes], c)
        return total_row(cols, sums or {}, label)

    everyone: list[int] = []
    for act in ACTS:
        mine = [i for i, r in enumerate(ret.part5) if r.act == act]
        if not mine:
            continue
        rows += [line(i) for i in mine]
        rows.append(subtotal(f"{L.PART5_SUBTOTAL} ({act})", mine))
        everyone += mine
    for i, r5 in enumerate(ret.part5):  # never dropped: an unknown act still prints (validation
        if r5.act not in ACTS:  # flags it)
            rows.append(line(i))
            everyone.append(i)
    if not ret.part5:
        rows.append(row(Cell(L.NO_ROWS, "C", span=len(cols))))
    rows.append(subtotal(L.PART5_TOTAL_ACTS, everyone))
    flow += [Grid(widths([col.width for col in cols], width * 0.85), rows, 1), Spacer(1, 3)]
    paid = sum((r.amount for r in ret.part5), ZERO)
    flow.append(para(L.PART5_WORDS.format(words=amount_in_words(paid)), bold=True))
    return flow


# ---------------------------------------------------------------- declaration


def relation(name: str) -> str | None:
    """'son' or 'daughter' when the signatory's name starts with an honorific that tells."""
    first = re.split(r"[\s.]+", name.strip().lower(), maxsplit=1)[0]
    if first in L.SON_PREFIXES:
        return "son"
    if first in L.DAUGHTER_PREFIXES:
        return "daughter"
    return None


def relation_markup(name: str) -> str:
    """ "Son/daughter" with the word that does not apply struck, as on a paper form."""
    rel = relation(name)
    if rel == "son":
        return "Son/<strike>daughter</strike>"
    if rel == "daughter":
        return "<strike>Son</strike>/daughter"
    return "Son/daughter"


def _cut(text: str, limit: int = 200) -> str:
    t = printable(text).replace("\n", " ")
    return t if len(t) <= limit else t[:limit] + f"\u2026 (+{len(t) - limit:,} characters)"


def _declaration(ret: Form9Return, width: float) -> list[Flowable]:
    d = ret.declaration
    p = _period(ret)
    text = L.DECLARATION_TEXT.format(
        name="{name}", relation="{relation}", parent="{parent}",
        period_end=fmt_date(p.last_day) if p else "..........",
    )  # fmt: skip
    body = markup(text).format(
        name=markup(_cut(d.signatory_name)) or L.NAME_BLANK,
        relation=relation_markup(d.signatory_name),
        parent=markup(_cut(d.signatory_parent.strip())) or L.PARENT_BLANK,
    )
    values = {"place": d.place, "date": fmt_date(d.date), "signatory_name": d.signatory_name,
              "signatory_status": d.signatory_status}  # fmt: skip
    return [
        CondPageBreak(190),
        Spacer(1, 10),
        para(L.DECLARATION_TITLE, 10, True, TA_CENTER),
        Spacer(1, 4),
        Paragraph(body, style(8.5, align=TA_JUSTIFY, leading=12, shaping=int(MAL in body))),
        Spacer(1, 3),
        para(L.DECLARATION_NOTE, SMALL),
        KeepTogether([Spacer(1, 8), SignatureBlock(values, width * 0.9)]),
    ]


class SignatureBlock(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Place and date at the left; at the right a space to sign, then name and status."""

    HEIGHT = 92

    def __init__(self, values: dict[str, str], width: float) -> None:
        super().__init__()
        self.values = values
        self.width = width
        self.height = self.HEIGHT

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        size = 8
        left_w = self.width * 0.42
        y = self.height - 12
        for label, key in L.SIGNATURE_LEFT:
            lw = draw_line(c, 0, y, label, True, size) + 6
            draw_line(c, lw, y, fit(self.values[key], False, size, left_w - lw).text, False, size)
            y -= 22
        x0 = self.width * 0.5
        right_w = self.width - x0
        sign_y = self.height - 40  # the signature space: 40 pt above a rule
        c.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        c.setLineWidth(0.5)
        c.rect(x0, sign_y, right_w, 38, 1, 0)
        c.setFillColor(colors.Color(0.55, 0.55, 0.55))
        c.setFont(SANS, SMALL)
        c.drawString(x0 + 3, sign_y + 3, L.SIGNATURE_CAPTION)
        c.setFillColor(colors.black)
        y = sign_y - 14
        for label, key in L.SIGNATURE_RIGHT:
            lw = draw_line(c, x0, y, label, True, size) + 6
            draw_line(c, x0 + lw, y, fit(self.values[key], False, size, right_w - lw).text,
                      False, size)  # fmt: skip
            y -= 16


# ---------------------------------------------------------------- the body and the stock annexure


def body(
    ret: Form9Return, c: Computed, cat: Catalogue, width: float, draft: bool
) -> list[Flowable]:
    flow = _header(ret, cat, width, draft)
    flow += _part1(ret, c, cat, width)
    flow += _part2(ret, c, cat, width)
    flow += _part3(c, cat, width)
    flow += _part3a(ret, c, cat, width)
    if ret.is_revision and c.part4 is not None:
        flow += _part4(c, cat, width)
    flow += _part5(ret, c, cat, width)
    flow += _declaration(ret, width)
    return flow


def stock_annexure(ret: Form9Return, c: Computed, cat: Catalogue, width: float) -> list[Flowable]:
    p = _period(ret)
    annual = bool(p and p.is_annual)
    if not (annual or ret.stock):
        return []
    year = str(p.last_day.year) if p and annual else ".........."
    t = cat.table("stock")
    rows, totals = table_cells(t, ret.stock, c)
    return [
        PageBreak(),
        title(t.heading),
        para(L.STOCK_CAPTION.format(year=year)),
        Spacer(1, 3),
        column_grid(L.columns_of(t), rows, width * 0.8, totals=totals, label=L.TOTAL_LABEL),
    ]
