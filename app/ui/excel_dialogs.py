"""Excel menu: download the template (empty or filled from the return) and import a filled one.

Import runs off the GUI thread with a progress bar and Cancel.  Bad cells are shown in a table
(sheet, row, column, found, expected) that can be saved as an annotated copy of the workbook;
a clean file shows a preview (rows and totals per sheet) and nothing reaches the return until the
user presses Import.  Cancel at any point leaves the return as it was.

Import is one op (app.ui.ops): the stored return is replaced in one unit of work, based on the
version the editor shows (refused if it changed elsewhere meanwhile); the editor follows the store
and shows the imported rows.  A return not in the data folder (opened from a file) takes the rows
in its editor only.

A sheet is a part of the return by its name or its header row (app.export.sheet_recognition);
when no sheet is recognised — nothing would be imported — the user picks the part of each sheet
(app.ui.sheet_parts) and the file is read again; "Choose parts…" in the preview and the error
table does the same at any time.  An import that brings nothing never looks like a success.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.export.excel_columns import SHEETS
from app.export.excel_import import (
    ImportRefused,
    ImportResult,
    import_file,
    write_annotated,
)
from app.export.excel_template import write_workbook
from app.model.file_names import return_file_name
from app.model.form9 import Form9Return
from app.model.numbers import fmt_indian
from app.store import Store
from app.ui.cell_errors import error_table, notices_box
from app.ui.errors import plain_words
from app.ui.file_dialogs import EXCEL, EXCEL_IMPORT, open_file, save_file
from app.ui.ops import Op, OpFailed
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QObject,
    QProgressDialog,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.session import ReturnSession, shown_return
from app.ui.sheet_parts import PartsDialog
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
        h = ret.header
        default = return_file_name(h.tin, h.period, "xlsx", return_type=h.return_type,
                                   revision_no=h.revision_no)  # fmt: skip
        chosen = save_file(parent, EXCEL, "Save Excel template", default,
                           "Excel workbook (*.xlsx)")  # fmt: skip
        if chosen is None:
            return None
        path = chosen
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    return TemplateFlow(parent, ret if prefill else None, out)


# ---------------------------------------------------------------- import


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
        self.table = error_table(result.errors, self)
        layout.addWidget(self.table)
        if result.notices:
            layout.addWidget(QLabel("Also noted:"))
            layout.addWidget(notices_box(result.notices))
        buttons = QDialogButtonBox()
        self.annotate_button = QPushButton("Save annotated copy…")
        buttons.addButton(self.annotate_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.parts_button = QPushButton("C&hoose parts…")
        self.parts_button.setToolTip("Say which part of the return each sheet holds and read the "
                                     "file again")  # fmt: skip
        self.parts_button.setVisible(bool(result.seen))
        buttons.addButton(self.parts_button, QDialogButtonBox.ButtonRole.ActionRole)
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
            default = self.default_copy_path()
            chosen = save_file(self, EXCEL, "Save annotated copy", default.name,
                               "Excel workbook (*.xlsx)", fallback=default.parent)  # fmt: skip
            if chosen is None:
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
        if result.brings_nothing:
            text = (f"<b style='color:#b3261e'>Nothing to import from {result.source.name}:</b> "
                    "no sheet of it holds a row. The return stays as it is.")  # fmt: skip
        else:
            text = (f"<b>{result.source.name}</b>: {n} rows read, every cell valid. Sheets with "
                    "rows replace that part of the return; the others stay as they are. Nothing "
                    "changes until you press Import.")  # fmt: skip
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        sheets = result.specs or SHEETS
        self.table = QTableWidget(len(sheets), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        found = {s.spec.key: s for s in result.sheets}
        for r, spec in enumerate(sheets):
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
            layout.addWidget(notices_box(result.notices))
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.parts_button = self.buttons.addButton("C&hoose parts…",
                                                   QDialogButtonBox.ButtonRole.ActionRole)  # fmt: skip
        self.parts_button.setToolTip("Say which part of the return each sheet holds and read the "
                                     "file again")  # fmt: skip
        self.parts_button.setVisible(bool(result.seen))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setEnabled(bool(result.replacements()))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ImportFlow(QObject):
    """One import: read in the background, then the error table, the preview, or — when no sheet
    was recognised — the sheets' parts to choose, and the file read again with them.

    `state` ends as applied / rejected (errors shown) / declined (preview cancelled) / nothing
    (nothing to import, and the user left it so) / cancelled / refused / failed."""

    done = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        store: Store | None,
        return_id: int | None,
        session: ReturnSession | None,
        path: Path,
        csv_list: str | None,
        parts: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget, self.store, self.return_id, self.session = (
            parent, store, return_id, session,
        )  # fmt: skip
        self.path, self.csv_list, self.state = path, csv_list, "running"
        self.message: QMessageBox | None = None
        self.result: ImportResult | None = None
        self.dialog: QDialog | None = None
        self.parts: dict[str, str] | None = parts
        try:  # the sheets of the return's version of the form
            self.period: str | None = shown_return(store, return_id, session).header.period
        except Exception:  # no return to read: the version in force today
            self.period = None
        self._start()

    def _start(self) -> None:
        path, csv_list, period, parts = self.path, self.csv_list, self.period, self.parts
        self.progress = _Progress(self.parent_widget, f"Reading {path.name}…")
        self.progress.task = self.task = run_in_background(
            lambda p: import_file(path, csv_list=csv_list, progress=p, period=period, parts=parts),
            on_done=self._read,
            on_error=self._failed,
            on_progress=self.progress.update,
            on_cancel=self._cancelled,
        )

    def _finish(self, state: str) -> None:
        self.state = state
        self.done.emit(state)

    def _closed(self, dialog: QDialog, state: str) -> None:
        """The dialog shown was closed: the flow ends (unless another dialog took its place)."""
        if self.dialog is dialog:
            self._finish(state)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _read(self, result: ImportResult) -> None:
        self.progress.close()
        self.result = result
        if not result.ok:
            errors = ErrorsDialog(result, self.parent_widget)
            errors.rejected.connect(lambda: self._closed(errors, "rejected"))
            errors.parts_button.clicked.connect(lambda: self.choose_parts(errors))
            self._show(errors)
        elif result.brings_nothing and result.unrecognised:
            self.choose_parts()
        elif not result.seen:  # a workbook with no sheet but the template's Instructions
            self.message = tell(self.parent_widget, "Import from Excel",
                                f"Nothing to import: {result.source.name} holds no sheet of a "
                                "return.", WARNING)  # fmt: skip
            self._finish("nothing")
        else:
            ret = shown_return(self.store, self.return_id, self.session)
            preview = PreviewDialog(result, ret, self.parent_widget)
            preview.accepted.connect(lambda: self._accepted(preview))
            preview.rejected.connect(
                lambda: self._closed(preview, "nothing" if result.brings_nothing else "declined")
            )
            preview.parts_button.clicked.connect(lambda: self.choose_parts(preview))
            self._show(preview)

    def _accepted(self, preview: QDialog) -> None:
        if self.dialog is preview:
            self._apply()

    def choose_parts(self, shown: QDialog | None = None) -> PartsDialog:
        """The sheets' parts to choose (closing the dialog now shown); Read again re-reads."""
        assert self.result is not None
        dialog = PartsDialog(self.result, self.parent_widget)
        nothing = self.result.brings_nothing
        dialog.accepted.connect(lambda: self._again(dialog.parts()))
        dialog.rejected.connect(lambda: self._closed(dialog, "nothing" if nothing else "declined"))
        self._show(dialog)
        if shown is not None:
            shown.close()
        return dialog

    def _again(self, parts: dict[str, str]) -> None:
        self.parts = parts
        self.result = None
        self.dialog = None
        self._start()

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


def open_import(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
    *,
    path: str | Path | None = None,
    csv_list: str | None = None,
) -> ImportFlow | None:
    """Pick a filled-in workbook (or a CSV list) and import it after a preview.  A CSV list is
    the sales or the purchase list as its name or its rows' types say; else the user says."""
    if _read_only(session):
        tell(
            parent, "Import from Excel",
            "This return is filed and cannot be changed. Create a revision to correct it.",
        )  # fmt: skip
        return None
    if path is None:
        chosen = open_file(parent, EXCEL_IMPORT, "Import from Excel", FILE_FILTER)
        if chosen is None:
            return None
        path = chosen
    return ImportFlow(parent, store, return_id, session, Path(path), csv_list)
