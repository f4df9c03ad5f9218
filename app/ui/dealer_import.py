"""Dealers ▸ Import dealers… and Dealers ▸ Dealers template… (issue 15 item 6).

The import reads the sheet off the GUI thread and shows, before anything changes, each row's
outcome (add / update / unchanged / refused, and why) with the same cell-by-cell error table as a
return's import; a dealer already here is updated only where the user ticks it ("Update").
Import applies it all in one unit of work (app.desk.client_import) and the table then says what
was done.  "Save dealers template…" writes the sheet to fill in, optionally with the dealers of
this data folder.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.desk.client_import import (
    DealerImport,
    RowLine,
    import_dealers,
    profiles_here,
    read_and_plan,
)
from app.export.client_sheet import ClientSheetResult, labels, nothing_lines
from app.export.client_template import write_client_template
from app.export.excel_import import annotate
from app.model.client_rows import ADDED, REFUSED, UNCHANGED, UPDATED
from app.ui.cell_errors import ErrorModel, error_table, notices_box
from app.ui.errors import plain_words
from app.ui.file_dialogs import open_file, save_file
from app.ui.qt import (
    QCheckBox,
    QColor,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

#: The file dialogs' remembered folders (app.ui.file_dialogs kinds).
DEALER_SHEET, DEALER_TEMPLATE = "dealer-sheet", "dealer-template"
FILTER = "Excel workbook or CSV file (*.xlsx *.csv);;All files (*)"
WILL_BE = {ADDED: "Add", UPDATED: "Update", UNCHANGED: "Unchanged", REFUSED: "Refused"}
DONE = {ADDED: "Added", UPDATED: "Updated", UNCHANGED: "Unchanged", REFUSED: "Refused"}
_RED = QColor("#b3261e")


class DealerImportDialog(QDialog):
    """Reads the sheet, shows each row's outcome and the cells to correct; Import applies."""

    COLUMNS = ("Sheet", "Row", "TIN", "Name of the dealer", "Will be", "Why", "Update")

    def __init__(self, parent: QWidget | None, store: Any, source: Path) -> None:
        super().__init__(parent)
        self.store, self.source = store, source
        self.sheet: ClientSheetResult | None = None
        self.plan: DealerImport | None = None
        self.report: DealerImport | None = None
        self.task: Task | None = None
        self.error = ""
        self.setWindowTitle("Import dealers")
        self.resize(1000, 600)
        lay = QVBoxLayout(self)
        self.heading = QLabel(f"Reading {source.name}…")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.update_all = QCheckBox("&Update the dealers already here with the file's particulars")
        self.update_all.setToolTip("Or tick Update row by row; a blank cell never clears what is "
                                   "here")  # fmt: skip
        self.update_all.setVisible(False)
        self.update_all.toggled.connect(self._tick_all)
        lay.addWidget(self.update_all)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((90, 46, 104, 200, 86)):
            self.table.setColumnWidth(col, width)
        self.table.setColumnWidth(6, 64)
        self.table.itemChanged.connect(self._ticked)
        lay.addWidget(self.table, 3)
        self.errors_label = QLabel()
        self.errors_label.setVisible(False)
        lay.addWidget(self.errors_label)
        self.errors_table = error_table([], self)
        self.errors_table.setVisible(False)
        lay.addWidget(self.errors_table, 2)
        self.notes = notices_box([])
        self.notes.setVisible(False)
        lay.addWidget(self.notes)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.template_button = QPushButton("Save dealers &template…")
        self.template_button.setToolTip("The dealers' sheet to fill in (Excel)")
        self.template_button.clicked.connect(lambda: save_dealers_template(self, self.store))
        self.buttons.addButton(self.template_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.annotate_button = QPushButton("Save &annotated copy…")
        self.annotate_button.setToolTip("A copy of the file with each cell to correct in red, "
                                        "with a comment saying what is expected")  # fmt: skip
        self.annotate_button.setVisible(False)
        self.annotate_button.clicked.connect(lambda: self.save_annotated())
        self.buttons.addButton(self.annotate_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._run(lambda _p: read_and_plan(store, source), self._planned)

    # ---- background work
    def _run(self, work: Any, done: Any) -> None:
        self.import_button.setEnabled(False)
        self.task = run_in_background(work, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException, tb: str) -> None:
        self.task = None
        self.error = plain_words(exc, tb)
        if self.plan is None:
            self.heading.setText(f"<b>{self.source.name} cannot be imported:</b> {self.error}")
        else:
            self.status.setText(f"<b>Nothing was imported:</b> {self.error}")
            self.update_all.setEnabled(True)
            self._update_button()

    # ---- the plan
    def _planned(self, read: tuple[ClientSheetResult, DealerImport]) -> None:
        self.task = None
        self.sheet, self.plan = read
        plan = self.plan
        self._fill(plan, WILL_BE)
        self._show_errors(plan)
        notes = list(plan.notices)
        if plan.blocked:
            self.heading.setText(f"<b>{self.source.name} cannot be read as dealers:</b> the "
                                 "columns below are missing or named twice. Nothing can be "
                                 "imported; correct the header row and import it again.")  # fmt: skip
        elif not plan.lines:
            self.heading.setText(f"<b style='color:#b3261e'>Nothing to import from "
                                 f"{self.source.name}:</b> it holds no dealer row.")  # fmt: skip
            notes += nothing_lines(self.sheet)[1:]
        else:
            self.heading.setText(self._counts(plan) + " Nothing has changed yet.")
        self.notes.setPlainText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.update_all.setVisible(any(line.updatable for line in plan.lines))
        self._update_button()

    def _counts(self, report: DealerImport) -> str:
        lines = report.lines
        would: list[str]
        if report is self.plan:  # the ticks decide the updatable rows
            ticked = set(self.ticked())
            would = [UPDATED if line.updatable and line.tin in ticked else
                     REFUSED if line.updatable else line.action for line in lines]  # fmt: skip
        else:
            would = [line.action for line in lines]
        words = DONE if report.done else {ADDED: "to add", UPDATED: "to update",
                                          UNCHANGED: "unchanged", REFUSED: "refused"}  # fmt: skip
        counts = ", ".join(f"{would.count(a)} {words[a].lower()}" for a in WILL_BE)
        return f"<b>{self.source.name}</b>: {len(lines)} dealer row(s) — {counts}."

    def _fill(self, report: DealerImport, labels: dict[str, str]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(report.lines))
        for n, line in enumerate(report.lines):
            cells = (line.sheet, str(line.row), line.tin, line.name, labels[line.action],
                     line.reason)  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if col == 4 and line.action == REFUSED:
                    item.setForeground(_RED)
                self.table.setItem(n, col, item)
            tick = QTableWidgetItem("")
            if line.updatable and not report.done:
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                tick.setCheckState(Qt.CheckState.Checked if line.action == UPDATED
                                   else Qt.CheckState.Unchecked)  # fmt: skip
                tick.setToolTip("Take the file's particulars for this dealer")
            else:
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(n, 6, tick)
        self.table.setColumnHidden(
            6, report.done or not any(line.updatable for line in report.lines)
        )
        self.table.setHorizontalHeaderItem(
            4, QTableWidgetItem("Done" if report.done else "Will be")
        )
        self.table.blockSignals(False)

    def _show_errors(self, report: DealerImport) -> None:
        n = len(report.errors)
        self.errors_table.setModel(ErrorModel(report.errors, self.errors_table))
        self.errors_label.setText(
            f"<b>{n} cell{'s' if n != 1 else ''} to correct</b> (their rows are refused; "
            "correct them in the file and import it again):"
        )
        self.errors_label.setVisible(bool(n))
        self.errors_table.setVisible(bool(n))
        self.annotate_button.setVisible(bool(n))

    def ticked(self) -> list[str]:
        """The TINs whose update the user confirmed."""
        if self.plan is None:
            return []
        out = []
        for n, line in enumerate(self.plan.lines):
            item = self.table.item(n, 6)
            if line.updatable and item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(line.tin)
        return out

    def _row_would_be(self, n: int, line: RowLine) -> None:
        ticked = line.tin in self.ticked()
        will = self.table.item(n, 4)
        why = self.table.item(n, 5)
        if will is None or why is None:
            return
        will.setText(WILL_BE[UPDATED] if ticked else WILL_BE[REFUSED])
        will.setForeground(self.palette().text().color() if ticked else _RED)
        words = labels()
        changed = ", ".join(words.get(f, f) for f in line.changed)
        why.setText(f"changes {changed}" if ticked else line.reason)

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 6 or self.plan is None or self.report is not None:
            return
        n = item.row()
        self.table.blockSignals(True)
        self._row_would_be(n, self.plan.lines[n])
        self.table.blockSignals(False)
        self.heading.setText(self._counts(self.plan) + " Nothing has changed yet.")
        self._update_button()

    def _tick_all(self, on: bool) -> None:
        if self.plan is None or self.report is not None:
            return
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for n, line in enumerate(self.plan.lines):
            item = self.table.item(n, 6)
            if line.updatable and item is not None:
                item.setCheckState(state)  # each one through _ticked

    def _update_button(self) -> None:
        plan = self.plan
        ticked = set(self.ticked())
        writes = plan is not None and not plan.blocked and any(
            line.action == ADDED or (line.updatable and line.tin in ticked) for line in plan.lines
        )  # fmt: skip
        self.import_button.setEnabled(bool(writes) and self.report is None and self.task is None)
        if plan is not None and self.report is None and not self.error:
            refused = sum(1 for line in plan.lines if line.action == REFUSED and
                          not (line.updatable and line.tin in ticked))  # fmt: skip
            self.status.setText(f"{refused} row(s) will be refused; the others are imported "
                                "together." if refused and writes else "")  # fmt: skip

    def save_annotated(self, path: str | Path | None = None) -> Task | None:
        """A copy of the file with every cell to correct marked (the original is kept)."""
        report = self.report or self.plan
        if report is None:
            return None
        default = self.source.with_name(f"{self.source.stem}-errors.xlsx")
        if path is None:
            path = save_file(self, DEALER_SHEET, "Save annotated copy", default.name,
                             "Excel workbook (*.xlsx)", suffix=".xlsx", fallback=default.parent)  # fmt: skip
            if path is None:
                return None
        out = Path(path)
        if out.resolve() == self.source.resolve():
            self.status.setText("Choose a new name for the copy: the original is kept.")
            return None
        source, kind, errors = self.source, report.kind, list(report.errors)

        def work(_p: Any) -> int:
            return annotate(source, kind, errors, out, csv_sheet=source.name)

        def done(cells: int) -> None:
            self.annotate_button.setEnabled(True)
            self.status.setText(f"Saved {out.name}: {cells} cell(s) marked in red, each with a "
                                "comment.")  # fmt: skip

        def failed(exc: BaseException, tb: str) -> None:
            self.annotate_button.setEnabled(True)
            self.status.setText(f"Could not save the copy: {plain_words(exc, tb)}")

        self.annotate_button.setEnabled(False)
        return run_in_background(work, on_done=done, on_error=failed)

    # ---- importing
    def do_import(self) -> None:
        assert self.sheet is not None
        store, result, ticked = self.store, self.sheet, frozenset(self.ticked())
        self.update_all.setEnabled(False)
        self._run(lambda _p: import_dealers(store, result, update=ticked), self._imported)

    def _imported(self, report: DealerImport) -> None:
        self.task = None
        self.report = report
        self._fill(report, DONE)
        self._show_errors(report)
        self.heading.setText("<b>Imported.</b> " + self._counts(report))
        refused = len(report.refused)
        self.status.setText(f"{refused} row(s) refused: the others were imported." if refused
                            else "Every dealer of the file is here now.")  # fmt: skip
        self.import_button.setEnabled(False)
        self.update_all.setVisible(False)
        refresh = getattr(self.parent(), "refresh_clients", None)
        if callable(refresh):
            refresh()


def import_dealers_file(parent: QWidget | None, store: Any,
                        path: str | Path | None = None) -> DealerImportDialog | None:  # fmt: skip
    """Dealers ▸ Import dealers…: pick the sheet, then the dialog."""
    if path is None:
        path = open_file(parent, DEALER_SHEET, "Import dealers", FILTER)
        if path is None:
            return None
    dialog = DealerImportDialog(parent, store, Path(path))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def save_dealers_template(parent: QWidget | None, store: Any, path: str | Path | None = None,
                          *, with_dealers: bool | None = None) -> Task | None:  # fmt: skip
    """Write the dealers' template (asking whether to fill it with the dealers here)."""
    if with_dealers is None:
        with_dealers = False
        if store.list_clients():
            answer = QMessageBox.question(
                parent, "Dealers template",
                "Fill the sheet with the dealers of this data folder (to correct them and import "
                "again with updating)?\n\nNo saves an empty sheet.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Cancel:
                return None
            with_dealers = answer == QMessageBox.StandardButton.Yes
    if path is None:
        path = save_file(parent, DEALER_TEMPLATE, "Save dealers template", "dealers.xlsx",
                         "Excel workbook (*.xlsx)", suffix=".xlsx")  # fmt: skip
        if path is None:
            return None
    out = Path(path)

    def work(_p: Any) -> int:
        dealers = profiles_here(store) if with_dealers else []
        return write_client_template(out, dealers)

    def done(n: int) -> None:
        text = f"Saved {out}" + (f" with {n} dealer(s)." if with_dealers else ".")
        _tell(parent, text)

    def failed(exc: BaseException, tb: str) -> None:
        _tell(parent, f"Could not save: {plain_words(exc, tb)}", QMessageBox.Icon.Critical)

    return run_in_background(work, on_done=done, on_error=failed)


def _tell(parent: QWidget | None, text: str,
          icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:  # fmt: skip
    status = getattr(parent, "status", None)
    if isinstance(status, QLabel):  # inside the import dialog: said there
        status.setText(text)
        return
    box = QMessageBox(icon, "Dealers template", text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


# ---------------------------------------------------------------- the main window's menu
