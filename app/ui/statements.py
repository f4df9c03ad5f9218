"""Part 3, Part 3(A) and Part 4: read-only statements laid out like the form.

They show what app.model.compute returns; each figure's formula (app.model.part3.FORMULAS, the
Part 4 row table in app.model.interpretations) is its tooltip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.model.interpretations import PART4_ROWS
from app.model.numbers import fmt_indian, fmt_rate
from app.model.part3 import FORMULAS
from app.model.part3a import KGST_ROWS, PART3A_ROWS
from app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QFont,
    QHeaderView,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

SECTION_BG = QColor("#dfe5ee")
TOTAL_BG = QColor("#eef1f6")

#: Part 3 particulars, the form's wording (SRO 667/2024), in the form's order.
PART3_LINES: tuple[tuple[str, str, str], ...] = (
    ("KGST", "", ""),
    ("a_i", "(a) (i)", "Total due for the period of return (PART 1 KGST – col 14)"),
    ("a_ii", "(ii)", "KGST advance tax paid, if any (for the current return period)"),
    ("a_iii", "(iii)", "KGST excess paid carried forward [PART 3 (a)(v)] from previous return"),
    ("a_iv", "(iv)", "Balance KGST payable [(i) − ((ii) + (iii))]"),
    ("a_v", "(v)", "Excess KGST paid carried forward to next month [(ii) + (iii) − (i)]"),
    ("b", "(b)", "Surcharge due"),
    ("c", "(c)", "AST (cess on petroleum products to KIIFB, s.5D KGST Act)"),
    ("d", "(d)", "Social Security Cess, s.6(1) Kerala Finance Act 2008"),
    ("e", "(e)", "Social Security Cess on petrol and diesel, s.6(2A)(i)"),
    ("f", "(f)", "Social Security Cess on IMFL, s.6(2A)(ii)"),
    ("KVAT", "", ""),
    ("g_i", "(g) (i)", "Total VAT output tax due for the period (PART 1 KVAT – col 14)"),
    ("g_ii", "(ii)", "Excess VAT / ITC carried forward from previous return [(g)(ix)]"),
    ("g_iii", "(iii)", "Tax paid on purchase eligible as ITC [PART 2 KVAT col 8, ITC yes]"),
    ("g_iv", "(iv)", "Total VAT due [(i) − (ii) − (iii)]"),
    ("g_v", "(v)", "VAT advance tax paid, if any"),
    ("g_vi", "(vi)", "Balance VAT payable [(iv) − (v)]"),
    ("g_vii", "(vii)", "VAT excess / ITC available against CST due [(ii) + (iii) + (v) − (i)]"),
    ("g_viii", "(viii)", "VAT excess / ITC adjusted towards CST due [PART 3 CST (h)(vi)]"),
    ("g_ix", "(ix)", "VAT excess / ITC carried forward to the next return period"),
    ("CST", "", ""),
    ("h_i", "(h) (i)", "Total CST due for the period of return (PART 1 CST – col 14)"),
    ("h_ii", "(ii)", "CST advance tax paid, if any"),
    ("h_iii", "(iii)", "Excess CST carried forward from previous return [(h)(v)]"),
    ("h_iv", "(iv)", "Balance CST due [(i) − (ii) − (iii)]"),
    ("h_v", "(v)", "Excess paid carried forward to next month [(ii) + (iii) − (i)]"),
    ("h_vi", "(vi)", "Balance due adjusted from VAT credit [PART 3 KVAT (g)(viii)]"),
    ("h_vii", "(vii)", "Balance CST payable [(iv) − (vi)]"),
)

PART3A_LABELS = {
    "a": "(a) KGST payable [Part 3 (a)(iv)]",
    "b": "(b) Surcharge payable [Part 3 (b)]",
    "c": "(c) AST, cess on petroleum products to KIIFB [Part 3 (c)]",
    "d": "(d) Social Security Cess, s.6(1) [Part 3 (d)]",
    "e": "(e) SSC on petrol and diesel, s.6(2A)(i) [Part 3 (e)]",
    "f": "(f) SSC on IMFL, s.6(2A)(ii) [Part 3 (f)]",
    "kgst_total": "TOTAL PAYABLE (KGST)",
    "g": "(g) VAT payable [Part 3 (g)(vi)]",
    "h": "(h) CST payable [Part 3 (h)(vii)]",
}
INTEREST_FORMULA = "Tax × rate of interest / 100 × delay in days / 365, rounded to the paisa"


def _item(text: str, *, right: bool = False, tip: str = "", bold: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    it.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        it.setToolTip(tip)
    if bold:
        f = QFont()
        f.setBold(True)
        it.setFont(f)
    return it


class Statement(QTableWidget):
    """A read-only table with section rows; figures are set by id."""

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setWordWrap(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            "QTableWidget { gridline-color: #c9ced6; }"
            " QHeaderView::section { background: #e4e8ef; padding: 3px;"
            " border: 0; border-right: 1px solid #c0c6d0; border-bottom: 1px solid #c0c6d0; }"
        )
        self.cells: dict[tuple[str, int], QTableWidgetItem] = {}

    def add_section(self, title: str) -> None:
        r = self.rowCount()
        self.insertRow(r)
        it = _item(title, bold=True)
        it.setBackground(QBrush(SECTION_BG))
        self.setItem(r, 0, it)
        self.setSpan(r, 0, 1, self.columnCount())

    def add_line(
        self, fid: str, labels: list[str], figure_cols: int, tips: list[str], total: bool = False
    ) -> None:
        r = self.rowCount()
        self.insertRow(r)
        for c, text in enumerate(labels):
            it = _item(text, bold=total)
            it.setToolTip(text)
            self.setItem(r, c, it)
        for k in range(figure_cols):
            c = len(labels) + k
            it = _item("", right=True, tip=tips[k] if k < len(tips) else "", bold=total)
            if total:
                it.setBackground(QBrush(TOTAL_BG))
            self.setItem(r, c, it)
            self.cells[(fid, k)] = it

    def set_figure(self, fid: str, k: int, text: str) -> None:
        self.cells[(fid, k)].setText(text)

    def fit(self, stretch_col: int) -> None:
        header = self.horizontalHeader()
        for c in range(self.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if c == stretch_col
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(c, mode)


def _money(v: Decimal) -> str:
    return fmt_indian(v)


class Part3View(Statement):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(["", "Particulars", "Tax details (₹)"], parent)
        for fid, num, label in PART3_LINES:
            if not num:
                self.add_section(fid)
            else:
                self.add_line(fid, [num, label], 1, [f"{num} = {FORMULAS[fid]}"])
        self.fit(1)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(2, 150)

    def show_figures(self, computed: Any) -> None:
        for fid, value in computed.part3.as_dict().items():
            self.set_figure(fid, 0, _money(value))

    def row_of(self, fid: str) -> int:
        return self.cells[(fid, 0)].row()


class Part3AView(Statement):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            ["Particulars", "Tax (₹)", "Rate of\ninterest %", "Delay\nin days", "Interest due (₹)",
             "Total (₹)"],
            parent,
        )  # fmt: skip
        src = {rid: s for rid, s, _act in PART3A_ROWS}
        sections = {"a": "KGST", "g": "KVAT", "h": "CST"}
        order = [*KGST_ROWS, "kgst_total", "g", "h"]
        for rid in order:
            if rid in sections:
                self.add_section(sections[rid])
            if rid == "kgst_total":
                tips = ["Σ tax (a)–(f)", "", "", "Σ interest (a)–(f)", "Σ total (a)–(f)"]
                self.add_line(rid, [PART3A_LABELS[rid]], 5, tips, total=True)
                continue
            part3_id = src[rid]
            tips = [
                f"Part 3 {part3_id.replace('_', ' ')} = {FORMULAS[part3_id]}",
                "Rate of interest of the act (rows (b)–(f) take the KGST rate)",
                "Days from the due date to the date of filing",
                INTEREST_FORMULA,
                "Tax + interest",
            ]
            self.add_line(rid, [PART3A_LABELS[rid]], 5, tips)
        self.fit(0)
        for c in range(1, 6):
            self.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(c, 130 if c in (1, 4, 5) else 84)

    def show_figures(self, computed: Any) -> None:
        p = computed.part3a
        for rid, row in p.rows.items():
            self.set_figure(rid, 0, _money(row.tax))
            self.set_figure(rid, 1, fmt_rate(row.interest_rate))
            self.set_figure(rid, 2, str(row.delay_days))
            self.set_figure(rid, 3, _money(row.interest))
            self.set_figure(rid, 4, _money(row.total))
        t = p.kgst_total
        self.set_figure("kgst_total", 0, _money(t.tax))
        self.set_figure("kgst_total", 3, _money(t.interest))
        self.set_figure("kgst_total", 4, _money(t.total))


class Part4View(Statement):
    COLS = ("filed", "revised", "effect", "interest_rate", "delay_days", "interest", "total")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            ["(1) Particulars", "(2) As per\nfiled return", "(3) As per\nrevision",
             "(4) Tax effect\n(3) − (2)", "(5) Rate of\ninterest %", "(6) Delay\nin days",
             "(7) Interest\ndue", "(8) Total\n(4) + (7)"],
            parent,
        )  # fmt: skip
        titles = {"KGST": "KGST REVISED", "KVAT": "KVAT REVISED", "CST": "CST REVISED"}
        seen: set[str] = set()
        for spec in PART4_ROWS:
            if spec.act not in seen:
                seen.add(spec.act)
                self.add_section(titles[spec.act])
            pay = " — a payable row" if spec.payable else ""
            tips = [
                "Prefilled from the last filed return for the period",
                "This revision's figure",
                "(3) − (2)",
                "Rate of interest of the act",
                "From the original due date to this revision's date of filing",
                "Interest on an increase of a payable row: effect × rate / 100 × days / 365"
                if spec.payable
                else "No interest: not a payable row",
                "(4) + (7)" + pay,
            ]
            self.add_line(spec.id, [spec.label], 7, tips)
        self.fit(0)
        for c in range(1, 8):
            self.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(c, 84 if c in (4, 5) else 118)

    def show_figures(self, computed: Any) -> None:
        p4 = computed.part4
        for spec in PART4_ROWS:
            line = p4.rows[spec.id] if p4 is not None else None
            for k, attr in enumerate(self.COLS):
                if line is None:
                    text = ""
                else:
                    v = getattr(line, attr)
                    text = (
                        str(v)
                        if attr == "delay_days"
                        else fmt_rate(v)
                        if attr == "interest_rate"
                        else _money(v)
                    )
                self.set_figure(spec.id, k, text)
