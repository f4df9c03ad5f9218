"""How a table cell is edited (app.ui.table_view.FormTable): each column as its catalogue field's
kind says.

- A choice of the field's own values (Act, point of sale, type) and yes/no: a drop-down where what
  is typed selects the first item that starts with it ("K" → KGST, "KV" → KVAT, never the next
  match after the current one); Enter takes it.
- An open choice whose list comes at runtime (the head of account: the rate pack's heads for the
  row's act): an editable drop-down, free text allowed.
- Everything else: a line edit (the goods column suggests names from the rate pack).  Text that
  cannot be read (e.g. 320000.555 in an amount) is refused where it was typed: the editor stays
  open with the text, and the reason shows beside the cell until it is corrected or Escape is
  pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.model import values
from app.model.field_choices import choices_for
from app.model.form9 import Part1aRow, Part2Row
from app.model.limits import text_limit
from app.model.values import NO, YES
from app.ui.columns import Column
from app.ui.qt import (
    QAbstractItemModel,
    QComboBox,
    QCompleter,
    QEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTimer,
    QWidget,
    isValid,
)
from app.ui.table_model import RowsModel

if TYPE_CHECKING:
    from app.ui.table_view import FormTable

Index = QModelIndex | QPersistentModelIndex
COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def editable_list(col: Column) -> bool:
    """An open choice whose list comes at runtime: a drop-down that also takes free text."""
    return col.kind == "choice" and col.field.open and bool(col.field.choices_from)


def fixed_list(col: Column) -> bool:
    """A drop-down of the field's own choices (Act, point of sale, type, Yes / No)."""
    return col.kind == "yes_no" or (col.kind == "choice" and not editable_list(col))


class ChoiceBox(QComboBox):
    """A fixed drop-down in a cell.  Typing selects the first item starting with everything typed
    since the editor opened ("K" → KGST, then "V" → KVAT); Backspace takes a letter back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = ""

    def first_match(self, prefix: str) -> int:
        wanted = prefix.casefold()
        for n in range(self.count()):
            if self.itemText(n).casefold().startswith(wanted):
                return n
        return -1

    def type_text(self, text: str) -> None:
        """What was typed selects its first match; a letter that matches nothing after what
        was typed starts again from that letter."""
        for prefix in (self.typed + text, text):
            i = self.first_match(prefix)
            if i >= 0:
                self.typed = prefix
                self.setCurrentIndex(i)
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        mods = event.modifiers()
        plain_key = not mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if text and text.isprintable() and plain_key:
            self.type_text(text)
            return
        if event.key() == Qt.Key.Key_Backspace and self.typed:
            self.typed = self.typed[:-1]
            if self.typed:
                self.type_text("")
            return
        super().keyPressEvent(event)


class RefusalTip(QLabel):
    """Why a cell's text was refused, shown just below the cell (like a tooltip that stays)."""

    STYLE = (
        "QLabel { background: #fff4f4; color: #8c1d18; border: 1px solid #d93025;"
        " border-radius: 3px; padding: 3px 6px; }"
    )

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet(self.STYLE)
        self.setWordWrap(True)
        self.setMaximumWidth(420)
        self.hide()

    def show_at(self, text: str, cell: QWidget) -> None:
        """Beside the cell editor `cell`: below it, or above when the table ends there."""
        self.setText(text)
        self.adjustSize()
        parent = self.parentWidget()
        geo = cell.geometry()
        x = max(0, min(geo.left(), (parent.width() if parent else 0) - self.width()))
        y = geo.bottom() + 2
        if parent is not None and y + self.height() > parent.height():
            y = max(0, geo.top() - self.height() - 2)
        self.move(x, y)
        self.show()
        self.raise_()


