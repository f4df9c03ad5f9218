"""Settings (issue 15 item 8): the data folder, the number of backups kept, the firm name printed on
problem reports and the language.  The data folder takes effect at the next start; the others at
once (app.desk.settings, app.store.backup, app.paths)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.desk import DeskError
from app.desk.settings import (
    DeskSettings,
    available_languages,
    read_desk_settings,
    write_desk_settings,
)
from app.paths import choose_data_dir, chosen_data_dir
from app.store.backup import MAX_KEEP, BackupSettings, read_settings, write_settings
from app.ui.errors import plain_words
from app.ui.file_dialogs import DATA_FOLDER, browse_folder
from app.ui.forms import ERROR_STYLE
from app.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def store_folder(store: Any) -> Path:
    """The data folder of the open store (an office database has none: the default folder)."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(path).parent
    from app.paths import data_dir

    return data_dir()


class SettingsDialog(QDialog):
    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.current = store_folder(store)
        backups = read_settings(self.current)
        desk = read_desk_settings(self.current)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.folder = QLineEdit(str(chosen_data_dir() or self.current))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Data folder", holder)
        self.folder_note = QLabel(f"In use now: {self.current}. A new folder is used from the next "
                                  "start; the dealers stay where they are (carry them with File ▸ "
                                  "Export client…).")  # fmt: skip
        self.folder_note.setWordWrap(True)
        form.addRow("", self.folder_note)
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(backups.keep)
        self.keep.setToolTip("The automatic backups in the data folder's backups folder")
        form.addRow("&Backups kept", self.keep)
        self.firm = QLineEdit(desk.firm_name)
        self.firm.setMaxLength(200)
        self.firm.setPlaceholderText("e.g. Menon & Associates, Tax Practitioners")
        form.addRow("&Firm name (on problem reports)", self.firm)
        self.language = QComboBox()
        for code, name in available_languages().items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(desk.language)))
        self.language.setToolTip("The languages this installation has; more come with updates")
        form.addRow("&Language", self.language)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.folder_changed = False
        self.setMinimumWidth(640)

    def _browse(self) -> None:
        chosen = browse_folder(self, DATA_FOLDER, "Data folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        text = self.folder.text().strip()
        folder = Path(text).expanduser() if text else None
        try:
            if folder is not None and folder.exists() and not folder.is_dir():
                raise DeskError(f"data folder: {folder} is a file, not a folder")
            write_settings(self.current, BackupSettings(keep=self.keep.value()))
            write_desk_settings(self.current, DeskSettings(self.firm.text(),
                                                           str(self.language.currentData())))  # fmt: skip
            if folder != (chosen_data_dir() or self.current):
                choose_data_dir(None if folder is None or folder == self.current else folder)
                self.folder_changed = folder is not None and folder != self.current
        except Exception as exc:
            self.error.setText(f"Not saved: {plain_words(exc)}")
            return
        self.accept()


def open_settings(parent: QWidget | None, store: Any) -> SettingsDialog:
    dlg = SettingsDialog(store, parent)

    def saved() -> None:
        bar = getattr(parent, "statusBar", None)
        if bar is not None:
            folder = chosen_data_dir()
            bar().showMessage(
                f"Settings saved. From the next start the data folder is {folder}."
                if dlg.folder_changed and folder is not None else "Settings saved.", 15000)  # fmt: skip

    dlg.accepted.connect(saved)
    dlg.open()
    return dlg
