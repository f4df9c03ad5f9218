"""Part 3, Part 3(A) and Part 4: read-only statements laid out like the form.

They show what app.model.compute returns.  Rows, their numbers and screen wording, and each
figure's formula (its tooltip) are the return's form version's statements (app/model/catalogue.py);
which rows are payable is a rule (app.model.interpretations.PART4_ROWS).
"""

from __future__ import annotations

from app.model.catalogue import Catalogue, Line
from app.model.compute import Computed
from app.model.interpretations import PART4_ROWS
from app.model.numbers import fmt_indian, fmt_rate
from app.model.part3a import PART3A_ROWS
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
        # A row's wording is never cut: it wraps, and the row grows to hold it.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
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


def _label(line: Line) -> str:
    """'(a) KGST payable [Part 3 (a)(iv)]': the row's number and its screen wording."""
    return f"{line.number} {line.title}".strip()


class Part3View(Statement):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(["", "Particulars", "Tax details (₹)"], parent)
        act = ""
        for line in catalogue.statement("part3").rows:
            if line.act != act:
                act = line.act
                self.add_section(act)
            self.add_line(
                line.id, [line.number, line.title], 1, [f"{line.number} = {line.formula}"]
            )
        self.fit(1)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(2, 150)

    def show_figures(self, computed: Computed) -> None:
        for fid, value in computed.part3.as_dict().items():
            self.set_figure(fid, 0, fmt_indian(value))

    def row_of(self, fid: str) -> int:
        return self.cells[(fid, 0)].row()


class Part3AView(Statement):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(
            ["Particulars", "Tax (₹)", "Rate of\ninterest %", "Delay\nin days", "Interest due (₹)",
             "Total (₹)"],
            parent,
        )  # fmt: skip
        part3 = catalogue.statement("part3")
        src = {rid: s for rid, s, _act in PART3A_ROWS}
        act = ""
        for line in catalogue.statement("part3a").rows:
            if line.act != act:
                act = line.act
                self.add_section(act)
            if line.id not in src:  # the KGST total
                tips = ["Σ tax (a)–(f)", "", "", "Σ interest (a)–(f)", "Σ total (a)–(f)"]
                self.add_line(line.id, [_label(line)], 5, tips, total=True)
                continue
            figure = part3.line(src[line.id])
            where = "".join(f"({p})" for p in figure.id.split("_"))  # a_iv → (a)(iv)
            tips = [
                f"Part 3 {where} = {figure.formula}",
                "Rate of interest of the act (rows (b)–(f) take the KGST rate)",
                "Days from the due date to the date of filing",
                INTEREST_FORMULA,
                "Tax + interest",
            ]
            self.add_line(line.id, [_label(line)], 5, tips)
        self.fit(0)
        for c in range(1, 6):
            self.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(c, 130 if c in (1, 4, 5) else 84)

    def show_figures(self, computed: Computed) -> None:
        p = computed.part3a
        for rid, row in p.rows.items():
            self.set_figure(rid, 0, fmt_indian(row.tax))
            self.set_figure(rid, 1, fmt_rate(row.interest_rate))
            self.set_figure(rid, 2, str(row.delay_days))
            self.set_figure(rid, 3, fmt_indian(row.interest))
            self.set_figure(rid, 4, fmt_indian(row.total))
        t = p.kgst_total
        self.set_figure("kgst_total", 0, fmt_indian(t.tax))
        self.set_figure("kgst_total", 3, fmt_indian(t.interest))
        self.set_figure("kgst_total", 4, fmt_indian(t.total))


class Part4View(Statement):
    COLS = ("filed", "revised", "effect", "interest_rate", "delay_days", "interest", "total")

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(
            ["(1) Particulars", "(2) As per\nfiled return", "(3) As per\nrevision",
             "(4) Tax effect\n(3) − (2)", "(5) Rate of\ninterest %", "(6) Delay\nin days",
             "(7) Interest\ndue", "(8) Total\n(4) + (7)"],
            parent,
        )  # fmt: skip
        payable = {spec.id: spec.payable for spec in PART4_ROWS}
        act = ""
        for line in catalogue.statement("part4").rows:
            if line.act != act:
                act = line.act
                self.add_section(f"{act} REVISED")
            pay = " — a payable row" if payable[line.id] else ""
            tips = [
                "Prefilled from the last filed return for the period",
                "This revision's figure",
                "(3) − (2)",
                "Rate of interest of the act",
                "From the original due date to this revision's date of filing",
                "Interest on an increase of a payable row: effect × rate / 100 × days / 365"
                if payable[line.id]
                else "No interest: not a payable row",
                "(4) + (7)" + pay,
            ]
            self.add_line(line.id, [_label(line)], 7, tips)
        self.fit(0)  # the figures as wide as they need, the wording takes the rest

    def show_figures(self, computed: Computed) -> None:
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
                        else fmt_indian(v)
                    )
                self.set_figure(spec.id, k, text)
