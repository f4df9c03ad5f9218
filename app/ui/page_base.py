"""What every page of the return editor shares: the page base, titles and hints, and the
"Other fields" group that shows the fields of a section no page places (a later version of the
form adds them: they appear with no code change)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from app.model.catalogue import Field
from app.model.numbers import fmt_indian
from app.ui.forms import BoundForm
from app.ui.qt import QGroupBox, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget
from app.ui.session import ReturnSession
from app.ui.table_view import FormTable

HINT = (
    "Type to edit · Tab / Enter move · Insert adds a row · Ctrl+D copies the row above · "
    "Ctrl+V pastes a block from Excel · Delete clears · Ctrl+Delete deletes rows · Ctrl+Z undo"
)


def title_label(text: str, sub: str = "") -> QLabel:
    label = QLabel(
        f"<b style='font-size:14px'>{text}</b>"
        + (f"&nbsp;&nbsp;<span style='color:#555'>{sub}</span>" if sub else "")
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def hint_label(text: str = HINT) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #5f6368;")
    label.setWordWrap(True)
    return label


def rupees(v: Decimal) -> str:
    return "₹ " + fmt_indian(v)


class RowButtons(QWidget):
    """Add row / Delete row beside a table — what Insert and Ctrl+Delete do, for a user who does
    not know the keys (an empty table has no row to start from otherwise)."""

    def __init__(self, table: FormTable, noun: str = "row") -> None:
        super().__init__()
        self.table = table
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton(f"Add {noun}")
        self.add.setToolTip(f"A blank {noun} below the current one (Insert)")
        self.delete = QPushButton(f"Delete {noun}")
        self.delete.setToolTip(
            f"Delete the selected {noun}s (Ctrl+Delete); Ctrl+Z brings them back"
        )
        self.add.clicked.connect(lambda: table.insert_row())
        self.delete.clicked.connect(lambda: table.delete_rows())
        lay.addWidget(self.add)
        lay.addWidget(self.delete)
        lay.addStretch(1)
        model = table.rows_model()
        for sig in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            sig.connect(self.update_state)
        self.update_state()

    def update_state(self, *_: object) -> None:
        read_only = self.table.rows_model().session.read_only
        if read_only:
            why = "This return is filed and cannot be changed; create a revision."
            for b in (self.add, self.delete):
                b.setEnabled(False)
                b.setToolTip(why)
            return
        self.delete.setEnabled(self.table.model().rowCount() > 0)


class Page(QWidget):
    """Base: a page knows how to show a finding's row and field."""

    page_id = ""
    title = ""

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 8, 10, 8)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return False


def field_of(session: ReturnSession, part: str, field_id: str) -> Field:
    """A field of a section ("header", "inputs", "declaration") of the return's form version."""
    for f in session.catalogue.section(part):
        if f.id == field_id:
            return f
    raise KeyError(f"{session.catalogue} has no {part} field {field_id!r}")


def focus_field(forms: Iterable[Any], part: str, field: str | None) -> bool:
    """Put the cursor in the form field of a finding; False when these forms do not hold it."""
    for form in forms:
        f = form.fields.get((part, field or ""))
        if f is not None:
            f.focus()
            return True
    return False


class OtherFields(QGroupBox):
    """The fields of a section ("header", "inputs", "declaration") that the pages do not place,
    in the catalogue's order."""

    def __init__(self, session: ReturnSession, part: str, placed: Collection[str]):
        super().__init__("Other fields")
        self.form = BoundForm(session)
        self.ids = [f.id for f in session.catalogue.section(part) if f.id not in placed]
        for f in session.catalogue.section(part):
            if f.id not in placed:
                self.form.add(part, f, placeholder="DD-MM-YYYY" if f.kind == "date" else "")
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)


def other_fields(session: ReturnSession, part: str, placed: Collection[str]) -> OtherFields | None:
    """The "Other fields" group of a section, or None when every field has its place."""
    if all(f.id in placed for f in session.catalogue.section(part)):
        return None
    return OtherFields(session, part, placed)
