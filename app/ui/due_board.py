"""The due-date board window (issue 15 item 4): across all dealers, what is overdue and what falls
due in the next N days, the interest running on an overdue return if filed today; filtered, sorted
by any column, exported to Excel and PDF.  The rules are app.model.due_board, the reading
app.desk.due_board; the window follows the store's change announcements by itself."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from app.desk.due_board import DEFAULT_DAYS, load_board
from app.export import board_files
from app.model.due_board import OVERDUE, BoardRow, shown
from app.model.file_names import desk_file_name
from app.model.numbers import fmt_indian
from app.store.changes import Changes
from app.ui.errors import plain_words
from app.ui.events import AppEvents
from app.ui.file_dialogs import BOARD, save_file
from app.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QColor,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    QShortcut,
    QSortFilterProxyModel,
    QSpinBox,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
SHOW_CHOICES = (("Overdue and due", "both"), ("Overdue only", "overdue"), ("Due only", "due"))
#: Numbers and dates right-aligned; each column's sort key (Qt.UserRole).
_RIGHT = {4, 7, 8}
SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR, DUE_COLOUR = QColor("#b3261e"), QColor("#8a5a00")


def _sort_key(r: BoardRow, column: int) -> Any:
    f = r.figures
    keys: tuple[Any, ...] = (
        r.dealer.casefold(), r.tin, (r.period.last_day, r.period.is_annual), r.due, r.days,
        r.state, board_files.return_text(r), f.interest if f else -1, f.payable if f else -1,
    )  # fmt: skip
    return keys[column]


class BoardModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BoardRow] = []
        self._cells: list[list[str]] = []

    def set_rows(self, rows: list[BoardRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._cells = [board_files.cells(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(board_files.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return board_files.SHORT_HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return board_files.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        row = self.rows[r]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[r][c]
        if role == SORT_ROLE:
            return _sort_key(row, c)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and c in (4, 5):
            return OVERDUE_COLOUR if row.state == OVERDUE else DUE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and c in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and row.figures is not None and c in (4, 7, 8):
            f = row.figures
            return (f"If filed on {f.on:%d-%m-%Y}: {f.delay_days} day(s) after the due date "
                    f"{row.due:%d-%m-%Y}; tax ₹{fmt_indian(f.tax)} + interest "
                    f"₹{fmt_indian(f.interest)} (the engine's \"what if I file on\")")  # fmt: skip
        return None


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class DueBoardWindow(QMainWindow):
    def __init__(
        self, store: Any, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.setWindowTitle("Due-date board — all dealers")
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by dealer name or TIN…")
        self.search.setClearButtonEnabled(True)
        self.show_choice = QComboBox()
        for text, value in SHOW_CHOICES:
            self.show_choice.addItem(text, value)
        self.days = QSpinBox()
        self.days.setRange(0, 366)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" day(s)")
        self.days.setToolTip("Periods due within this many days from today")
        dealer_label = QLabel("&Dealer")
        dealer_label.setBuddy(self.search)
        show_label = QLabel("&Show")
        show_label.setBuddy(self.show_choice)
        days_label = QLabel("Due &within")
        days_label.setBuddy(self.days)
        for widget in (dealer_label, self.search, show_label, self.show_choice, days_label,
                       self.days):  # fmt: skip
            top.addWidget(widget, 1 if widget is self.search else 0)
        lay.addLayout(top)
        self.model = BoardModel(self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(self.open_row)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 96), (2, 108), (3, 82), (4, 104), (5, 62), (6, 108), (7, 100),
                           (8, 116)):  # fmt: skip
            self.view.setColumnWidth(col, width)
        h.setMinimumSectionSize(56)
        lay.addWidget(self.view, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        self.open_btn = QPushButton("&Open return")
        self.excel_btn = QPushButton("Export to &Excel…")
        self.pdf_btn = QPushButton("Export to &PDF…")
        self.refresh_btn = QPushButton("&Refresh")
        self.open_btn.clicked.connect(lambda: self.open_row(self.view.currentIndex()))
        self.excel_btn.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_btn.clicked.connect(lambda: self.export("pdf"))
        self.refresh_btn.clicked.connect(self.reload)
        for b in (self.open_btn, self.excel_btn, self.pdf_btn, self.refresh_btn):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.setCentralWidget(w)
        self.all_rows: list[BoardRow] = []
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.reload)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(120)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        self.show_choice.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.days.valueChanged.connect(lambda _v: self._reload_timer.start())
        QShortcut(QKeySequence("F5"), self).activated.connect(self.reload)
        AppEvents.of(store).changed.connect(self._store_changed)
        self.resize(1240, 620)
        self.reload()

    # ---- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the board again (the days window may have changed)."""
        try:
            self.all_rows = load_board(self.store, self.today, self.days.value())
        except Exception as exc:  # a store that cannot be read: said, never a crash
            self.summary.setText(f"The board could not be read: {plain_words(exc)}")
            return
        self.apply_filter()

    def apply_filter(self) -> None:
        rows = shown(
            self.all_rows, text=self.search.text(), show=str(self.show_choice.currentData())
        )
        self.model.set_rows(rows)
        self.summary.setText(board_files.summary(rows) + f" — as of {self.today:%d-%m-%Y}.")

    def visible_rows(self) -> list[BoardRow]:
        """The rows as the view shows them: filtered and in the sorted order."""
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def _store_changed(self, _changes: Changes) -> None:
        self._reload_timer.start()  # a change anywhere in the app: read the board again

    # ---- actions ----------------------------------------------------------------------------
    def open_row(self, index: Index) -> Any:
        if not index.isValid():
            return None
        row: BoardRow = index.data(ROW_ROLE)
        opener = _opener(self)
        if row.return_id is not None:
            return opener(row.return_id) if opener is not None else None
        answer = QMessageBox.question(
            self, "Due-date board",
            f"{row.dealer} has no return for {row.period.label} yet. Create it now, started from "
            "the previous return?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return None
        from app.ui.new_return import create_return

        try:
            rid, note = create_return(self.store, row.client_id, row.period, from_previous=True)
        except Exception as exc:
            QMessageBox.warning(self, "Due-date board", f"Not created: {plain_words(exc)}")
            return None
        self.statusBar().showMessage(note, 15000)  # the store's announcement reloads the board
        return opener(rid) if opener is not None else rid

    def export(self, kind: str, path: Path | None = None) -> Path | None:
        """The rows shown, as shown, to an Excel workbook or a PDF."""
        rows = self.visible_rows()
        if path is None:
            name = desk_file_name("due-board", kind, self.today)
            filt = "Excel workbook (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
            path = save_file(
                self, BOARD, "Export the due-date board", name, filt, suffix=f".{kind}"
            )
            if path is None:
                return None
        try:
            if kind == "xlsx":
                board_files.write_xlsx(path, rows, self.today, self.days.value())
            else:
                board_files.write_pdf(path, rows, self.today, self.days.value())
        except Exception as exc:
            QMessageBox.warning(self, "Due-date board", f"Not written: {plain_words(exc)}")
            return None
        self.statusBar().showMessage(f"{len(rows)} row(s) written to {path}", 15000)
        return path


def _opener(widget: QObject) -> Any:
    """The main window's "open this return" (the board may sit under the overview)."""
    parent = widget.parent()
    while parent is not None:
        opener = getattr(parent, "open_return", None)
        if opener is not None:
            return opener
        parent = parent.parent()
    return None


def open_due_board(parent: QWidget | None, store: Any) -> DueBoardWindow:
    """The board as a window of its own (kept on the parent so it is not collected)."""
    window = DueBoardWindow(store, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if parent is not None:
        parent.due_board = window  # type: ignore[attr-defined]
    window.show()
    return window
