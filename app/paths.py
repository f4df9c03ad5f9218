"""Where the app keeps its files: resources shipped with it, and the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "FORM9_DATA_DIR"


def resources_dir() -> Path:
    """resources/ beside the package (source tree or PyInstaller bundle)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $FORM9_DATA_DIR, else the platform's user data directory."""
    if override:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("Form9", "Form9 Offline Utility"))
    path.mkdir(parents=True, exist_ok=True)
    return path
