"""Lifecycle dialogs: mark as filed, revise, and "what if I file on…" (spec section 7).  Whether
an action is allowed is the model's answer (app.model.history's `*_blocker()`); the actions are
app.store.lifecycle's units of work, each run as one op (app.ui.ops).  The credit chain, the
history of a period and the year summary are in app.ui.year_dialogs.

Each `open_*` function shows a non-modal dialog and returns it.  A dialog does not reload the
return editor: the store announces the change and the editor follows (app.ui.events); what the
dialog has to say goes to the editor's status bar through the open return's session.
"""

from __future__ import annotations

import copy
import logging
from datetime import date, timedelta
from decimal import Decimal

from app.model import history
from app.model.compute import Computed, compute, payable_per_act
from app.model.filing import paid_per_act
from app.model.findings import Finding
from app.model.form9 import ACTS, Form9Return
from app.model.numbers import ZERO, fmt_indian, fmt_rate
from app.model.part3a import PART3A_ROWS
from app.model.periods import Period, delay_days, rectification_deadline
from app.store import ReturnInfo, Store
from app.store import lifecycle as lc
from app.ui.ops import Op, OpFailed
from app.ui.qt import (
    QBrush,
    QColor,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.session import ReturnSession, shown_return
from app.ui.tables import cell, fit_to_screen, read_only_table, set_row

log = logging.getLogger(__name__)

ERROR_COLOUR = QColor("#b3261e")
WARNING_COLOUR = QColor("#8a5300")


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(d: date) -> QDateEdit:
    edit = QDateEdit(qdate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


def _finding_item(f: Finding) -> QListWidgetItem:
    mark = "✖" if f.is_error else "⚠"
    item = QListWidgetItem(f"{mark} {f.code} · {f.location}: {f.message}")
    item.setForeground(QBrush(ERROR_COLOUR if f.is_error else WARNING_COLOUR))
    item.setData(Qt.ItemDataRole.UserRole, f.code)
    return item


def wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _tell(session: ReturnSession | None, text: str) -> None:
    """A line for the editor's status bar (when the dialog was opened from one)."""
    if session is not None:
        session.message.emit(text)


# --- Mark as filed -----------------------------------------------------------------------------


class MarkFiledDialog(QDialog):
    """Acknowledgement number and filing date; every check shown live; files when none fails."""

    def __init__(
        self, parent: QWidget | None, store: Store, return_id: int, session: ReturnSession | None
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.session = store, return_id, session
        self.result_: lc.FilingResult | None = None
        info = store.return_info(return_id)
        self.setWindowTitle(f"Mark as filed — {lc.return_label(info)}")
        ret = store.load_return(return_id)
        start = ret.header.date_of_filing or date.today()
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                "Record the acknowledgement KITIS gave for this return. A filed return is final "
                "and read-only; corrections are made by a revision. The date of filing is the "
                "date interest is counted to."
            )
        )
        form = QFormLayout()
        self.ack = QLineEdit()
        self.ack.setPlaceholderText("e.g. KITIS/2024/1234567890")
        self.filed_on = date_edit(start)
        form.addRow("Acknowledgement no.", self.ack)
        form.addRow("Date of filing", self.filed_on)
        layout.addLayout(form)
        self.payable = read_only_table(["Act", "Payable", "Paid (Part 5)", "Shortfall"], stretch=0)
        self.payable.setMaximumHeight(140)
        layout.addWidget(self.payable)
        layout.addWidget(QLabel("Checks before filing:"))
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings, 1)
        self.buttons = QDialogButtonBox()
        self.file_button = self.buttons.addButton(
            "Mark as filed", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.file)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.ack.textChanged.connect(lambda _t: self.refresh())
        self.filed_on.dateChanged.connect(lambda _d: self.refresh())
        fit_to_screen(self, 760, 520)
        self.current: list[Finding] = []
        self.refresh()

    def refresh(self) -> None:
        on = pydate(self.filed_on.date())
        info = self.store.return_info(self.return_id)
        blocker = history.filing_blocker(
            info, history.of_period(self.store.list_returns(info.client_id), info.period)
        )
        if blocker is not None:
            self._show([Finding("E-FILED", "error", "filing", None, None, blocker)], None, None)
            return
        try:
            ret, computed, findings = lc.filing_check(
                self.store, self.return_id, self.ack.text(), on
            )
        except lc.LifecycleError as exc:
            findings = [Finding("E-LOCKED", "error", "filing", None, None, str(exc))]
            ret, computed = None, None
        self._show(findings, ret, computed)

    def _show(
        self, findings: list[Finding], ret: Form9Return | None, computed: Computed | None
    ) -> None:
        self.current = findings
        self.findings.clear()
        for f in sorted(findings, key=lambda f: not f.is_error):
            self.findings.addItem(_finding_item(f))
        if not findings:
            self.findings.addItem(QListWidgetItem("✔ Every check passes."))
        self.payable.setRowCount(0)
        if ret is not None and computed is not None:
            due, paid = payable_per_act(computed), paid_per_act(ret)
            self.payable.setRowCount(len(ACTS))
            for row, act in enumerate(ACTS):
                short = max(ZERO, due[act] - paid[act])
                set_row(self.payable, row, [
                    cell(act), cell(fmt_indian(due[act]), right=True),
                    cell(fmt_indian(paid[act]), right=True),
                    cell(fmt_indian(short), right=True, bold=short > 0),
                ])  # fmt: skip
        self.file_button.setEnabled(not any(f.is_error for f in findings))

    def file(self) -> None:
        """One op, off the GUI thread (filing may rewrite the next month's brought-forward)."""
        ack, on, rid = self.ack.text(), pydate(self.filed_on.date()), self.return_id
        if self.session is not None:
            self.session.hold_records()
        op = Op(self, self.store, lambda s: lc.mark_filed(s, rid, ack, on), title="Mark as filed")
        op.success(self._filed).failure(self._refused).run_in_background("Filing…")

    def _refused(self, failed: OpFailed) -> None:
        if self.session is not None:
            self.session.release_records()
        self.findings.clear()
        self.findings.addItem(QListWidgetItem(failed.message))
        self.file_button.setEnabled(False)

    def _filed(self, result: lc.FilingResult) -> None:
        self.result_ = result
        text = f"Filed; acknowledgement {self.ack.text().strip()}."
        if result.carry is not None:
            text += " " + result.carry.message
        _tell(self.session, text)
        self.accept()


