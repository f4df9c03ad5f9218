"""A table that types like a spreadsheet (issue: keyboard entry as fast as a spreadsheet).

Tab / Shift+Tab move between the cells a user types into (computed columns are skipped) and Tab
past the last cell adds a row; Enter moves down; typing starts editing — in an empty table too,
where it starts the first row; F2 edits; Insert adds a row below; Ctrl+D copies the row above;
Ctrl+C / Ctrl+V copy and paste blocks (tab-separated, as Excel puts them on the clipboard);
Delete clears cells; Ctrl+Delete deletes rows.  How each column is edited, and how text that
cannot be read is refused beside its cell, is app.ui.cell_editors.
"""

from __future__ import annotations

from typing import Any

from app.model.catalogue import NUMBER_KINDS
from app.model.form9 import Part1aRow, Part2Row
from app.model.ratepack import RatePack
from app.ui.cell_editors import CellDelegate
from app.ui.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QEvent,
    QGuiApplication,
    QHeaderView,
    QItemSelection,
    QItemSelectionModel,
    QKeyEvent,
    QKeySequence,
    QMenu,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTableView,
    QTimer,
    QWidget,
    isValid,
)
from app.ui.table_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
Hint = QAbstractItemDelegate.EndEditHint
Cursor = QAbstractItemView.CursorAction


