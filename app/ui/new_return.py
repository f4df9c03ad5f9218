"""'New return' for a month or a financial year (FORM No. 9 applies from 2024-08 / 2024-25).

Given the store and the dealer, the dialog proposes the month after the dealer's latest return and
offers to start from the previous return (app.desk.new_returns; issue 15 item 1).
"""

from __future__ import annotations

import calendar
import logging
from datetime import date

from app.model.periods import Period, PeriodError
from app.model.roll_forward import month_before
from app.store import Store
from app.ui.forms import ERROR_STYLE
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

MONTHLY, ANNUAL = "Monthly return", "Annual return"


def default_period(today: date) -> tuple[int, int]:
    """The month before today (the return usually being prepared)."""
    p = month_before(today)
    return p.year, p.month


class NewReturnDialog(QDialog):
    def __init__(self, dealer: str, parent: QWidget | None = None, today: date | None = None,
                 *, store: Store | None = None, client_id: int | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.store, self.client_id = store, client_id
        self.setWindowTitle(f"New return — {dealer}")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItems([MONTHLY, ANNUAL])
        self.month = QComboBox()
        self.month.addItems([calendar.month_name[m] for m in range(1, 13)])
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        y, m = default_period(today or date.today())
        if store is not None and client_id is not None:
            from app.desk.new_returns import next_return

            proposed = next_return(store, client_id, today or date.today()).period
            y, m = proposed.year, proposed.month
        self.year.setValue(y)
        self.month.setCurrentIndex(m - 1)
        form.addRow("Return", self.kind)
        form.addRow("Month", self.month)
        form.addRow("Year (for an annual return: the year it starts, April)", self.year)
        lay.addLayout(form)
        self.from_previous = QCheckBox("Start from the previous return")
        self.from_previous.setToolTip(
            "Copies Part 1(a), 1(b) and 2 rows (goods, act, schedule, rate, point of sale), the "
            "signatory and the Part 5 heads; brought-forward figures come from the filing chain"
        )
        self.with_amounts = QCheckBox("Copy the amounts too")
        self.with_amounts.setToolTip("Turnover, tax and purchase figures of Part 1(a) and 2")
        self.with_amounts.setStyleSheet("margin-left: 22px")  # under the box it depends on
        self.from_previous.setChecked(True)
        self.from_previous.toggled.connect(lambda _on: self._update())
        self.from_previous.setVisible(store is not None and client_id is not None)
        self.with_amounts.setVisible(self.from_previous.isVisibleTo(self))
        lay.addWidget(self.from_previous)
        lay.addWidget(self.with_amounts)
        self.shown = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        lay.addWidget(self.shown)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for sig in (
            self.kind.currentIndexChanged,
            self.month.currentIndexChanged,
            self.year.valueChanged,
        ):
            sig.connect(lambda *_: self._update())
        self.setMinimumWidth(520)
        self._update()

    def period_text(self) -> str:
        y = self.year.value()
        if self.kind.currentText() == ANNUAL:
            return f"{y}-{(y + 1) % 100:02d}"
        return f"{y}-{self.month.currentIndex() + 1:02d}"

    def period(self) -> Period:
        """The chosen period, or PeriodError with the reason (e.g. before 2024-08)."""
        return Period.parse(self.period_text())

    def _update(self) -> None:
        self.month.setEnabled(self.kind.currentText() == MONTHLY)
        try:
            p = self.period()
        except PeriodError as exc:
            self.shown.setText("")
            self.error.setText(str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.error.setText("")
        self.shown.setText(
            f"Period: <b>{p.label}</b> ({p}), {p.first_day:%d-%m-%Y} to {p.last_day:%d-%m-%Y}"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self._update_previous(p)

    def _update_previous(self, p: Period) -> None:
        if self.store is None or self.client_id is None:
            return
        from app.desk.new_returns import previous_label

        source = previous_label(self.store, self.client_id, p)
        self.from_previous.setEnabled(bool(source))
        self.from_previous.setText(
            f"Start from the previous return ({source})" if source
            else "Start from the previous return (there is none before this period)"
        )  # fmt: skip
        self.with_amounts.setEnabled(bool(source) and self.from_previous.isChecked())

    def options(self) -> dict[str, bool]:
        """What create_return() takes from the check boxes."""
        start = self.from_previous.isVisibleTo(self) and self.from_previous.isEnabled()
        start = start and self.from_previous.isChecked()
        return {"from_previous": start, "amounts": start and self.with_amounts.isChecked()}

    def try_accept(self) -> None:
        try:
            self.period()
        except PeriodError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def create_return(
    store: Store, client_id: int, period: Period, *, from_previous: bool = False,
    amounts: bool = False,
) -> tuple[int, str]:  # fmt: skip
    """Create the return in the store as one unit of work (app.desk.new_returns.create_return):
    brought-forward figures (and, for a year, the advance paid) prefilled, started from the
    previous return when asked.  Returns the id and a note saying where figures came from."""
    from app.desk.new_returns import create_return as create

    return create(store, client_id, period, from_previous=from_previous, amounts=amounts)
