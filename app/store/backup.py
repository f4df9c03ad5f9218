"""Backups of the local store: taken with SQLite's online backup API into
<data dir>/backups/form9-YYYYMMDD-HHMMSS[-why].sqlite, written atomically (app.fileio).

- Automatic: at most once a day when the store is opened (only if it changed since the newest
  backup), and always before a migration.  The newest `keep` backups are kept (default 10; the
  setting lives in <data dir>/settings.json, outside the store, so a restore never resets it).
- `restore()` refuses a file that is not a FORM 9 store, a damaged one, or one from a newer
  schema (an Alembic revision this app does not know), each with a one-line message.  Before it
  replaces anything it backs up the current store (a damaged one is moved aside whole).  An
  older-schema backup is migrated when the store is next opened.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.fileio import atomic_path, fsync_dir, write_text
from app.store import APP_LOCK_FILE
from app.store import sqlite as dialect
from app.store.errors import StoreError

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
SETTINGS_FILE = "settings.json"
DEFAULT_KEEP = 10
MAX_KEEP = 1000
#: form9-20261201-093000.sqlite, form9-20261201-093000-before-migration-0001.sqlite, …
NAME = re.compile(r"^form9-(\d{8})-(\d{6})(?:-[a-z0-9-]+)?\.sqlite$")
_STAMP = "%Y%m%d%H%M%S"


@dataclass(frozen=True, slots=True)
class BackupSettings:
    keep: int = DEFAULT_KEEP  # how many backups the automatic rotation keeps


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the schema revision restored and where the previous store went."""

    revision: str
    kept: Path | None


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, from its name (None: not one of ours)."""
    m = NAME.match(path.name)
    if m is None:
        return None
    try:
        return datetime.strptime(m[1] + m[2], _STAMP)
    except ValueError:
        return None


def list_backups(data_dir: Path) -> list[Path]:
    """The backups in <data dir>/backups, newest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [(when, p) for p in folder.iterdir() if (when := taken_at(p)) is not None]
    found.sort(key=lambda wp: (wp[0], wp[1].name), reverse=True)
    return [p for _when, p in found]


def app_instance_pid(data_dir: Path) -> int | None:
    """The process id of the desktop app open on this data folder on this machine, if any."""
    import socket

    try:
        lines = (data_dir / APP_LOCK_FILE).read_text(encoding="utf-8").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return None  # another machine's app: its lock says nothing about this one
    if pid == os.getpid():
        return pid
    if sys.platform == "win32":  # os.kill would end the process: ask the file instead
        try:
            with (data_dir / APP_LOCK_FILE).open("a"):
                return None  # nobody holds it open: a crashed app's stale lock
        except OSError:
            return pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a crashed app's stale lock
    except (PermissionError, OSError):
        return pid  # alive (another user's), or the platform cannot tell
    return pid


# ---------------------------------------------------------------- settings


def read_settings(data_dir: Path) -> BackupSettings:
    """<data dir>/settings.json's "backups" entry; defaults when it is missing or unreadable."""
    path = data_dir / SETTINGS_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        keep = doc.get("backups", {}).get("keep", DEFAULT_KEEP)
    except FileNotFoundError:
        return BackupSettings()
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("%s: unreadable, default backup settings used (%s)", path, exc)
        return BackupSettings()
    if not isinstance(keep, int) or isinstance(keep, bool) or not 1 <= keep <= MAX_KEEP:
        log.warning("%s: backups.keep %r is not 1–%d; %d used", path, keep, MAX_KEEP, DEFAULT_KEEP)
        return BackupSettings()
    return BackupSettings(keep=keep)


def write_settings(data_dir: Path, settings: BackupSettings) -> None:
    """Store the backup settings (other entries of settings.json are kept)."""
    if not 1 <= settings.keep <= MAX_KEEP:
        raise StoreError(f"backups.keep: {settings.keep} is not between 1 and {MAX_KEEP}")
    path = data_dir / SETTINGS_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            doc = {}
    except (OSError, ValueError):
        doc = {}
    doc["backups"] = {"keep": settings.keep}
    try:
        write_text(path, json.dumps(doc, indent=2) + "\n")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror})") from None


# ---------------------------------------------------------------- taking backups


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def _copy_store(source: Path, target: Path) -> None:
    """A consistent copy of the store `source` replaces `target` only when complete (fileio's
    atomic write; SQLite's side files of the unfinished copy are removed on failure)."""
    with atomic_path(target) as tmp:
        try:
            dialect.online_backup(source, tmp)
        finally:
            for side in ("-journal", "-wal", "-shm"):
                Path(f"{tmp}{side}").unlink(missing_ok=True)


