"""What a dealer's filings did over time: the credit chain of a financial year, the history of a
period, and the annual return against the sum of the months (spec section 7).

Each `open_*` function shows a non-modal dialog and returns it.  The dialogs follow the store
(app.ui.events): a return filed, revised or edited anywhere while one is open shows in it.
"""

from __future__ import annotations

from datetime import date

from app.model import status as st
from app.model.numbers import fmt_indian
from app.model.periods import Period
from app.store import Store
from app.store import lifecycle as lc
from app.store.changes import Changes
from app.ui.audit_view import period_trail, show_trail, trail_table
from app.ui.events import AppEvents
from app.ui.lifecycle import wrapped
from app.ui.qt import (
    QBrush,
    QColor,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.tables import cell, fit_to_screen, read_only_table, set_row

DIFF_BACKGROUND = QColor("#fff3cd")


class _Following(QDialog):
    """A dialog over one client's returns that shows them afresh when any of them changes."""

    def __init__(self, parent: QWidget | None, store: Store, client_id: int) -> None:
        super().__init__(parent)
        self.store, self.client_id = store, client_id
        AppEvents.of(store).changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.touches_client(self.client_id):
            self.show_again()

    def show_again(self) -> None:
        """Read the store again."""


# --- Credit chain ------------------------------------------------------------------------------

_CHAIN_HEADERS = [
    "Month", "Return", "Status",
    "B/F KGST (a)(iii)", "B/F KVAT (g)(ii)", "B/F CST (h)(iii)",
    "Excess KGST (a)(v)", "Excess KVAT (g)(ix)", "Excess CST (h)(v)",
    "Carried KGST", "Carried KVAT", "Carried CST", "Note",
]  # fmt: skip


class ChainDialog(_Following):
    """Credit flowing month to month through a financial year."""

    def __init__(
        self, parent: QWidget | None, store: Store, client_id: int, financial_year: str
    ) -> None:
        super().__init__(parent, store, client_id)
        name = store.get_client(client_id).name
        self.setWindowTitle(f"Credit chain — {name}")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Financial year"))
        self.year = QComboBox()
        for fy in _years(store, client_id, financial_year):
            self.year.addItem(fy)
        self.year.setCurrentText(financial_year)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(
            wrapped(
                "Each month's excess ((a)(v), (g)(ix), (h)(v)) is brought forward to the next "
                "month ((a)(iii), (g)(ii), (h)(iii)); the latest filed return of each month is "
                "shown (else the unfiled one)."
            )
        )
        self.table = read_only_table(_CHAIN_HEADERS)
        layout.addWidget(self.table, 1)
        self.year.currentTextChanged.connect(self.refresh)
        fit_to_screen(self, 1280, 420)
        self.refresh(financial_year)

    def show_again(self) -> None:
        self.refresh(self.year.currentText())

    def refresh(self, financial_year: str) -> None:
        rows = lc.chain(self.store, self.client_id, financial_year)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            items = [cell(r.period.label), cell(r.version), cell(st.LABELS.get(r.status, ""))]
            for amounts in (r.brought_forward, r.excess, r.carried):
                for key in ("kgst", "kvat", "cst"):
                    text = (
                        fmt_indian(amounts.of(key)) if amounts is not None and r.return_id else ""
                    )
                    items.append(cell(text, right=True))
            items.append(cell(r.note))
            set_row(self.table, n, items)
            if r.note and "instruction 17" in r.note:
                for item in items:
                    item.setBackground(QBrush(DIFF_BACKGROUND))


def _years(store: Store, client_id: int, current: str) -> list[str]:
    years = {current}
    for r in store.list_returns(client_id):
        try:
            years.add(str(Period.parse(r.period).financial_year))
        except ValueError:
            continue
    return sorted(years)


def open_chain(
    parent: QWidget | None, store: Store, client_id: int, financial_year: str | None = None
) -> ChainDialog:
    if financial_year is None:
        today = date.today()
        fy = Period(today.year if today.month >= 4 else today.year - 1, 0)
        financial_year = str(max(fy, Period(2024, 0)))
    dlg = ChainDialog(parent, store, client_id, financial_year)
    dlg.show()
    return dlg


def open_credit_chain(parent: QWidget | None, store: Store, return_id: int) -> ChainDialog:
    """The chain for the year of a return (the editor's Return menu)."""
    info = store.return_info(return_id)
    return open_chain(parent, store, info.client_id, str(Period.parse(info.period).financial_year))


# --- History -----------------------------------------------------------------------------------


class HistoryDialog(_Following):
    """Every filed return and revision of a client's period, with what each did, and who changed
    them when (app.ui.audit_view)."""

    def __init__(self, parent: QWidget | None, store: Store, client_id: int, period: str) -> None:
        super().__init__(parent, store, client_id)
        self.period = period
        self.setWindowTitle(f"History — {Period.parse(period).label}")
        layout = QVBoxLayout(self)
        self.none = QLabel("No return recorded for this period.")
        layout.addWidget(self.none)
        self.table = read_only_table(
            ["Return", "Status", "Filed on", "Acknowledgement", "Payable", "Notes"]
        )
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("<b>Who did what</b> — every change to these returns, newest "
                                "first (the audit trail)"))  # fmt: skip
        self.trail = trail_table()
        layout.addWidget(self.trail, 2)
        fit_to_screen(self, 1000, 600)
        self.show_again()

    def show_again(self) -> None:
        show_trail(self.trail, *period_trail(self.store, self.client_id, self.period))
        self.entries = lc.timeline(self.store, self.client_id, self.period)
        self.table.setRowCount(len(self.entries))
        for n, e in enumerate(self.entries):
            set_row(self.table, n, [
                cell(e.version, bold=True), cell(st.LABELS.get(e.status, e.status)),
                cell(f"{e.filed_on:%d-%m-%Y}" if e.filed_on else ""), cell(e.ack_no),
                cell(fmt_indian(e.payable), right=True), cell("\n".join(e.notes)),
            ])  # fmt: skip
        self.table.resizeRowsToContents()
        self.none.setVisible(not self.entries)


