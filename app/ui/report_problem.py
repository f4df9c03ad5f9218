"""Help ▸ Report a problem… (issue 15 item 3): one zip for the district GST help desk with the
screenshots of the app's open windows (grabbed by the app itself when the dialog opens), the
return's upload JSON and findings, the identifiers, the versions, the log's tail, the user's own
description and a covering note.  Nothing is sent anywhere: the dialog says where the file was
saved and offers to open its folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.desk.problem_report import for_file, for_stored_return, write_report
from app.model.file_names import return_file_name
from app.model.status import describe_version
from app.ui.errors import plain_words
from app.ui.file_dialogs import REPORT, UPLOAD_JSON, browse, default_path, open_file, remember
from app.ui.qt import (
    PYSIDE_VERSION,
    QApplication,
    QBuffer,
    QByteArray,
    QComboBox,
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QIcon,
    QIODevice,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPixmap,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSize,
    Qt,
    QtCore,
    QUrl,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.settings_dialog import store_folder
from app.ui.worker import Progress, Task, run_in_background

FILE_CHOICE = "An upload JSON file…"


def png_of(widget: QWidget) -> bytes:
    """The widget as the user sees it, as PNG bytes (QWidget.grab)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def open_windows(exclude: QWidget | None = None) -> list[QWidget]:
    """The app's visible top-level windows (main window, return editors, overview, board, dialogs),
    the active one first."""
    active = QApplication.activeWindow()
    tops = [w for w in QApplication.topLevelWidgets()
            if isValid(w) and w.isVisible() and w is not exclude and w.isWindow()
            and w.windowTitle() and not w.inherits("QMenu")]  # fmt: skip
    tops.sort(key=lambda w: (w is not active, not isinstance(w, QMainWindow)))
    return tops


def grab_windows(exclude: QWidget | None = None) -> list[tuple[str, bytes]]:
    return [(w.windowTitle(), png_of(w)) for w in open_windows(exclude)]


def qt_versions() -> dict[str, str]:
    return {"Qt": QtCore.qVersion(), "PySide6": PYSIDE_VERSION}


