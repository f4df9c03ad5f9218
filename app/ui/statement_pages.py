"""The pages of the statements the app computes — Part 3, Part 3(A), Part 4 — with the figures
the dealer enters for them (advance tax, brought forward, cess; due date and interest)."""

from __future__ import annotations

from typing import Any

from app.model.form9 import ACTS, CESS_IDS
from app.model.numbers import ZERO
from app.model.periods import rectification_deadline
from app.model.values import fmt_date
from app.ui.forms import BoundForm
from app.ui.page_base import (
    Page,
    field_of,
    focus_field,
    hint_label,
    other_fields,
    rupees,
    title_label,
)
from app.ui.qt import QGroupBox, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from app.ui.session import ReturnSession
from app.ui.statements import Part3AView, Part3View, Part4View

#: The inputs (catalogue section "inputs") each page places; any other is under "Other fields"
#: on the Part 3 page.
PART3_INPUTS = (
    *(f"advance.{a}" for a in ("kgst", "kvat", "cst")),
    *(f"brought_forward.{a}" for a in ("kgst", "kvat", "cst")),
    *(f"cess.{c}" for c in CESS_IDS),
)
PART3A_INPUTS = ("large_dealer", "due_date", *(f"interest_rate.{a}" for a in ACTS))


class Part3Page(Page):
    page_id, title = "part3", "Part 3 — Tax summary"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(
            title_label(
                "Part 3 — Tax summary",
                "computed from Parts 1 and 2 · hover a figure for its formula",
            )
        )
        row = QHBoxLayout()
        self.view = Part3View(session.catalogue)
        row.addWidget(self.view, 1)
        box = QGroupBox("Figures you enter")
        form = BoundForm(session)
        self.form = form
        for fid in PART3_INPUTS:
            form.add("inputs", field_of(session, "inputs", fid))
        lay = QVBoxLayout(box)
        lay.addWidget(form)
        lay.addWidget(
            hint_label("Brought-forward figures come from the previous period's filed return.")
        )
        self.other = other_fields(session, "inputs", (*PART3_INPUTS, *PART3A_INPUTS))
        if self.other is not None:
            lay.addWidget(self.other)
        lay.addStretch(1)
        box.setFixedWidth(320)
        row.addWidget(box)
        self.layout_.addLayout(row, 1)
        session.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.view.show_figures(self.session.computed)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        forms = [self.form] + ([self.other.form] if self.other is not None else [])
        return focus_field(forms, part, field)


class Part3APage(Page):
    page_id, title = "part3a", "Part 3(A) — Tax payable"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(title_label("Part 3(A) — Tax payable", "with interest for delay"))
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.layout_.addWidget(self.info)
        self.view = Part3AView(session.catalogue)
        self.layout_.addWidget(self.view, 1)
        box = QGroupBox("Due date and interest")
        grid = QHBoxLayout(box)
        left, right = BoundForm(session), BoundForm(session)
        self.forms = (left, right)
        left.add("inputs", field_of(session, "inputs", "large_dealer"))
        left.add("inputs", field_of(session, "inputs", "due_date"), placeholder="DD-MM-YYYY")
        for act in ACTS:
            right.add("inputs", field_of(session, "inputs", f"interest_rate.{act}"))
        grid.addWidget(left)
        grid.addWidget(right)
        self.layout_.addWidget(box)
        session.recomputed.connect(self.refresh)
        session.values_changed.connect(self._on_values)
        self.refresh()

    def _on_values(self, part: str, _rows: Any) -> None:
        if part == "header":
            self.refresh()

    def refresh(self) -> None:
        c = self.session.computed
        self.view.show_figures(c)
        h = self.session.ret.header
        filed = (
            fmt_date(h.date_of_filing) if h.date_of_filing else "not entered (delay counted as 0)"
        )
        total = sum((c.part3a.total_for(a) for a in ACTS), ZERO)
        self.info.setText(
            f"Due date: <b>{fmt_date(c.due_date) or '—'}</b> · Date of filing: <b>{filed}</b> · "
            f"Delay: <b>{c.delay_days} day(s)</b> · Total payable (KGST + KVAT + CST): "
            f"<b>{rupees(total)}</b>"
        )

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return focus_field(self.forms, part, field)


class Part4Page(Page):
    page_id, title = "part4", "Part 4 — Revision of return"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(
            title_label(
                "Part 4 — Revision of return",
                "column (2) prefilled from the last filed return for the period",
            )
        )
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.layout_.addWidget(self.info)
        self.view = Part4View(session.catalogue)
        self.layout_.addWidget(self.view, 1)
        self.payable = QLabel()
        self.payable.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.payable)
        session.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        c = s.computed
        self.view.show_figures(c)
        f = s.ret.filed
        if f is None:
            self.info.setText(
                "<span style='color:#b3261e'>The figures of the filed return are missing; "
                "create the revision from the filed return (Return ▸ Revise).</span>"
            )
        else:
            cf = f.carried_forward
            bits = [f"Filed return: acknowledgement <b>{f.ack_no or '—'}</b>"]
            if f.due_date:
                bits.append(f"original due date <b>{fmt_date(f.due_date)}</b>")
            p = s.period
            if p is not None:
                bits.append(f"revise by <b>{fmt_date(rectification_deadline(p))}</b> (r.22A(3))")
            bits.append(
                f"excess already carried into a later filed return (instruction 16): KGST "
                f"{rupees(cf.kgst)}, KVAT {rupees(cf.kvat)}, CST {rupees(cf.cst)}"
            )
            self.info.setText(" · ".join(bits))
        pay = c.part4.payable if c.part4 is not None else ZERO
        self.payable.setText(
            f"Amount payable with this revision (Σ col (8) of payable rows with a positive effect): "
            f"<b>{rupees(pay)}</b>"
        )
