"""`form9 backup [-o FILE]` and `form9 restore FILE`: the whole store (every dealer and return) in
one file, and back.  See app.store.backup for what is kept and what a restore refuses.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from app.cli import CommandError
from app.paths import data_dir as resolve_data_dir
from app.store import DB_ENV, DB_FILE, StoreError


def register(sub: Any) -> None:
    b = sub.add_parser("backup", help="copy the whole store into one file")
    b.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help="where to write it (default: <data dir>/backups/form9-YYYYMMDD-HHMMSS.sqlite, "
        "where the newest 10 backups are kept)",
    )  # fmt: skip
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser(
        "restore", help="replace the store with a backup (the current store is backed up first)"
    )
    r.add_argument("file", type=Path, metavar="FILE")
    r.set_defaults(func=cmd_restore)


def _data_dir(args: argparse.Namespace) -> Path:
    """The SQLite store's folder; an office database (--db, $FORM9_DB) is refused in one line."""
    from app.commands.store import store_target

    target = store_target(args)
    if target is None and not args.data_dir:
        target = os.environ.get(DB_ENV) or None
    if target is not None and "://" in target:
        raise CommandError(
            f"{args.command} works on the SQLite store of one PC; an office's PostgreSQL "
            "database is backed up with pg_dump (docs/office.md)"
        )
    try:
        return resolve_data_dir(args.data_dir)
    except OSError as exc:
        raise CommandError(f"{args.data_dir}: cannot create it ({exc.strerror})") from None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cmd_backup(args: argparse.Namespace) -> int:
    from app.store import Store
    from app.store import backup as backups

    folder = _data_dir(args)
    db = folder / DB_FILE
    if not db.is_file():
        raise CommandError(f"{folder}: there is no store to back up yet")
    try:
        Store.open(folder, backups=False).close()  # a damaged store is refused, not copied
        written = backups.backup_store(db, args.output)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    print(f"store backed up to {_shown(written)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.store import Store
    from app.store import backup as backups

    folder = _data_dir(args)
    pid = backups.app_instance_pid(folder)
    if pid is not None:
        raise CommandError(
            f"the app is open on {folder} (process {pid}); close it first, or use its "
            "File → Restore from backup…"
        )
    try:
        done = backups.restore(folder / DB_FILE, args.file)
        Store.open(folder).close()  # migrates an older schema (backed up first), checks it
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    kept = f"; the previous store is kept as {_shown(done.kept)}" if done.kept else ""
    print(f"store restored from {args.file} (schema {done.revision}){kept}")
    return 0
