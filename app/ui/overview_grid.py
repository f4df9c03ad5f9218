"""The practitioner overview's grid: every dealer × the months of a financial year and its annual
return, each cell the latest version's status and payable (read in two queries for the whole
store; a change re-reads only the dealers it touched)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.model.file_names import return_file_name
from app.model.numbers import fmt_indian
from app.model.periods import Period, PeriodError
from app.model.status import DRAFT, FILED, READY, describe_version
from app.store import ClientInfo, ReturnInfo, Store
from app.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from app.ui.status_colours import STATUS_COLOURS

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


def file_name(tin: str, info: ReturnInfo, ext: str = "json") -> str:
    """32071234567-2024-09-form9.json, or .pdf (app.model.file_names)."""
    return return_file_name(tin, info.period, ext, return_type=info.return_type,
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
