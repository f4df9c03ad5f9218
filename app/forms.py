"""Reading the form catalogues (resources/forms/*.toml; app.model.catalogue).

Files without `based_on` are read first, then each amendment on top of the version it names.  An
extra folder (`FORM9_FORMS_DIR`) adds versions without a new build of the app.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.model.catalogue import Catalogue, CatalogueError, catalogue_for, catalogue_from_dict
from app.model.form9 import Form9Return
from app.model.periods import Period, PeriodError
from app.paths import resource
from app.toml_files import TomlError
from app.toml_files import read as read_toml

FORMS_DIR_ENV = "FORM9_FORMS_DIR"


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except (OSError, UnicodeDecodeError, TomlError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read ({exc})") from None


@lru_cache(maxsize=4)
def _catalogues_in(folders: tuple[Path, ...]) -> tuple[Catalogue, ...]:
    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.toml"))]
    pending = [(p, _read(p)) for p in files]
    done: dict[str, Catalogue] = {}
    while pending:
        ready = [
            (p, d) for p, d in pending
            if not d.get("form", {}).get("based_on") or d["form"]["based_on"] in done
        ]  # fmt: skip
        if not ready:  # what is left names a version nobody provides: say which
            path, data = pending[0]
            ready = [(path, data)]
        for path, data in ready:
            try:
                cat = catalogue_from_dict(data, list(done.values()))
            except CatalogueError as exc:
                raise CatalogueError(f"{path.name}: {exc}") from None
            if cat.version in done:
                raise CatalogueError(f"{path.name}: version {cat.version} is defined twice")
            done[cat.version] = cat
            pending.remove((path, data))
    if not done:
        raise CatalogueError(f"no form catalogue found in {', '.join(map(str, folders))}")
    return tuple(sorted(done.values(), key=lambda c: c.effective_from))


def _folders() -> tuple[Path, ...]:
    folders = [resource("forms")]
    extra = os.environ.get(FORMS_DIR_ENV)
    if extra:
        folders.append(Path(extra))
    return tuple(folders)


def catalogues() -> tuple[Catalogue, ...]:
    """Every version of FORM No. 9 this app knows, oldest first."""
    return _catalogues_in(_folders())


def catalogue_on(on: date) -> Catalogue:
    return catalogue_for(catalogues(), on)


def catalogue_of(period: str | Period) -> Catalogue:
    """The version of the form for a return period: the one in force on the period's last day
    (the annual return 2024-25 is FORM No. 9 although the year began before 1-8-2024)."""
    p = period if isinstance(period, Period) else Period.parse(period)
    return catalogue_on(p.last_day)


def catalogue_of_return(ret: Form9Return) -> Catalogue:
    """The version a return is on: the one for its period; the first version while the period
    cannot be read or is before it (validation reports the period)."""
    try:
        return catalogue_of(ret.header.period)
    except (PeriodError, CatalogueError):
        return base_catalogue()  # raises again when the files themselves are at fault


def catalogue_version(version: str) -> Catalogue:
    for c in catalogues():
        if c.version == version:
            return c
    raise CatalogueError(f"FORM No. 9 version {version!r} is not known to this app")


def base_catalogue() -> Catalogue:
    """The first version (SRO 667/2024): what the typed model and the store's columns follow."""
    return catalogues()[0]


def shipped_catalogue(version: str) -> Catalogue:
    """A version shipped with the app (resources/forms), never one from FORM9_FORMS_DIR: the
    store's physical columns follow a shipped version (app.store.columns)."""
    for c in _catalogues_in((resource("forms"),)):
        if c.version == version:
            return c
    raise CatalogueError(f"FORM No. 9 version {version!r} is not shipped with this app")