def open_mark_filed(
    parent: QWidget | None, store: Store, return_id: int, session: ReturnSession | None
) -> MarkFiledDialog:
    dlg = MarkFiledDialog(parent, store, return_id, session)
    dlg.show()
    return dlg


# --- Revise ------------------------------------------------------------------------------------


class ReviseDialog(QDialog):
    """Explains what Revision N will be (and any warning) before creating it; `created(id)` once
    it is (whoever opened the dialog shows it in an editor)."""

    created = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        return_id: int,
        session: ReturnSession | None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.session = store, return_id, session
        self.new_id: int | None = None
        today = today or date.today()
        info = store.return_info(return_id)
        period = Period.parse(info.period)
        self.setWindowTitle(f"Revise — {period.label}")
        layout = QVBoxLayout(self)
        self.text = wrapped(self._explain(info, period, today))
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "Create revision", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.create_revision)
        self.buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.create_button.setEnabled(self.blocked is None)
        fit_to_screen(self, 620, 300)

    def _explain(self, info: ReturnInfo, period: Period, today: date) -> str:
        rows = history.of_period(self.store.list_returns(info.client_id), period)
        self.blocked: str | None = history.revision_blocker(rows, period)
        latest = history.latest_filed(rows)
        if self.blocked is not None or latest is None:
            return self.blocked or ""
        n = history.next_revision_no(rows)
        when = f" filed on {latest.filed_on:%d-%m-%Y}" if latest.filed_on else ""
        lines = [
            f"<b>Revision {n}</b> of {period.label} will start from the "
            f"{lc.version_label(latest).lower()}{when} (acknowledgement {latest.ack_no or '—'}) "
            "with all its data. Part 4 shows the filed figures beside the revised ones; interest "
            "on any increase runs from the original due date to the revision's date of filing.",
        ]
        deadline = rectification_deadline(period)
        if today > deadline:
            lines.append(
                f"<span style='color:{WARNING_COLOUR.name()}'>⚠ W-REV-LATE: the rectification "
                f"window (r.22A(3)) ended on {deadline:%d-%m-%Y}; the revision may not be "
                "accepted.</span>"
            )
        else:
            lines.append(
                f"File it by {deadline:%d-%m-%Y} (two months from the period's end, r.22A(3))."
            )
        nxt = self.store.latest_filed(info.client_id, str(period.next()))
        if nxt is not None:
            lines.append(
                f"{period.next().label} is already filed: this revision's excess will not be "
                "carried forward (instruction 17); the dealer may apply for a refund of it."
            )
        else:
            lines.append(
                f"{period.next().label} is not filed yet: its brought-forward figures will follow "
                "this revision once it is filed (instruction 16)."
            )
        return "<br><br>".join(lines)

    def create_revision(self) -> None:
        rid = self.return_id
        op = Op(self, self.store, lambda s: lc.create_revision(s, rid), title="Revise")
        op.success(self._created).failure(self._refused)
        op.run_in_background("Creating the revision…")

    def _refused(self, failed: OpFailed) -> None:
        self.text.setText(failed.message)
        self.create_button.setEnabled(False)

    def _created(self, new_id: int) -> None:
        self.new_id = new_id
        info = self.store.return_info(new_id)
        _tell(self.session, f"Created {lc.return_label(info)}.")
        self.created.emit(new_id)
        self.accept()