class CellDelegate(QStyledItemDelegate):
    """The cell editors of a FormTable (see the module docstring)."""

    def __init__(self, view: FormTable) -> None:
        super().__init__(view)
        self.view = view
        self.tip = RefusalTip(view.viewport())

    def _column(self, index: Index) -> Column:
        model = index.model()
        assert isinstance(model, RowsModel)
        return model.columns[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        self.view.editing = QPersistentModelIndex(index)
        col = self._column(index)
        model = self.view.rows_model()
        row = model.rows[model.source_row(index.row())]
        if editable_list(col):
            combo = QComboBox(parent)
            combo.setEditable(True)  # free text; typing completes from the list (any case)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems(list(choices_for(col.field, row, self.view.pack)))
            combo.setFrame(False)
            view = combo.view()  # the list as wide as its longest head, never cut
            view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
            line = combo.lineEdit()
            if line is not None:  # one Enter takes the (completed) text and moves down
                line.returnPressed.connect(lambda c=combo: self._commit_later(c))
            return combo
        if fixed_list(col):
            choice = ChoiceBox(parent)
            items = (
                [YES, NO] if col.kind == "yes_no" else [c or "(blank)" for c in col.field.choices]
            )
            choice.addItems(items)
            choice.setFrame(False)
            return choice
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if col.kind in ("text", "upper"):  # what the upload file and the printed form can hold
            editor.setMaxLength(text_limit(col.id))
        editor.textEdited.connect(lambda _t, e=editor: self._recheck(e))
        if col.id == "goods" and self.view.pack is not None:
            act = row.act if isinstance(row, Part1aRow | Part2Row) else None
            names = sorted({g.goods for g in self.view.pack.goods if act is None or g.act == act})
            completer = QCompleter(names, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
            completer.activated.connect(lambda text, e=editor: self._picked(e, text))
            # With the suggestions open, Enter reaches the editor past the delegate's filter.
            editor.returnPressed.connect(lambda e=editor: self._enter_after_popup(e))
        return editor

    # ---- refusing what cannot be read ----------------------------------------------------------
    def refusal(self, editor: QWidget) -> str | None:
        """Why the text in a cell's line edit cannot be taken (None: it can, or not a line edit)."""
        index = self.view.editing
        if not isinstance(editor, QLineEdit) or index is None or not index.isValid():
            return None
        model = self.view.rows_model()
        col = model.columns[index.column()]
        row = model.rows[model.source_row(index.row())]
        try:
            model.parse(col, editor.text(), row)
        except values.EntryError as exc:
            return f"{col.name}: {exc}"
        return None

    def refuse(self, editor: QWidget) -> bool:
        """Show why the text is refused beside the cell (and, naming the row, in the status
        bar); False when it is fine."""
        why = self.refusal(editor)
        if why is None:
            self.tip.hide()
            return False
        self.tip.show_at(why, editor)
        index = self.view.editing
        if index is not None:
            model = self.view.rows_model()
            where = model.where(model.index(index.row(), index.column()))
            model.session.message.emit(f"Not taken — {where}: {why.split(': ', 1)[-1]}")
        return True

    def _recheck(self, editor: QLineEdit) -> None:
        """While the reason shows, it goes as soon as the text can be read."""
        if self.tip.isVisible() and self.refusal(editor) is None:
            self.tip.hide()

    def release(self) -> None:
        self.tip.hide()

    # ---- keys ----------------------------------------------------------------------------------
    def _enter_after_popup(self, editor: QLineEdit) -> None:
        """Enter pressed while the suggestions were open: commit, unless the delegate's own
        (queued) commit for an ordinary Enter has already closed the editor."""

        def later() -> None:
            if isValid(editor) and editor.isVisible() and not self.refuse(editor):
                self._picked(editor, editor.text())

        QTimer.singleShot(0, later)

    def _picked(self, editor: QLineEdit, text: str) -> None:
        """A name picked from the rate pack's suggestions is taken at once (one Enter)."""
        editor.setText(text)
        self.view.enter_pressed = True
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Enter, Tab or leaving a cell with text that cannot be read: refused, the editor stays
        open with the text.  Enter in an editable drop-down commits through its line edit's
        returnPressed (which also sees Enter accepting an inline completion), never twice."""
        if isinstance(obj, QLineEdit) and obj.parent() is self.view.viewport():
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
                if event.key() in COMMIT_KEYS and self.refuse(obj):
                    return True
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.view.enter_pressed = True  # the queued commit then moves down
            elif event.type() == QEvent.Type.FocusOut and self.refusal(obj) is not None:
                return True  # not committed; the view keeps the editor (FormTable.closeEditor)
        combo = obj.parent() if isinstance(obj, QLineEdit) else obj
        enter = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if enter and isinstance(combo, QComboBox) and combo.isEditable():
            return True
        if enter and isinstance(obj, ChoiceBox):
            self.view.enter_pressed = True
        return bool(super().eventFilter(obj, event))

    def _commit_later(self, editor: QWidget) -> None:
        """Commit and close an editor once the key that asked for it is done with."""

        def later() -> None:
            if isValid(editor) and editor.isVisible():
                self.view.enter_pressed = True
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)

        QTimer.singleShot(0, later)

    # ---- values --------------------------------------------------------------------------------
    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setEditText(str(text))
        elif isinstance(editor, QComboBox):
            i = editor.findText(text or "(blank)")
            editor.setCurrentIndex(max(0, i))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(text))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
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
