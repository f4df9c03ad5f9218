"""Practitioner overview: every dealer × the months of a financial year and its annual return,
each cell the latest version's status and payable; create, validate, export and print many at once
(app.ui.overview_bulk).

The grid follows the store (app.ui.events): a return created, saved or filed anywhere shows in its
cell by itself (F5 / Refresh remain for the user's peace of mind).  While a bulk action of its own
runs, the grid waits and shows everything once it is done.
"""

from __future__ import annotations

import logging
from datetime import date

from app.model.periods import Period
from app.store import Store, StoreError
from app.store.changes import Changes
from app.ui import desk_menu, overview_bulk
from app.ui.bulk_report import ReportDialog
from app.ui.errors import plain_words
from app.ui.events import AppEvents
from app.ui.new_return import default_period
from app.ui.overview_grid import FIRST_YEAR, FIXED, Cell, GridModel, Index
from app.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QShortcut,
    QStyle,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.return_editor import ReturnEditor, open_editor
from app.ui.tables import fit_to_screen
from app.ui.worker import Task

log = logging.getLogger(__name__)


class OverviewWindow(QMainWindow):
    def __init__(
        self, store: Store, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.report: ReportDialog | None = None
        self.progress: QProgressDialog | None = None
        self.task: Task | None = None
        self.behind = False  # a change arrived while a bulk action ran
        AppEvents.of(store).changed.connect(self._store_changed)
        self.setWindowTitle("Practitioner overview — all dealers × periods")
        w = QWidget()
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        y, m = default_period(today or date.today())
        current = Period(y, m).financial_year.year
        self.year = QComboBox()
        for start in range(FIRST_YEAR, max(current, FIRST_YEAR) + 1):
            self.year.addItem(str(Period(start, 0)), start)
        self.year.setCurrentIndex(self.year.count() - 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter dealers by name or TIN…")
        self.search.setClearButtonEnabled(True)
        top.addWidget(QLabel("Financial year"))
        top.addWidget(self.year)
        top.addWidget(self.search, 1)
        lay.addLayout(top)
        self.model = GridModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(40)
        self.view.setWordWrap(True)
        self.view.doubleClicked.connect(self.open_cell)
        h = self.view.horizontalHeader()
        # A period's status and payable are never cut ("…"): each column is as wide as its
        # widest cell (fit_columns, from the texts: Qt's ResizeToContents would ask every cell
        # of 300 dealers again on each refresh), and the grid scrolls sideways on a small screen.
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(False)  # a stretched last column could be squeezed to "…"
        self.view.setColumnWidth(0, 170)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.create_btn = QPushButton("Create returns")
        self.validate_btn = QPushButton("Validate")
        self.export_btn = QPushButton("Export upload JSON…")
        self.print_btn = QPushButton("Print PDFs…")
        self.open_btn = QPushButton("Open")
        self.refresh_btn = QPushButton("Refresh")
        for b, slot in ((self.create_btn, self.create_selected),
                        (self.validate_btn, self.validate_selected),
                        (self.export_btn, lambda: self.export_selected()),
                        (self.print_btn, lambda: self.print_selected()),
                        (self.open_btn, lambda: self.open_cell(self.view.currentIndex())),
                        (self.refresh_btn, self.refresh)):  # fmt: skip
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.setCentralWidget(w)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(self.model.set_filter)
        self.statusBar().showMessage(
            "Select cells (Ctrl/Shift-click, drag) and act on them; double-click opens a return."
        )
        fit_to_screen(self, 1340, 640)
        desk_menu.install_overview(self)  # issue 15: the due-date board, report a problem
        self.refresh()

    # ---- grid ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.behind = False
        self.model.load(self.store, Period(int(self.year.currentData()), 0))
        self.fit_columns()

    def fit_columns(self) -> None:
        """TIN and period columns as wide as their widest text (header included)."""
        fm, hfm = self.view.fontMetrics(), self.view.horizontalHeader().fontMetrics()
        # Qt's text margins both sides, the grid line the cell gives up and two pixels for the
        # font's fractional advance — as Qt's own sizeHintForColumn (without the last three, a
        # TIN showed as "320000000…" and "Rev 1 draft" wrapped to "draft…").
        room = 2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        room += int(self.view.showGrid()) + 2
        head = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        texts: dict[int, set[str]] = {}
        for row in self.model.all_rows:
            texts.setdefault(1, set()).add(row[0].tin)
            for c, cell in enumerate(row, len(FIXED)):
                texts.setdefault(c, set()).update(self.model.text(cell).split("\n"))
        for c in range(1, self.model.columnCount()):
            header = str(self.model.headerData(c, Qt.Orientation.Horizontal, 0) or "")
            widest = max((fm.horizontalAdvance(t) for t in texts.get(c, ())), default=0)
            self.view.setColumnWidth(c, max(widest + room, hfm.horizontalAdvance(header) + head))

    def _store_changed(self, changes: Changes) -> None:
        """Only the dealers a change touched are read again (a bulk action elsewhere costs a
        few small reads per refresh); a change of the dealers themselves reloads the grid."""
        if not isValid(self):
            return
        if self.task is not None:  # the bulk action's report refreshes once it is done
            self.behind = True
            return
        try:
            if changes.everything or not self.model.update(self.store, changes.clients):
                self.refresh()
                return
        except StoreError as exc:  # the office database gone meanwhile: said, never a traceback
            log.warning("overview not refreshed: %s", exc)
            self.statusBar().showMessage(f"Not refreshed: {plain_words(exc)}", 15000)
            return
        self.fit_columns()

    def selected_cells(self) -> list[Cell]:
        idx = sorted(
            self.view.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())
        )
        cells = [self.model.cell(i) for i in idx]
        return [c for c in cells if c is not None and c.available]

    def open_cell(self, index: Index) -> ReturnEditor | None:
        cell = self.model.cell(index)
        if cell is None or cell.info is None:
            self.statusBar().showMessage("No return there: select it and use Create returns.", 8000)
            return None
        return self.open_return(cell.info.id)

    def open_return(self, return_id: int) -> ReturnEditor | None:
        """The return in its editor; why not in the status bar when it cannot be opened."""
        try:
            return open_editor(self.store, return_id)
        except Exception as exc:  # deleted meanwhile, no rate pack …: said plainly
            log.exception("opening return %s failed", return_id)
            self.statusBar().showMessage(f"Cannot open it: {plain_words(exc)}", 15000)
            return None

    # ---- bulk work (app.ui.overview_bulk) --------------------------------------------------------
    def create_selected(self) -> None:
        overview_bulk.create_selected(self)

    def validate_selected(self) -> None:
        overview_bulk.validate_selected(self)

    def export_selected(self, folder: str | None = None) -> None:
        overview_bulk.export_selected(self, folder)

    def print_selected(self, folder: str | None = None) -> None:
        overview_bulk.print_selected(self, folder)