def open_revise(
    parent: QWidget | None, store: Store, return_id: int, session: ReturnSession | None
) -> ReviseDialog:
    dlg = ReviseDialog(parent, store, return_id, session)
    dlg.show()
    return dlg


# --- What if I file on… ------------------------------------------------------------------------


class WhatIfDialog(QDialog):
    """Pick a filing date and see Part 3(A) (and Part 4) interest for it."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store | None,
        return_id: int | None,
        session: ReturnSession | None,
    ) -> None:
        super().__init__(parent)
        ret = shown_return(store, return_id, session)
        self.ret = copy.deepcopy(ret)
        self.ret.header.date_of_filing = None  # the picked date stands in for it
        base = compute(self.ret, with_lists=False)
        self.due = base.due_date
        self.setWindowTitle("What if I file on…")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("If filed on"))
        start = ret.header.date_of_filing or max(date.today(), self.due or date.today())
        self.on = date_edit(start)
        top.addWidget(self.on)
        for label, days in (("+1 day", 1), ("+1 week", 7), ("+1 month", 30)):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, d=days: self.on.setDate(self.on.date().addDays(d)))
            top.addWidget(b)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = wrapped("")
        layout.addWidget(self.summary)
        self.table = read_only_table(
            ["Part 3(A) row", "Tax", "Rate %", "Delay days", "Interest", "Total"], stretch=0
        )
        layout.addWidget(self.table, 1)
        self.part4 = wrapped("")
        layout.addWidget(self.part4)
        self.reminder = wrapped("")
        layout.addWidget(self.reminder)
        try:
            oil = (
                lc.oil_advance(store, return_id)
                if store is not None and return_id is not None
                else None
            )
        except (ValueError, KeyError):
            oil = None
        self.reminder.setText(oil.message if oil else "")
        self.reminder.setVisible(oil is not None)
        self.on.dateChanged.connect(lambda _d: self.refresh())
        fit_to_screen(self, 760, 480)
        self.refresh()

    def figures(self, on: date) -> tuple[Computed, Decimal]:
        c = compute(self.ret, as_of=on, with_lists=False)
        return c, sum(payable_per_act(c).values(), ZERO)

    def refresh(self) -> None:
        on = pydate(self.on.date())
        c, total = self.figures(on)
        _c1, total_next = self.figures(on + timedelta(days=1))
        days = delay_days(self.due, on) if self.due else 0
        due_text = f"due {self.due:%d-%m-%Y}" if self.due else "no due date"
        self.summary.setText(
            f"<b>{days} day(s) late</b> ({due_text}). Payable with the return: "
            f"<b>₹{fmt_indian(total)}</b>. Filing a day later adds ₹{fmt_indian(total_next - total)}."
        )
        rows = [(rid, c.part3a.rows[rid]) for rid, _src, _act in PART3A_ROWS]
        self.table.setRowCount(len(rows) + 1)
        for n, (rid, r) in enumerate(rows):
            set_row(self.table, n, [
                cell(f"({rid})"), cell(fmt_indian(r.tax), right=True),
                cell(fmt_rate(r.interest_rate), right=True), cell(str(r.delay_days), right=True),
                cell(fmt_indian(r.interest), right=True), cell(fmt_indian(r.total), right=True),
            ])  # fmt: skip
        k = c.part3a.kgst_total
        set_row(self.table, len(rows), [
            cell("KGST total (a)–(f)", bold=True), cell(fmt_indian(k.tax), right=True, bold=True),
            cell(""), cell(""), cell(fmt_indian(k.interest), right=True, bold=True),
            cell(fmt_indian(k.total), right=True, bold=True),
        ])  # fmt: skip
        if c.part4 is not None:
            interest = sum((line.interest for line in c.part4.rows.values()), ZERO)
            self.part4.setText(
                f"Part 4 (revision): interest ₹{fmt_indian(interest)} from the original due date; "
                f"payable with the revision ₹{fmt_indian(c.part4.payable)}."
            )
        self.part4.setVisible(c.part4 is not None)


def open_what_if(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
) -> WhatIfDialog:
    dlg = WhatIfDialog(parent, store, return_id, session)
    dlg.show()
    return dlg