class ReportProblemDialog(QDialog):
    def __init__(self, parent: QWidget | None, store: Any, returns: list[tuple[str, int]],
                 *, screenshots: list[tuple[str, bytes]] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Report a problem")
        # the windows as they are now, before this dialog covers them
        self.shots = screenshots if screenshots is not None else grab_windows()
        self.written: Path | None = None
        self.task: Task | None = None
        self.file: Path | None = None
        lay = QVBoxLayout(self)
        intro = QLabel(
            "This makes one file for the district GST help desk (Order No. 41/2018: screenshots, "
            "TIN / GSTIN, acknowledgement no. and the documents). <b>Nothing is sent</b>: you mail "
            "or carry the file yourself."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.which = QComboBox()
        for label, rid in returns:
            self.which.addItem(label, rid)
        self.which.addItem(FILE_CHOICE, None)
        self.which.activated.connect(self._which_chosen)
        form.addRow("&Return", self.which)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            "What were you doing, what did you expect, what happened instead? Copy any message "
            "the portal or the app showed."
        )
        self.description.setMinimumHeight(110)
        form.addRow("&What happened", self.description)
        self.shot_list = QListWidget()
        self.shot_list.setIconSize(QSize(96, 60))
        self.shot_list.setUniformItemSizes(True)
        self.shot_list.setSpacing(2)
        self.shot_list.setMaximumHeight(140)
        for title, png in self.shots:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            item = QListWidgetItem(QIcon(pixmap), title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.shot_list.addItem(item)
        form.addRow(f"&Screenshots ({len(self.shots)})", self.shot_list)
        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        form.addRow("Save &as", holder)
        lay.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.create_button = QPushButton("&Create report")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.write)
        self.folder_button = QPushButton("Open &folder")
        self.folder_button.clicked.connect(self.open_folder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(False)  # once the report is written
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._propose_name()
        self.resize(720, 560)

    # ---- choosing -------------------------------------------------------------------------------
    def _which_chosen(self, _index: int) -> None:
        if self.which.currentData() is None and self.file is None:
            self.choose_file()
        self._propose_name()

    def choose_file(self, path: Path | None = None) -> None:
        chosen = path or open_file(self, UPLOAD_JSON, "Report a problem with", "JSON (*.json)")
        if chosen is None:
            if self.which.count() > 1:
                self.which.setCurrentIndex(0)
            return
        self.file = chosen
        self.which.setItemText(self.which.count() - 1, f"File: {chosen.name}")
        self.which.setCurrentIndex(self.which.count() - 1)
        self._propose_name()

    def _propose_name(self) -> None:
        rid = self.which.currentData()
        tin, period = "dealer", "period"
        if rid is not None:
            try:
                info = self.store.return_info(rid)
                tin, period = self.store.get_client(info.client_id).tin, info.period
            except Exception:  # gone meanwhile: a neutral name
                pass
        elif self.file is not None:
            tin, period = self.file.stem, date.today().isoformat()
        name = return_file_name(tin, period, "zip", kind="problem-report")
        self.path.setText(str(default_path(REPORT, name)))

    def _browse(self) -> None:
        chosen = browse(self, REPORT, "Save the problem report", self.path.text(),
                        "Zip archive (*.zip)")  # fmt: skip
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")

    def included_shots(self) -> list[tuple[str, bytes]]:
        return [shot for n, shot in enumerate(self.shots)
                if self.shot_list.item(n).checkState() == Qt.CheckState.Checked]  # fmt: skip

    # ---- writing --------------------------------------------------------------------------------
    def write(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText("Choose where to save the report.")
            return
        target = Path(text)
        rid, source = self.which.currentData(), self.file
        if rid is None and source is None:
            self.status.setText("Choose the return (or an upload JSON file) the problem is about.")
            return
        store, description = self.store, self.description.toPlainText()
        shots, versions = self.included_shots(), qt_versions()
        folder = store_folder(store)

        def work(_progress: Progress) -> list[str]:
            if rid is not None:
                report = for_stored_return(store, int(rid), description, data_dir=folder,
                                           versions=versions)  # fmt: skip
            else:
                assert source is not None
                report = for_file(source, description, data_dir=folder, versions=versions)
            report.screenshots = shots
            return write_report(target, report)

        def done(members: list[str]) -> None:
            self._busy(False)
            self.written = target
            remember(REPORT, target)
            self.status.setText(
                f"<b>Saved</b> ({len(members)} files) to:<br>{target}<br>Nothing was sent. Mail "
                "it, or carry it to the district GST help desk (GST Facilitation Centre)."
            )
            self.folder_button.setVisible(True)

        def failed(exc: BaseException, tb: str) -> None:
            self._busy(False)
            self.status.setText(f"<b>Not written:</b> {plain_words(exc, tb)}")

        self._busy(True)
        self.status.setText("Writing the report…")
        self.task = run_in_background(work, on_done=done, on_error=failed)

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.create_button.setEnabled(not on)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not on)
        if not on:
            self.task = None

    def open_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))


def report_problem(parent: QWidget | None, store: Any) -> ReportProblemDialog:
    """The dialog, the returns of the open windows first, then the one selected in the main
    window."""
    returns: list[tuple[str, int]] = []
    seen: set[int] = set()
    candidates: list[int] = []
    active = QApplication.activeWindow()
    editors = getattr(parent, "editors", {}) or {}
    for rid, editor in editors.items():
        if isValid(editor) and editor.isVisible():
            candidates.insert(0 if editor is active else len(candidates), int(rid))
    selected = getattr(parent, "selected_return", None)
    if callable(selected) and selected() is not None:
        candidates.append(int(selected()))
    for rid in candidates:
        if rid in seen:
            continue
        seen.add(rid)
        try:
            info = store.return_info(rid)
            client = store.get_client(info.client_id)
        except Exception:
            continue
        version = describe_version(info.return_type, info.revision_no)
        returns.append((f"{client.name} (TIN {client.tin}) — {info.period}, {version}", rid))
    dlg = ReportProblemDialog(parent, store, returns)
    dlg.open()
    return dlg
