"""A table that types like a spreadsheet (issue: keyboard entry as fast as a spreadsheet).

Tab / Shift+Tab and Enter move; typing starts editing; F2 edits; Insert adds a row below;
Ctrl+D copies the row above; Ctrl+C / Ctrl+V copy and paste blocks (tab-separated, as Excel puts
them on the clipboard); Delete clears cells; Ctrl+Delete deletes rows.  Each column edits as its
catalogue field's kind says: a choice (Act, point of sale, type) and yes/no with a drop-down; an
open choice whose list comes at runtime (the head of account: the rate pack's heads for the row's
act) with an editable drop-down, free text allowed; the goods column suggests names from the pack.
"""

from __future__ import annotations

from typing import Any

from app.model.catalogue import NUMBER_KINDS
from app.model.field_choices import choices_for
from app.model.form9 import Part1aRow, Part2Row
from app.model.limits import text_limit
from app.model.ratepack import RatePack
from app.model.values import NO, YES
from app.ui.columns import Column
from app.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QEvent,
    QGuiApplication,
    QHeaderView,
    QItemSelectionModel,
    QKeySequence,
    QLineEdit,
    QMenu,
    QModelIndex,
    QPersistentModelIndex,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QTimer,
    QWidget,
    isValid,
)
from app.ui.table_model import RowsModel

Index = QModelIndex | QPersistentModelIndex


def editable_list(col: Column) -> bool:
    """An open choice whose list comes at runtime: a drop-down that also takes free text."""
    return col.kind == "choice" and col.field.open and bool(col.field.choices_from)


def fixed_list(col: Column) -> bool:
    """A drop-down of the field's own choices (Act, point of sale, type, Yes / No)."""
    return col.kind == "yes_no" or (col.kind == "choice" and not editable_list(col))