def _new_name(folder: Path, why: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"form9-{stamp}" + (f"-{why}" if why else "")
    target = folder / f"{base}.sqlite"
    n = 2
    while target.exists():
        target = folder / f"{base}-{n}.sqlite"
        n += 1
    return target


def backup_store(
    db_path: Path, target: Path | None = None, *, why: str = "", keep: int | None = None
) -> Path:
    """A consistent copy of the store at `db_path` (open or not, other writers wait only for the
    copy).  Into `target`, or a new file in <data dir>/backups, after which the rotation keeps the
    newest `keep` (default: the settings') backups.  Returns the file written."""
    data_dir = db_path.parent
    rotate = target is None
    if target is None:
        folder = backups_dir(data_dir)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create it ({exc.strerror})") from None
        target = _new_name(folder, why)
    if target.resolve() == db_path.resolve():
        raise StoreError(f"{target}: that is the store itself; choose another file")
    try:
        _copy_store(db_path, target)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot back up the store ({exc})") from None
    except OSError as exc:
        raise StoreError(f"{target}: cannot write the backup ({exc.strerror or exc})") from None
    if rotate:
        prune(data_dir, keep if keep is not None else read_settings(data_dir).keep)
    return target


def prune(data_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; returns those deleted."""
    old = list_backups(data_dir)[max(keep, 1) :]
    for p in old:
        try:
            p.unlink()
        except OSError as exc:
            log.warning("%s: cannot delete an old backup (%s)", p, exc)
    return old


def _changed_since(db_path: Path, when: datetime) -> bool:
    """Whether the store file (or its write-ahead log) was written after `when`."""
    stamp = when.timestamp()
    wal = Path(f"{db_path}-wal")
    try:
        if db_path.stat().st_mtime > stamp:
            return True
        return wal.exists() and wal.stat().st_size > 0 and wal.stat().st_mtime > stamp
    except OSError:
        return True


def daily_backup(db_path: Path, *, now: datetime | None = None) -> Path | None:
    """The automatic backup at open: at most one a day, none when nothing changed since the newest
    backup.  A failure is logged, never raised (the store itself is fine)."""
    now = now or datetime.now()
    newest = list_backups(db_path.parent)[:1]
    when = taken_at(newest[0]) if newest else None
    if when is not None and (when.date() == now.date() or not _changed_since(db_path, when)):
        return None
    try:
        return backup_store(db_path, why="daily")
    except StoreError as exc:
        log.warning("daily backup skipped: %s", exc)
        return None


def backup_before_migration(db_path: Path, revision: str) -> Path:
    """Always before the schema changes; a failure stops the migration (StoreError)."""
    try:
        return backup_store(db_path, why=f"before-migration-{revision.lower()}")
    except StoreError as exc:
        raise StoreError(f"the store was not upgraded, because {exc}") from None


# ---------------------------------------------------------------- checking and restoring


def _known_revisions() -> set[str]:
    from app.store.migrate import known_revisions

    return known_revisions()


def check_backup(path: Path) -> str:
    """The schema revision of a sound FORM 9 store file this app can open; StoreError (one line)
    when it is not a store, is damaged or comes from a newer version of the app.  Reads a private
    copy, so the file itself is never touched."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    with _private_copy(path) as work:
        return _check_copy(path, work)


def _check_copy(path: Path, work: Path) -> str:
    problem = dialect.file_problem(work)
    if problem is not None:
        if problem == "not an SQLite database":
            raise StoreError(f"{path.name}: not a FORM 9 store (not an SQLite database)")
        raise StoreError(f"{path.name}: the file is damaged ({problem})")
    try:
        revision = dialect.file_revision(work)
    except sqlite3.Error as exc:
        raise StoreError(f"{path.name}: cannot read it ({exc})") from None
    if revision is None:
        raise StoreError(f"{path.name}: not a FORM 9 store (no schema revision in it)")
    if revision not in _known_revisions():
        raise StoreError(
            f"{path.name}: written by a newer version of this app (schema {revision}); "
            "update the app to restore it"
        )
    return revision


@contextlib.contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """A copy of the file (and its write-ahead log, if any) to check and restore from."""
    folder = path.parent if os.access(path.parent, os.W_OK) else Path.home()
    work = folder / f".form9-restore-{os.getpid()}.sqlite"
    _remove_db(work)
    try:
        try:
            shutil.copyfile(path, work)
            wal = Path(f"{path}-wal")
            if wal.is_file():
                shutil.copyfile(wal, Path(f"{work}-wal"))
        except OSError as exc:
            raise StoreError(f"{path}: cannot read it ({exc.strerror})") from None
        yield work
    finally:
        _remove_db(work)


def latest_good_backup(data_dir: Path) -> Path | None:
    """The newest backup that is a sound store this app can open."""
    for p in list_backups(data_dir):
        try:
            check_backup(p)
        except StoreError:
            continue
        return p
    return None


def _move_aside(db_path: Path) -> Path:
    """A store that cannot be read is kept whole (with its WAL) in backups/, never deleted."""
    folder = backups_dir(db_path.parent)
    folder.mkdir(exist_ok=True)
    target = _new_name(folder, "damaged")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    os.replace(db_path, target)
    fsync_dir(folder)
    return target


def restore(db_path: Path, source: Path) -> Restored:
    """Make the store at `db_path` a copy of the backup `source` (checked first), keeping the
    current store as a backup.  The caller opens the store afterwards (which migrates an older
    schema); no connection of this process may be open on it meanwhile."""
    source = source.expanduser()
    if not source.is_file():
        raise StoreError(f"{source}: no such file")
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise StoreError(f"{source}: that is the store itself; choose a backup")
    with _private_copy(source) as work:
        revision = _check_copy(source, work)
        kept: Path | None = None
        healthy = db_path.exists() and dialect.file_problem(db_path) is None
        if healthy:
            kept = backup_store(db_path, why="before-restore", keep=MAX_KEEP)
            try:
                dialect.copy_into(work, db_path)
            except sqlite3.Error as exc:
                raise StoreError(f"{db_path}: cannot restore into it ({exc})") from None
        else:
            if db_path.exists():
                kept = _move_aside(db_path)
            try:
                _copy_store(work, db_path)
            except (sqlite3.Error, OSError) as exc:
                raise StoreError(f"{db_path}: cannot restore into it ({exc})") from None
    return Restored(revision, kept)
