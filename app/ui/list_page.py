"""The sales and purchase list pages: a lazy table over up to 1,000,000 rows, filter and search,
totals per type above the table."""

from __future__ import annotations

from typing import Any

from app.model.form9 import LIST_TYPES
from app.model.numbers import fmt_indian
from app.ui.page_base import Page, RowButtons, hint_label, title_label
from app.ui.qt import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QWidget,
)
from app.ui.session import ReturnSession
from app.ui.table_model import RowsModel
from app.ui.table_view import FormTable


class ListPage(Page):
    """Sales or purchase list: lazy table, filter / search, totals per type above the table."""

    def __init__(self, session: ReturnSession, part: str, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.page_id = part
        self.title = "Sales list" if part == "sales_list" else "Purchase list"
        self.layout_.addWidget(title_label(self.title, "enclosure: one row per document"))
        self.totals = QTableWidget(0, 6)
        self.totals.setHorizontalHeaderLabels(
            ["Type", "Rows", "Value (₹)", "Tax (₹)", "Cess (₹)", "Total (₹)"]
        )
        self.totals.verticalHeader().setVisible(False)
        self.totals.verticalHeader().setDefaultSectionSize(20)
        self.totals.setEditTriggers(self.totals.EditTrigger.NoEditTriggers)
        self.totals.setMaximumHeight(128)
        th = self.totals.horizontalHeader()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 6):
            th.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.totals.setColumnWidth(c, 70 if c == 1 else 140)
        self.layout_.addWidget(self.totals)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search counterparty, reg. no. or document number…")
        self.search.setClearButtonEnabled(True)
        self.type_filter = QComboBox()
        self.type_filter.addItems(["All types", *LIST_TYPES])
        self.shown = QLabel()
        bar.addWidget(QLabel("Filter:"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.shown)
        self.layout_.addLayout(bar)
        self.model = RowsModel(session, part)
        self.table = FormTable(self.model)
        self.layout_.addWidget(self.table, 1)
        self.row_buttons = RowButtons(self.table)
        self.layout_.addWidget(self.row_buttons)
        self.layout_.addWidget(hint_label())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.type_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        session.summaries_changed.connect(self.show_totals)
        for sig in (session.rows_inserted, session.rows_removed):
            sig.connect(self._on_rows)
        self.show_totals()
        self._count()

    def apply_filter(self) -> None:
        text = self.search.text().strip().casefold()
        kind = self.type_filter.currentText()
        if not text and kind == "All types":
            self.model.set_filter(None)
        else:

            def keep(r: Any) -> bool:
                if kind != "All types" and r.type != kind:
                    return False
                return not text or (
                    text in r.counterparty_name.casefold()
                    or text in r.counterparty_reg_no.casefold()
                    or text in r.doc_no.casefold()
                )

            self.model.set_filter(keep)
        self._count()

    def _on_rows(self, part: str) -> None:
        if part == self.page_id:
            self._count()

    def _count(self) -> None:
        n = len(self.session.rows(self.page_id))
        shown = self.model.rowCount()
        self.shown.setText(f"{shown:,} of {n:,} rows" if self.model.filtered else f"{n:,} rows")

    def show_totals(self) -> None:
        s = self.session
        summary = s.sales_summary if self.page_id == "sales_list" else s.purchase_summary
        lines = list(summary.by_type.items())
        if not s.validated:
            self.totals.setRowCount(1)
            self.totals.setItem(0, 0, QTableWidgetItem("Totals are being worked out…"))
            return
        self.totals.setRowCount(len(lines) + 1)
        for r, (name, t) in enumerate([*lines, ("All types", summary.all)]):
            cells = [
                name,
                f"{t.count:,}",
                fmt_indian(t.value),
                fmt_indian(t.tax),
                fmt_indian(t.cess),
                fmt_indian(t.total),
            ]
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if name == "All types":
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.totals.setItem(r, c, it)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        if part != self.page_id:
            return False
        if row is not None and self.model.view_row(row) is None:
            self.search.clear()
            self.type_filter.setCurrentIndex(0)
            self.apply_filter()
        return self.table.jump_to(row, field)
