"""The cell-by-cell error table of every import from a spreadsheet (returns and dealers): one row
per cell that cannot be read — sheet, row, column, header, what was found, what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.export.excel_headers import CellError
from app.ui.qt import (
    QAbstractTableModel,
    QHeaderView,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPlainTextEdit,
    Qt,
    QTableView,
    QWidget,
)


class ErrorModel(QAbstractTableModel):
    """Every rejected cell, lazily shown (a bad file may have many thousands)."""

    HEADERS = ("Sheet", "Row", "Column", "Header", "Found", "Expected")

    def __init__(self, errors: Sequence[CellError], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors = errors

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.errors)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        e = self.errors[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(e)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (e.sheet, e.row, e.column or "—", e.header, e.value, e.expected)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def error_table(errors: Sequence[CellError], parent: QWidget | None = None) -> QTableView:
    """The error table as a view, columns sized for a dealer's file."""
    table = QTableView(parent)
    table.setModel(ErrorModel(errors, table))
    table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    for col, width in enumerate((100, 60, 60, 190, 150)):
        table.setColumnWidth(col, width)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def notices_box(notices: Sequence[str]) -> QPlainTextEdit:
    """What the reader noted besides errors (columns not read, rows above the header…)."""
    box = QPlainTextEdit("\n".join(notices))
    box.setReadOnly(True)
    box.setMaximumHeight(90)
    return box
