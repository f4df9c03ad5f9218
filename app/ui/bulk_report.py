"""What a bulk action of the overview did: one row per return (or per finding), never a row
dropped.  A row that is about a stored return opens it on double-click or Enter — at the finding,
when the row is one (the editor's own jump, as its validation panel does)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.model.findings import Finding
from app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QModelIndex,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.tables import fit_to_screen

ERROR_INK, WARNING_INK = "#b3261e", "#8a6100"  # the findings panel's red and dark yellow


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of a report: its texts, the return it is about and, for validation, the finding."""

    texts: tuple[str, ...]
    return_id: int | None = None
    finding: Finding | None = None


class ReportDialog(QDialog):
    """A table of what a bulk action did.  `on_open(row)` is called when the user double-clicks
    a row about a return, or presses Enter on it."""

    def __init__(self, parent: QWidget, title: str, headers: Sequence[str],
                 rows: Sequence[ReportRow], note: str,
                 on_open: Callable[[ReportRow], object] | None = None,
                 stretch: int | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.rows = list(rows)
        self.on_open = on_open
        lay = QVBoxLayout(self)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        t = self.table = QTableWidget(len(self.rows), len(headers))
        t.setHorizontalHeaderLabels(list(headers))
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.verticalHeader().setVisible(False)
        code = list(headers).index("Code") if "Code" in headers else -1
        for r, row in enumerate(self.rows):
            ink = None
            if row.finding is not None:
                ink = QBrush(QColor(ERROR_INK if row.finding.is_error else WARNING_INK))
            for c, text in enumerate(row.texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 40 else "")
                if ink is not None and c == code:  # a finding's code: red for an error
                    item.setForeground(ink)
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        head = t.horizontalHeader()
        last = len(headers) - 1 if stretch is None else stretch
        for c in range(len(headers)):  # no column wider than a third of the dialog
            t.setColumnWidth(c, min(t.columnWidth(c), 320))
        head.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        if on_open is not None and any(r.return_id is not None for r in self.rows):
            t.activated.connect(self._activated)  # double-click, or Enter on the current row
        lay.addWidget(t, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in the table opens a row; it never closes the report
        close.setDefault(False)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        fit_to_screen(self, 980, 420)

    def _activated(self, index: QModelIndex) -> None:
        row = self.rows[index.row()]
        if row.return_id is not None and self.on_open is not None:
            self.on_open(row)

    def texts(self) -> list[list[str]]:
        t = self.table
        return [
            [t.item(r, c).text() for c in range(t.columnCount())]  # type: ignore[union-attr]
            for r in range(t.rowCount())
        ]
