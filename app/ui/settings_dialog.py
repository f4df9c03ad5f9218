"""Settings (issue 15 item 8): on the General page the data folder, the number of backups kept, the
firm name printed on problem reports and the language; on the Database page (issue 14) this PC's
own data folder or the office's PostgreSQL database (app.ui.settings_database).  The data folder
and the database take effect at the next start; the others at once (app.desk.settings,
app.store.backup, app.paths)."""

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
from app.paths import choose_data_dir, choose_store_url, chosen_data_dir, chosen_store_url
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from app.ui.settings_database import DatabasePage


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
        self.tabs = QTabWidget()
        general = QWidget()
        form = QFormLayout(general)
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
        self.tabs.addTab(general, "&General")
        self.database = DatabasePage(store)
        self.tabs.addTab(self.database, "Data&base")
        lay.addWidget(self.tabs)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.database.url.textChanged.connect(lambda _t: self.error.clear())
        self.database.office.toggled.connect(lambda _on: self.error.clear())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.folder_changed = False
        #: What the Database page changed: None (nothing), "" (back to the data folder) or a URL.
        self.store_changed: str | None = None
        self.setMinimumWidth(640)

    def _browse(self) -> None:
        chosen = browse_folder(self, DATA_FOLDER, "Data folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        """A new office database is tested first (off the GUI thread); nothing is saved unless
        it can be used."""
        url = self.database.chosen_url()
        if url is not None and url != chosen_store_url():
            self.buttons.setEnabled(False)
            self.error.setText("")
            self.database.test_connection(then=self._tested)
            return
        self._save_all()

    def _tested(self, problem: str | None) -> None:
        self.buttons.setEnabled(True)
        if problem is not None:
            self.tabs.setCurrentWidget(self.database)
            self.error.setText(f"Not saved: {problem}")
            return
        self._save_all()

    def _save_all(self) -> None:
        text = self.folder.text().strip()
        folder = Path(text).expanduser() if text else None
        url = self.database.chosen_url()
        try:
            if folder is not None and folder.exists() and not folder.is_dir():
                raise DeskError(f"data folder: {folder} is a file, not a folder")
            write_settings(self.current, BackupSettings(keep=self.keep.value()))
            write_desk_settings(self.current, DeskSettings(self.firm.text(),
                                                           str(self.language.currentData())))  # fmt: skip
            if folder != (chosen_data_dir() or self.current):
                choose_data_dir(None if folder is None or folder == self.current else folder)
                self.folder_changed = folder is not None and folder != self.current
            if (url or None) != chosen_store_url():
                choose_store_url(url)
                self.store_changed = url or ""
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
            if dlg.store_changed:
                from app.store.opening import shown

                text = f"Settings saved. From the next start the app works on {shown(dlg.store_changed)}."
            elif dlg.store_changed == "":
                text = "Settings saved. From the next start the app works on this PC's data folder."
            elif dlg.folder_changed and folder is not None:
                text = f"Settings saved. From the next start the data folder is {folder}."
            else:
                text = "Settings saved."
            bar().showMessage(text, 15000)

    dlg.accepted.connect(saved)
    dlg.open()
    return dlg