class FormTable(QTableView):
    def __init__(
        self, model: RowsModel, parent: QWidget | None = None, pack: RatePack | None = None
    ) -> None:
        super().__init__(parent)
        self.pack = pack
        #: The cell being edited, and whether the key that ends the edit was Enter (move down).
        self.editing: QPersistentModelIndex | None = None
        self.enter_pressed = False
        self.setModel(model)
        self.cell_delegate = CellDelegate(self)
        self.setItemDelegate(self.cell_delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        for i, col in enumerate(model.columns):
            self.setColumnWidth(i, col.width)
        header.setStretchLastSection(False)
        vh = self.verticalHeader()
        vh.setDefaultSectionSize(24)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setMinimumWidth(36)
        vh.setVisible(not any(c.kind == "serial" for c in model.columns))
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_amounts)
        for sig in (model.modelReset, model.rowsInserted, model.dataChanged):
            sig.connect(lambda *_: self._fit_timer.start())
        self._fit_timer.start()
        model.decorations_changed.connect(self.viewport().update)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.setStyleSheet(
            "QTableView { gridline-color: #c9ced6; selection-background-color: #cfe3ff;"
            " selection-color: black; }"
            " QHeaderView::section { background: #e4e8ef; padding: 2px 4px;"
            " border: 0; border-right: 1px solid #c0c6d0; border-bottom: 1px solid #c0c6d0; }"
        )

    def fit_amounts(self) -> None:
        """Widen a numeric column when a figure would be cut (never elide an amount).  Only for
        the small parts: the big lists keep their widths (their figures fit the defaults)."""
        model = self.rows_model()
        n = model.rowCount()
        if n == 0 or n > 2000:
            return
        fm = self.fontMetrics()
        for c, col in enumerate(model.columns):
            if col.kind not in NUMBER_KINDS:
                continue
            widest = max(
                fm.horizontalAdvance(str(model.index(r, c).data() or "")) for r in range(n)
            )
            need = max(col.width, widest + 14)
            if need > self.columnWidth(c):
                self.setColumnWidth(c, need)

    def rows_model(self) -> RowsModel:
        model = self.model()
        assert isinstance(model, RowsModel)
        return model

    # ---- keys ----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        cur = self.currentIndex()
        if key == Qt.Key.Key_Insert or (ctrl and key == Qt.Key.Key_I):
            self.insert_row()
            return
        if ctrl and key == Qt.Key.Key_D:
            self.copy_above()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if ctrl and key == Qt.Key.Key_Delete:
            self.delete_rows()
            return
        if key == Qt.Key.Key_Delete and not ctrl:
            self.rows_model().clear_cells(self.selectedIndexes())
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and editing:
            return  # an editor's Enter: the delegate commits, closeEditor() moves down
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and cur.isValid():
            step = -1 if mods & Qt.KeyboardModifier.ShiftModifier else 1
            self._move(cur.row() + step, cur.column())
            return
        text = event.text()
        typed = bool(text) and text.isprintable() and not ctrl
        if typed and self.model().rowCount() == 0:  # typing in an empty table starts a row
            if self.insert_row():
                self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.AnyKeyPressed, event)
            return
        if key == Qt.Key.Key_Tab and not editing and self.at_last_input():
            self.insert_row()  # Tab past the last cell adds a row
            return
        super().keyPressEvent(event)

    def at_last_input(self) -> bool:
        """Is the current cell the last one a user types into (last row, last input column)?"""
        cur = self.currentIndex()
        model = self.rows_model()
        if not cur.isValid() or cur.row() != model.rowCount() - 1:
            return False
        return not any(c.editable for c in model.columns[cur.column() + 1 :])

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab visit the cells a user types into (computed columns are skipped),
        row after row."""
        if cursorAction not in (Cursor.MoveNext, Cursor.MovePrevious):
            return super().moveCursor(cursorAction, modifiers)
        model = self.rows_model()
        inputs = [c for c, col in enumerate(model.columns) if col.editable]
        cur = self.currentIndex()
        if not cur.isValid() or not inputs:
            return super().moveCursor(cursorAction, modifiers)
        row, col, n = cur.row(), cur.column(), model.rowCount()
        if cursorAction == Cursor.MoveNext:
            later = [c for c in inputs if c > col]
            if later:
                return model.index(row, later[0])
            return model.index(row + 1, inputs[0]) if row + 1 < n else model.index(row, col)
        earlier = [c for c in inputs if c < col]
        if earlier:
            return model.index(row, earlier[-1])
        return model.index(row - 1, inputs[-1]) if row > 0 else model.index(row, col)

    def _move(self, row: int, column: int) -> None:
        model = self.model()
        if 0 <= row < model.rowCount():
            self.setCurrentIndex(model.index(row, column))

    def commitData(self, editor: QWidget) -> None:
        """Text that cannot be read is never written (the editor keeps it, see closeEditor)."""
        if self.cell_delegate.refusal(editor) is None:
            super().commitData(editor)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in an editor commits and moves down, like a spreadsheet; Tab past the last cell
        adds a row.  Text that cannot be read keeps its editor open, the reason beside it, even
        when the user clicked elsewhere (the cursor comes back to it); Escape gives it up."""
        enter, self.enter_pressed = self.enter_pressed, False
        if hint != Hint.RevertModelCache and self.cell_delegate.refuse(editor):
            QTimer.singleShot(0, lambda: self._back_to(editor))
            return
        self.cell_delegate.release()
        last = self.at_last_input()
        self.editing = None
        if hint == Hint.SubmitModelCache:
            super().closeEditor(editor, Hint.NoHint)
            cur = self.currentIndex()
            if enter and cur.isValid():
                self._move(cur.row() + 1, cur.column())
            return
        if hint == Hint.EditNextItem and last:
            super().closeEditor(editor, Hint.NoHint)
            if self.insert_row():
                self.edit(self.currentIndex())
            return
        super().closeEditor(editor, hint)

    def _back_to(self, editor: QWidget) -> None:
        """Back to the cell whose text was refused, its editor and text as they were."""
        index = self.editing
        if index is None or not index.isValid() or not isValid(editor):
            return
        self.setCurrentIndex(self.model().index(index.row(), index.column()))
        editor.setFocus()

    # ---- actions -------------------------------------------------------------------------------
    def insert_row(self) -> bool:
        """A blank row below the current one (or at the end), the cursor on its first input
        cell; False when the return is filed."""
        cur = self.currentIndex()
        model = self.rows_model()
        if model.session.read_only:
            model.session.message.emit("This return is filed and cannot be changed.")
            return False
        row = model.insert_after(cur.row() if cur.isValid() else None)
        first = next((i for i, c in enumerate(model.columns) if c.editable), 0)
        self.setCurrentIndex(model.index(row, first))
        self.scrollTo(self.currentIndex())
        self.setFocus()
        return True

    def copy_above(self) -> None:
        rows = sorted({ix.row() for ix in self.selectedIndexes()} or {self.currentIndex().row()})
        self.rows_model().copy_row_above([r for r in rows if r >= 0])

    def delete_rows(self) -> None:
        rows = sorted({ix.row() for ix in self.selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        self.rows_model().remove_view_rows(rows)

    def copy(self) -> None:
        indexes = self.selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        model = self.model()
        lines = [
            "\t".join(str(model.index(r, c).data(Qt.ItemDataRole.EditRole) or "") for c in cols)
            for r in rows
        ]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        self.paste_text(text)

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell (rows past the end are added)."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        block = [line.split("\t") for line in lines]
        cur = self.currentIndex()
        top = cur.row() if cur.isValid() else self.model().rowCount()
        left = cur.column() if cur.isValid() else 0
        model = self.rows_model()
        ok = model.paste_block(top, left, block)
        if ok:
            sel = self.selectionModel()
            sel.clearSelection()
            bottom = min(top + len(block), model.rowCount()) - 1
            self.setCurrentIndex(model.index(top, left))
            sel.select(
                self._range(top, left, bottom, left + max(len(b) for b in block) - 1),
                QItemSelectionModel.SelectionFlag.Select,
            )
        return ok

    def _range(self, top: int, left: int, bottom: int, right: int) -> QItemSelection:
        model = self.model()
        right = min(right, model.columnCount() - 1)
        return QItemSelection(model.index(top, left), model.index(bottom, right))

    def jump_to(self, source_row: int | None, field: str | None) -> bool:
        """Select the cell of a finding; False when the row is filtered out or gone."""
        from app.ui.columns import column_index

        model = self.rows_model()
        if source_row is None:
            self.setFocus()
            return True
        view_row = model.view_row(source_row)
        if view_row is None or view_row >= model.rowCount():
            return False
        index = model.index(view_row, column_index(model.columns, field))
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()
        return True

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Insert row below\tInsert", self.insert_row)
        menu.addAction("Copy row above\tCtrl+D", self.copy_above)
        menu.addSeparator()
        menu.addAction("Copy\tCtrl+C", self.copy)
        menu.addAction("Paste\tCtrl+V", self.paste)
        menu.addAction(
            "Clear cells\tDelete", lambda: self.rows_model().clear_cells(self.selectedIndexes())
        )
        menu.addSeparator()
        menu.addAction("Delete rows\tCtrl+Delete", self.delete_rows)
        menu.exec(self.viewport().mapToGlobal(pos))

    def suggest_from_pack(self, index: Index) -> None:
        """Goods typed: the rate pack fills schedule and rate (and a valid point of sale) when the
        row has none yet, as one more undo step."""
        if self.pack is None:
            return
        model = self.rows_model()
        src = model.source_row(index.row())
        row = model.rows[src]
        if not isinstance(row, Part1aRow | Part2Row):
            return
        matches = [g for g in self.pack.goods_named(row.goods) if g.act == row.act]
        if not matches:
            return
        rule = next((g for g in matches if g.rate == row.rate), matches[0])
        changes: list[tuple[int | None, str, Any]] = []
        if not row.schedule.strip():
            changes.append((src, "schedule", rule.schedule))
        if row.rate == 0:
            changes.append((src, "rate", rule.rate))
        if isinstance(row, Part1aRow) and row.point_of_sale not in rule.points_of_sale:
            changes.append((src, "point_of_sale", rule.points_of_sale[0]))
        if changes:
            model.session.set_values(model.part, changes, f"Rate pack: {rule.goods}")
            model.session.message.emit(
                f"{rule.goods}: {rule.schedule}, {rule.rate}% from the rate pack {self.pack.version}"
            )

    def event(self, e: QEvent) -> bool:
        # Tab inside the table moves between cells, never out of it.
        if (
            isinstance(e, QKeyEvent)
            and e.type() == QEvent.Type.KeyPress
            and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.keyPressEvent(e)
            return True
        return super().event(e)
