"""File → Back up now… / Restore from backup…, and the start-up dialog for a damaged store.

The work is app.store.backup's; these say what happens in plain words and never show a raw
traceback.  A restore closes the open return windows first (each asks about unsaved edits) and
reopens the store afterwards (an older backup is migrated then).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.store import Store, StoreError
from app.store import backup as backups
from app.store.errors import StoreDamaged
from app.ui.errors import plain_words
from app.ui.file_dialogs import BACKUP, open_file
from app.ui.qt import QAbstractButton, QApplication, QMessageBox, Qt, QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

T = TypeVar("T")

log = logging.getLogger(__name__)

FILE_FILTER = "FORM 9 store backups (*.sqlite);;All files (*)"


def _when(path: Path) -> str:
    at = backups.taken_at(path)
    return f"{at:%d-%m-%Y %H:%M}" if at else path.name


def _busy(work: Callable[[], T]) -> T:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QApplication.restoreOverrideCursor()


def backup_now(parent: QWidget | None, store: Store) -> Path | None:
    """A backup into <data dir>/backups now; says where it went (or why not)."""
    path = store.path
    if path is None:
        QMessageBox.information(parent, "Back up", "This store is not a file; nothing to back up.")
        return None
    try:
        written = _busy(lambda: backups.backup_store(path))
    except StoreError as exc:
        QMessageBox.warning(parent, "Back up", f"Not backed up: {plain_words(exc)}")
        return None
    keep = backups.read_settings(path.parent).keep
    QMessageBox.information(
        parent,
        "Back up",
        f"Every dealer and return is backed up to:\n{written}\n\nThe newest {keep} backups in "
        "that folder are kept; copy one elsewhere to keep it for good.",
    )
    return written


def choose_backup(parent: QWidget | None, data_dir: Path) -> Path | None:
    start = backups.backups_dir(data_dir)
    return open_file(parent, BACKUP, "Restore from backup", FILE_FILTER,
                     fallback=start if start.is_dir() else data_dir)  # fmt: skip


def confirm_restore(parent: QWidget | None, source: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        "Restore from backup",
        f"Replace every dealer and return with the backup of {_when(source)}?\n\n{source}\n\n"
        "The current data is backed up first, so this can be undone by restoring that backup. "
        "Open return windows will close.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def restore_into(data_dir: Path, source: Path) -> tuple[Store, backups.Restored]:
    """Restore `source` and open the store again (migrated); StoreError says why not."""
    from app.store.store import DB_FILE

    done = _busy(lambda: backups.restore(data_dir / DB_FILE, source))
    return _busy(lambda: Store.open(data_dir)), done


def restore_from_backup(
    window: MainWindow, source: Path | None = None, *, ask: bool = True
) -> bool:
    """The main window's File → Restore from backup…: choose, check, confirm, close the return
    windows, restore, reopen.  True when the store was restored."""
    store = window.store
    if store.path is None:
        QMessageBox.information(window, "Restore", "This store is not a file; nothing to restore.")
        return False
    data_dir = store.path.parent
    source = source or choose_backup(window, data_dir)
    if source is None:
        return False
    try:
        revision = backups.check_backup(source)
    except StoreError as exc:
        QMessageBox.warning(window, "Restore from backup", f"Not restored: {plain_words(exc)}")
        return False
    log.info("restoring %s (schema %s)", source, revision)
    if ask and not confirm_restore(window, source):
        return False
    if not window.close_editors():
        QMessageBox.information(window, "Restore from backup",
                                "Not restored: a return window is still open.")  # fmt: skip
        return False
    window.close_side_windows()
    store.close()
    try:
        new_store, done = restore_into(data_dir, source)
    except StoreError as exc:
        log.exception("restore failed")
        QMessageBox.warning(window, "Restore from backup", f"Not restored: {plain_words(exc)}")
        try:
            window.set_store(Store.open(data_dir, backups=False))
        except StoreError as again:
            QMessageBox.critical(
                window, "FORM No. 9", f"The store cannot be opened: {plain_words(again)}"
            )
            window.close()
        return False
    window.set_store(new_store)
    kept = f"\n\nThe data before the restore is kept as:\n{done.kept}" if done.kept else ""
    window.statusBar().showMessage(f"Restored the backup of {_when(source)}.", 15000)
    QMessageBox.information(
        window, "Restore from backup", f"Restored the backup of {_when(source)}.{kept}"
    )
    return True


def recover_damaged(
    parent: QWidget | None,
    data_dir: Path,
    damage: StoreDamaged,
    *,
    pick: Callable[[QMessageBox], QAbstractButton | None] | None = None,
) -> Store | None:
    """At start: the store is damaged.  Offer the latest good backup (or another one); the
    damaged file is kept in backups/.  Returns the restored store, or None (the user quit)."""
    while True:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("FORM No. 9 — the data store is damaged")
        latest = damage.backup
        text = f"The data store in {data_dir} is damaged ({damage.problem}) and cannot be opened."
        if latest is not None:
            text += f"\n\nThe latest good backup is from {_when(latest)}:\n{latest}"
        else:
            text += "\n\nNo good backup was found in the backups folder."
        text += "\n\nA restore moves the damaged file into the backups folder: nothing is deleted."
        box.setText(text)
        restore_latest = (
            box.addButton(f"Restore the backup of {_when(latest)}",
                          QMessageBox.ButtonRole.AcceptRole)
            if latest is not None else None
        )  # fmt: skip
        other = box.addButton("Choose another backup…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        if restore_latest is not None:
            box.setDefaultButton(restore_latest)
        clicked = pick(box) if pick is not None else (box.exec(), box.clickedButton())[1]
        if restore_latest is not None and clicked is restore_latest:
            source: Path | None = latest
        elif clicked is other:
            source = choose_backup(parent, data_dir)
            if source is None:
                continue
        else:
            return None
        assert source is not None
        try:
            store, _done = restore_into(data_dir, source)
            return store
        except StoreDamaged as exc:
            damage = exc
        except StoreError as exc:
            QMessageBox.warning(parent, "Restore from backup", f"Not restored: {plain_words(exc)}")
