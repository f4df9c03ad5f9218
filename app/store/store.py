"""The local store: clients (dealers) and their returns in one SQLite file (spec sections 3 and 7).

`Store.open()` opens <data dir>/form9.sqlite (WAL, foreign keys on), checks it (PRAGMA
quick_check), backs it up at most daily and before any migration (app.store.backup), and runs the
migrations to head.  Every write is one transaction, so a crash mid-save leaves the previous state;
`Store.transaction()` makes several calls one unit of work (a user action), all or nothing.

A filed return is final: every write to it is refused here (ReturnIsFiled) and by triggers in the
database.  Every return has a `version`, +1 on each write to it or its rows; a save given the
version its edit was based on (`expected_version=`) is refused with StaleReturn when the store
holds a newer one.  Amounts are integer paise; a value with more than 2 decimals is refused, never
rounded.  The 100,000-row enclosure lists are written with Core executemany and read as tuples.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from app.model.client import ClientProfile
from app.model.form9 import (
    ACTS,
    CESS_IDS,
    Branch,
    Declaration,
    Form9Return,
    Header,
    Inputs,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)
from app.model.periods import Period, PeriodError
from app.model.status import FILED, STATUSES, can_transition
from app.paths import data_dir as resolve_data_dir
from app.store import list_rows as fast
from app.store import schema
from app.store import sqlite as dialect
from app.store.changes import Announcer, Collected, Listener
from app.store.codec import (
    from_paise,
    iso,
    list_rows,
    money,
    rate,
)
from app.store.errors import ReturnIsFiled, StaleReturn, StoreDamaged, StoreError
from app.store.list_rows import SEQ_GAP
from app.store.loading import load_return
from app.store.migrations import HEAD_REVISION
from app.store.tables import (
    CLIENT as _client,
)
from app.store.tables import (
    CLIENT_BRANCH as _client_branch,
)
from app.store.tables import (
    DECLARATION_TEXT as _DECLARATION_TEXT,
)
from app.store.tables import (
    EXPORT as _export,
)
from app.store.tables import (
    FILED as _filed,
)
from app.store.tables import (
    FILED_PART3 as _filed_part3,
)
from app.store.tables import (
    HEADER_TEXT as _HEADER_TEXT,
)
from app.store.tables import (
    LIST as _list,
)
from app.store.tables import (
    LIST_COLS as _LIST_COLS,
)
from app.store.tables import (
    PART1A as _part1a,
)
from app.store.tables import (
    PART1A_COLS as _PART1A_COLS,
)
from app.store.tables import (
    PART1B as _part1b,
)
from app.store.tables import (
    PART2 as _part2,
)
from app.store.tables import (
    PART2_COLS as _PART2_COLS,
)
from app.store.tables import (
    PART5 as _part5,
)
from app.store.tables import (
    PART5_COLS as _PART5_COLS,
)
from app.store.tables import (
    PROFILE_COLS as _PROFILE_COLS,
)
from app.store.tables import (
    RETURN as _return,
)
from app.store.tables import (
    RETURN_BRANCH as _return_branch,
)
from app.store.tables import (
    STOCK as _stock,
)
from app.store.tables import (
    STOCK_COLS as _STOCK_COLS,
)
from app.store.tables import (
    TABLES as _tables,
)

DB_FILE = "form9.sqlite"
#: Parts of a return that save_parts() rewrites.
PARTS = ("header", "inputs", "part1a", "part1b", "part2", "part4", "part5", "declaration", "stock",
         "sales_list", "purchase_list")  # fmt: skip
_PART_ALIASES = {"filed": "part4", "branches": "header"}
LIST_PARTS = ("sales_list", "purchase_list")
EXPORT_KINDS = ("json", "pdf", "excel")


@dataclass(slots=True)
class ClientInfo:
    id: int
    name: str
    tin: str
    trade_name: str
    nature_of_business: str
    return_count: int


@dataclass(slots=True)
class ReturnInfo:
    id: int
    client_id: int
    period: str
    return_type: str
    revision_no: int
    status: str  # 'draft' | 'ready' | 'filed'
    ack_no: str
    filed_on: date | None
    payable: Decimal
    rate_pack: str
    updated_at: datetime
    version: int = 1  # +1 on every write to the return or its rows (optimistic locking)


_INFO_COLS = (_return.c.id, _return.c.client_id, _return.c.period, _return.c.return_type,
              _return.c.revision_no, _return.c.status, _return.c.ack_no, _return.c.filed_on,
              _return.c.payable, _return.c.rate_pack, _return.c.updated_at,
              _return.c.version)  # fmt: skip


def _info(row: Sequence[Any]) -> ReturnInfo:
    id_, client_id, period, return_type, revision_no, status, ack_no, filed_on = row[:8]
    return ReturnInfo(
        id_, client_id, period, return_type, revision_no, status, ack_no, filed_on,
        from_paise(row[8]), row[9], row[10], row[11],
    )  # fmt: skip


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _newest_first(info: ReturnInfo) -> tuple[int, int, bool, int]:
    """Sort key (use reversed): period end, annual after its March, then revision number."""
    try:
        p = Period.parse(info.period)
    except PeriodError:
        return (0, 0, False, info.revision_no)  # unreadable periods last
    return (1, p.last_day.toordinal(), p.is_annual, info.revision_no)


def _now() -> datetime:
    return datetime.now()


@cache
def _insert_sql(table_name: str, columns: tuple[str, ...]) -> str:
    """`INSERT INTO t (a, b) VALUES (?, ?)` made by Core, for executemany with plain tuples."""
    stmt = insert(_tables[table_name]).values({c: None for c in columns})
    return str(stmt.compile(dialect=sqlite.dialect(paramstyle="qmark")))


def _insert_rows(
    conn: Connection, table: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    if rows:
        conn.exec_driver_sql(_insert_sql(table.name, columns), rows)


# ---------------------------------------------------------------- encoding a return


def _header_values(h: Header) -> dict[str, Any]:
    if not isinstance(h.revision_no, int) or isinstance(h.revision_no, bool):
        raise StoreError(
            f"header, revision_no: {h.revision_no!r} is not a whole number",
            part="header",
            field="revision_no",
        )
    values: dict[str, Any] = {
        "period": h.period,
        "return_type": h.return_type,
        "revision_no": h.revision_no,
        "date_of_filing": h.date_of_filing,
    }
    for name in _HEADER_TEXT:
        values[name] = getattr(h, name)
    return values


def _inputs_values(i: Inputs) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for group, amounts in (("advance", i.advance), ("brought_forward", i.brought_forward)):
        for act in ("kgst", "kvat", "cst"):
            values[f"{group}_{act}"] = money(
                getattr(amounts, act), "inputs", None, f"{group}.{act}"
            )
    for k in CESS_IDS:
        values[f"cess_{k}"] = money(getattr(i.cess, k), "inputs", None, f"cess.{k}")
    unknown = set(i.interest_rate) - set(ACTS)
    if unknown:
        raise StoreError(
            f"inputs, interest_rate: unknown act {sorted(unknown)[0]!r} (expected KGST, KVAT, CST)",
            part="inputs",
            field="interest_rate",
        )
    for act in ACTS:
        r = i.interest_rate.get(act)
        field = f"interest_rate.{act}"
        values[f"interest_rate_{act.lower()}"] = (
            None if r is None else rate(r, "inputs", None, field)
        )
    values["large_dealer"] = i.large_dealer
    values["due_date"] = i.due_date
    return values


def _declaration_values(d: Declaration) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(d, name) for name in _DECLARATION_TEXT}
    values["declaration_date"] = d.date
    return values


def _part1a_rows(rows: list[Part1aRow]) -> list[tuple[Any, ...]]:
    p = "part1a"
    return [
        (r.sl, r.act, r.nature, r.goods, r.schedule, rate(r.rate, p, n, "rate"), r.point_of_sale,
         money(r.total_turnover, p, n, "total_turnover"),
         money(r.exempt_turnover, p, n, "exempt_turnover"),
         money(r.tax_collected, p, n, "tax_collected"),
         money(r.compounded_tax, p, n, "compounded_tax"))
        for n, r in enumerate(rows)
    ]  # fmt: skip


def _part1b_rows(rows: list[Part1bRow]) -> list[tuple[Any, ...]]:
    return [(r.series_from, r.series_to) for r in rows]


def _part2_rows(rows: list[Part2Row]) -> list[tuple[Any, ...]]:
    p = "part2"
    return [
        (r.sl, r.act, r.nature, r.goods, r.schedule, rate(r.rate, p, n, "rate"),
         money(r.purchase_value, p, n, "purchase_value"), money(r.tax_paid, p, n, "tax_paid"),
         money(r.cess_paid, p, n, "cess_paid"), bool(r.itc_eligible))
        for n, r in enumerate(rows)
    ]  # fmt: skip


def _part5_rows(rows: list[Part5Row]) -> list[tuple[Any, ...]]:
    return [
        (r.ref_no, iso(r.date), r.act, r.head_of_account, money(r.amount, "part5", n, "amount"))
        for n, r in enumerate(rows)
    ]


def _stock_rows(rows: list[StockRow]) -> list[tuple[Any, ...]]:
    return [
        (r.goods, r.schedule, r.unit, money(r.quantity, "stock", n, "quantity"),
         money(r.value, "stock", n, "value"))
        for n, r in enumerate(rows)
    ]  # fmt: skip


def _positioned(return_id: int, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(return_id, n, *r) for n, r in enumerate(rows)]


_Encoder = Callable[[Any], list[tuple[Any, ...]]]
#: The row parts: table, columns after (return_id, position), encoder.
_ROW_PARTS: dict[str, tuple[Table, tuple[str, ...], _Encoder]] = {
    "part1a": (_part1a, _PART1A_COLS, _part1a_rows),
    "part1b": (_part1b, ("series_from", "series_to"), _part1b_rows),
    "part2": (_part2, _PART2_COLS, _part2_rows),
    "part5": (_part5, _PART5_COLS, _part5_rows),
    "stock": (_stock, _STOCK_COLS, _stock_rows),
}


def _kind(which: str) -> int:
    try:
        return schema.LIST_KINDS[which]
    except KeyError:
        raise StoreError(
            f"{which!r} is not a list (expected sales_list or purchase_list)"
        ) from None


# ---------------------------------------------------------------- the store


class Store:
    """Clients and returns in SQLite; see the module docstring."""

    def __init__(self, engine: Engine, *, path: Path | None = None, shared: bool = False) -> None:
        self.engine = engine
        self.path = path
        #: An in-memory store has one shared connection: calls from several threads take turns.
        self._lock: AbstractContextManager[Any] = threading.RLock() if shared else nullcontext()
        #: The connection of the transaction open on this thread, which every call joins.
        self._local = threading.local()
        #: Who hears of committed changes (app.store.changes).
        self.announcer = Announcer()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """`listener(Changes)` after every committed unit of work; returns the unsubscribe."""
        return self.announcer.subscribe(listener)

    def _noted(self, *, clients: Iterable[int] = (), returns: Iterable[int] = (),
               everything: bool = False) -> None:  # fmt: skip
        """Record what the open unit of work wrote (announced when it commits)."""
        collected: Collected | None = getattr(self._local, "collected", None)
        if collected is None:
            return
        collected.clients.update(clients)
        collected.returns.update(returns)
        collected.everything |= everything

    @classmethod
    def open(
        cls, data_dir: Path | None = None, *, url: str | None = None, backups: bool = True
    ) -> Store:
        """form9.sqlite in the data directory (or `url`, e.g. "sqlite://"), checked and migrated to
        head.  A damaged file raises StoreDamaged naming the latest good backup.  With `backups`
        a file store is backed up at most daily, and always before a migration."""
        path: Path | None = None
        if url is None:
            try:
                path = resolve_data_dir(data_dir) / DB_FILE
            except OSError as exc:
                raise StoreError(
                    f"{data_dir or 'the data directory'}: cannot create it ({exc.strerror})"
                ) from None
            engine, shared = dialect.make_engine(URL.create("sqlite", database=str(path)))
        else:
            engine, shared = dialect.make_engine(url)
        where = str(path) if path else str(url)
        try:
            with engine.connect() as conn:
                _prepare(conn, where, path, backups=backups)
        except StoreError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            if path is not None and dialect.is_damage(exc.orig):
                raise _damaged(path, str(exc.orig)) from None
            raise StoreError(f"{where}: cannot open the store ({exc.orig})") from None
        return cls(engine, path=path, shared=shared)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ units of work

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[None]:
        """One unit of work: every store call made inside it on this thread joins it; all of it is
        committed at the end, or nothing when an exception leaves the block.  A nested
        transaction joins the outer one (as a savepoint: if it fails, only its own changes are
        undone and the outer one goes on if the caller handles the error).  `write=False` is a
        read-only snapshot: every read inside sees the same state of the store."""
        joined = getattr(self._local, "joined", None)
        if joined is not None:
            conn, joined_write = joined
            if not write:
                yield
                return
            if not joined_write:
                raise StoreError("a change was attempted inside a read-only snapshot")
            with _db_errors("the store refused the change"), conn.begin_nested():
                yield
            return
        collected = Collected()
        with self._lock, self.engine.connect() as conn:
            conn.execution_options(form9_write=write)  # SQLite: BEGIN IMMEDIATE (sqlite.py)
            self._local.joined = (conn, write)
            self._local.collected = collected if write else None
            try:
                message = "the store refused the change" if write else "the store could not be read"
                with _db_errors(message), conn.begin():
                    yield
            finally:
                self._local.joined = None
                self._local.collected = None
        if write:  # committed: tell the listeners (outside the lock and the transaction)
            self.announcer.announce(collected.changes())

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        joined = getattr(self._local, "joined", None)
        if joined is not None:
            yield joined[0]
            return
        with (
            self._lock,
            self.engine.connect() as conn,
            _db_errors("the store could not be read"),
            conn.begin(),
        ):
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction (or a savepoint of the one open on this thread): all or nothing."""
        with self.transaction():
            yield self._local.joined[0]

    # ------------------------------------------------------------ clients

    def list_clients(self, search: str = "") -> list[ClientInfo]:
        """Clients by name; `search` matches name, trade name or TIN (case-insensitive)."""
        count = (
            select(func.count())
            .where(_return.c.client_id == _client.c.id)
            .correlate(_client)
            .scalar_subquery()
        )
        c = _client.c
        with self._read() as conn:
            rows = conn.execute(
                select(c.id, c.name, c.tin, c.trade_name, c.nature_of_business, count)
            ).all()
        infos = [ClientInfo(*row) for row in rows]
        needle = search.strip().casefold()
        if needle:
            infos = [
                i
                for i in infos
                if needle in i.name.casefold()
                or needle in i.trade_name.casefold()
                or needle in i.tin.casefold()
            ]
        infos.sort(key=lambda i: (i.name.casefold(), i.tin))
        return infos

    def get_client(self, client_id: int) -> ClientProfile:
        with self._read() as conn:
            row = conn.execute(
                select(*(_client.c[k] for k in _PROFILE_COLS)).where(_client.c.id == client_id)
            ).first()
            if row is None:
                raise StoreError(f"no client with id {client_id}")
            branches = conn.execute(
                select(_client_branch.c.name, _client_branch.c.address)
                .where(_client_branch.c.client_id == client_id)
                .order_by(_client_branch.c.position)
            ).all()
        profile = ClientProfile(**dict(zip(_PROFILE_COLS, row, strict=True)))
        profile.branches = [Branch(name, address) for name, address in branches]
        return profile

    def add_client(self, profile: ClientProfile) -> int:
        """A new client; StoreError if a client with the same TIN exists."""
        values = self._client_values(profile)
        now = _now()
        with self._write() as conn:
            self._check_tin_free(conn, values["tin"], None)
            client_id = _new_id(
                conn.execute(insert(_client).values(**values, created_at=now, updated_at=now))
            )
            self._write_client_branches(conn, client_id, profile.branches)
            self._noted(clients=[client_id])
        return client_id

    def update_client(self, client_id: int, profile: ClientProfile) -> None:
        values = self._client_values(profile)
        with self._write() as conn:
            self._require_client(conn, client_id)
            self._check_tin_free(conn, values["tin"], client_id)
            conn.execute(
                update(_client).where(_client.c.id == client_id).values(**values, updated_at=_now())
            )
            conn.execute(delete(_client_branch).where(_client_branch.c.client_id == client_id))
            self._write_client_branches(conn, client_id, profile.branches)
            self._noted(clients=[client_id])

    def delete_client(self, client_id: int) -> None:
        """The client and all its returns."""
        with self._write() as conn:
            self._require_client(conn, client_id)
            gone = conn.execute(select(_return.c.id).where(_return.c.client_id == client_id))
            self._noted(clients=[client_id], returns=gone.scalars())
            conn.execute(delete(_client).where(_client.c.id == client_id))

    @staticmethod
    def _client_values(profile: ClientProfile) -> dict[str, Any]:
        values = {k: getattr(profile, k) for k in _PROFILE_COLS}
        values["tin"] = (profile.tin or "").strip()
        if not values["tin"]:
            raise StoreError("client, tin: a client needs a TIN", part="client", field="tin")
        values["large_dealer"] = bool(profile.large_dealer)
        return values

    @staticmethod
    def _check_tin_free(conn: Connection, tin: str, client_id: int | None) -> None:
        row = conn.execute(select(_client.c.id, _client.c.name).where(_client.c.tin == tin)).first()
        if row is not None and row[0] != client_id:
            raise StoreError(
                f"client, tin: a client with TIN {tin} already exists ({row[1] or 'no name'})",
                part="client",
                field="tin",
            )

    @staticmethod
    def _write_client_branches(conn: Connection, client_id: int, branches: list[Branch]) -> None:
        _insert_rows(
            conn,
            _client_branch,
            ("client_id", "position", "name", "address"),
            [(client_id, n, b.name, b.address) for n, b in enumerate(branches)],
        )

    @staticmethod
    def _require_client(conn: Connection, client_id: int) -> str:
        name = conn.execute(select(_client.c.name).where(_client.c.id == client_id)).first()
        if name is None:
            raise StoreError(f"no client with id {client_id}")
        return str(name[0])

    # ------------------------------------------------------------ returns: listing

    def list_returns(self, client_id: int) -> list[ReturnInfo]:
        """The client's returns, newest period first, then highest revision first."""
        with self._read() as conn:
            rows = conn.execute(select(*_INFO_COLS).where(_return.c.client_id == client_id)).all()
        infos = [_info(r) for r in rows]
        infos.sort(key=_newest_first, reverse=True)
        return infos

    def all_returns(self) -> list[ReturnInfo]:
        """Every client's returns (by client name, then newest first), for the practitioner grid."""
        with self._read() as conn:
            rows = conn.execute(
                select(*_INFO_COLS, _client.c.name, _client.c.tin).join(
                    _client, _client.c.id == _return.c.client_id
                )
            ).all()
        keyed = [((r[-2].casefold(), r[-1]), _info(r)) for r in rows]
        keyed.sort(key=lambda k: _newest_first(k[1]), reverse=True)
        keyed.sort(key=lambda k: k[0])  # stable: newest first within each client
        return [info for _, info in keyed]

    def return_info(self, return_id: int) -> ReturnInfo:
        with self._read() as conn:
            return self._info(conn, return_id)

    @classmethod
    def _change(cls, conn: Connection, return_id: int, expected_version: int | None) -> ReturnInfo:
        """The return about to change (inside the write transaction).  Refused when the caller's
        edit was based on an older version (StaleReturn), or when it is filed: a filed return is
        final (spec section 7), only a new revision changes anything."""
        info = cls._info(conn, return_id)
        if expected_version is not None and info.version != expected_version:
            raise StaleReturn(
                return_id, info.period, expected=expected_version, version=info.version,
                status=info.status, updated_at=info.updated_at,
            )  # fmt: skip
        if info.status == FILED:
            raise ReturnIsFiled(return_id, info.period)
        return info

    @staticmethod
    def _info(conn: Connection, return_id: int) -> ReturnInfo:
        row = conn.execute(select(*_INFO_COLS).where(_return.c.id == return_id)).first()
        if row is None:
            raise StoreError(f"no return with id {return_id}")
        return _info(row)

    def latest_filed(self, client_id: int, period: str) -> ReturnInfo | None:
        """The filed return of `period` with the highest revision number."""
        with self._read() as conn:
            row = conn.execute(
                select(*_INFO_COLS)
                .where(
                    _return.c.client_id == client_id,
                    _return.c.period == period,
                    _return.c.status == "filed",
                )
                .order_by(_return.c.revision_no.desc())
                .limit(1)
            ).first()
        return _info(row) if row is not None else None

    def previous_filed(self, client_id: int, period: str) -> ReturnInfo | None:
        """latest_filed() of the previous period of the same kind (month → month, year → year)."""
        try:
            previous = Period.parse(period).previous()
        except PeriodError as exc:
            raise StoreError(f"period: {exc}", part="header", field="period") from None
        return self.latest_filed(client_id, str(previous))

    # ------------------------------------------------------------ returns: writing

    def create_return(self, client_id: int, ret: Form9Return, *, rate_pack: str = "") -> int:
        """A new draft return; StoreError if the client already has this period + version."""
        values = {
            **_header_values(ret.header),
            **_inputs_values(ret.inputs),
            **_declaration_values(ret.declaration),
        }
        now = _now()
        with self._write() as conn:
            self._require_client(conn, client_id)
            self._check_version_free(conn, client_id, ret.header, None)
            return_id = _new_id(
                conn.execute(
                    insert(_return).values(
                        **values,
                        client_id=client_id,
                        status="draft",
                        ack_no="",
                        filed_on=None,
                        payable=0,
                        rate_pack=rate_pack,
                        created_at=now,
                        updated_at=now,
                    )
                )
            )
            self._write_parts(conn, return_id, ret, set(PARTS) - {"inputs", "declaration"}, True)
            self._noted(clients=[client_id], returns=[return_id])
        return return_id

    def save_return(
        self, return_id: int, ret: Form9Return, *, expected_version: int | None = None
    ) -> int:
        """Replace the whole return, in one transaction; returns the new version."""
        return self.save_parts(return_id, ret, set(PARTS), expected_version=expected_version)

    def save_parts(
        self,
        return_id: int,
        ret: Form9Return,
        parts: set[str],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite only `parts` (names in PARTS) of the stored return, in one transaction; returns
        the new version.  `expected_version`: the version the edit was based on (StaleReturn if
        the store holds a newer one); None skips that check (a lifecycle action that read the
        return inside the same transaction)."""
        wanted = {_PART_ALIASES.get(p, p) for p in parts}
        unknown = wanted - set(PARTS)
        if unknown:
            raise StoreError(
                f"{sorted(unknown)[0]!r} is not a part of a return (expected one of "
                f"{', '.join(PARTS)})"
            )
        values: dict[str, Any] = {}
        if "header" in wanted:
            values.update(_header_values(ret.header))
        if "inputs" in wanted:
            values.update(_inputs_values(ret.inputs))
        if "declaration" in wanted:
            values.update(_declaration_values(ret.declaration))
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if "header" in wanted:
                self._check_version_free(conn, info.client_id, ret.header, return_id)
            version = self._touch(conn, info, **values)
            self._write_parts(conn, return_id, ret, wanted, False)
        return version

    def _touch(self, conn: Connection, info: ReturnInfo, **values: Any) -> int:
        """The return's own columns with the change time and the next version (returned).  The
        update names the version it read, so even without SQLite's write lock (another database)
        a concurrent save cannot slip in between: it finds no row and is refused as stale."""
        done = conn.execute(
            update(_return)
            .where(_return.c.id == info.id, _return.c.version == info.version)
            .values(**values, updated_at=_now(), version=info.version + 1)
        )
        if done.rowcount != 1:
            now = Store._info(conn, info.id)
            raise StaleReturn(
                info.id, info.period, expected=info.version, version=now.version,
                status=now.status, updated_at=now.updated_at,
            )  # fmt: skip
        self._noted(clients=[info.client_id], returns=[info.id])
        return info.version + 1

    @staticmethod
    def _check_version_free(
        conn: Connection, client_id: int, h: Header, return_id: int | None
    ) -> None:
        row = conn.execute(
            select(_return.c.id).where(
                _return.c.client_id == client_id,
                _return.c.period == h.period,
                _return.c.return_type == h.return_type,
                _return.c.revision_no == h.revision_no,
            )
        ).first()
        if row is not None and row[0] != return_id:
            version = "original" if h.return_type == "original" else f"revision {h.revision_no}"
            raise StoreError(
                f"header: this client already has the {version} return for {h.period}",
                part="header",
                field="period",
            )

    def _write_parts(
        self, conn: Connection, return_id: int, ret: Form9Return, parts: set[str], new: bool
    ) -> None:
        """Row parts among `parts`: old rows deleted, new rows inserted (Core executemany)."""
        # Encode everything first: a refused value leaves the transaction before any delete.
        encoded: dict[str, list[tuple[Any, ...]]] = {}
        for part, (_table, _cols, encode) in _ROW_PARTS.items():
            if part in parts:
                encoded[part] = encode(getattr(ret, part))
        for part in LIST_PARTS:
            if part in parts:
                encoded[part] = list_rows(part, enumerate(getattr(ret, part)))
        filed = ret.filed
        filed_values: dict[str, Any] = {}
        filed_part3: list[tuple[Any, ...]] = []
        if "part4" in parts and filed is not None:
            for act in ("kgst", "kvat", "cst"):
                filed_values[f"carried_forward_{act}"] = money(
                    getattr(filed.carried_forward, act), "part4", None, f"carried_forward.{act}"
                )
            filed_part3 = [
                (return_id, n, k, money(v, "part4", None, f"filed.part3.{k}"))
                for n, (k, v) in enumerate(filed.part3.items())
            ]
        if "header" in parts:
            if not new:
                conn.execute(delete(_return_branch).where(_return_branch.c.return_id == return_id))
            _insert_rows(
                conn,
                _return_branch,
                ("return_id", "position", "name", "address"),
                [(return_id, n, b.name, b.address) for n, b in enumerate(ret.header.branches)],
            )
        for part, (table, cols, _encode) in _ROW_PARTS.items():
            if part in parts:
                if not new:
                    conn.execute(delete(table).where(table.c.return_id == return_id))
                _insert_rows(
                    conn,
                    table,
                    ("return_id", "position", *cols),
                    _positioned(return_id, encoded[part]),
                )
        for part in LIST_PARTS:
            if part in parts:
                kind = schema.LIST_KINDS[part]
                if not new:
                    conn.execute(
                        delete(_list).where(_list.c.return_id == return_id, _list.c.kind == kind)
                    )
                _insert_rows(
                    conn,
                    _list,
                    ("return_id", "kind", "seq", *_LIST_COLS),
                    [(return_id, kind, (n + 1) * SEQ_GAP, *r) for n, r in enumerate(encoded[part])],
                )
        if "part4" in parts:
            if not new:
                conn.execute(delete(_filed).where(_filed.c.return_id == return_id))
            if filed is not None:
                conn.execute(
                    insert(_filed).values(
                        return_id=return_id,
                        due_date=filed.due_date,
                        ack_no=filed.ack_no,
                        **filed_values,
                    )
                )
                _insert_rows(
                    conn, _filed_part3, ("return_id", "position", "field", "amount"), filed_part3
                )

    # ------------------------------------------------------------ returns: reading

    def load_return(self, return_id: int, *, lists: bool = True) -> Form9Return:
        """The whole return; `lists=False` leaves the sales / purchase lists empty (for reading
        figures only — never save such a return whole)."""
        with self._read() as conn:
            return load_return(conn, return_id, lists=lists)

    # ------------------------------------------------------------ list fast paths (list_rows.py)

    def update_list_rows(
        self,
        return_id: int,
        which: str,
        rows: dict[int, ListRow],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Rows at these 0-based positions take the new values; returns the new version."""
        kind = _kind(which)
        positions = sorted(rows)
        encoded = list_rows(which, [(p, rows[p]) for p in positions])
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if not rows:
                return info.version
            fast.update(conn, return_id, which, kind, positions, encoded)
            return self._touch(conn, info)

    def insert_list_rows(
        self,
        return_id: int,
        which: str,
        index: int,
        rows: list[ListRow],
        *,
        expected_version: int | None = None,
    ) -> int:
        """`rows` inserted before 0-based position `index` (index = row count appends); returns
        the new version."""
        kind = _kind(which)
        encoded = list_rows(which, enumerate(rows, start=index))
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if not fast.insert_rows(conn, return_id, which, kind, index, encoded):
                return info.version
            return self._touch(conn, info)

    def delete_list_rows(
        self,
        return_id: int,
        which: str,
        index: int,
        count: int,
        *,
        expected_version: int | None = None,
    ) -> int:
        """`count` rows from 0-based position `index` removed, later rows move up; returns the new
        version."""
        kind = _kind(which)
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if not fast.delete_rows(conn, return_id, which, kind, index, count):
                return info.version
            return self._touch(conn, info)

    # ------------------------------------------------------------ status, summary, exports

    def set_status(
        self,
        return_id: int,
        status: str,
        *,
        ack_no: str = "",
        filed_on: date | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Status with the acknowledgement no. and filing date (kept as given); returns the new
        version.  A filed return keeps its status for good: un-filing is refused."""
        if status not in STATUSES:
            raise StoreError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if status != info.status and not can_transition(info.status, status):
                raise StoreError(f"status: a {info.status} return cannot become {status}")
            return self._touch(conn, info, status=status, ack_no=ack_no, filed_on=filed_on)

    def set_payable(
        self, return_id: int, payable: Decimal, *, expected_version: int | None = None
    ) -> int:
        """The cached payable shown in lists (the engine's figure); returns the new version."""
        paise = money(payable, "payable", None, "payable")
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            return self._touch(conn, info, payable=paise)

    def record_export(self, return_id: int, kind: str, path: str, checksum: str) -> None:
        if kind not in EXPORT_KINDS:
            raise StoreError(f"export kind {kind!r} is not one of {', '.join(EXPORT_KINDS)}")
        with self._write() as conn:
            self._info(conn, return_id)
            conn.execute(
                insert(_export).values(
                    return_id=return_id, kind=kind, path=path, checksum=checksum, at=_now()
                )
            )
            self._noted(returns=[return_id])

    def exports(self, return_id: int) -> list[tuple[str, str, str, datetime]]:
        """(kind, path, checksum, at), oldest first."""
        e = _export.c
        with self._read() as conn:
            rows = conn.execute(
                select(e.kind, e.path, e.checksum, e.at)
                .where(e.return_id == return_id)
                .order_by(e.at, e.id)
            ).all()
        return [(k, p, c, at) for k, p, c, at in rows]

    def delete_return(self, return_id: int, *, expected_version: int | None = None) -> None:
        """An unfiled return and its rows; a filed return is never deleted."""
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            conn.execute(delete(_return).where(_return.c.id == return_id))
            self._noted(clients=[info.client_id], returns=[return_id])


@contextmanager
def _db_errors(message: str) -> Iterator[None]:
    """A driver error becomes a one-line StoreError (a trigger's refusal says so)."""
    try:
        yield
    except DBAPIError as exc:
        raise StoreError(f"{message} ({exc.orig})") from None


def _damaged(path: Path, problem: str) -> StoreDamaged:
    from app.store.backup import latest_good_backup

    return StoreDamaged(path, problem, latest_good_backup(path.parent))


def _prepare(conn: Connection, where: str, path: Path | None, *, backups: bool) -> None:
    """At open: the integrity check, then the migrations to head (with a backup first), or the
    daily backup when the schema is current."""
    with conn.begin():
        if path is not None:
            problem = dialect.quick_check(conn)
            if problem is not None:
                raise _damaged(path, problem)
        current = dialect.stored_revision(conn)
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
    dialect.upgrade(conn, migrate)