class CellDelegate(QStyledItemDelegate):
    """Drop-downs for act / point of sale / type / ITC / head of account; goods names suggested
    from the pack."""

    def __init__(self, view: FormTable):
        super().__init__(view)
        self.view = view

    def _column(self, index: Index) -> Column:
        model = index.model()
        assert isinstance(model, RowsModel)
        return model.columns[index.column()]

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        col = self._column(index)
        if editable_list(col):
            model = index.model()
            assert isinstance(model, RowsModel)
            combo = QComboBox(parent)
            combo.setEditable(True)  # free text; typing completes from the list (any case)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            row = model.rows[model.source_row(index.row())]
            combo.addItems(list(choices_for(col.field, row, self.view.pack)))
            combo.setFrame(False)
            view = combo.view()  # the list as wide as its longest head, never cut
            view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
            line = combo.lineEdit()
            if line is not None:  # one Enter takes the (completed) text and moves down
                line.returnPressed.connect(lambda c=combo: self._commit_later(c))
            return combo
        if fixed_list(col):
            combo = QComboBox(parent)
            items = (
                [YES, NO] if col.kind == "yes_no" else [c or "(blank)" for c in col.field.choices]
            )
            combo.addItems(items)
            combo.setFrame(False)
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if col.kind in ("text", "upper"):  # what the upload file and the printed form can hold
            editor.setMaxLength(text_limit(col.id))
        if col.id == "goods" and self.view.pack is not None:
            model = index.model()
            assert isinstance(model, RowsModel)
            act = getattr(model.rows[model.source_row(index.row())], "act", None)
            names = sorted({g.goods for g in self.view.pack.goods if act is None or g.act == act})
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
            completer.activated.connect(lambda text, e=editor: self._picked(e, text))
            # With the suggestions open, Enter reaches the editor past the delegate's filter.
            editor.returnPressed.connect(lambda e=editor: self._enter_after_popup(e))
        return editor

    def _enter_after_popup(self, editor: QLineEdit) -> None:
        """Enter pressed while the suggestions were open: commit, unless the delegate's own
        (queued) commit for an ordinary Enter has already closed the editor."""

        def later() -> None:
            if isValid(editor) and editor.isVisible():
                self._picked(editor, editor.text())

        QTimer.singleShot(0, later)

    def _picked(self, editor: QLineEdit, text: str) -> None:
        """A name picked from the rate pack's suggestions is taken at once (one Enter)."""
        editor.setText(text)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)

    def eventFilter(self, obj: Any, event: Any) -> bool:
        """Enter in an editable drop-down commits through its line edit's returnPressed (which
        also sees Enter accepting an inline completion), never twice."""
        combo = obj.parent() if isinstance(obj, QLineEdit) else obj
        if (
            isinstance(combo, QComboBox)
            and combo.isEditable()
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            return True
        return bool(super().eventFilter(obj, event))

    def _commit_later(self, editor: QWidget) -> None:
        """Commit and close an editor once the key that asked for it is done with."""

        def later() -> None:
            if isValid(editor) and editor.isVisible():
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)

        QTimer.singleShot(0, later)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setEditText(str(text))
        elif isinstance(editor, QComboBox):
            i = editor.findText(text or "(blank)")
            editor.setCurrentIndex(max(0, i))
            if self.view.pending_key:  # a letter typed on the cell picks the matching item
                key = self.view.pending_key.casefold()
                for n in range(editor.count()):
                    if editor.itemText(n).casefold().startswith(key):
                        editor.setCurrentIndex(n)
                        break
                self.view.pending_key = ""
        elif isinstance(editor, QLineEdit):
            editor.setText(str(text))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            text = editor.currentText()
            i = editor.findText(text, Qt.MatchFlag.MatchFixedString)  # any case: the list's own
            model.setData(index, editor.itemText(i) if i >= 0 else text, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            text = editor.currentText()
            model.setData(index, "" if text == "(blank)" else text, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            if self._column(index).id == "goods":
                self.view.suggest_from_pack(index)


class FormTable(QTableView):
    def __init__(
        self, model: RowsModel, parent: QWidget | None = None, pack: RatePack | None = None
    ):
        super().__init__(parent)
        self.pack = pack
        self.pending_key = ""
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
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
    def keyPressEvent(self, event: Any) -> None:
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
        self.pending_key = ""
        text = event.text()
        cell = self.rows_model().columns[cur.column()] if cur.isValid() else None
        if text and text.isprintable() and cell is not None and not ctrl and fixed_list(cell):
            self.pending_key = text
        super().keyPressEvent(event)

    def _move(self, row: int, column: int) -> None:
        model = self.model()
        if 0 <= row < model.rowCount():
            self.setCurrentIndex(model.index(row, column))

    def closeEditor(self, editor: QWidget, hint: Any) -> None:
        """Enter in an editor commits and moves down, like a spreadsheet."""
        from app.ui.qt import QtWidgets

        Hint = QtWidgets.QAbstractItemDelegate.EndEditHint
        if hint == Hint.SubmitModelCache:
            super().closeEditor(editor, Hint.NoHint)
            cur = self.currentIndex()
            if cur.isValid():
                self._move(cur.row() + 1, cur.column())
            return
        super().closeEditor(editor, hint)

    # ---- actions -------------------------------------------------------------------------------
    def insert_row(self) -> None:
        cur = self.currentIndex()
        model = self.rows_model()
        if model.session.read_only:
            model.session.message.emit("This return is filed and cannot be changed.")
            return
        row = model.insert_after(cur.row() if cur.isValid() else None)
        first = next((i for i, c in enumerate(model.columns) if c.editable), 0)
        self.setCurrentIndex(model.index(row, first))
        self.scrollTo(self.currentIndex())

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

    def _range(self, top: int, left: int, bottom: int, right: int) -> Any:
        from app.ui.qt import QtCore

        model = self.model()
        right = min(right, model.columnCount() - 1)
        return QtCore.QItemSelection(model.index(top, left), model.index(bottom, right))

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

    def _menu(self, pos: Any) -> None:
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

    def event(self, e: Any) -> bool:
        # Tab inside the table moves between cells, never out of it.
        if e.type() == QEvent.Type.KeyPress and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(e)
            return True
        return super().event(e)
