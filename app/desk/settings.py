"""Settings (issue 15 item 8).

- In the data folder's settings.json, beside the backup setting (app.store.backup, `backups.keep`):
  the firm name printed on problem reports (`firm.name`) and the language (`language`).
- Outside the data folder (app.paths.config_dir()): which data folder to use (app.paths) and the
  folder each file dialog last used (`folders.json`), per user and PC.

An unreadable settings file gives the defaults (logged), never a refusal to start.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.desk import DeskError
from app.fileio import write_text
from app.paths import config_dir, resources_dir
from app.store.backup import SETTINGS_FILE

log = logging.getLogger(__name__)

FOLDERS_FILE = "folders.json"
DEFAULT_LANGUAGE = "en"
#: Languages the app can show, by code; a translation file resources/translations/form9_<code>.qm
#: adds one (English is built in).
LANGUAGE_NAMES = {"en": "English", "ml": "മലയാളം (Malayalam)", "hi": "हिन्दी (Hindi)",
                  "ta": "தமிழ் (Tamil)"}  # fmt: skip
FIRM_NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class DeskSettings:
    firm_name: str = ""  # the practitioner's firm, on problem reports' covering notes
    language: str = DEFAULT_LANGUAGE


def _read(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable, defaults used (%s)", path, exc)
        return {}
    return doc if isinstance(doc, dict) else {}


def read_desk_settings(data_dir: Path) -> DeskSettings:
    doc = _read(data_dir / SETTINGS_FILE)
    firm = doc.get("firm")
    name = firm.get("name") if isinstance(firm, dict) else None
    language = doc.get("language")
    return DeskSettings(
        firm_name=name if isinstance(name, str) else "",
        language=language if isinstance(language, str) and language in LANGUAGE_NAMES
        else DEFAULT_LANGUAGE,
    )  # fmt: skip


def write_desk_settings(data_dir: Path, settings: DeskSettings) -> None:
    """Store the firm name and language (every other entry of settings.json is kept)."""
    name = settings.firm_name.strip()
    if len(name) > FIRM_NAME_MAX or any(ord(c) < 32 for c in name):
        raise DeskError(f"firm name: at most {FIRM_NAME_MAX} characters on one line")
    if settings.language not in available_languages():
        raise DeskError(f"language: {settings.language!r} is not available in this installation")
    path = data_dir / SETTINGS_FILE
    doc = _read(path)
    doc["firm"] = {"name": name}
    doc["language"] = settings.language
    try:
        write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise DeskError(f"{path}: cannot write ({exc.strerror})") from None


def available_languages() -> dict[str, str]:
    """Code → name of each language this installation can show (English, plus translations)."""
    out = {DEFAULT_LANGUAGE: LANGUAGE_NAMES[DEFAULT_LANGUAGE]}
    folder = resources_dir() / "translations"
    if folder.is_dir():
        for qm in sorted(folder.glob("form9_*.qm")):
            code = qm.stem.removeprefix("form9_")
            out[code] = LANGUAGE_NAMES.get(code, code)
    return out


# ---------------------------------------------------------------- folders the dialogs remember


def last_folder(kind: str) -> Path | None:
    """The folder the `kind` file dialog last used, if it still exists."""
    folder = _read(config_dir() / FOLDERS_FILE).get(kind)
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return Path(folder)
    return None


def remember_folder(kind: str, folder: Path) -> None:
    """Note the folder a `kind` file dialog was used in (best effort: never an error)."""
    path = config_dir() / FOLDERS_FILE
    doc = _read(path)
    doc[kind] = str(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        log.warning("%s: cannot write (%s)", path, exc.strerror)
