"""Excel menu: download the template (empty or filled from the return) and import a filled one.

Import runs off the GUI thread with a progress bar and Cancel.  Bad cells are shown in a table
(sheet, row, column, found, expected) that can be saved as an annotated copy of the workbook;
a clean file shows a preview (rows and totals per sheet) and nothing reaches the return until the
user presses Import.  Cancel at any point leaves the return as it was.

Import is one op (app.ui.ops): the stored return is replaced in one unit of work, based on the
version the editor shows (refused if it changed elsewhere meanwhile); the editor follows the store
and shows the imported rows.  A return not in the data folder (opened from a file) takes the rows
in its editor only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.export.excel_columns import SHEETS
from app.export.excel_import import (
    CellError,
    ImportRefused,
    ImportResult,
    import_file,
    write_annotated,
)
from app.export.excel_template import write_workbook
from app.model.form9 import Form9Return
from app.model.numbers import fmt_indian
from app.store import Store
from app.ui.errors import plain_words
from app.ui.ops import Op, OpFailed
from app.ui.qt import (
    QAbstractTableModel,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.session import ReturnSession, shown_return
from app.ui.tables import fit_to_screen
from app.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

FILE_FILTER = "Excel workbook or CSV list (*.xlsx *.csv);;All files (*)"

# ---------------------------------------------------------------- the return worked on


Icon = QMessageBox.Icon
WARNING, CRITICAL = Icon.Warning, Icon.Critical


def tell(
    parent: QWidget | None, title: str, text: str, icon: Icon = Icon.Information
) -> QMessageBox:
    """A window-modal message that does not block the caller (the flows keep running)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _read_only(session: ReturnSession | None) -> bool:
    return session is not None and session.read_only


def _has_rows(ret: Form9Return) -> bool:
    return any(getattr(ret, s.key) for s in SHEETS)


# ---------------------------------------------------------------- background work with progress


