"""Lifecycle dialogs: mark as filed, revise, credit chain, history, "what if I file on…", and the
annual year summary (spec section 7).  Whether an action is allowed is the model's answer
(app.model.history's `*_blocker()`); the actions are app.store.lifecycle's units of work.

Each `open_*` function shows a non-modal dialog and returns it.
"""

from __future__ import annotations

import copy
import logging
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.model import history
from app.model import status as st
from app.model.compute import compute, payable_per_act
from app.model.filing import paid_per_act
from app.model.findings import Finding
from app.model.form9 import ACTS, Form9Return
from app.model.numbers import ZERO, fmt_indian, fmt_rate
from app.model.part3a import PART3A_ROWS
from app.model.periods import Period, delay_days, rectification_deadline
from app.store import lifecycle as lc
from app.ui.qt import (
    QAbstractItemView,
    QApplication,
    QBrush,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.worker import run_in_background

log = logging.getLogger(__name__)

ERROR_COLOUR = QColor("#b3261e")
WARNING_COLOUR = QColor("#8a5300")
DIFF_BACKGROUND = QColor("#fff3cd")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _date_edit(d: date) -> QDateEdit:
    edit = QDateEdit(_qdate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


def _money(v: Decimal) -> str:
    return fmt_indian(v)


def _cell(text: str, *, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


def _table(headers: list[str], stretch: int = -1) -> QTableWidget:
    """A read-only table; column `stretch` (default the last) takes the spare width."""
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


def _set_row(t: QTableWidget, row: int, items: list[QTableWidgetItem]) -> None:
    for col, item in enumerate(items):
        t.setItem(row, col, item)


def _finding_item(f: Finding) -> QListWidgetItem:
    mark = "✖" if f.is_error else "⚠"
    item = QListWidgetItem(f"{mark} {f.code} · {f.location}: {f.message}")
    item.setForeground(QBrush(ERROR_COLOUR if f.is_error else WARNING_COLOUR))
    item.setData(Qt.ItemDataRole.UserRole, f.code)
    return item


def _wrap(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _tell(editor: Any, text: str) -> None:
    if editor is not None and hasattr(editor, "show_message"):
        editor.show_message(text)


def _reload(editor: Any) -> None:
    if editor is not None and hasattr(editor, "reload"):
        editor.reload()


# --- Mark as filed -----------------------------------------------------------------------------


def _why(exc: BaseException) -> str:
    """A refusal's own explanation; anything unexpected is logged and said plainly."""
    if isinstance(exc, lc.LifecycleError):
        return str(exc)
    log.error("lifecycle action failed", exc_info=exc)
    return f"This could not be done: {exc}"


def _busy(dialog: QDialog, text: str, work: Any, done: Any, failed: Any) -> None:
    """Run a store action (it may rewrite 100,000 list rows) off the GUI thread: the dialog's
    buttons wait and a busy bar shows until `done(result)` or `failed(exc)` runs."""
    bar = QProgressBar(dialog)
    bar.setRange(0, 0)
    bar.setFormat(text)
    bar.setTextVisible(True)
    layout = dialog.layout()
    if layout is not None:
        layout.addWidget(bar)
    dialog.setEnabled(False)

    def finish() -> None:
        bar.deleteLater()
        dialog.setEnabled(True)

    def ok(result: Any) -> None:
        finish()
        done(result)

    def error(exc: BaseException, _tb: str) -> None:
        finish()
        failed(exc)

    run_in_background(lambda _progress: work(), on_done=ok, on_error=error)


class MarkFiledDialog(QDialog):
    """Acknowledgement number and filing date; every check shown live; files when none fails."""

    def __init__(self, parent: QWidget | None, store: Any, return_id: int, editor: Any) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.editor = store, return_id, editor
        self.result_: lc.FilingResult | None = None
        info = store.return_info(return_id)
        self.setWindowTitle(f"Mark as filed — {lc.return_label(info)}")
        ret = store.load_return(return_id)
        start = ret.header.date_of_filing or date.today()
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrap(
                "Record the acknowledgement KITIS gave for this return. A filed return is final "
                "and read-only; corrections are made by a revision. The date of filing is the "
                "date interest is counted to."
            )
        )
        form = QFormLayout()
        self.ack = QLineEdit()
        self.ack.setPlaceholderText("e.g. KITIS/2024/1234567890")
        self.filed_on = _date_edit(start)
        form.addRow("Acknowledgement no.", self.ack)
        form.addRow("Date of filing", self.filed_on)
        layout.addLayout(form)
        self.payable = _table(["Act", "Payable", "Paid (Part 5)", "Shortfall"], stretch=0)
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
        self.resize(760, 520)
        self.current: list[Finding] = []
        self.refresh()

    def refresh(self) -> None:
        on = _pydate(self.filed_on.date())
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

    def _show(self, findings: list[Finding], ret: Form9Return | None, computed: Any) -> None:
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
                _set_row(self.payable, row, [
                    _cell(act), _cell(_money(due[act]), right=True),
                    _cell(_money(paid[act]), right=True),
                    _cell(_money(short), right=True, bold=short > 0),
                ])  # fmt: skip
        self.file_button.setEnabled(not any(f.is_error for f in findings))

    def file(self) -> None:
        ack, on = self.ack.text(), _pydate(self.filed_on.date())
        _busy(
            self, "Filing…", lambda: lc.mark_filed(self.store, self.return_id, ack, on),
            self._filed, self._refused,
        )  # fmt: skip

    def _refused(self, exc: BaseException) -> None:
        self.findings.clear()
        self.findings.addItem(QListWidgetItem(_why(exc)))
        self.file_button.setEnabled(False)

    def _filed(self, result: Any) -> None:
        self.result_ = result
        _reload(self.editor)
        text = f"Filed; acknowledgement {self.ack.text().strip()}."
        if self.result_.carry is not None:
            text += " " + self.result_.carry.message
        _tell(self.editor, text)
        self.accept()


def open_mark_filed(
    parent: QWidget | None, store: Any, return_id: int, editor: Any
) -> MarkFiledDialog:
    dlg = MarkFiledDialog(parent, store, return_id, editor)
    dlg.show()
    return dlg


# --- Revise ------------------------------------------------------------------------------------


class ReviseDialog(QDialog):
    """Explains what Revision N will be (and any warning) before creating it."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Any,
        return_id: int,
        editor: Any,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.editor = store, return_id, editor
        self.new_id: int | None = None
        today = today or date.today()
        info = store.return_info(return_id)
        period = Period.parse(info.period)
        self.setWindowTitle(f"Revise — {period.label}")
        layout = QVBoxLayout(self)
        self.text = _wrap(self._explain(info, period, today))
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
        self.resize(620, 300)

    def _explain(self, info: Any, period: Period, today: date) -> str:
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
        _busy(
            self, "Creating the revision…", lambda: lc.create_revision(self.store, self.return_id),
            self._created, self._refused,
        )  # fmt: skip

    def _refused(self, exc: BaseException) -> None:
        self.text.setText(_why(exc))
        self.create_button.setEnabled(False)

    def _created(self, new_id: int) -> None:
        self.new_id = new_id
        info = self.store.return_info(self.new_id)
        _tell(self.editor, f"Created {lc.return_label(info)}.")
        _open_in_editor(self.store, self.new_id)
        self.accept()


def _open_in_editor(store: Any, return_id: int) -> Any:
    """Open a return in the main window's editor when there is one; else a new editor window."""
    for w in QApplication.topLevelWidgets():
        if (
            hasattr(w, "open_return")
            and hasattr(w, "refresh_returns")
            and getattr(w, "store", store) is store
        ):
            w.refresh_returns(select=return_id)
            return w.open_return(return_id)
    from app.ui.return_editor import ReturnEditor

    with store.transaction(write=False):
        info = store.return_info(return_id)
        ret = store.load_return(return_id)
    ed = ReturnEditor(ret, store=store, return_id=return_id, status=info.status,
                      version=info.version)  # fmt: skip
    ed.show()
    return ed


def open_revise(parent: QWidget | None, store: Any, return_id: int, editor: Any) -> ReviseDialog:
    dlg = ReviseDialog(parent, store, return_id, editor)
    dlg.show()
    return dlg


# --- Credit chain ------------------------------------------------------------------------------

_CHAIN_HEADERS = [
    "Month", "Return", "Status",
    "B/F KGST (a)(iii)", "B/F KVAT (g)(ii)", "B/F CST (h)(iii)",
    "Excess KGST (a)(v)", "Excess KVAT (g)(ix)", "Excess CST (h)(v)",
    "Carried KGST", "Carried KVAT", "Carried CST", "Note",
]  # fmt: skip


class ChainDialog(QDialog):
    """Credit flowing month to month through a financial year."""

    def __init__(
        self, parent: QWidget | None, store: Any, client_id: int, financial_year: str
    ) -> None:
        super().__init__(parent)
        self.store, self.client_id = store, client_id
        name = store.get_client(client_id).name
        self.setWindowTitle(f"Credit chain — {name}")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Financial year"))
        self.year = QComboBox()
        for fy in _years(store, client_id, financial_year):
            self.year.addItem(fy)
        self.year.setCurrentText(financial_year)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(
            _wrap(
                "Each month's excess ((a)(v), (g)(ix), (h)(v)) is brought forward to the next "
                "month ((a)(iii), (g)(ii), (h)(iii)); the latest filed return of each month is "
                "shown (else the unfiled one)."
            )
        )
        self.table = _table(_CHAIN_HEADERS)
        layout.addWidget(self.table, 1)
        self.year.currentTextChanged.connect(self.refresh)
        self.resize(1280, 420)
        self.refresh(financial_year)

    def refresh(self, financial_year: str) -> None:
        rows = lc.chain(self.store, self.client_id, financial_year)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            items = [_cell(r.period.label), _cell(r.version), _cell(st.LABELS.get(r.status, ""))]
            for amounts in (r.brought_forward, r.excess, r.carried):
                for key in ("kgst", "kvat", "cst"):
                    text = _money(amounts.of(key)) if amounts is not None and r.return_id else ""
                    items.append(_cell(text, right=True))
            items.append(_cell(r.note))
            _set_row(self.table, n, items)
            if r.note and "instruction 17" in r.note:
                for item in items:
                    item.setBackground(QBrush(DIFF_BACKGROUND))


def _years(store: Any, client_id: int, current: str) -> list[str]:
    years = {current}
    for r in store.list_returns(client_id):
        try:
            years.add(str(Period.parse(r.period).financial_year))
        except ValueError:
            continue
    return sorted(years)


def open_chain(
    parent: QWidget | None, store: Any, client_id: int, financial_year: str | None = None
) -> ChainDialog:
    if financial_year is None:
        today = date.today()
        fy = Period(today.year if today.month >= 4 else today.year - 1, 0)
        financial_year = str(max(fy, Period(2024, 0)))
    dlg = ChainDialog(parent, store, client_id, financial_year)
    dlg.show()
    return dlg


def open_credit_chain(
    parent: QWidget | None, store: Any, return_id: int, editor: Any
) -> ChainDialog:
    """The chain for the year of the return open in the editor."""
    info = store.return_info(return_id)
    return open_chain(parent, store, info.client_id, str(Period.parse(info.period).financial_year))


# --- History -----------------------------------------------------------------------------------


class HistoryDialog(QDialog):
    """Every filed return and revision of a client's period, with what each did."""

    def __init__(self, parent: QWidget | None, store: Any, client_id: int, period: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {Period.parse(period).label}")
        layout = QVBoxLayout(self)
        self.entries = lc.timeline(store, client_id, period)
        self.table = _table(["Return", "Status", "Filed on", "Acknowledgement", "Payable", "Notes"])
        self.table.setRowCount(len(self.entries))
        self.table.setWordWrap(True)
        for n, e in enumerate(self.entries):
            _set_row(self.table, n, [
                _cell(e.version, bold=True), _cell(st.LABELS.get(e.status, e.status)),
                _cell(f"{e.filed_on:%d-%m-%Y}" if e.filed_on else ""), _cell(e.ack_no),
                _cell(_money(e.payable), right=True), _cell("\n".join(e.notes)),
            ])  # fmt: skip
        self.table.resizeRowsToContents()
        if not self.entries:
            layout.addWidget(QLabel("No return recorded for this period."))
        layout.addWidget(self.table, 1)
        self.resize(1000, 320)


def open_history(parent: QWidget | None, store: Any, client_id: int, period: Any) -> HistoryDialog:
    """History of (client, period).  From the return editor's menu the call is
    (parent, store, return_id, editor): then the return's client and period are used."""
    if not isinstance(period, str):
        info = store.return_info(client_id)
        client_id, period = info.client_id, info.period
    dlg = HistoryDialog(parent, store, client_id, period)
    dlg.show()
    return dlg


# --- What if I file on… ------------------------------------------------------------------------


class WhatIfDialog(QDialog):
    """Pick a filing date and see Part 3(A) (and Part 4) interest for it."""

    def __init__(self, parent: QWidget | None, store: Any, return_id: int, editor: Any) -> None:
        super().__init__(parent)
        ret: Form9Return = (
            editor.current_return()
            if editor is not None and hasattr(editor, "current_return")
            else store.load_return(return_id)
        )
        self.ret = copy.deepcopy(ret)
        self.ret.header.date_of_filing = None  # the picked date stands in for it
        base = compute(self.ret, with_lists=False)
        self.due = base.due_date
        self.setWindowTitle("What if I file on…")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("If filed on"))
        start = ret.header.date_of_filing or max(date.today(), self.due or date.today())
        self.on = _date_edit(start)
        top.addWidget(self.on)
        for label, days in (("+1 day", 1), ("+1 week", 7), ("+1 month", 30)):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, d=days: self.on.setDate(self.on.date().addDays(d)))
            top.addWidget(b)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = _wrap("")
        layout.addWidget(self.summary)
        self.table = _table(
            ["Part 3(A) row", "Tax", "Rate %", "Delay days", "Interest", "Total"], stretch=0
        )
        layout.addWidget(self.table, 1)
        self.part4 = _wrap("")
        layout.addWidget(self.part4)
        self.reminder = _wrap("")
        layout.addWidget(self.reminder)
        try:
            oil = lc.oil_advance(store, return_id) if store is not None else None
        except (ValueError, KeyError):
            oil = None
        self.reminder.setText(oil.message if oil else "")
        self.reminder.setVisible(oil is not None)
        self.on.dateChanged.connect(lambda _d: self.refresh())
        self.resize(760, 480)
        self.refresh()

    def figures(self, on: date) -> tuple[Any, Decimal]:
        c = compute(self.ret, as_of=on, with_lists=False)
        return c, sum(payable_per_act(c).values(), ZERO)

    def refresh(self) -> None:
        on = _pydate(self.on.date())
        c, total = self.figures(on)
        _c1, total_next = self.figures(on + timedelta(days=1))
        days = delay_days(self.due, on) if self.due else 0
        due_text = f"due {self.due:%d-%m-%Y}" if self.due else "no due date"
        self.summary.setText(
            f"<b>{days} day(s) late</b> ({due_text}). Payable with the return: "
            f"<b>₹{_money(total)}</b>. Filing a day later adds ₹{_money(total_next - total)}."
        )
        rows = [(rid, c.part3a.rows[rid]) for rid, _src, _act in PART3A_ROWS]
        self.table.setRowCount(len(rows) + 1)
        for n, (rid, r) in enumerate(rows):
            _set_row(self.table, n, [
                _cell(f"({rid})"), _cell(_money(r.tax), right=True),
                _cell(fmt_rate(r.interest_rate), right=True), _cell(str(r.delay_days), right=True),
                _cell(_money(r.interest), right=True), _cell(_money(r.total), right=True),
            ])  # fmt: skip
        k = c.part3a.kgst_total
        _set_row(self.table, len(rows), [
            _cell("KGST total (a)–(f)", bold=True), _cell(_money(k.tax), right=True, bold=True),
            _cell(""), _cell(""), _cell(_money(k.interest), right=True, bold=True),
            _cell(_money(k.total), right=True, bold=True),
        ])  # fmt: skip
        if c.part4 is not None:
            interest = sum((line.interest for line in c.part4.rows.values()), ZERO)
            self.part4.setText(
                f"Part 4 (revision): interest ₹{_money(interest)} from the original due date; "
                f"payable with the revision ₹{_money(c.part4.payable)}."
            )
        self.part4.setVisible(c.part4 is not None)


def open_what_if(parent: QWidget | None, store: Any, return_id: int, editor: Any) -> WhatIfDialog:
    dlg = WhatIfDialog(parent, store, return_id, editor)
    dlg.show()
    return dlg


# --- Year summary ------------------------------------------------------------------------------


class YearSummaryDialog(QDialog):
    """The annual return's figures against the sum of the months, differences highlighted."""

    def __init__(self, parent: QWidget | None, store: Any, client_id: int, year: str) -> None:
        super().__init__(parent)
        fy = Period.parse(year).financial_year
        self.setWindowTitle(f"Year summary — {fy.label}")
        layout = QVBoxLayout(self)
        self.summary = lc.year_summary(store, client_id, str(fy))
        diffs = self.summary.differences
        head = (
            f"{len(diffs)} difference(s) between the annual return and the sum of "
            f"{len(self.summary.months_included)} filed month(s)."
            if diffs
            else "The annual return agrees with the sum of the filed months."
        )
        if self.summary.months_missing:
            head += (
                " No filed return for: "
                + ", ".join(m.label for m in self.summary.months_missing)
                + "."
            )
        self.head = _wrap(head)
        layout.addWidget(self.head)
        self.table = _table(["Item", "Annual return", "Sum of the months", "Difference"], stretch=0)
        lines = self.summary.lines
        self.table.setRowCount(len(lines))
        for n, line in enumerate(lines):
            differs = line.difference != 0
            items = [
                _cell(line.item, bold=differs), _cell(_money(line.annual), right=True),
                _cell(_money(line.months), right=True),
                _cell(_money(line.difference), right=True, bold=differs),
            ]  # fmt: skip
            if differs:
                for item in items:
                    item.setBackground(QBrush(DIFF_BACKGROUND))
            _set_row(self.table, n, items)
        layout.addWidget(self.table, 1)
        self.resize(900, 700)


def open_year_summary(
    parent: QWidget | None, store: Any, client_id: int, year: Any
) -> YearSummaryDialog:
    """Year summary of (client, financial year).  From the return editor's menu the call is
    (parent, store, return_id, editor): then the return's client and financial year are used."""
    if not isinstance(year, str):
        info = store.return_info(client_id)
        client_id, year = info.client_id, str(Period.parse(info.period).financial_year)
    dlg = YearSummaryDialog(parent, store, client_id, year)
    dlg.show()
    return dlg
