"""Read-only tables of the windows and dialogs (lists of dealers and returns, the lifecycle
figures): cells, and refreshing a table in place so that a change made elsewhere does not lose the
user's selection or scroll position."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QHeaderView,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
KEY = Qt.ItemDataRole.UserRole


def cell(text: str, *, right: bool = False, bold: bool = False, tip: str = "") -> QTableWidgetItem:
    """A read-only, selectable cell."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setTextAlignment(RIGHT if right else LEFT)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    if tip:
        item.setToolTip(tip)
    return item


def read_only_table(headers: list[str], stretch: int = -1) -> QTableWidget:
    """A read-only table sized to its contents; column `stretch` (default the last) takes the
    spare width."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch % len(headers), QHeaderView.ResizeMode.Stretch)
    return t


def set_row(t: QTableWidget, row: int, items: Sequence[QTableWidgetItem]) -> None:
    for col, item in enumerate(items):
        t.setItem(row, col, item)


@dataclass(frozen=True, slots=True)
class Cell:
    """What one cell of a list shows."""

    text: str
    right: bool = False
    colour: str = ""  # text colour, e.g. a status's
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a list: the id it stands for (kept selected across refreshes) and its cells."""

    key: int
    cells: tuple[Cell, ...]


def _item(c: Cell) -> QTableWidgetItem:
    item = cell(c.text, right=c.right, tip=c.tip)
    if c.colour:
        item.setForeground(QBrush(QColor(c.colour)))
    return item


def _same(item: QTableWidgetItem | None, c: Cell) -> bool:
    if item is None or item.text() != c.text or item.toolTip() != c.tip:
        return False
    return not c.colour or item.foreground().color().name() == QColor(c.colour).name()


def key_at(t: QTableWidget, row: int) -> int | None:
    item = t.item(row, 0)
    value = item.data(KEY) if item is not None else None
    return int(value) if value is not None else None


def selected_key(t: QTableWidget) -> int | None:
    rows = sorted({i.row() for i in t.selectedIndexes()})
    return key_at(t, rows[0]) if rows else None


#: What each list shows now (rows equal to the new ones are not looked at again).
_shown: WeakKeyDictionary[QTableWidget, list[Line]] = WeakKeyDictionary()


def show_lines(t: QTableWidget, lines: Sequence[Line], select: int | None = None) -> bool:
    """Show `lines`, changing only the cells that differ (the view keeps its scroll position);
    the row of `select` (else of the key selected before) is selected, or the first row.
    True when the selected key changed."""
    before = selected_key(t)
    keep = select if select is not None else before
    old = _shown.get(t, []) if t.rowCount() == len(_shown.get(t, [])) else []
    t.setRowCount(len(lines))
    target = 0
    for r, line in enumerate(lines):
        if line.key == keep:
            target = r
        if r < len(old) and old[r] == line:
            continue
        for c, shown in enumerate(line.cells):
            if not _same(t.item(r, c), shown):
                t.setItem(r, c, _item(shown))
        first = t.item(r, 0)
        if first is not None and first.data(KEY) != line.key:
            first.setData(KEY, line.key)
    _shown[t] = list(lines)
    if lines and (selected_key(t) != lines[target].key or len(t.selectedIndexes()) == 0):
        t.selectRow(target)
    elif not lines:
        t.clearSelection()
    return selected_key(t) != before


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Open at (width, height), but never larger than the screen it opens on: every window and
    dialog fits a 1024×700 laptop (its tables scroll rather than run off the screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 24), min(height, room.height() - 48)
    widget.resize(width, height)
