"""Form fields bound to one field of the open return (header, inputs, declaration).

Each is a catalogue field (app/model/catalogue.py): its screen title is the label, the form's
wording the hover, its kind says how it is read and shown (app.model.values).  A field checks what
is typed as it is typed (the message shows under the field, in red) and commits on Enter / leaving
the field as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.model import values
from app.model.catalogue import NUMBER_KINDS, Field
from app.model.limits import text_limit
from app.ui import field_values
from app.ui.qt import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.session import ReturnSession

ERROR_STYLE = "color: #b3261e;"
BAD_FIELD = "QLineEdit { border: 1px solid #d93025; background: #fff4f4; }"

Check = Callable[[Any], str | None]


def form_choices(field: Field) -> tuple[str, ...]:
    """A form's drop-down: the field's choices, after a blank "(none)" unless it is required."""
    return field.choices if field.required else ("", *field.choices)


class BoundField(QWidget):
    """A line edit or drop-down bound to a catalogue field of a section ("header", "inputs",
    "declaration") of the session's return."""

    def __init__(
        self,
        session: ReturnSession,
        part: str,
        field: Field,
        *,
        check: Check | None = None,
        read_only: bool = False,
        placeholder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.session, self.part, self.field = session, part, field
        self.path, self.kind = field.id, field.kind
        self.choices = form_choices(field) if field.kind == "choice" else ()
        self.check = check
        if field.heading != field.title:
            self.setToolTip(field.heading)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        self.combo: QComboBox | None = None
        self.edit: QLineEdit | None = None
        if self.kind in ("choice", "yes_no"):
            self.combo = QComboBox()
            self.combo.addItems(
                [values.YES, values.NO]
                if self.kind == "yes_no"
                else [c or "(none)" for c in self.choices]
            )
            self.combo.activated.connect(lambda _i: self.commit())
            self.combo.setEnabled(not read_only and not session.read_only)
            lay.addWidget(self.combo)
        else:
            self.edit = QLineEdit()
            self.edit.setPlaceholderText(placeholder)
            if self.kind in ("text", "upper"):  # what the upload file and the printed form can hold
                self.edit.setMaxLength(text_limit(self.field.id.rsplit(".", 1)[-1]))
            self.edit.setReadOnly(read_only or session.read_only)
            if self.kind in NUMBER_KINDS | {"count"}:
                self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.edit.textEdited.connect(self._live_check)
            self.edit.editingFinished.connect(self.commit)
            lay.addWidget(self.edit)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        session.values_changed.connect(self._on_changed)
        session.reloaded.connect(self.refresh)
        self.refresh()

    def _on_changed(self, part: str, _rows: Any) -> None:
        if part == self.part:
            self.refresh()

    def current(self) -> Any:
        target = self.session.target(self.part, None)
        return field_values.read(target, self.path, values.blank(self.kind, self.choices))

    def refresh(self) -> None:
        v = self.current()
        if self.combo is not None:
            text = values.show(self.kind, v) if self.kind == "yes_no" else (v or "(none)")
            i = self.combo.findText(text)
            if i < 0 and text:
                self.combo.addItem(text)  # a value from a file that is not among the choices
                i = self.combo.count() - 1
            self.combo.setCurrentIndex(max(0, i))
        elif self.edit is not None and not self.edit.hasFocus():
            self.edit.setText(values.show(self.kind, v))
            self.edit.setCursorPosition(0)  # a long address shows from its start
            self._live_check(self.edit.text())

    def text(self) -> str:
        if self.combo is not None:
            t = self.combo.currentText()
            return "" if t == "(none)" else t
        assert self.edit is not None
        return self.edit.text()

    def problem(self, text: str) -> tuple[Any, str | None]:
        try:
            v = values.parse(
                self.kind, text, self.choices, open_=self.field.open, field=self.field.id
            )
        except values.EntryError as exc:
            return None, str(exc)
        if self.check is not None:
            msg = self.check(v)
            if msg:
                return v, msg
        return v, None

    def _live_check(self, text: str) -> None:
        _v, msg = self.problem(text)
        self.show_problem(msg)

    def show_problem(self, msg: str | None) -> None:
        if msg:
            self.error.setText(msg)
            self.error.show()
            if self.edit is not None:
                self.edit.setStyleSheet(BAD_FIELD)
        else:
            self.error.hide()
            if self.edit is not None:
                self.edit.setStyleSheet("")

    def commit(self) -> None:
        if self.session.read_only:
            return
        v, msg = self.problem(self.text())
        if v is None and msg:  # cannot be read at all: stays on screen, not stored
            self.show_problem(msg)
            return
        # A readable value with a rule problem (e.g. a bad TIN) is kept, shown at the field,
        # and listed by validation; the dealer may be mid-way through correcting it.
        self.show_problem(msg)
        target = self.session.target(self.part, None)
        edits = field_values.edits(target, None, [(self.path, v)])
        self.session.set_values(self.part, edits, f"Edit {self.field.title}")
        if self.edit is not None:
            self.edit.setText(values.show(self.kind, self.current()))

    def focus(self) -> None:
        w = self.combo if self.combo is not None else self.edit
        if w is not None:
            w.setFocus()
            if isinstance(w, QLineEdit):
                w.selectAll()


class BoundForm(QWidget):
    """A QFormLayout of bound fields, keyed by field path for jumps from findings."""

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.form = QFormLayout(self)
        self.fields: dict[tuple[str, str], BoundField] = {}

    def add(self, part: str, field: Field, **kw: Any) -> BoundField:
        """A row for a catalogue field of a section, labelled with its screen title."""
        f = BoundField(self.session, part, field, **kw)
        label = QLabel(field.title)
        if field.heading != field.title:
            label.setToolTip(field.heading)  # the form's own wording
        self.form.addRow(label, f)
        self.fields[(part, field.id)] = f
        return f

    def add_row(self, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)

    def add_pair(self, label: str, *fields: BoundField) -> None:
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        for f in fields:
            lay.addWidget(f)
        self.form.addRow(label, box)
