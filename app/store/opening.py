"""Opening the store: which database (a data folder's SQLite file, or a URL), the checks at open,
the migrations to head and the daily backup.

`open_store(target)` is what the app and the command call: a database URL (`--db`, $FORM9_DB,
the settings page) or a data folder.  `check_url(url)` tries a URL and says in one line what is
wrong with it (None when the store opens), for the settings page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from app.paths import data_dir as resolve_data_dir
from app.store import DB_ENV, DB_FILE
from app.store.backend import Backend, backend_for
from app.store.errors import StoreDamaged, StoreError
from app.store.migrations import HEAD_REVISION

if TYPE_CHECKING:
    from app.store.store import Store


def is_url(target: str | os.PathLike[str] | None) -> bool:
    return isinstance(target, str) and "://" in target


def parse_url(url: str) -> URL:
    """A database URL; StoreError (one line) when it is not one."""
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreError(f"{url!r} is not a database URL (postgresql+psycopg://…)") from None


def shown(url: str | URL) -> str:
    """The URL for messages and logs: never a password."""
    u = url if isinstance(url, URL) else parse_url(url)
    return u.render_as_string(hide_password=True)


def open_store(target: str | os.PathLike[str] | None = None, *, backups: bool = True) -> Store:
    """The store at `target`: a database URL, or a data folder; with neither, $FORM9_DB when
    set, else the default data folder."""
    from app.store.store import Store

    if target is None or target == "":
        target = os.environ.get(DB_ENV) or None
    if is_url(target):
        return Store.open(url=str(target), backups=backups)
    return Store.open(Path(target) if target is not None else None, backups=backups)


def check_url(url: str) -> str | None:
    """Whether the app can work with the database at `url`: None, or what is wrong in one line
    (not a URL, a password written in it, the server unreachable, no such database, refused,
    no store in it yet, a store of another version).  It changes nothing: no migration runs."""
    try:
        u = parse_url(url)
        backend = backend_for(u)
    except StoreError as exc:
        return str(exc)
    if u.password is not None:
        return (
            "the URL holds a password: leave it out and keep it in the PostgreSQL password file "
            "(pgpass) or a service file, which this app never writes"
        )
    try:
        engine, _shared = backend.make_engine(u)
    except Exception as exc:  # a URL SQLAlchemy cannot use (a missing driver, a bad option)
        return f"{shown(u)}: {exc}"
    try:
        with engine.connect() as conn, conn.begin():
            current = backend.stored_revision(conn)
            if current == HEAD_REVISION:
                conn.exec_driver_sql("SELECT count(*) FROM client")  # may this user read it?
    except DBAPIError as exc:
        return str(backend.error(exc.orig or exc, f"{shown(u)}: cannot open the store"))
    finally:
        engine.dispose()
    if current is None:
        return (
            f"{shown(u)}: the database holds no FORM 9 store yet; its owner creates it by "
            "running any form9 command on it once (docs/office.md)"
        )
    if current != HEAD_REVISION:
        from app.store import migrate

        if current not in migrate.known_revisions():
            return f"{shown(u)}: the store was written by a newer version of this app; update it"
        return (
            f"{shown(u)}: the store is from an older version of this app; its owner upgrades "
            "it by running any form9 command on it once (docs/office.md)"
        )
    return None


def open_engine(
    data_dir: Path | None, url: str | None, *, backups: bool
) -> tuple[Engine, Backend, Path | None, bool, str]:
    """The engine of the store, checked and migrated: (engine, backend, file, shared, where)."""
    path: Path | None = None
    if url is None:
        try:
            path = resolve_data_dir(data_dir) / DB_FILE
        except OSError as exc:
            raise StoreError(
                f"{data_dir or 'the data directory'}: cannot create it ({exc.strerror})"
            ) from None
        u = URL.create("sqlite", database=str(path))
    else:
        u = parse_url(url)
    backend = backend_for(u)
    engine, shared = backend.make_engine(u)
    where = str(path) if path else shown(u)
    try:
        with engine.connect() as conn:
            _prepare(conn, backend, where, path, backups=backups)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        if path is not None:
            from app.store import sqlite

            if sqlite.is_damage(exc.orig):
                raise damaged(path, str(exc.orig)) from None
        raise backend.error(exc.orig or exc, f"{where}: cannot open the store") from None
    return engine, backend, path, shared, where


def damaged(path: Path, problem: str) -> StoreDamaged:
    from app.store.backup import latest_good_backup

    return StoreDamaged(path, problem, latest_good_backup(path.parent))


def _prepare(
    conn: Connection, backend: Backend, where: str, path: Path | None, *, backups: bool
) -> None:
    """At open: the integrity check, then the migrations to head (with a backup first), or the
    daily backup when the schema is current."""
    with conn.begin():
        if path is not None:
            from app.store import sqlite

            problem = sqlite.quick_check(conn)
            if problem is not None:
                raise damaged(path, problem)
        current = backend.stored_revision(conn)
    if current == HEAD_REVISION:
        if path is not None and backups:
            from app.store.backup import daily_backup

            daily_backup(path)
        return
    from app.store import migrate  # Alembic only when there is something to migrate

    if current is not None and current not in migrate.known_revisions():
        raise StoreError(
            f"{where}: the store was written by a newer version of this app (schema {current}); "
            "update the app to open it"
        )
    if current is not None and path is not None and backups:
        from app.store.backup import backup_before_migration

        backup_before_migration(path, current)
    backend.upgrade(conn, migrate)
