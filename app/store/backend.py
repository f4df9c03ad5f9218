"""What differs between the store's databases, behind one small interface: SQLite for one PC
(app.store.sqlite), PostgreSQL for an office (app.store.postgres).

Everything else in the store is SQLAlchemy Core or plain SQL both understand; each difference is
one method here: the engine and its transactions, the schema revision read without Alembic,
bulk inserts, raw SQL's placeholders, row locks for lifecycle actions, change notices to other
PCs, the audit's user and time, and turning a driver's error into a one-line StoreError.
"""

from __future__ import annotations

import getpass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.sql.elements import ColumnElement

from app.store.errors import StoreError


class Backend:
    """The SQLite behaviour where PostgreSQL's differs too (see the subclasses)."""

    name = ""
    #: The driver's positional placeholder.
    param = "?"
    #: Whether a file on this PC holds the store (integrity check, backups).
    local_file = True

    def make_engine(self, url: URL) -> tuple[Engine, bool]:
        """The engine and whether it is one shared connection (calls then take turns)."""
        raise NotImplementedError

    def stored_revision(self, conn: Connection) -> str | None:
        raise NotImplementedError

    def upgrade(self, conn: Connection, migrate: Any) -> None:
        raise NotImplementedError

    def begin_options(self, write: bool) -> dict[str, Any]:
        """Execution options for a unit of work (its isolation, read-only)."""
        return {"form9_write": write}

    def sql(self, text: str) -> str:
        """Plain SQL written with `?` placeholders, for this driver."""
        return text if self.param == "?" else _placeholders(text, self.param)

    def insert_rows(
        self, conn: Connection, table: Table, columns: tuple[str, ...], rows: list[Any]
    ) -> None:
        """Many rows at once (plain tuples in `columns` order)."""
        if rows:
            conn.exec_driver_sql(insert_sql(conn, table.name, columns, self.param), rows)

    def driver(self, conn: Connection) -> Any:
        """The driver's own connection, inside the transaction of `conn` (fast row reads)."""
        raw = conn.connection.driver_connection
        assert raw is not None
        return raw

    def lock_client(self, conn: Connection, client_id: int) -> None:
        """Hold the dealer's row until the unit of work ends (lifecycle actions of one dealer
        then run one after the other).  SQLite: every writer already holds the whole store."""

    def notify(self, conn: Connection, payload: str) -> None:
        """Tell other PCs what this unit of work changed (delivered when it commits)."""

    def audit_user(self) -> ColumnElement[Any] | str:
        """Who is changing the store: the operating-system user on one PC."""
        return os_user()

    def audit_time(self) -> ColumnElement[Any] | None:
        """The time of a change; None: this PC's clock."""
        return None

    def error(self, exc: BaseException, message: str, *, saving: bool = False) -> StoreError:
        """A driver error as a one-line StoreError (`saving`: a change was being written)."""
        return StoreError(f"{message} ({exc})")


@cache
def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown"


@cache
def _placeholders(text: str, param: str) -> str:
    return text.replace("%", "%%").replace("?", param)


@lru_cache(maxsize=256)
def _insert_text(table: str, columns: tuple[str, ...], quote: Any, param: str) -> str:
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join([param] * len(columns))})"


def insert_sql(conn: Connection, table: str, columns: tuple[str, ...], param: str) -> str:
    return _insert_text(table, columns, conn.dialect.identifier_preparer.quote, param)


def backend_for(url: str | URL) -> Backend:
    """The backend of a database URL; StoreError naming what is supported otherwise."""
    return backend_named(make_url(url).get_backend_name())


def backend_named(name: str) -> Backend:
    if name == "sqlite":
        from app.store.sqlite import SQLITE

        return SQLITE
    if name == "postgresql":
        from app.store.postgres import POSTGRES

        return POSTGRES
    raise StoreError(f"the store needs SQLite or PostgreSQL (postgresql+psycopg://…), not {name}")


def backend_of(conn: Connection) -> Backend:
    return backend_named(conn.dialect.name)
