"""The one file-dialog helper (issue 15 item 8): every dialog that asks for a file or a folder
starts in the folder the same kind of dialog used last (app.desk.settings, kept per user outside
the data folder) and proposes a name carrying the dealer's TIN and the period
(app.model.file_names)."""

from __future__ import annotations

from pathlib import Path

from app.desk.settings import last_folder, remember_folder
from app.ui.qt import QFileDialog, QWidget

#: Kinds of file dialog, each with its own remembered folder.
UPLOAD_JSON, PDF, EXCEL, EXCEL_IMPORT, CLIENT, REPORT, BOARD, BACKUP, EXPORT_FOLDER = (
    "upload-json", "pdf", "excel", "excel-import", "client-file", "problem-report", "due-board",
    "backup", "export-folder",
)  # fmt: skip
DATA_FOLDER = "data-folder"


def start_folder(kind: str, fallback: Path | None = None) -> Path:
    """Where a `kind` dialog opens: its last folder, else `fallback`, else the home folder."""
    return last_folder(kind) or fallback or Path.home()


def default_path(kind: str, name: str, fallback: Path | None = None) -> Path:
    """The proposed file: the proposed name in the kind's folder."""
    return start_folder(kind, fallback) / name


def remember(kind: str, path: Path | str) -> None:
    """Note the folder of a file the user chose or typed (for the kind's next dialog)."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    if str(folder) not in ("", "."):
        remember_folder(kind, folder.resolve())


def _with_suffix(path: Path, suffix: str) -> Path:
    if suffix and path.suffix.lower() != suffix.lower():
        return path.with_name(path.name + suffix)
    return path


def save_file(parent: QWidget | None, kind: str, caption: str, name: str, filt: str, *,
              suffix: str = "", fallback: Path | None = None) -> Path | None:  # fmt: skip
    """Ask where to save (`name` proposed in the kind's folder); None when cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, caption, str(default_path(kind, name, fallback)), filt
    )
    if not chosen:
        return None
    path = _with_suffix(Path(chosen), suffix)
    remember(kind, path)
    return path


def open_file(parent: QWidget | None, kind: str, caption: str, filt: str, *,
              fallback: Path | None = None) -> Path | None:  # fmt: skip
    """Ask for a file to read; None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, caption, str(start_folder(kind, fallback)), filt
    )
    if not chosen:
        return None
    remember(kind, chosen)
    return Path(chosen)


def choose_folder(parent: QWidget | None, kind: str, caption: str, *,
                  fallback: Path | None = None) -> Path | None:  # fmt: skip
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start_folder(kind, fallback)))
    if not chosen:
        return None
    remember(kind, chosen)
    return Path(chosen)


def browse(parent: QWidget | None, kind: str, caption: str, current: str, filt: str, *,
           save: bool = True) -> str:  # fmt: skip
    """The Browse… button beside a typed path: opens at the path typed (else the kind's folder);
    returns the chosen path, "" when cancelled; its folder is remembered."""
    ask = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
    chosen, _ = ask(parent, caption, current or str(start_folder(kind)), filt)
    if chosen:
        remember(kind, chosen)
    return str(chosen or "")


def browse_folder(parent: QWidget | None, kind: str, caption: str, current: str) -> str:
    chosen = QFileDialog.getExistingDirectory(parent, caption, current or str(start_folder(kind)))
    if chosen:
        remember(kind, chosen)
    return str(chosen or "")