def open_history(
    parent: QWidget | None, store: Store, client_id: int, period: str
) -> HistoryDialog:
    """The history of a client's period (a month or a financial year)."""
    dlg = HistoryDialog(parent, store, client_id, period)
    dlg.show()
    return dlg


# --- Year summary ------------------------------------------------------------------------------


class YearSummaryDialog(_Following):
    """The annual return's figures against the sum of the months, differences highlighted."""

    def __init__(self, parent: QWidget | None, store: Store, client_id: int, year: str) -> None:
        super().__init__(parent, store, client_id)
        self.year = str(Period.parse(year).financial_year)
        self.setWindowTitle(f"Year summary — {Period.parse(self.year).label}")
        layout = QVBoxLayout(self)
        self.head = wrapped("")
        layout.addWidget(self.head)
        self.table = read_only_table(
            ["Item", "Annual return", "Sum of the months", "Difference"], stretch=0
        )
        layout.addWidget(self.table, 1)
        fit_to_screen(self, 900, 700)
        self.show_again()

    def show_again(self) -> None:
        self.summary = lc.year_summary(self.store, self.client_id, self.year)
        diffs = self.summary.differences
        head = (
            f"{len(diffs)} difference(s) between the annual return and the sum of "
            f"{len(self.summary.months_included)} filed month(s)."
            if diffs
            else "The annual return agrees with the sum of the filed months."
        )
        if self.summary.months_missing:
            head += (
                " No filed return for: "
                + ", ".join(m.label for m in self.summary.months_missing)
                + "."
            )
        self.head.setText(head)
        lines = self.summary.lines
        self.table.setRowCount(len(lines))
        for n, line in enumerate(lines):
            differs = line.difference != 0
            items: list[QTableWidgetItem] = [
                cell(line.item, bold=differs), cell(fmt_indian(line.annual), right=True),
                cell(fmt_indian(line.months), right=True),
                cell(fmt_indian(line.difference), right=True, bold=differs),
            ]  # fmt: skip
            if differs:
                for item in items:
                    item.setBackground(QBrush(DIFF_BACKGROUND))
            set_row(self.table, n, items)


def open_year_summary(
    parent: QWidget | None, store: Store, client_id: int, year: str
) -> YearSummaryDialog:
    """The year summary of a client's financial year (any period of the year names it)."""
    dlg = YearSummaryDialog(parent, store, client_id, year)
    dlg.show()
    return dlg
