"""Export dialogs: "Generate upload JSON", "Print / Save PDF" (with an in-app preview) and
"Open upload JSON".  Long work runs off the GUI thread with progress and Cancel (app.ui.worker);
every generated file is recorded on the return (store.record_export).

Each dialog is non-modal to its caller's code (`open()`), so it can be driven in tests; file
names come from a Browse… button or can be typed.  Recording a written file on the return and
importing an upload file as a new return are ops (app.ui.ops): windows follow the store.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.export.schema import SchemaError, write_checked
from app.export.upload_json import InputError, checksum_of
from app.export.upload_open import OpenedFile
from app.fileio import FileRefused, atomic_write, read_input, write_bytes
from app.model.compute import Computed, compute
from app.model.file_names import return_file_name
from app.model.findings import Finding, has_errors
from app.model.form9 import Form9Return
from app.model.limits import MAX_JSON_BYTES
from app.model.numbers import NumberError
from app.model.ratepack import RatePackError
from app.model.validation import validate
from app.ratepacks import pack_for_period
from app.store import Store
from app.ui.errors import plain_words
from app.ui.file_dialogs import PDF, UPLOAD_JSON, default_path, remember
from app.ui.file_dialogs import browse as browse_file
from app.ui.ops import Op, OpFailed
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QImage,
    QLabel,
    QLineEdit,
    QPixmap,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QtCore,
    QtGui,
    QVBoxLayout,
    QWidget,
)
from app.ui.session import ReturnSession, shown_return
from app.ui.tables import fit_to_screen
from app.ui.worker import Progress, Task, run_in_background

R = TypeVar("R")

# ---------------------------------------------------------------- shared pieces


def check_for_export(ret: Form9Return) -> tuple[Computed, list[Finding]]:
    """The figures and findings the exports go by (a return with errors prints DRAFT)."""
    c = compute(ret, with_lists=False)  # the lists' totals per type: not shown here
    try:
        pack = pack_for_period(ret.header.period)
    except RatePackError as exc:  # a broken installation: an error the user sees, not silence
        return c, [Finding("E-RATE-PACK", "error", "file", None, None, str(exc)),
                   *validate(ret, c, None)]  # fmt: skip
    return c, validate(ret, c, pack)


def print_return(ret: Form9Return, c: Computed, draft: bool, target: str | os.PathLike[str],
                 progress: Callable[[int, int, str], None] | None = None) -> tuple[int, str]:  # fmt: skip
    """The PDF of a return, as `form9 export-pdf` writes it (the same bytes); returns the page
    count and the checksum printed in its footer.  A file path is replaced only when complete."""
    from app.export.pdf_return import write_pdf

    checksum = checksum_of(ret, c)
    pages = write_pdf(ret, c, target, draft=draft, checksum=checksum, progress=progress)
    return pages, checksum


def default_name(ret: Form9Return, ext: str) -> str:
    """32071234567-2024-09-form9.json (app.model.file_names: TIN and period first)."""
    h = ret.header
    return return_file_name(h.tin, h.period, ext, return_type=h.return_type,
                            revision_no=h.revision_no)  # fmt: skip


class FindingsTable(QTableWidget):
    """Severity, code, where, message: one row per finding."""

    def __init__(self, findings: list[Finding], parent: QWidget | None = None) -> None:
        super().__init__(len(findings), 4, parent)
        self.setHorizontalHeaderLabels(["Severity", "Code", "Where", "Message"])
        for i, f in enumerate(findings):
            for j, text in enumerate((f.severity, f.code, f.location, f.message)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.setItem(i, j, item)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.resizeColumnsToContents()


class _PathRow(QWidget):
    def __init__(self, default: str, caption: str, filt: str, save: bool = True,
                 kind: str = "") -> None:  # fmt: skip
        super().__init__()
        self.kind = kind
        self.edit = QLineEdit(default)
        browse = QPushButton("Browse…")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

        def pick() -> None:
            path = browse_file(self, kind, caption, self.edit.text(), filt, save=save)
            if path:
                self.edit.setText(path)

        browse.clicked.connect(pick)

    def path(self) -> str:
        """The file typed or chosen; its folder is remembered for the next dialog of the kind."""
        text = self.edit.text().strip()
        if text and self.kind:
            remember(self.kind, text)
        return text


class _TaskDialog(QDialog):
    """A dialog that runs one background task at a time with a progress bar and Cancel; the
    files it writes are noted on the stored return (`return_id` in `store`), when there is one."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        store: Store | None = None,
        return_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id = store, return_id
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.layout_ = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.task: Task | None = None
        self.error: str = ""

    def _bottom(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.status)

    def busy(self) -> bool:
        return self.task is not None

    def start(self, fn: Callable[[Progress], R], on_done: Callable[[R], None], text: str) -> None:
        self.status.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self._set_enabled(False)

        def progress(done: int, total: int, msg: str) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            if msg:
                self.status.setText(msg)

        def finished() -> None:
            self.task = None
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self._set_enabled(True)

        def done(result: R) -> None:
            finished()
            on_done(result)

        def failed(exc: BaseException, tb: str) -> None:
            finished()
            self.error = plain_words(exc, tb)
            self.status.setText(f"Failed: {self.error}")

        def cancelled() -> None:
            finished()
            self.status.setText("Cancelled: nothing was written.")

        self.task = run_in_background(
            fn, on_done=done, on_error=failed, on_progress=progress, on_cancel=cancelled,
            owner=self,
        )  # fmt: skip

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _set_enabled(self, enabled: bool) -> None:
        """Subclasses disable their action buttons while a task runs."""

    def _record(self, kind: str, path: str, checksum: str) -> None:
        """Note the written file on the stored return (its export history), as one op."""
        store, rid = self.store, self.return_id
        if store is None or rid is None:
            return

        def refused(failed: OpFailed) -> None:
            self.status.setText(f"{self.status.text()}\nNot noted on the return: {failed.message}")

        Op(self, store, lambda s: s.record_export(rid, kind, path, checksum)).failure(refused).run()

    def reject(self) -> None:
        self.cancel()
        super().reject()


