"""What is SQLite-only in the store, each in a small function: connection set-up (WAL, foreign keys,
BEGIN IMMEDIATE for writers), the schema revision read without Alembic, migrations with foreign
keys off, the integrity check and the online backup.  `SQLITE` is the store's backend for one PC
(app.store.backend; PostgreSQL's is app.store.postgres).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from app.store.backend import Backend
from app.store.errors import StoreError

#: The first 16 bytes of every SQLite database file.
MAGIC = b"SQLite format 3\x00"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy drives BEGIN itself (see _on_begin); pysqlite's own transaction handling is off.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: a 100,000-row rewrite stays in memory
    # A statement that a trigger may abort keeps a statement journal of the pages it changes;
    # in memory, a 100,000-row list rewrite with the filed-return guards costs +0.15 s, not +0.5 s.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _on_begin(conn: Connection) -> None:
    # Writers take the write lock up front, so two writers never deadlock upgrading a read lock.
    write = conn.get_execution_options().get("form9_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str | URL) -> tuple[Engine, bool]:
    """The engine and whether it is one shared in-memory connection."""
    u = make_url(url)
    memory = u.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or each would see its own db
    engine = create_engine(u, **kwargs)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine, memory


def is_damage(error: BaseException | None) -> bool:
    """The driver says the file is damaged or not a database (not: locked, missing, no access)."""
    name = str(getattr(error, "sqlite_errorname", ""))
    if name:
        return name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"
    return type(error) is sqlite3.DatabaseError


def stored_revision(conn: Connection) -> str | None:
    """The schema revision recorded by Alembic, read without importing Alembic."""
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if not has_table:
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return str(row[0]) if row else None


def upgrade(conn: Connection, migrate: Any) -> None:
    """Migrations with foreign keys off (SQLite's procedure for table rebuilds), checked after."""
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with conn.begin():
            migrate.upgrade(conn)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(f"a migration left broken references in table {broken[0][0]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def quick_check(conn: Connection) -> str | None:
    """PRAGMA quick_check: None when the file is sound, else its first complaint."""
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    return None if rows == ["ok"] else (rows[0] if rows else "no answer from the check")


def file_problem(path: Path) -> str | None:
    """Why `path` is not a sound SQLite database (None when it is): not one at all, or damaged.
    Opens the file read-write: a private copy, or this app's own store."""
    try:
        with path.open("rb") as f:
            head = f.read(len(MAGIC))
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"
    if head != MAGIC:
        return "not an SQLite database"
    try:
        con = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
        return None if rows == ["ok"] else (rows[0] if rows else "no answer from the check")
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        con.close()


def file_revision(path: Path) -> str | None:
    """The Alembic revision recorded in a database file; None when it is not a FORM 9 store (no
    revision table, or no returns table beside it)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        names = {
            str(r[0])
            for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        }
        if not {"alembic_version", "tax_return", "client"} <= names:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


def online_backup(source: Path, target: Path) -> None:
    """Copy the database at `source` into `target` with SQLite's online backup API: a consistent
    copy even while other connections write (they wait only for the single copy step)."""
    if not source.is_file():
        raise sqlite3.OperationalError(f"{source} does not exist")
    src = sqlite3.connect(source, isolation_level=None)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()


def copy_into(source: Path, live: Path) -> None:
    """Replace the content of the live database `live` with `source`, in one transaction of the
    live file (other connections see the old or the new content, never half), WAL kept."""
    src = sqlite3.connect(source, isolation_level=None)
    try:
        dst = sqlite3.connect(live, isolation_level=None, timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


class SqliteBackend(Backend):
    """The store in one SQLite file on this PC (or in memory, for tests)."""

    name = "sqlite"
    param = "?"
    local_file = True

    def make_engine(self, url: URL) -> tuple[Engine, bool]:
        return make_engine(url)

    def stored_revision(self, conn: Connection) -> str | None:
        return stored_revision(conn)

    def upgrade(self, conn: Connection, migrate: Any) -> None:
        upgrade(conn, migrate)


SQLITE = SqliteBackend()
