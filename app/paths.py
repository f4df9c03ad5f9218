"""Where the app keeps its files: resources shipped with it, and the user's data directory.

The resources (resources/ at the top of the source tree) are the package data `app.resources`:
inside the wheel, in the PyInstaller bundle and in an editable install alike they are found with
importlib.resources, never through a path relative to this file.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

DATA_DIR_ENV = "FORM9_DATA_DIR"
RESOURCES_PACKAGE = "app.resources"


class ResourcesMissing(RuntimeError):
    """The installation lacks a file it ships (rate packs, schema, fonts): one line saying which."""


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The folder of the shipped resources (a real folder: fonts are opened by file name)."""
    try:
        root = files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        raise ResourcesMissing(
            f"the resources ({RESOURCES_PACKAGE}) are missing from this installation; "
            "reinstall Form 9"
        ) from None
    path = Path(str(root))
    if not path.is_dir():
        raise ResourcesMissing(f"the resources folder {path} is missing; reinstall Form 9")
    return path


def resource(*parts: str) -> Path:
    """A shipped file, e.g. resource("schema", "form9-upload-v1.schema.json"); ResourcesMissing
    (naming it) when the installation lacks it."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise ResourcesMissing(f"{'/'.join(parts)} is missing from this installation "
                               f"({resources_dir()}); reinstall Form 9")  # fmt: skip
    return path


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
