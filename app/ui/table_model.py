"""A Qt table model over one table of the open return (Part 1(a), Part 2, lists, …).

Lazy: it formats only the cells Qt asks for, so the 100,000-row lists cost nothing per row.
An optional filter keeps a list of the source rows shown.  Edits go through the session (undo,
autosave); the model only follows the session's signals.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from app.model import values
from app.model.catalogue import NUMBER_KINDS
from app.model.field_choices import choices_for
from app.model.findings import Finding
from app.ui import field_values
from app.ui.columns import Column, columns_of, new_row
from app.ui.part_names import PART_TITLES
from app.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from app.ui.session import LIST_PARTS, ReturnSession

COMPUTED_BG = QColor("#eef1f6")
COMPUTED_FG = QColor("#1f3f74")
ERROR_BG = QColor("#fbd5d5")
WARNING_BG = QColor("#fff1c2")

Index = QModelIndex | QPersistentModelIndex
RIGHT_KINDS = NUMBER_KINDS | {"serial", "count"}


class RowsModel(QAbstractTableModel):
    decorations_changed = Signal()  # finding colours changed: views repaint

    def __init__(self, session: ReturnSession, part: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.part = session, part
        self.columns: tuple[Column, ...] = columns_of(session.catalogue, part)
        self.finding_part = "header" if part == "branches" else part
        self._map: list[int] | None = None  # source rows shown when filtered
        self._filter: Callable[[Any], bool] | None = None
        self._computed_font = QFont()
        self._computed_font.setItalic(True)
        session.values_changed.connect(self._on_values)
        session.rows_about_to_insert.connect(self._on_about_insert)
        session.rows_inserted.connect(self._on_inserted)
        session.rows_about_to_remove.connect(self._on_about_remove)
        session.rows_removed.connect(self._on_removed)
        session.recomputed.connect(self._on_recomputed)
        session.findings_changed.connect(self._on_findings)
        session.reloaded.connect(self._reset)

    # ---- rows ----------------------------------------------------------------------------------
    @property
    def rows(self) -> list[Any]:
        return self.session.rows(self.part)

    def source_row(self, view_row: int) -> int:
        return self._map[view_row] if self._map is not None else view_row

    def view_row(self, source_row: int) -> int | None:
        if self._map is None:
            return source_row
        try:
            return self._map.index(source_row)
        except ValueError:
            return None

    def set_filter(self, keep: Callable[[Any], bool] | None) -> None:
        self.beginResetModel()
        self._filter = keep
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        keep = self._filter
        self._map = None if keep is None else [i for i, r in enumerate(self.rows) if keep(r)]

    @property
    def filtered(self) -> bool:
        return self._map is not None

    # ---- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._map) if self._map is not None else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.header
            if role == Qt.ItemDataRole.ToolTipRole:
                return col.tooltip
            if role == Qt.ItemDataRole.ForegroundRole and not col.editable:
                return QBrush(COMPUTED_FG)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.source_row(section) + 1)
        return None

    def cell(self, index: Index) -> Any:
        col = self.columns[index.column()]
        src = self.source_row(index.row())
        row = self.rows[src]
        if col.value is not None:
            return col.value(src, row, self.session.computed)
        return col.get(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return values.show(col.kind, self.cell(index))
        if role == Qt.ItemDataRole.EditRole:
            return values.edit_text(col.kind, self.cell(index))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.kind in RIGHT_KINDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            f = self._finding(index)
            if f is not None:
                return QBrush(ERROR_BG if f.is_error else WARNING_BG)
            if not col.editable:
                return QBrush(COMPUTED_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not col.editable:
            return QBrush(COMPUTED_FG)
        if role == Qt.ItemDataRole.FontRole and not col.editable:
            return self._computed_font
        if role == Qt.ItemDataRole.ToolTipRole:
            f = self._finding(index)
            tip = f"{f.code}: {f.message}" if f is not None else ""
            if not col.editable:
                rule = f"({col.number}) = {col.formula}" if col.number else col.formula
                tip = (tip + "\n" if tip else "") + rule
            elif col.kind == "text":
                text = str(self.cell(index) or "")
                if len(text) > 12:
                    tip = (tip + "\n" if tip else "") + text
            return tip or None
        return None

    def _finding(self, index: Index) -> Finding | None:
        found = self.session.cell_findings
        if not found:
            return None
        src = self.source_row(index.row())
        col = self.columns[index.column()]
        f = found.get((self.finding_part, src, col.id))
        if f is None and index.column() == 0:
            f = found.get((self.finding_part, src, None))
        return f

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable and not self.session.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        if not col.editable:
            return False
        src = self.source_row(index.row())
        try:
            new = self.parse(col, str(value), self.rows[src])
        except values.EntryError as exc:
            self.session.message.emit(f"{self.where(index)}: {exc}")
            return False
        self.write([(src, col.id, new)], f"Edit {self.where(index)}")
        return True

    def new_row(self) -> Any:
        return new_row(self.session.catalogue, self.part)

    def parse(self, col: Column, text: str, row: Any = None) -> Any:
        """The value of text typed or pasted into a cell of `row` (EntryError when unreadable)."""
        f = col.field
        return values.parse(
            f.kind, text, choices_for(f, row, self.session.pack), open_=f.open, field=f.id
        )

    def write(self, changes: list[tuple[int, str, Any]], text: str) -> bool:
        """New cell values (source row, field id, value) as one undo step; fields an amendment
        added go to each row's `extra` (app.ui.field_values)."""
        by_row: dict[int, list[tuple[str, Any]]] = {}
        for src, fid, value in changes:
            by_row.setdefault(src, []).append((fid, value))
        edits: list[field_values.Edit] = []
        for src, vals in by_row.items():
            edits += field_values.edits(self.rows[src], src, vals)
        return self.session.set_values(self.part, edits, text)

    def where(self, index: Index) -> str:
        """'Part 1(a) row 3, (8) Total turnover' for messages."""
        col = self.columns[index.column()]
        where = PART_TITLES.get(self.part, self.part)
        return f"{where} row {self.source_row(index.row()) + 1}, {col.name}"

    # ---- edits used by the table view (each one undo step) -------------------------------------
    def insert_after(self, view_row: int | None) -> int:
        """Insert a blank row below `view_row` (or at the end); returns its view row."""
        n = len(self.rows)
        src = n if view_row is None or view_row < 0 else self.source_row(view_row) + 1
        self.session.insert_rows(self.part, src, [self.new_row()], "Insert row")
        v = self.view_row(src)
        return v if v is not None else self.rowCount() - 1

    def remove_view_rows(self, view_rows: list[int]) -> None:
        src = sorted({self.source_row(v) for v in view_rows}, reverse=True)
        if not src:
            return
        self.session.begin_macro(f"Delete {len(src)} row(s)")
        try:
            for s in src:  # from the bottom, so earlier indexes stay right
                self.session.remove_rows(self.part, s, 1)
        finally:
            self.session.end_macro()

    def copy_row_above(self, view_rows: list[int]) -> bool:
        """Ctrl+D: each row takes the input cells of the row shown above it."""
        changes = []
        for v in sorted(set(view_rows)):
            if v <= 0:
                continue
            above = self.rows[self.source_row(v - 1)]
            src = self.source_row(v)
            for col in self.columns:
                if col.editable:
                    changes.append((src, col.id, copy.copy(col.get(above))))
        if not changes:
            self.session.message.emit("Ctrl+D copies the row above; there is no row above.")
            return False
        return self.write(changes, "Copy row above")

    def clear_cells(self, indexes: list[QModelIndex]) -> None:
        blank = self.new_row()
        changes = []
        for ix in indexes:
            col = self.columns[ix.column()]
            if col.editable:
                changes.append((self.source_row(ix.row()), col.id, copy.copy(col.get(blank))))
        self.write(changes, "Clear cells")

    def paste_block(self, top: int, left: int, block: list[list[str]]) -> bool:
        """Paste text cells (from Excel) at (top, left), column for column as the table shows
        them; rows past the end are added.  Cells that land on computed columns are not used
        (the app works those out) and the message says so.

        Every cell is read first; if any is bad nothing is pasted and the message lists the
        cells ('row 3, (8) Total turnover: …'), so nothing is dropped silently.
        """
        width = max((len(r) for r in block), default=0)
        if left + width > len(self.columns):
            self.session.message.emit(
                f"The block has {width} columns but only {len(self.columns) - left} columns "
                "follow the current cell; nothing pasted."
            )
            return False
        skipped = {
            self.columns[left + c].number or self.columns[left + c].title
            for line in block
            for c, text in enumerate(line)
            if not self.columns[left + c].editable and text.strip()
        }
        shown = self.rowCount()
        errors: list[str] = []
        parsed: list[list[tuple[str, Any]]] = []
        for r, line in enumerate(block):
            cells = []
            for c, text in enumerate(line):
                col = self.columns[left + c]
                if not col.editable:
                    continue
                src = self.source_row(top + r) if top + r < shown else None
                row = self.rows[src] if src is not None else None
                try:
                    cells.append((col.id, self.parse(col, text, row)))
                except values.EntryError as exc:
                    errors.append(f"row {top + r + 1}, {col.name}: {exc}")
            parsed.append(cells)
        if errors:
            more = f" (and {len(errors) - 8} more)" if len(errors) > 8 else ""
            self.session.message.emit("Nothing pasted — " + "; ".join(errors[:8]) + more)
            return False
        existing = max(0, min(len(block), shown - top))
        extra = len(block) - existing
        self.session.begin_macro(f"Paste {len(block)} row(s)")
        try:
            targets = [self.source_row(top + r) for r in range(existing)]
            if extra:
                start = len(self.rows)
                self.session.insert_rows(
                    self.part, start, [self.new_row() for _ in range(extra)], "Add rows"
                )
                targets += list(range(start, start + extra))
            changes = [
                (targets[r], fid, val) for r, cells in enumerate(parsed) for fid, val in cells
            ]
            self.write(changes, "Paste")
        finally:
            self.session.end_macro()
        note = f"Pasted {len(block)} row(s)."
        if skipped:
            cols = ", ".join(f"({n})" for n in sorted(skipped, key=lambda x: (len(x), x)))
            note += f" Columns {cols} are computed by the app; their pasted figures were not used."
        self.session.message.emit(note)
        return True

    # ---- following the session -----------------------------------------------------------------
    def _on_values(self, part: str, rows: list[int] | None) -> None:
        if part != self.part:
            return
        last = self.columnCount() - 1
        if rows is None or self._map is not None and len(rows) > 50:
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, last))
            return
        for src in rows:
            v = self.view_row(src)
            if v is not None:
                self.dataChanged.emit(self.index(v, 0), self.index(v, last))

    def _on_about_insert(self, part: str, index: int, count: int) -> None:
        if part != self.part:
            return
        if self._map is None:
            self.beginInsertRows(QModelIndex(), index, index + count - 1)
        else:
            self.beginResetModel()

    def _on_inserted(self, part: str) -> None:
        if part != self.part:
            return
        if self._map is None:
            self.endInsertRows()
        else:
            self._refilter()
            self.endResetModel()

    def _on_about_remove(self, part: str, index: int, count: int) -> None:
        if part != self.part:
            return
        if self._map is None:
            self.beginRemoveRows(QModelIndex(), index, index + count - 1)
        else:
            self.beginResetModel()

    def _on_removed(self, part: str) -> None:
        if part != self.part:
            return
        if self._map is None:
            self.endRemoveRows()
        else:
            self._refilter()
            self.endResetModel()

    def _on_recomputed(self) -> None:
        # One signal per computed column: a range over an input column would make the view
        # reload an editor open there and lose what is being typed.
        # The lists' totals are their own row's (values_changed covers them).
        n = self.rowCount()
        if not n or self.part in LIST_PARTS:
            return
        for c, col in enumerate(self.columns):
            if col.field.computed and col.kind != "serial":
                self.dataChanged.emit(self.index(0, c), self.index(n - 1, c))

    def _on_findings(self) -> None:
        # Colours and tooltips only: views repaint; no dataChanged, which would reset editors.
        self.decorations_changed.emit()

    def _reset(self) -> None:
        self.beginResetModel()
        if self._filter is not None:
            self._refilter()
        self.endResetModel()
