"""Moving a client between PCs in the windows (issue 15 item 2): "Export client…" writes the
selected dealer with every return to a client file; "Import client…" reads one, shows what it would
do to each return (added / updated / skipped / refused), lets the user settle each draft that
differs on both PCs, and imports in one unit of work.  The work is app.desk.client_transfer, run
off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.desk.client_transfer import (
    ImportReport,
    Key,
    describe,
    export_client,
    import_client,
    plan_import,
)
from app.model.client_merge import Prefer
from app.model.file_names import dealer_file_name
from app.ui.errors import plain_words
from app.ui.file_dialogs import CLIENT, open_file, save_file
from app.ui.qt import (
    QColor,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.worker import Progress, Task, run_in_background

FILTER = "Form 9 client file (*.zip)"
CHOICES: tuple[tuple[str, Prefer], ...] = (
    ("The newer one", "newer"), ("Take the file's", "file"), ("Keep this PC's", "here"),
)  # fmt: skip
ACTION_LABELS = {"added": "Add", "updated": "Update", "skipped": "Skip", "refused": "Refused"}
DONE_LABELS = {"added": "Added", "updated": "Updated", "skipped": "Skipped", "refused": "Refused"}


class _Busy(QDialog):
    """A dialog running one background task with a progress bar."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lay = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.task: Task | None = None

    def run(self, work: Any, done: Any, text: str) -> None:
        self.status.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.busy(True)

        def progressed(n: int, total: int, what: str) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(n)
            self.status.setText(f"{text} {what}")

        def finished(result: Any) -> None:
            self.task = None
            self.progress.setVisible(False)
            self.busy(False)
            done(result)

        def failed(exc: BaseException, tb: str) -> None:
            self.task = None
            self.progress.setVisible(False)
            self.busy(False)
            self.failed(plain_words(exc, tb))

        self.task = run_in_background(work, on_done=finished, on_error=failed,
                                      on_progress=progressed)  # fmt: skip

    def busy(self, on: bool) -> None:
        """Subclasses disable their buttons while the task runs."""

    def failed(self, message: str) -> None:
        self.status.setText(message)


# ---------------------------------------------------------------- export


class ExportClientDialog(_Busy):
    """Writes the client file and says what it holds; Close when done."""

    def __init__(self, parent: QWidget | None, store: Any, tin: str, target: Path) -> None:
        super().__init__(parent, "Export client")
        self.target = target
        self.result: Any = None
        self.error = ""
        self.lay.addWidget(QLabel(f"Dealer TIN {tin} with every return, to:\n{target}"))
        self.lay.addWidget(self.progress)
        self.lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.lay.addWidget(self.buttons)
        self.setMinimumWidth(560)

        def work(progress: Progress) -> Any:
            return export_client(store, tin, target, progress=progress)

        def done(result: Any) -> None:
            self.result = result
            self.status.setText(
                f"<b>Written.</b> {result.dealer} (TIN {result.tin}): {result.returns} return(s), "
                f"{result.filed} filed, with their status, acknowledgements and export history.<br>"
                f"{target}<br>Carry this file to the other PC and use File ▸ Import client… there."
            )

        self.run(work, done, "Writing…")

    def busy(self, on: bool) -> None:
        self.buttons.setEnabled(not on)

    def failed(self, message: str) -> None:
        self.error = message
        self.status.setText(f"<b>Not written:</b> {message}")


def export_selected_client(parent: QWidget | None, store: Any, client_id: int | None,
                           path: Path | None = None) -> ExportClientDialog | None:  # fmt: skip
    if client_id is None:
        QMessageBox.information(parent, "Export client", "Select a dealer first.")
        return None
    tin = store.get_client(client_id).tin
    if path is None:
        name = dealer_file_name(tin, "client", "zip", date.today())
        path = save_file(parent, CLIENT, "Export client", name, FILTER, suffix=".zip")
        if path is None:
            return None
    dlg = ExportClientDialog(parent, store, tin, path)
    dlg.open()
    return dlg


# ---------------------------------------------------------------- import


