"""What is PostgreSQL-only in the store (office mode, issue 14): the engine over psycopg 3,
snapshots for reading, COPY for bulk rows, row locks for lifecycle actions, NOTIFY of committed
changes, the database user and the server's clock for the audit, and one-line messages for the
server's errors.  `POSTGRES` is the store's backend for a `postgresql+psycopg://` URL
(app.store.backend; SQLite's is app.store.sqlite).

Credentials never pass through the app: libpq reads them from the password file (pgpass), a
service file (`?service=office`) or the environment (PGPASSWORD, PGUSER…).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, func, text
from sqlalchemy.engine import URL
from sqlalchemy.sql.elements import ColumnElement

from app.store.backend import Backend
from app.store.errors import StoreError, StoreReadOnly, StoreUnreachable

#: The channel of change notices between the PCs of an office (app.store.live).
CHANNEL = "form9_changes"
#: Rows inserted at once above which COPY is used (below it, executemany).
COPY_FROM = 64
#: The advisory lock taken while a PC migrates the schema (another waits, then finds it done).
MIGRATION_LOCK = 0x466F726D39  # "Form9"
#: Seconds to wait for the server before saying it cannot be reached.
CONNECT_TIMEOUT = 5

#: SQLSTATE classes and codes (PostgreSQL's "Errors and messages" appendix).
_CONNECTION = "08"
_NO_PRIVILEGE = "42501"
_CONFLICTS = {"40001", "40P01"}
_ADMIN_SHUTDOWN = {"57P01", "57P02", "57P03"}


def psycopg_url(url: URL) -> URL:
    """`postgresql://` (no driver named) means psycopg 3 here, the driver the app ships."""
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def driver_args(engine: Engine) -> dict[str, Any]:
    """Keyword arguments for psycopg.connect() that reach the engine's database (a connection
    of its own: the change notices' listener, store-copy's bulk reads)."""
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    out: dict[str, Any] = dict(kwargs)
    if args:
        out["conninfo"] = args[0]
    out.setdefault("connect_timeout", CONNECT_TIMEOUT)
    return out


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class PostgresBackend(Backend):
    """The store in an office's PostgreSQL database."""

    name = "postgresql"
    param = "%s"
    local_file = False

    def make_engine(self, url: URL) -> tuple[Engine, bool]:
        engine = create_engine(
            psycopg_url(url),
            pool_pre_ping=True,  # a connection the server dropped is replaced, not used
            pool_size=4,
            max_overflow=8,
            connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "form9"},
        )
        return engine, False

    def stored_revision(self, conn: Connection) -> str | None:
        if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None

    def upgrade(self, conn: Connection, migrate: Any) -> None:
        """The migrations in one transaction (PostgreSQL's DDL is transactional), one PC at a
        time; a role that may not change the schema is told who can."""
        from psycopg import errors

        try:
            with conn.begin():
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                from app.store.migrations import HEAD_REVISION

                if self.stored_revision(conn) != HEAD_REVISION:  # another PC may have done it
                    migrate.upgrade(conn)
        except Exception as exc:
            cause = getattr(exc, "orig", exc)
            if isinstance(cause, errors.InsufficientPrivilege):
                raise StoreError(
                    "the store's tables are missing or older than this app, and this database "
                    "user may not create or change them: run any form9 command once as the "
                    "database's owner (docs/office.md)"
                ) from None
            raise

    def begin_options(self, write: bool) -> dict[str, Any]:
        if write:
            return {"isolation_level": "READ COMMITTED"}
        # A snapshot: every read of the unit of work sees the same committed state.
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}

    def insert_rows(
        self, conn: Connection, table: Table, columns: tuple[str, ...], rows: list[Any]
    ) -> None:
        if len(rows) < COPY_FROM:
            super().insert_rows(conn, table, columns, rows)
            return
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in columns)
        with (
            self.driver(conn).cursor() as cur,
            cur.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy,
        ):
            write = copy.write_row
            for row in rows:
                write(row)

    def lock_client(self, conn: Connection, client_id: int) -> None:
        # NO KEY UPDATE: lifecycle actions of one dealer queue here, while saves that only
        # reference the dealer (a new return's foreign key takes KEY SHARE) go on.
        conn.execute(
            text("SELECT id FROM client WHERE id = :c FOR NO KEY UPDATE"), {"c": client_id}
        )

    def notify(self, conn: Connection, payload: str) -> None:
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    def audit_user(self) -> ColumnElement[Any] | str:
        return func.current_user()

    def audit_time(self) -> ColumnElement[Any] | None:
        return func.localtimestamp()  # the server's clock: the same for every PC

    def error(self, exc: BaseException, message: str, *, saving: bool = False) -> StoreError:
        sqlstate = str(getattr(exc, "sqlstate", "") or "")
        detail = _first_line(exc)
        if sqlstate.startswith(_CONNECTION) or sqlstate in _ADMIN_SHUTDOWN or _lost(exc):
            if saving:  # not a refusal: the change never reached the server
                return StoreUnreachable(
                    f"the office database cannot be reached ({detail}); nothing was saved — try "
                    "again when it is back"
                )
            return StoreUnreachable(f"{message}: the office database cannot be reached ({detail})")
        if sqlstate == _NO_PRIVILEGE:
            return StoreReadOnly(
                f"{message}: this database user may only read the store ({detail}); ask for an "
                "editing role to make changes"
            )
        if sqlstate in _CONFLICTS:
            return StoreError(
                f"{message}: another PC was changing the same returns at the same moment; "
                "nothing was saved — try again"
            )
        return StoreError(f"{message} ({detail})")


def _lost(exc: BaseException) -> bool:
    """A connection that failed or dropped (psycopg sets no SQLSTATE for those)."""
    from psycopg import OperationalError

    return isinstance(exc, OperationalError) and not getattr(exc, "sqlstate", None)


POSTGRES = PostgresBackend()