# ---------------------------------------------------------------- Generate upload JSON


class GenerateJsonDialog(_TaskDialog):
    """Refused while the return has errors (the findings are shown); else write the canonical
    upload JSON (schema-checked) and record it on the return."""

    def __init__(self, parent: QWidget | None, store: Store | None, return_id: int | None,
                 ret: Form9Return, computed: Computed, findings: list[Finding]) -> None:  # fmt: skip
        super().__init__(parent, "Generate upload JSON", store, return_id)
        self.ret, self.computed = ret, computed
        self.findings = findings
        self.refused = has_errors(findings)
        self.written: tuple[str, str] | None = None
        errors = [f for f in findings if f.is_error]
        if self.refused:
            head = QLabel(
                f"<b>Not generated: the return has {len(errors)} error(s).</b> Correct them and "
                "try again (warnings do not block the upload file)."
            )
        else:
            warn = len(findings)
            head = QLabel(
                "The return has no errors"
                + (f" ({warn} warning(s), listed below)." if warn else ".")
                + " The upload file is written in the canonical form with its checksum."
            )
        head.setWordWrap(True)
        self.layout_.addWidget(head)
        if findings:
            self.table = FindingsTable(errors if self.refused else findings)
            self.layout_.addWidget(self.table, 1)
        self.path_row = _PathRow(
            str(default_path(UPLOAD_JSON, default_name(ret, "json"))), "Save upload JSON",
            "JSON (*.json)", kind=UPLOAD_JSON,
        )  # fmt: skip
        self.generate_button = QPushButton("Generate JSON")
        self.generate_button.clicked.connect(self.generate)
        if not self.refused:
            self.layout_.addWidget(QLabel("Save as:"))
            self.layout_.addWidget(self.path_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if not self.refused:
            buttons.addButton(self.generate_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.layout_.addWidget(buttons)
        self._bottom()
        fit_to_screen(self, 760, 420 if findings else 200)

    def _set_enabled(self, enabled: bool) -> None:
        self.generate_button.setEnabled(enabled)

    def generate(self) -> None:
        path = self.path_row.path()
        if not path:
            self.status.setText("Choose where to save the file.")
            return
        ret, c = self.ret, self.computed

        def work(progress: Progress) -> tuple[str, str]:
            progress(0, 1, "Writing the upload file…")
            with atomic_write(path) as fh:  # checked as it is written; nothing on a refusal
                checksum = write_checked(ret, c, fh.write)
            return path, checksum

        def done(result: tuple[str, str]) -> None:
            self.written = result
            saved, checksum = result
            self.status.setText(f"Written: {saved}\nChecksum: {checksum}")
            self._record("json", saved, checksum)

        self.start(work, done, "Writing the upload file…")


def open_generate_json(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
) -> GenerateJsonDialog:
    ret = shown_return(store, return_id, session)
    c, findings = check_for_export(ret)
    dlg = GenerateJsonDialog(parent, store, return_id, ret, c, findings)
    dlg.open()
    return dlg


#: The return editor's Export menu calls this name.
open_json = open_generate_json


# ---------------------------------------------------------------- PDF with preview


def render_page(pdf_path: str, index: int, scale: float) -> QImage:
    """One page of a PDF as a QImage (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_path)
    try:
        page = doc[index]
        bitmap = page.render(scale=scale, prefer_bgrx=True)
        w, h, stride = bitmap.width, bitmap.height, bitmap.stride
        image = QImage(bytes(bitmap.buffer), w, h, stride, QImage.Format.Format_RGB32).copy()
        page.close()
        return image
    finally:
        doc.close()


class PdfDialog(_TaskDialog):
    """Builds the PDF into a temporary file (DRAFT while the return has errors), shows its pages,
    then saves a copy where the user chooses and records it on the return."""

    def __init__(self, parent: QWidget | None, store: Store | None, return_id: int | None,
                 ret: Form9Return, computed: Computed, findings: list[Finding]) -> None:  # fmt: skip
        super().__init__(parent, "Print / Save PDF", store, return_id)
        self.ret, self.computed = ret, computed
        self.draft = has_errors(findings)
        self.checksum = ""
        self.pages = 0
        self.pdf_path = ""
        self.saved_path = ""
        fd, tmp = tempfile.mkstemp(prefix="form9-preview-", suffix=".pdf")
        os.close(fd)
        self._tmp = tmp
        note = (
            f"DRAFT: the return has {sum(f.is_error for f in findings)} error(s), so every page "
            "carries a DRAFT watermark."
            if self.draft
            else "The return has no errors: the PDF is final."
        )
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)
        nav = QHBoxLayout()
        self.page_spin = QSpinBox()
        self.page_spin.setRange(1, 1)
        self.page_spin.valueChanged.connect(self.show_page)
        self.page_count = QLabel("of 0")
        nav.addWidget(QLabel("Page"))
        nav.addWidget(self.page_spin)
        nav.addWidget(self.page_count)
        nav.addStretch(1)
        self.layout_.addLayout(nav)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.layout_.addWidget(scroll, 1)
        self.path_row = _PathRow(
            str(default_path(PDF, default_name(ret, "pdf"))), "Save PDF", "PDF (*.pdf)", kind=PDF
        )
        self.layout_.addWidget(QLabel("Save as:"))
        self.layout_.addWidget(self.path_row)
        self.save_button = QPushButton("Save PDF")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.open_button = QPushButton("Open for printing")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_external)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.layout_.addWidget(buttons)
        self._bottom()
        fit_to_screen(self, 1000, 760)

    def _set_enabled(self, enabled: bool) -> None:
        ready = enabled and bool(self.pdf_path)
        self.save_button.setEnabled(ready)
        self.page_spin.setEnabled(ready)

    def build(self) -> None:
        ret, c, draft, tmp = self.ret, self.computed, self.draft, self._tmp

        def work(progress: Progress) -> tuple[int, str]:
            return print_return(ret, c, draft, tmp, progress)

        def done(result: tuple[int, str]) -> None:
            self.pages, self.checksum = result
            self.pdf_path = tmp
            self.page_spin.setRange(1, max(self.pages, 1))
            self.page_count.setText(f"of {self.pages}")
            self._set_enabled(True)
            self.show_page(1)
            self.status.setText(f"Preview: {self.pages} page(s). Checksum {self.checksum}")

        self.start(work, done, "Laying out the form…")

    def show_page(self, number: int) -> None:
        if not self.pdf_path:
            return
        image = render_page(self.pdf_path, number - 1, 1.3)
        self.image.setPixmap(QPixmap.fromImage(image))

    def save(self) -> None:
        path = self.path_row.path()
        if not path or not self.pdf_path:
            self.status.setText("Choose where to save the PDF.")
            return
        try:
            write_bytes(path, Path(self.pdf_path).read_bytes())
        except OSError as exc:
            self.status.setText(f"Not saved: {path}: {exc.strerror}")
            return
        self.saved_path = path
        self.open_button.setEnabled(True)
        kind = "DRAFT" if self.draft else "final"
        self.status.setText(f"Saved ({kind}, {self.pages} page(s)): {path}")
        self._record("pdf", path, self.checksum)

    def open_external(self) -> None:
        if self.saved_path:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(self.saved_path))

    def done(self, result: int) -> None:
        super().done(result)
        if self.task is None and os.path.exists(self._tmp):
            os.unlink(self._tmp)


def open_pdf(
    parent: QWidget | None,
    store: Store | None,
    return_id: int | None,
    session: ReturnSession | None,
) -> PdfDialog:
    ret = shown_return(store, return_id, session)
    c, findings = check_for_export(ret)
    dlg = PdfDialog(parent, store, return_id, ret, c, findings)
    dlg.open()
    dlg.build()
    return dlg


# ---------------------------------------------------------------- Open upload JSON


class OpenJsonDialog(_TaskDialog):
    """Read an upload file (ours or edited by hand), show the checksum state, the schema and
    validation findings and every computed figure that differs; import only on request."""

    def __init__(self, parent: QWidget | None, store: Store, client_id: int) -> None:
        super().__init__(parent, "Open upload JSON", store)
        self.client_id = client_id
        self.the_store = store
        self.opened: OpenedFile | None = None
        self.findings: list[Finding] = []
        self.imported_id: int | None = None
        self.path_row = _PathRow("", "Open upload JSON", "JSON (*.json)", save=False,
                                 kind=UPLOAD_JSON)  # fmt: skip
        self.read_button = QPushButton("Read file")
        self.read_button.clicked.connect(self.read)
        row = QHBoxLayout()
        row.addWidget(self.path_row, 1)
        row.addWidget(self.read_button)
        self.layout_.addWidget(QLabel("Upload JSON file:"))
        self.layout_.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.table = FindingsTable([])
        self.layout_.addWidget(self.table, 1)
        self.import_button = QPushButton("Import as a new return")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.layout_.addWidget(buttons)
        self._bottom()
        fit_to_screen(self, 900, 560)

    def _set_enabled(self, enabled: bool) -> None:
        self.read_button.setEnabled(enabled)
        self.import_button.setEnabled(enabled and self.opened is not None)

    def read(self) -> None:
        path = self.path_row.path()
        if not path:
            self.summary.setText("Choose a file to open.")
            return
        self.opened = None
        self.import_button.setEnabled(False)

        def work(progress: Progress) -> tuple[OpenedFile | None, list[Finding], str]:
            from app.export.upload_open import read_upload

            progress(0, 3, "Reading the file…")
            try:
                data = read_input(path, MAX_JSON_BYTES)
                opened = read_upload(data)
            except FileRefused as exc:
                return None, [], f"Cannot read {exc}"
            except InputError as exc:
                return None, [], f"Not imported: {path}: {exc}"
            progress(1, 3, "Validating…")
            c, found = check_for_export(opened.ret)
            progress(2, 3, "Comparing the computed figures…")
            try:
                diffs = opened.differences(c)
            except NumberError:  # an amount with more than 2 decimals: E-AMOUNT-DP says where
                diffs = []
            return opened, [*opened.schema_findings, *found, *diffs], ""

        def done(result: tuple[OpenedFile | None, list[Finding], str]) -> None:
            opened, findings, problem = result
            self.status.setText("")  # the summary says what happened
            if opened is None:
                self.summary.setText(problem)
                self._fill([])
                return
            self.opened, self.findings = opened, findings
            h = opened.ret.header
            schema_n = len(opened.schema_findings)
            errors = sum(f.is_error for f in findings)
            lines = [
                f"<b>{h.name or '(no name)'}</b>, TIN {h.tin or '-'}, period {h.period}, "
                f"{h.return_type}" + (f" {h.revision_no}" if h.return_type == "revision" else ""),
                f"Checksum: {opened.checksum_message}.",
                f"Schema: {'matches' if not schema_n else f'{schema_n} problem(s), listed below'}.",
                f"{errors} error(s), {len(findings) - errors} warning(s). The file's figures are "
                "imported exactly as they stand; computed columns are recomputed.",
            ]
            self.summary.setText("<br>".join(lines))
            self._fill(findings)
            self.import_button.setEnabled(True)

        self.start(work, done, "Reading the file…")

    def _fill(self, findings: list[Finding]) -> None:
        fresh = FindingsTable(findings)
        self.layout_.replaceWidget(self.table, fresh)
        self.table.deleteLater()
        self.table = fresh

    def do_import(self) -> None:
        """The file's return as a new return of the dealer (one op; the store says why not,
        e.g. this period's original exists already)."""
        if self.opened is None:
            return
        ret, cid = self.opened.ret, self.client_id
        op = Op(self, self.the_store, lambda s: s.create_return(cid, ret), title="Open upload JSON")
        op.success(self._imported).failure(
            lambda failed: self.summary.setText(f"Not imported: {failed.message}")
        ).run()

    def _imported(self, return_id: int) -> None:
        self.imported_id = return_id
        self.import_button.setEnabled(False)
        assert self.opened is not None
        h = self.opened.ret.header
        self.status.setText(f"Imported as a new return: {h.period} {h.return_type}.")


def open_upload_json(parent: QWidget | None, store: Store, client_id: int) -> OpenJsonDialog:
    dlg = OpenJsonDialog(parent, store, client_id)
    dlg.open()
    return dlg


__all__ = [
    "GenerateJsonDialog",
    "OpenJsonDialog",
    "PdfDialog",
    "SchemaError",
    "check_for_export",
    "default_name",
    "open_generate_json",
    "open_json",
    "open_pdf",
    "open_upload_json",
    "print_return",
    "render_page",
]
