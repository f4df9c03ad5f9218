"""Practitioner overview: every dealer × the months of a financial year and its annual return,
each cell the latest version's status and payable; create, validate and export many at once.

The grid follows the store (app.ui.events): a return created, saved or filed anywhere shows in its
cell by itself (F5 / Refresh remain for the user's peace of mind).  While a bulk action of its own
runs, the grid waits and shows everything once it is done.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.export.schema import dumps_checked
from app.fileio import write_text
from app.model.file_names import return_file_name
from app.model.numbers import fmt_indian
from app.model.periods import Period, PeriodError
from app.model.status import DRAFT, FILED, READY, describe_version
from app.store import ClientInfo, ReturnInfo, Store, StoreError, lifecycle
from app.store.changes import Changes
from app.ui import desk_menu
from app.ui.errors import plain_words
from app.ui.events import AppEvents
from app.ui.file_dialogs import EXPORT_FOLDER, choose_folder
from app.ui.new_return import create_return, default_period
from app.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QColor,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QProgressDialog,
    QPushButton,
    QShortcut,
    QStyle,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.return_editor import ReturnEditor, open_editor
from app.ui.status_colours import STATUS_COLOURS
from app.ui.tables import fit_to_screen
from app.ui.worker import Progress, Task, run_in_background

log = logging.getLogger(__name__)

FIRST_YEAR = 2024  # FORM No. 9 starts in 2024-25 (SRO 667/2024)
FIXED = ("Dealer", "TIN")
SHORT = {DRAFT: "Draft", READY: "Ready", FILED: "Filed"}
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Cell:
    """One dealer × period: the latest version there (highest revision), or None."""

    client_id: int
    dealer: str
    tin: str
    period: Period
    info: ReturnInfo | None
    #: False before FORM No. 9 applies (months before 2024-08).
    available: bool = True


def _applies(p: Period) -> bool:
    try:
        Period.parse(str(p))
    except PeriodError:
        return False
    return True


def status_text(info: ReturnInfo | None) -> str:
    """'Filed', 'Ready', 'Draft', 'Rev 2 draft', or '—' when there is no return."""
    if info is None:
        return "—"
    short = SHORT.get(info.status, info.status)
    return f"Rev {info.revision_no} {short.lower()}" if info.return_type == "revision" else short


def year_columns(year: Period) -> list[Period]:
    return [*year.months(), year]


def _latest(infos: Iterable[ReturnInfo]) -> dict[tuple[int, str], ReturnInfo]:
    """The highest revision of each (client, period)."""
    latest: dict[tuple[int, str], ReturnInfo] = {}
    for info in infos:
        key = (info.client_id, info.period)
        if key not in latest or info.revision_no > latest[key].revision_no:
            latest[key] = info
    return latest


def _row(c: ClientInfo, year: Period, latest: dict[tuple[int, str], ReturnInfo]) -> list[Cell]:
    return [
        Cell(c.id, c.name, c.tin, p, latest.get((c.id, str(p))), _applies(p))
        for p in year_columns(year)
    ]


def load_grid(store: Store, year: Period) -> list[list[Cell]]:
    """One row of cells per dealer, from one read of the clients and one of all returns."""
    latest = _latest(store.all_returns())
    return [_row(c, year, latest) for c in store.list_clients()]


def file_name(tin: str, info: ReturnInfo) -> str:
    """32071234567-2024-09-form9.json (app.model.file_names)."""
    return return_file_name(tin, info.period, "json", return_type=info.return_type,
                            revision_no=info.revision_no)  # fmt: skip


class GridModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.year = Period(FIRST_YEAR, 0)
        self.all_rows: list[list[Cell]] = []
        self.rows: list[list[Cell]] = []
        self.needle = ""

    def load(self, store: Store, year: Period) -> None:
        """Read the grid; when the same dealers show in the same order, only the cells change
        (the view keeps its selection and scroll position), else the grid is laid out anew."""
        grid = load_grid(store, year)
        same = year == self.year and [r[0].client_id for r in grid] == [
            r[0].client_id for r in self.all_rows
        ]
        if same:
            self.all_rows = grid
            self.rows = self._filtered()
            if self.rows:
                last = self.index(len(self.rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.year = year
        self.all_rows = grid
        self.rows = self._filtered()
        self.endResetModel()

    def update(self, store: Store, client_ids: Iterable[int]) -> bool:
        """Read again only these dealers' returns (a change touched them); False when the
        dealers themselves changed (added, removed, renamed …): then `load` the whole grid."""
        clients = store.list_clients()
        shown = [(r[0].client_id, r[0].dealer, r[0].tin) for r in self.all_rows]
        if [(c.id, c.name, c.tin) for c in clients] != shown:
            return False
        at = {r[0].client_id: n for n, r in enumerate(self.all_rows)}
        by_id = {c.id: c for c in clients}
        for cid in set(client_ids) & set(at):
            latest = _latest(store.list_returns(cid))
            self.all_rows[at[cid]] = _row(by_id[cid], self.year, latest)
        self.rows = self._filtered()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )
        return True

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self.needle = text.strip().casefold()
        self.rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[list[Cell]]:
        n = self.needle
        return [r for r in self.all_rows if not n or n in r[0].dealer.casefold() or n in r[0].tin]

    def cell(self, index: Index) -> Cell | None:
        col = index.column() - len(FIXED)
        return self.rows[index.row()][col] if col >= 0 and index.isValid() else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + 13

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(FIXED):
            return FIXED[section]
        p = year_columns(self.year)[section - len(FIXED)]
        return "Annual" if p.is_annual else f"{p.label[:3]} {p.year % 100:02d}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        cell = self.cell(index)
        if cell is not None and not cell.available:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def text(self, cell: Cell) -> str:
        info = cell.info
        return status_text(info) + (f"\n{fmt_indian(info.payable)}" if info else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cell = self.cell(index)
        first = self.rows[index.row()][0]
        if cell is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return first.dealer if index.column() == 0 else first.tin
            return None
        info = cell.info
        status = info.status if info is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(status, STATUS_COLOURS[""])[0]))
        if role == Qt.ItemDataRole.BackgroundRole and cell.available:
            return QBrush(QColor(STATUS_COLOURS.get(status, STATUS_COLOURS[""])[1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        return None

    @staticmethod
    def _tooltip(cell: Cell) -> str:
        head = f"{cell.dealer} — {cell.period.label}"
        info = cell.info
        if not cell.available:
            return f"{head}: before FORM No. 9 (it applies from August 2024)"
        if info is None:
            return f"{head}: no return yet"
        lines = [
            head,
            f"{describe_version(info.return_type, info.revision_no)}: {status_text(info)}",
            f"Payable: ₹ {fmt_indian(info.payable)}",
        ]
        if info.status == FILED:
            filed = info.filed_on.strftime("%d-%m-%Y") if info.filed_on else "—"
            lines.append(f"Ack. no. {info.ack_no or '—'}, filed on {filed}")
        return "\n".join(lines)


class ReportDialog(QDialog):
    """A table of what a bulk action did, one row per return."""

    def __init__(self, parent: QWidget, title: str, headers: list[str], rows: list[list[str]],
                 note: str) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        fit_to_screen(self, 720, 360)

    def texts(self) -> list[list[str]]:
        t = self.table
        return [
            [t.item(r, c).text() for c in range(t.columnCount())]  # type: ignore[union-attr]
            for r in range(t.rowCount())
        ]


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
        self.open_btn = QPushButton("Open")
        self.refresh_btn = QPushButton("Refresh")
        for b, slot in ((self.create_btn, self.create_selected),
                        (self.validate_btn, self.validate_selected),
                        (self.export_btn, lambda: self.export_selected()),
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
        room = 2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
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
        except StoreError as exc:  # the office's server gone meanwhile: said, never raised
            log.warning("the overview could not be refreshed: %s", exc)
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
        try:
            return open_editor(self.store, cell.info.id)
        except Exception as exc:  # deleted meanwhile, no rate pack …: said plainly
            log.exception("opening return %s failed", cell.info.id)
            self.statusBar().showMessage(f"Cannot open it: {plain_words(exc)}", 15000)
            return None

    # ---- bulk work -------------------------------------------------------------------------------
    def _run(self, title: str, cells: list[Cell], step: Callable[[Cell], list[str]],
             headers: list[str], refresh: bool = False) -> None:  # fmt: skip
        """`step` each cell off the GUI thread with a progress dialog; Cancel stops before the next
        cell.  A failing cell is reported on its row, never dropped; the report lists every row."""
        if not cells:
            self.statusBar().showMessage(f"{title}: select one or more cells first.", 8000)
            return
        rows: list[list[str]] = []
        dlg = QProgressDialog(f"{title}…", "Cancel", 0, len(cells), self)
        dlg.setWindowTitle(title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setValue(0)
        self.progress = dlg

        def work(progress: Progress) -> None:
            for i, cell in enumerate(cells):
                progress(i, len(cells), f"{cell.dealer} — {cell.period.label}")
                try:
                    rows.append(step(cell))
                except Exception as exc:  # the cell's row says what went wrong
                    log.exception("%s failed for %s %s", title, cell.tin, cell.period)
                    rows.append([cell.dealer, cell.period.label, "", f"Failed: {plain_words(exc)}"])

        def finish(note: str) -> None:
            dlg.canceled.disconnect()
            dlg.hide()
            dlg.deleteLater()
            self.progress = self.task = None
            if refresh or self.behind:
                self.refresh()
            self.report = ReportDialog(self, title, headers, rows, note)
            self.report.show()

        def progressed(done: int, total: int, text: str) -> None:
            dlg.setValue(done)
            dlg.setLabelText(text)

        def failed(exc: BaseException, tb: str) -> None:
            finish(f"Stopped by an error: {plain_words(exc, tb)}")

        self.task = run_in_background(
            work,
            on_done=lambda _r: finish(f"{len(rows)} of {len(cells)} done."),
            on_error=failed,
            on_progress=progressed,
            on_cancel=lambda: finish(f"Cancelled: {len(rows)} of {len(cells)} done."),
        )
        dlg.canceled.connect(self.task.cancel)

    def create_selected(self) -> None:
        """A new original return in each selected empty cell, prefilled as 'New return' does."""
        store = self.store

        def step(cell: Cell) -> list[str]:
            _rid, note = create_return(store, cell.client_id, cell.period)
            return [cell.dealer, cell.period.label, "Created", note]

        missing = [c for c in self.selected_cells() if c.info is None]
        headers = ["Dealer", "Period", "Result", "Prefilled"]
        self._run("Create returns", missing, step, headers, refresh=True)

    def validate_selected(self) -> None:
        store = self.store

        def step(cell: Cell) -> list[str]:
            info = cell.info
            assert info is not None
            _c, findings = lifecycle.check(store, info.id)
            errors = sum(1 for f in findings if f.is_error)
            version = describe_version(info.return_type, info.revision_no)
            return [cell.dealer, cell.period.label, version, str(errors),
                    str(len(findings) - errors)]  # fmt: skip

        existing = [c for c in self.selected_cells() if c.info is not None]
        headers = ["Dealer", "Period", "Version", "Errors", "Warnings"]
        self._run("Validate", existing, step, headers)

    def export_selected(self, folder: str | None = None) -> None:
        """Each selected return without errors as <TIN>-<period>[-revN]-form9.json."""
        existing = [c for c in self.selected_cells() if c.info is not None]
        if not existing:
            self.statusBar().showMessage("Export: select one or more existing returns.", 8000)
            return
        if folder is None:
            chosen = choose_folder(self, EXPORT_FOLDER, "Export upload JSON to folder")
            folder = str(chosen) if chosen is not None else ""
        if not folder:
            return
        store, target = self.store, Path(folder)

        def step(cell: Cell) -> list[str]:
            info = cell.info
            assert info is not None
            ret = store.load_return(info.id)
            computed, findings = lifecycle.check(store, info.id, ret)
            version = describe_version(info.return_type, info.revision_no)
            errors = sum(1 for f in findings if f.is_error)
            if errors:
                return [cell.dealer, cell.period.label, version, f"Skipped: {errors} error(s)"]
            text = dumps_checked(ret, computed)
            path = target / file_name(cell.tin, info)
            write_text(path, text)
            with store.transaction():  # one unit of work per return written
                store.record_export(info.id, "json", str(path), json.loads(text)["checksum"])
            return [cell.dealer, cell.period.label, version, path.name]

        headers = ["Dealer", "Period", "Version", "File"]
        self._run("Export upload JSON", existing, step, headers)