class ImportClientDialog(_Busy):
    """First what the file would do (nothing changes), then Import."""

    def __init__(self, parent: QWidget | None, store: Any, source: Path) -> None:
        super().__init__(parent, "Import client")
        self.store, self.source = store, source
        self.plan: ImportReport | None = None
        self.report: ImportReport | None = None
        self.error = ""
        self.choices: dict[Key, QComboBox] = {}
        self.heading = QLabel(f"Reading {source}…")
        self.heading.setWordWrap(True)
        self.lay.addWidget(self.heading)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Return", "Will be", "Why", "Which one"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 80)
        self.table.setColumnWidth(3, 140)
        self.lay.addWidget(self.table, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.lay.addWidget(self.notes)
        self.lay.addWidget(self.progress)
        self.lay.addWidget(self.status)
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.lay.addWidget(self.buttons)
        self.resize(900, 460)
        self.run(lambda progress: plan_import(store, source, progress=progress), self._planned,
                 "Reading the file…")  # fmt: skip

    def busy(self, on: bool) -> None:
        self.import_button.setEnabled(not on and self.plan is not None and self.report is None)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not on)

    def failed(self, message: str) -> None:
        self.error = message
        done = self.plan is not None
        self.status.setText(f"<b>{'Nothing imported' if done else 'Refused'}:</b> {message}")
        if not done:
            self.heading.setText(f"{self.source} cannot be imported.")
        self.import_button.setEnabled(False)

    def _fill(self, report: ImportReport, labels: dict[str, str]) -> None:
        self.table.setRowCount(len(report.lines))
        self.choices.clear()
        for n, line in enumerate(report.lines):
            for col, text in enumerate((line.label, labels[line.action], line.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 1 and line.action == "refused":
                    item.setForeground(QColor("#b3261e"))
                self.table.setItem(n, col, item)
            self.table.removeCellWidget(n, 3)
            if line.conflict and not report.done:
                combo = QComboBox()
                for text, value in CHOICES:
                    combo.addItem(text, value)
                self.table.setCellWidget(n, 3, combo)
                self.choices[line.key] = combo
        self.table.setColumnHidden(3, not self.choices)
        self.table.resizeRowsToContents()
        self.notes.setText("\n".join(report.notes))

    def _planned(self, plan: ImportReport) -> None:
        self.plan = plan
        self.heading.setText(f"<b>{plan.summary()}</b><br>Nothing has changed yet. A filed "
                             "return is never overwritten; where a draft differs on both PCs, "
                             "choose which to keep.")  # fmt: skip
        self._fill(plan, ACTION_LABELS)
        self.status.setText(
            f"{len(plan.refused)} return(s) will be refused." if plan.refused else ""
        )
        self.import_button.setEnabled(bool(plan.lines) or plan.dealer_added)

    def chosen(self) -> dict[Key, Prefer]:
        return {key: combo.currentData() for key, combo in self.choices.items()}

    def do_import(self) -> None:
        choices, store, source = self.chosen(), self.store, self.source

        def work(progress: Progress) -> ImportReport:
            return import_client(store, source, choices=choices, progress=progress)

        def done(report: ImportReport) -> None:
            self.report = report
            self.heading.setText(f"<b>Imported.</b> {report.summary()}")
            self._fill(report, DONE_LABELS)
            refused = len(report.refused)
            self.status.setText(f"{refused} return(s) refused: the rest was imported." if refused
                                else "Every return of the file is here now.")  # fmt: skip
            self.import_button.setEnabled(False)

        self.run(work, done, "Importing…")

    def text(self) -> str:
        """The report as text (for the log)."""
        report = self.report or self.plan
        return "\n".join(describe(report)) if report is not None else self.error


def import_client_file(parent: QWidget | None, store: Any,
                       path: Path | None = None) -> ImportClientDialog | None:  # fmt: skip
    if path is None:
        path = open_file(parent, CLIENT, "Import client", FILTER)
        if path is None:
            return None
    dlg = ImportClientDialog(parent, store, path)
    dlg.open()
    return dlg
