"""The client (dealer) editor: every header field of the spec, checked as it is typed.  Save is
one op (app.ui.ops): the dealer is added or updated in one unit of work, or the store's refusal
(e.g. a TIN another dealer has) is shown in the dialog, in plain words, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable

from app.model.client import ClientProfile
from app.model.client_rows import renewed_problem
from app.model.form9 import CONSTITUTIONS, NATURES_OF_BUSINESS, Branch
from app.model.identifiers import gstin_problem, normalise_no, tin_problem
from app.model.limits import text_limit
from app.store import Store
from app.ui.forms import BAD_FIELD, ERROR_STYLE
from app.ui.ops import Op, OpFailed
from app.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.tables import fit_to_screen

DUE_CLASSES = (
    "15th of the next month (other dealers, oil companies)",
    "10th of the next month (tax liability ≥ ₹10 lakh in the preceding year)",
)


class CheckedLine(QWidget):
    """A line edit with its message under it, checked on every keystroke."""

    def __init__(
        self,
        check: Callable[[str], str | None] | None = None,
        upper: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.check, self.upper = check, upper
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        self.edit.textChanged.connect(lambda _t: self.validate())

    def value(self) -> str:
        t = self.edit.text()
        return normalise_no(t) if self.upper else t.strip()

    def set_value(self, text: str) -> None:
        self.edit.setText(text)

    def problem(self) -> str | None:
        return self.check(self.value()) if self.check else None

    def validate(self) -> bool:
        msg = self.problem()
        self.error.setText(msg or "")
        self.error.setVisible(bool(msg))
        self.edit.setStyleSheet(BAD_FIELD if msg else "")
        return msg is None


class ClientDialog(QDialog):
    """Add a dealer (`client_id` None) or edit one.  `profile()` gives the ClientProfile typed
    in; Save stores it and `saved_id` is the dealer's id."""

    def __init__(
        self, store: Store, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.client_id = store, client_id
        self.saved_id: int | None = None
        profile = store.get_client(client_id) if client_id is not None else None
        self.setWindowTitle("Edit dealer" if profile else "New dealer")
        fit_to_screen(self, 900, 560)
        p = profile or ClientProfile()
        outer = QVBoxLayout(self)
        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        self.tin = CheckedLine(tin_problem, upper=True, placeholder="32xxxxxxxxx (11 digits)")
        self.kgst_no = CheckedLine(upper=True)
        self.cst_no = CheckedLine(upper=True, placeholder="often the TIN")
        self.tps_division = CheckedLine()
        self.tps_circle = CheckedLine()
        self.name = CheckedLine(lambda v: None if v else "Name of the dealer is required")
        self.address = CheckedLine()
        self.trade_name = CheckedLine()
        self.gstin = CheckedLine(lambda v: gstin_problem(v) if v else None, upper=True,
                                 placeholder="optional, 15 characters")  # fmt: skip
        self.renewed = CheckedLine(renewed_problem, placeholder="e.g. 2025-26 (instruction 1)")
        for field in ("tin", "kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                      "trade_name", "gstin"):  # fmt: skip
            getattr(self, field).edit.setMaxLength(text_limit(field))  # what the files can hold
        self.constitution = QComboBox()
        self.constitution.addItems(["", *CONSTITUTIONS])
        self.nature = QComboBox()
        self.nature.addItems(["", *NATURES_OF_BUSINESS])
        self.due_class = QComboBox()
        self.due_class.addItems(list(DUE_CLASSES))
        left.addRow("TIN *", self.tin)
        left.addRow("KGST No.", self.kgst_no)
        left.addRow("CST No.", self.cst_no)
        left.addRow("TPS Division", self.tps_division)
        left.addRow("TPS Circle", self.tps_circle)
        left.addRow("GSTIN", self.gstin)
        right.addRow("Name of the dealer *", self.name)
        right.addRow("Address", self.address)
        right.addRow("Trade name", self.trade_name)
        right.addRow("Constitution", self.constitution)
        right.addRow("Nature of business", self.nature)
        right.addRow("Monthly return due on", self.due_class)
        right.addRow("Registration renewed up to", self.renewed)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)
        self.branch_label = QLabel()
        outer.addWidget(self.branch_label)
        self.branches = QTableWidget(0, 2)
        self.branches.setHorizontalHeaderLabels(["Branch name", "Branch address"])
        self.branches.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.branches.setColumnWidth(0, 240)
        self.branches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.branches.verticalHeader().setDefaultSectionSize(24)
        outer.addWidget(self.branches, 1)
        row = QHBoxLayout()
        add, remove = QPushButton("Add branch"), QPushButton("Remove branch")
        add.clicked.connect(self.add_branch)
        remove.clicked.connect(self.remove_branch)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        outer.addLayout(row)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._fill(p)
        for line in self._lines():
            line.edit.textChanged.connect(lambda _t: self._update_save())
        self.branches.model().rowsInserted.connect(lambda *_: self._count())
        self.branches.model().rowsRemoved.connect(lambda *_: self._count())
        self._count()
        self._update_save()

    def _lines(self) -> list[CheckedLine]:
        return [self.tin, self.name, self.gstin, self.renewed]

    def _fill(self, p: ClientProfile) -> None:
        self.tin.set_value(p.tin)
        self.kgst_no.set_value(p.kgst_no)
        self.cst_no.set_value(p.cst_no)
        self.tps_division.set_value(p.tps_division)
        self.tps_circle.set_value(p.tps_circle)
        self.name.set_value(p.name)
        self.address.set_value(p.address)
        self.trade_name.set_value(p.trade_name)
        self.gstin.set_value(p.gstin)
        self.renewed.set_value(p.renewed_until)
        self.constitution.setCurrentText(p.constitution)
        self.nature.setCurrentText(p.nature_of_business)
        self.due_class.setCurrentIndex(1 if p.large_dealer else 0)
        for b in p.branches:
            self.add_branch(b)
        # A new dealer's empty required fields are not shouted at before anything is typed.
        if profile_is_blank(p):
            for line in self._lines():
                line.error.hide()
                line.edit.setStyleSheet("")

    def add_branch(self, branch: Branch | None = None) -> None:
        r = self.branches.rowCount()
        self.branches.insertRow(r)
        b = branch if isinstance(branch, Branch) else Branch()
        self.branches.setItem(r, 0, QTableWidgetItem(b.name))
        self.branches.setItem(r, 1, QTableWidgetItem(b.address))
        if not isinstance(branch, Branch):
            self.branches.setCurrentCell(r, 0)
            item = self.branches.item(r, 0)
            if item is not None:
                self.branches.editItem(item)

    def remove_branch(self) -> None:
        rows = sorted({i.row() for i in self.branches.selectedIndexes()}, reverse=True)
        for r in rows:
            self.branches.removeRow(r)

    def _count(self) -> None:
        self.branch_label.setText(
            f"<b>Branches</b> — number of branches: {self.branches.rowCount()}"
        )

    def _update_save(self) -> None:
        ok = all(line.problem() is None for line in self._lines())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def profile(self) -> ClientProfile:
        branches = []
        for r in range(self.branches.rowCount()):
            name = self.branches.item(r, 0)
            addr = self.branches.item(r, 1)
            b = Branch(name.text().strip() if name else "", addr.text().strip() if addr else "")
            if b.name or b.address:
                branches.append(b)
        return ClientProfile(
            tin=self.tin.value(),
            kgst_no=self.kgst_no.value(),
            cst_no=self.cst_no.value(),
            tps_division=self.tps_division.value(),
            tps_circle=self.tps_circle.value(),
            name=self.name.value(),
            address=self.address.value(),
            trade_name=self.trade_name.value(),
            constitution=self.constitution.currentText(),
            nature_of_business=self.nature.currentText(),
            branches=branches,
            gstin=self.gstin.value(),
            large_dealer=self.due_class.currentIndex() == 1,
            renewed_until=self.renewed.value(),
        )

    def try_accept(self) -> None:
        bad = [line for line in self._lines() if not line.validate()]
        if bad:
            bad[0].edit.setFocus()
            return
        for r in range(self.branches.rowCount()):
            name = self.branches.item(r, 0)
            addr = self.branches.item(r, 1)
            if (addr and addr.text().strip()) and not (name and name.text().strip()):
                self.message.setText(f"Branch {r + 1} has an address but no name.")
                return
        profile, cid = self.profile(), self.client_id
        title = "Edit dealer" if cid is not None else "New dealer"

        def save(store: Store) -> int:
            if cid is None:
                return store.add_client(profile)
            store.update_client(cid, profile)
            return cid

        Op(self, self.store, save, title=title).success(self._saved).failure(self._refused).run()

    def _saved(self, client_id: int) -> None:
        self.saved_id = client_id
        self.accept()

    def _refused(self, failed: OpFailed) -> None:
        """E.g. a TIN another dealer has: said here, the dialog stays open with everything typed."""
        self.message.setText(failed.message)


def profile_is_blank(p: ClientProfile) -> bool:
    return not (p.tin or p.name)
