"""'New return' for a month or a financial year (FORM No. 9 applies from 2024-08 / 2024-25)."""

from __future__ import annotations

import calendar
import logging
from datetime import date

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.periods import Period, PeriodError
from app.ratepacks import pack_for_period
from app.store import Store
from app.ui.forms import ERROR_STYLE
from app.ui.qt import (
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
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


class NewReturnDialog(QDialog):
    def __init__(self, dealer: str, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
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
        self.year.setValue(y)
        self.month.setCurrentIndex(m - 1)
        form.addRow("Return", self.kind)
        form.addRow("Month", self.month)
        form.addRow("Year (for an annual return: the year it starts, April)", self.year)
        lay.addLayout(form)
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

    def try_accept(self) -> None:
        try:
            self.period()
        except PeriodError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def new_return(profile: ClientProfile, period: Period) -> Form9Return:
    """A blank return carrying the dealer's particulars and the rate pack's interest rates."""
    ret = Form9Return(header=profile.header_for(str(period)))
    ret.inputs.large_dealer = profile.large_dealer
    pack = pack_for_period(period)
    if pack is not None:
        ret.inputs.interest_rate = dict(pack.interest_rate)
    return ret


def create_return(store: Store, client_id: int, period: Period) -> tuple[int, str]:
    """Create the return in the store as one unit of work, its brought-forward figures (and, for a
    year, the advance paid from the months' remittances) prefilled.  Returns the id and a note
    saying where prefilled figures came from."""
    from app.store import lifecycle

    if period.is_annual:
        result = lifecycle.prefill_annual(
            store, client_id, str(period), make=lambda p, s: new_return(p, Period.parse(s))
        )
        return result.return_id, result.text
    pack = pack_for_period(period)
    return lifecycle.new_return(
        store,
        client_id,
        new_return(store.get_client(client_id), period),
        rate_pack=pack.version if pack else "",
    )
