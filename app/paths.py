"""Where the app keeps its files: resources shipped with it, and the user's data directory.

The resources (resources/ at the top of the source tree) are the package data `app.resources`:
inside the wheel, in the PyInstaller bundle and in an editable install alike they are found with
importlib.resources, never through a path relative to this file.  (A regular package on disk,
as app.resources is in all three, is its own folder: its import spec names it, which spares every
command the import of importlib.resources' readers; issue 13, docs/decisions.md.)
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

#: The app's folder name in the platform's user folders (platformdirs' appname, appauthor).
APP_FOLDER, APP_AUTHOR = "Form9", "Form9 Offline Utility"

DATA_DIR_ENV = "FORM9_DATA_DIR"
#: Where the app keeps what must live outside the data folder (which data folder to use).
CONFIG_DIR_ENV = "FORM9_CONFIG_DIR"
#: Where the app keeps what it can always make again (the compiled schema check).
CACHE_DIR_ENV = "FORM9_CACHE_DIR"
LOCATION_FILE = "location.json"
RESOURCES_PACKAGE = "app.resources"


class ResourcesMissing(RuntimeError):
    """The installation lacks a file it ships (rate packs, schema, fonts): one line saying which."""


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The folder of the shipped resources (a real folder: fonts are opened by file name)."""
    missing = ResourcesMissing(
        f"the resources ({RESOURCES_PACKAGE}) are missing from this installation; reinstall Form 9"
    )
    path = _package_folder(RESOURCES_PACKAGE)
    if path is None:
        from importlib.resources import files

        try:
            path = Path(str(files(RESOURCES_PACKAGE)))
        except ModuleNotFoundError:
            raise missing from None
    if not path.is_dir():
        raise ResourcesMissing(f"the resources folder {path} is missing; reinstall Form 9")
    return path


def _package_folder(name: str) -> Path | None:
    """The folder of a regular package on disk, from its import spec (what
    importlib.resources.files gives for one, found without importing importlib.resources and its
    readers, zipfile and tempfile among them); None for anything else (a namespace package, a
    package in a zip file, a missing one): importlib.resources.files decides then."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    if spec is None or not spec.has_location or spec.origin is None:
        return None
    locations = list(spec.submodule_search_locations or [])
    if len(locations) != 1 or Path(spec.origin).parent != Path(locations[0]):
        return None
    return Path(locations[0])


def resource(*parts: str) -> Path:
    """A shipped file, e.g. resource("schema", "form9-upload-v1.schema.json"); ResourcesMissing
    (naming it) when the installation lacks it."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise ResourcesMissing(f"{'/'.join(parts)} is missing from this installation "
                               f"({resources_dir()}); reinstall Form 9")  # fmt: skip
    return path


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $FORM9_DATA_DIR, else the folder chosen in Settings, else the platform's
    user data directory."""
    chosen = None if override or os.environ.get(DATA_DIR_ENV) else chosen_data_dir()
    if override:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    elif chosen is not None:
        path = chosen
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_FOLDER, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- the chosen data folder


def config_dir() -> Path:
    """$FORM9_CONFIG_DIR, else the platform's user configuration folder for the app."""
    if os.environ.get(CONFIG_DIR_ENV):
        return Path(os.environ[CONFIG_DIR_ENV])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_FOLDER, APP_AUTHOR))


def cache_dir() -> Path:
    """$FORM9_CACHE_DIR, else the platform's user cache folder for the app (not created here:
    what is kept there is made again when it is missing).

    On Linux, platformdirs' rule (the XDG base directories: $XDG_CACHE_HOME when absolute, else
    $HOME/.cache) is followed without importing it: its module imports tempfile, shutil, bz2
    and lzma, 5 ms of every export-json (issue 13); tests/test_paths.py holds the two equal.
    Elsewhere, or with no absolute $HOME, platformdirs decides."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    if sys.platform.startswith("linux"):
        xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, APP_FOLDER)
        if os.path.isabs(home):
            return Path(home, ".cache", APP_FOLDER)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_FOLDER, APP_AUTHOR))


def chosen_data_dir() -> Path | None:
    """The data folder chosen in Settings (issue 15 item 8); None when none was chosen or the
    record cannot be read (the default folder is used then)."""
    folder = _location().get("data_dir")
    return Path(folder) if isinstance(folder, str) and folder.strip() else None


def _location() -> dict[str, object]:
    import json

    try:
        doc = json.loads((config_dir() / LOCATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _write_location(**values: str | None) -> None:
    """Change some keys of location.json, keeping the others."""
    import json

    from app.fileio import write_text

    doc = {**_location(), **values}
    target = config_dir()
    target.mkdir(parents=True, exist_ok=True)
    write_text(target / LOCATION_FILE, json.dumps(doc, indent=2) + "\n")


def choose_data_dir(folder: Path | None) -> None:
    """Use `folder` as the data folder from the next start (None: back to the default)."""
    _write_location(data_dir=str(folder) if folder is not None else None)


def chosen_store_url() -> str | None:
    """The office database chosen in Settings (issue 14: a postgresql+psycopg:// URL, never with
    a password); None: the data folder's own store."""
    url = _location().get("store_url")
    return url.strip() if isinstance(url, str) and url.strip() else None


def choose_store_url(url: str | None) -> None:
    """Use the office database at `url` from the next start (None: the data folder's store).
    The caller has refused a URL holding a password (app.store.opening.check_url)."""
    _write_location(store_url=url or None)