class _Progress(QObject):
    """A progress dialog with Cancel around one background task."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.task: Task | None = None
        self.dialog.canceled.connect(self.cancel)

    def update(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if text:
            self.dialog.setLabelText(text)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def close(self) -> None:
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.finished.emit()


# ---------------------------------------------------------------- template / export


class TemplateFlow(QObject):
    """Writes the (pre-filled) template in the background; `state` ends as saved / failed /
    cancelled."""

    done = Signal(str)

    def __init__(self, parent: QWidget | None, ret: Form9Return | None, path: Path) -> None:
        super().__init__(parent)
        self.parent_widget, self.path, self.state = parent, path, "running"
        self.message: QMessageBox | None = None
        self.progress = _Progress(parent, "Writing the Excel workbook…")
        self.progress.task = run_in_background(
            lambda p: write_workbook(path, ret, progress=p),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self.progress.update,
            on_cancel=self._cancelled,
        )

    def _done(self, _: object) -> None:
        self.progress.close()
        self._finish("saved")
        self.message = tell(self.parent_widget, "Excel template", f"Saved {self.path}")

    def _failed(self, exc: BaseException, tb: str) -> None:
        log.error("writing %s failed:\n%s", self.path, tb)
        self.progress.close()
        self._finish("failed")
        self.message = tell(
            self.parent_widget,
            "Excel template",
            f"Could not save: {plain_words(exc, tb)}",
            CRITICAL,
        )

    def _cancelled(self) -> None:
        self.progress.close()
        self._finish("cancelled")

    def _finish(self, state: str) -> None:
        self.state = state
        self.done.emit(state)


def open_template(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
    *,
    path: str | Path | None = None,
    prefill: bool | None = None,
) -> TemplateFlow | None:
    """Save the Excel template; when the return has rows, offer to fill it with them."""
    ret = shown_return(store, return_id, session)
    if prefill is None:
        prefill = False
        if _has_rows(ret):
            answer = QMessageBox.question(
                parent,
                "Excel template",
                "Fill the workbook with this return's rows (export to Excel)?\n\n"
                "No saves an empty template.",
                QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return None
            prefill = answer == QMessageBox.StandardButton.Yes
    if path is None:
        default = f"form9-{ret.header.period or 'template'}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Save Excel template", default, "Excel workbook (*.xlsx)"
        )
        if not chosen:
            return None
        path = chosen
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    return TemplateFlow(parent, ret if prefill else None, out)


# ---------------------------------------------------------------- import


class ErrorModel(QAbstractTableModel):
    """Every rejected cell, lazily shown (a bad file may have many thousands)."""

    HEADERS = ("Sheet", "Row", "Column", "Header", "Found", "Expected")

    def __init__(self, errors: list[CellError], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors = errors

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.errors)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        e = self.errors[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(e)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (e.sheet, e.row, e.column or "—", e.header, e.value, e.expected)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def _notices_box(notices: list[str]) -> QPlainTextEdit:
    box = QPlainTextEdit("\n".join(notices))
    box.setReadOnly(True)
    box.setMaximumHeight(90)
    return box


class ErrorsDialog(QDialog):
    """The bad cells; nothing was imported.  'Save annotated copy…' marks them in the workbook."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.annotate_task: Task | None = None
        self.message: QMessageBox | None = None
        self.setWindowTitle("Import from Excel — cells to correct")
        fit_to_screen(self, 980, 460)
        n = len(result.errors)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            f"<b>{n} cell{'s' if n != 1 else ''} in {result.source.name} cannot be read.</b> "
            "Nothing was imported. Correct them in the file and import it again."
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setModel(ErrorModel(result.errors, self))
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((100, 60, 60, 190, 150)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        layout.addWidget(self.table)
        if result.notices:
            layout.addWidget(QLabel("Also noted:"))
            layout.addWidget(_notices_box(result.notices))
        buttons = QDialogButtonBox()
        self.annotate_button = QPushButton("Save annotated copy…")
        buttons.addButton(self.annotate_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.annotate_button.clicked.connect(lambda: self.save_annotated())
        layout.addWidget(buttons)

    def default_copy_path(self) -> Path:
        src = self.import_result.source
        return src.with_name(f"{src.stem}-errors.xlsx")

    def save_annotated(self, path: str | Path | None = None) -> Task | None:
        """Write a copy of the file with each bad cell highlighted and commented."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Save annotated copy",
                str(self.default_copy_path()),
                "Excel workbook (*.xlsx)",
            )
            if not chosen:
                return None
            path = chosen
        out = Path(path)
        if out.resolve() == self.import_result.source.resolve():
            tell(self, "Annotated copy", "Choose a new name: the original is kept.", WARNING)
            return None
        self.annotate_button.setEnabled(False)
        self.annotate_task = run_in_background(
            lambda _p: write_annotated(self.import_result, out),
            on_done=lambda n: self._annotated(out, n),
            on_error=self._annotate_failed,
        )
        return self.annotate_task

    def _annotated(self, out: Path, cells: int) -> None:
        self.annotate_button.setEnabled(True)
        self.summary.setText(
            self.summary.text() + f"<br>Saved {out.name}: {cells} cells marked in red, each with "
            "a comment."
        )

    def _annotate_failed(self, exc: BaseException, tb: str) -> None:
        log.error("annotated copy failed:\n%s", tb)
        self.annotate_button.setEnabled(True)
        self.message = tell(
            self, "Annotated copy", f"Could not save the copy: {plain_words(exc)}", CRITICAL
        )


class PreviewDialog(QDialog):
    """Rows and totals per sheet, what each replaces; Import applies, Cancel changes nothing."""

    COLUMNS = ("Sheet", "Rows in file", "Blank rows skipped", "In the return now", "On import",
               "Totals")  # fmt: skip

    def __init__(self, result: ImportResult, ret: Form9Return, parent: QWidget | None = None):
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle("Import from Excel — preview")
        fit_to_screen(self, 1000, 560)
        layout = QVBoxLayout(self)
        n = sum(s.count for s in result.sheets)
        intro = QLabel(
            f"<b>{result.source.name}</b>: {n} rows read, every cell valid. Sheets with rows "
            "replace that part of the return; the others stay as they are. Nothing changes "
            "until you press Import."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(SHEETS), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        found = {s.spec.key: s for s in result.sheets}
        for r, spec in enumerate(SHEETS):
            s = found.get(spec.key)
            now = len(getattr(ret, spec.key))
            if s is None:
                cells = [spec.name, "not in file", "", str(now), "unchanged", ""]
            elif not s.rows:
                cells = [spec.name, "0", str(s.blank_rows or ""), str(now), "unchanged", ""]
            else:
                totals = "\n".join(f"{k}: {fmt_indian(v)}" for k, v in s.totals.items())
                cells = [spec.name, str(s.count), str(s.blank_rows or ""), str(now),
                         f"replaces {now} rows", totals]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if c in (1, 2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        if result.notices:
            layout.addWidget(QLabel("Noted while reading:"))
            layout.addWidget(_notices_box(result.notices))
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setEnabled(bool(result.replacements()))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ImportFlow(QObject):
    """One import: read in the background, then the error table or the preview.

    `state` ends as applied / rejected (errors shown) / declined (preview cancelled) / cancelled /
    refused / failed."""

    done = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        store: Store | None,
        return_id: int | None,
        session: ReturnSession | None,
        path: Path,
        csv_list: str | None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.store, self.return_id, self.session = (
            parent, store, return_id, session,
        )  # fmt: skip
        self.path, self.state = path, "running"
        self.message: QMessageBox | None = None
        self.result: ImportResult | None = None
        self.dialog: QDialog | None = None
        self.progress = _Progress(parent, f"Reading {path.name}…")
        self.progress.task = self.task = run_in_background(
            lambda p: import_file(path, csv_list=csv_list, progress=p),
            on_done=self._read,
            on_error=self._failed,
            on_progress=self.progress.update,
            on_cancel=self._cancelled,
        )

    def _finish(self, state: str) -> None:
        self.state = state
        self.done.emit(state)

    def _read(self, result: ImportResult) -> None:
        self.progress.close()
        self.result = result
        if not result.ok:
            self.dialog = ErrorsDialog(result, self.parent_widget)
            self.dialog.finished.connect(lambda _r: self._finish("rejected"))
        else:
            ret = shown_return(self.store, self.return_id, self.session)
            self.dialog = PreviewDialog(result, ret, self.parent_widget)
            self.dialog.accepted.connect(self._apply)
            self.dialog.rejected.connect(lambda: self._finish("declined"))
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def _apply(self) -> None:
        """The rows replace their parts of the return the user sees, as one op."""
        assert self.result is not None
        result, session = self.result, self.session
        new = result.apply_to(shown_return(self.store, self.return_id, session))
        if self.store is None or self.return_id is None:  # opened from a file: the editor only
            if session is None:
                self._refused(OpFailed("there is no return to import into", ValueError()))
                return
            session.replace_return(new)
            self._applied(0)
            return
        rid = self.return_id
        version = session.version if session is not None else None  # refused if changed since
        op = Op(
            self.parent_widget, self.store,
            lambda s: s.save_return(rid, new, expected_version=version),
            title="Import from Excel",
        )  # fmt: skip
        op.success(self._applied).failure(self._refused).run()

    def _applied(self, _version: int) -> None:
        assert self.result is not None
        if self.session is not None:
            sheets = self.result.sheets
            parts = ", ".join(f"{s.spec.name} {s.count} rows" for s in sheets if s.rows)
            self.session.message.emit(f"Imported from {self.path.name}: {parts}")
        self._finish("applied")

    def _refused(self, failed: OpFailed) -> None:
        """Shown; the return stays as it was."""
        self.message = tell(
            self.parent_widget, "Import from Excel", f"Not imported: {failed.message}", CRITICAL
        )
        self._finish("failed")

    def _failed(self, exc: BaseException, tb: str) -> None:
        self.progress.close()
        if isinstance(exc, ImportRefused):
            self.message = tell(self.parent_widget, "Import from Excel", str(exc), WARNING)
            self._finish("refused")
            return
        log.error("import of %s failed:\n%s", self.path, tb)
        self.message = tell(
            self.parent_widget, "Import from Excel", f"Import failed: {plain_words(exc)}",
            CRITICAL,
        )  # fmt: skip
        self._finish("failed")

    def _cancelled(self) -> None:
        self.progress.close()
        self._finish("cancelled")


def _ask_csv_list(parent: QWidget | None, path: Path) -> str | None:
    stem = path.stem.lower()
    if "purchase" in stem:
        return "purchase"
    if "sale" in stem:
        return "sales"
    item, ok = QInputDialog.getItem(
        parent, "Import CSV", f"Which list does {path.name} hold?",
        ["Sales list", "Purchase list"], 0, False,
    )  # fmt: skip
    if not ok:
        return None
    return "sales" if item.startswith("Sales") else "purchase"


def open_import(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
    *,
    path: str | Path | None = None,
    csv_list: str | None = None,
) -> ImportFlow | None:
    """Pick a filled-in workbook (or a CSV list) and import it after a preview."""
    if _read_only(session):
        tell(
            parent, "Import from Excel",
            "This return is filed and cannot be changed. Create a revision to correct it.",
        )  # fmt: skip
        return None
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Import from Excel", "", FILE_FILTER)
        if not chosen:
            return None
        path = chosen
    src = Path(path)
    if src.suffix.lower() == ".csv" and csv_list is None:
        csv_list = _ask_csv_list(parent, src)
        if csv_list is None:
            return None
    return ImportFlow(parent, store, return_id, session, src, csv_list)
