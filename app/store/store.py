"""The local store: clients (dealers) and their returns in one SQLite file (spec sections 3 and 7).

`Store.open()` opens <data dir>/form9.sqlite (WAL, foreign keys on) and runs the migrations to head.
Every write is one transaction, so a crash mid-save leaves the previous state. Amounts are integer
paise; a value with more than 2 decimals is refused, never rounded. The 100,000-row enclosure lists
are written with Core executemany and read as plain tuples.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
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
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from app.model.client import ClientProfile
from app.model.form9 import (
    ACTS,
    CESS_IDS,
    ActAmounts,
    Branch,
    Cess,
    Declaration,
    FiledReturnFacts,
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
from app.model.status import STATUSES
from app.paths import data_dir as resolve_data_dir
from app.store import schema
from app.store.codec import (
    from_paise,
    iso,
    list_rows,
    load_list_rows,
    money,
    on_date,
    rate,
    rate_from_units,
)
from app.store.errors import StoreError
from app.store.migrations import HEAD_REVISION

DB_FILE = "form9.sqlite"
#: Parts of a return that save_parts() rewrites.
PARTS = ("header", "inputs", "part1a", "part1b", "part2", "part4", "part5", "declaration", "stock",
         "sales_list", "purchase_list")  # fmt: skip
_PART_ALIASES = {"filed": "part4", "branches": "header"}
LIST_PARTS = ("sales_list", "purchase_list")
EXPORT_KINDS = ("json", "pdf", "excel")
#: Gap between the sort keys of consecutive list rows as saved (schema.ListRow).
SEQ_GAP = 1 << 20

_tables = schema.Base.metadata.tables
_client = _tables["client"]
_client_branch = _tables["client_branch"]
_return = _tables["tax_return"]
_return_branch = _tables["return_branch"]
_part1a = _tables["part1a_row"]
_part1b = _tables["part1b_row"]
_part2 = _tables["part2_row"]
_part5 = _tables["part5_row"]
_stock = _tables["stock_row"]
_list = _tables["list_row"]
_filed = _tables["filed_facts"]
_filed_part3 = _tables["filed_part3"]
_export = _tables["export_record"]

#: Columns written for each row table, in the order the encoders below give them.
_PART1A_COLS = ("sl", "act", "nature", "goods", "schedule", "rate", "point_of_sale",
                "total_turnover", "exempt_turnover", "tax_collected", "compounded_tax")  # fmt: skip
_PART2_COLS = ("sl", "act", "nature", "goods", "schedule", "rate", "purchase_value", "tax_paid",
               "cess_paid", "itc_eligible")  # fmt: skip
_PART5_COLS = ("ref_no", "date", "act", "head_of_account", "amount")
_STOCK_COLS = ("goods", "schedule", "unit", "quantity", "value")
_LIST_COLS = ("type", "point_of_sale", "counterparty_reg_no", "counterparty_name", "doc_no",
              "doc_date", "value", "tax", "cess")  # fmt: skip
_PROFILE_COLS = ("tin", "kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                 "trade_name", "constitution", "nature_of_business", "gstin", "large_dealer",
                 "renewed_until")  # fmt: skip
_HEADER_TEXT = ("kgst_no", "tin", "cst_no", "tps_division", "tps_circle", "name", "address",
                "trade_name", "constitution", "nature_of_business", "gstin")  # fmt: skip
_DECLARATION_TEXT = ("signatory_name", "signatory_parent", "signatory_status", "place")


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


_INFO_COLS = (_return.c.id, _return.c.client_id, _return.c.period, _return.c.return_type,
              _return.c.revision_no, _return.c.status, _return.c.ack_no, _return.c.filed_on,
              _return.c.payable, _return.c.rate_pack, _return.c.updated_at)  # fmt: skip


def _info(row: Sequence[Any]) -> ReturnInfo:
    id_, client_id, period, return_type, revision_no, status, ack_no, filed_on = row[:8]
    return ReturnInfo(
        id_, client_id, period, return_type, revision_no, status, ack_no, filed_on,
        from_paise(row[8]), row[9], row[10],
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


# ---------------------------------------------------------------- connection set-up


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy drives BEGIN itself (see _on_begin); pysqlite's own transaction handling is off.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB: a 100,000-row rewrite stays in memory
    cur.close()


def _on_begin(conn: Connection) -> None:
    # Writers take the write lock up front, so two writers never deadlock upgrading a read lock.
    write = conn.get_execution_options().get("form9_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _make_engine(url: str | URL) -> tuple[Engine, bool]:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        raise StoreError(f"the store needs SQLite, not {u.get_backend_name()}")
    memory = u.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or each would see its own db
    engine = create_engine(u, **kwargs)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine, memory


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

    @classmethod
    def open(cls, data_dir: Path | None = None, *, url: str | None = None) -> Store:
        """form9.sqlite in the data directory (or `url`, e.g. "sqlite://"), migrated to head."""
        path: Path | None = None
        if url is None:
            try:
                path = resolve_data_dir(data_dir) / DB_FILE
            except OSError as exc:
                raise StoreError(
                    f"{data_dir or 'the data directory'}: cannot create it ({exc.strerror})"
                ) from None
            engine, shared = _make_engine(URL.create("sqlite", database=str(path)))
        else:
            engine, shared = _make_engine(url)
        where = str(path) if path else url
        try:
            with engine.connect() as conn:
                _migrate(conn, where)
        except StoreError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            raise StoreError(f"{where}: cannot open the store ({exc.orig})") from None
        return cls(engine, path=path, shared=shared)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock, self.engine.connect() as conn:
            try:
                with conn.begin():
                    yield conn
            except DBAPIError as exc:
                raise StoreError(f"the store could not be read ({exc.orig})") from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: everything or nothing."""
        with self._lock, self.engine.connect() as conn:
            conn.execution_options(form9_write=True)
            try:
                with conn.begin():
                    yield conn
            except DBAPIError as exc:
                raise StoreError(f"the store refused the change ({exc.orig})") from None

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

    def delete_client(self, client_id: int) -> None:
        """The client and all its returns."""
        with self._write() as conn:
            self._require_client(conn, client_id)
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
    def _editable(cls, conn: Connection, return_id: int) -> ReturnInfo:
        """A filed return is final (spec section 7): every change is refused, here too."""
        info = cls._info(conn, return_id)
        if info.status == "filed":
            raise StoreError(
                f"return {return_id} ({info.period}) is filed and cannot change; "
                "create a revision to correct it"
            )
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
        return return_id

    def save_return(self, return_id: int, ret: Form9Return) -> None:
        """Replace the whole return, in one transaction."""
        self.save_parts(return_id, ret, set(PARTS))

    def save_parts(self, return_id: int, ret: Form9Return, parts: set[str]) -> None:
        """Rewrite only `parts` (names in PARTS) of the stored return, in one transaction."""
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
            info = self._editable(conn, return_id)
            if "header" in wanted:
                self._check_version_free(conn, info.client_id, ret.header, return_id)
            self._touch(conn, return_id, **values)
            self._write_parts(conn, return_id, ret, wanted, False)

    @staticmethod
    def _touch(conn: Connection, return_id: int, **values: Any) -> None:
        conn.execute(
            update(_return).where(_return.c.id == return_id).values(**values, updated_at=_now())
        )

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
            r = conn.execute(select(_return).where(_return.c.id == return_id)).mappings().first()
            if r is None:
                raise StoreError(f"no return with id {return_id}")
            branches = self._rows(conn, _return_branch, return_id, ("name", "address"))
            header = Header(
                date_of_filing=r["date_of_filing"],
                period=r["period"],
                return_type=r["return_type"],
                revision_no=r["revision_no"],
                branches=[Branch(n, a) for n, a in branches],
                **{k: r[k] for k in _HEADER_TEXT},
            )
            rates = {
                act: rate_from_units(units)
                for act in ACTS
                if (units := r[f"interest_rate_{act.lower()}"]) is not None
            }
            inputs = Inputs(
                advance=ActAmounts(
                    *(from_paise(r[f"advance_{a}"]) for a in ("kgst", "kvat", "cst"))
                ),
                brought_forward=ActAmounts(
                    *(from_paise(r[f"brought_forward_{a}"]) for a in ("kgst", "kvat", "cst"))
                ),
                cess=Cess(*(from_paise(r[f"cess_{k}"]) for k in CESS_IDS)),
                interest_rate=rates,
                large_dealer=r["large_dealer"],
                due_date=r["due_date"],
            )
            declaration = Declaration(
                signatory_name=r["signatory_name"],
                signatory_parent=r["signatory_parent"],
                signatory_status=r["signatory_status"],
                place=r["place"],
                date=r["declaration_date"],
            )
            fp = from_paise
            ret = Form9Return(
                header=header,
                inputs=inputs,
                part1a=[
                    Part1aRow(
                        sl,
                        act,
                        nat,
                        goods,
                        sch,
                        rate_from_units(rt),
                        pos,
                        fp(tt),
                        fp(et),
                        fp(tc),
                        fp(ct),
                    )
                    for sl, act, nat, goods, sch, rt, pos, tt, et, tc, ct in self._rows(
                        conn, _part1a, return_id, _PART1A_COLS
                    )
                ],  # fmt: skip
                part1b=[
                    Part1bRow(a, b)
                    for a, b in self._rows(conn, _part1b, return_id, ("series_from", "series_to"))
                ],
                part2=[
                    Part2Row(
                        sl,
                        act,
                        nat,
                        goods,
                        sch,
                        rate_from_units(rt),
                        fp(pv),
                        fp(tp),
                        fp(cp),
                        bool(itc),
                    )
                    for sl, act, nat, goods, sch, rt, pv, tp, cp, itc in self._rows(
                        conn, _part2, return_id, _PART2_COLS
                    )
                ],  # fmt: skip
                filed=self._load_filed(conn, return_id),
                part5=[
                    Part5Row(ref, on_date(d), act, head, fp(amount))
                    for ref, d, act, head, amount in self._rows(
                        conn, _part5, return_id, _PART5_COLS
                    )
                ],
                declaration=declaration,
                stock=[
                    StockRow(goods, sch, unit, fp(q), fp(v))
                    for goods, sch, unit, q, v in self._rows(conn, _stock, return_id, _STOCK_COLS)
                ],
                sales_list=self._load_list(conn, return_id, "sales_list") if lists else [],
                purchase_list=self._load_list(conn, return_id, "purchase_list") if lists else [],
            )
        return ret

    @staticmethod
    def _rows(conn: Connection, table: Any, return_id: int, columns: tuple[str, ...]) -> list[Any]:
        return list(
            conn.execute(
                select(*(table.c[k] for k in columns))
                .where(table.c.return_id == return_id)
                .order_by(table.c.position)
            )
        )

    @staticmethod
    def _load_list(conn: Connection, return_id: int, which: str) -> list[ListRow]:
        sql = (
            f"SELECT {', '.join(_LIST_COLS)} FROM list_row WHERE return_id = ? AND kind = ? "
            "ORDER BY seq"
        )
        # Plain tuples straight from the driver, inside this connection's transaction.
        raw = conn.connection.driver_connection
        assert raw is not None
        return load_list_rows(raw.execute(sql, (return_id, schema.LIST_KINDS[which])).fetchall())

    @staticmethod
    def _load_filed(conn: Connection, return_id: int) -> FiledReturnFacts | None:
        f = conn.execute(select(_filed).where(_filed.c.return_id == return_id)).mappings().first()
        if f is None:
            return None
        part3 = {
            k: from_paise(v)
            for k, v in Store._rows(conn, _filed_part3, return_id, ("field", "amount"))
        }
        return FiledReturnFacts(
            part3=part3,
            due_date=f["due_date"],
            ack_no=f["ack_no"],
            carried_forward=ActAmounts(
                *(from_paise(f[f"carried_forward_{a}"]) for a in ("kgst", "kvat", "cst"))
            ),
        )

    # ------------------------------------------------------------ list fast paths

    _WHERE_LIST = "WHERE return_id = ? AND kind = ?"

    def _count(self, conn: Connection, return_id: int, kind: int) -> int:
        self._info(conn, return_id)
        sql = f"SELECT count(*) FROM list_row {self._WHERE_LIST}"
        return int(conn.exec_driver_sql(sql, (return_id, kind)).scalar_one())

    def _seqs_at(
        self, conn: Connection, return_id: int, kind: int, positions: list[int]
    ) -> list[int]:
        """Sort keys of the rows at these 0-based positions (which must exist)."""
        if len(positions) > 64:  # many: one pass over the whole list
            sql = f"SELECT seq FROM list_row {self._WHERE_LIST} ORDER BY seq"
            seqs = list(conn.exec_driver_sql(sql, (return_id, kind)).scalars())
            return [seqs[p] for p in positions]
        sql = f"SELECT seq FROM list_row {self._WHERE_LIST} ORDER BY seq LIMIT 1 OFFSET ?"
        return [
            int(conn.exec_driver_sql(sql, (return_id, kind, p)).scalar_one()) for p in positions
        ]

    @staticmethod
    def _renumber(conn: Connection, return_id: int, kind: int) -> list[int]:
        """Keys back to (n + 1) × SEQ_GAP (when an insert finds no room left in a gap)."""
        where = "WHERE return_id = ? AND kind = ?"
        ids = list(
            conn.exec_driver_sql(
                f"SELECT id FROM list_row {where} ORDER BY seq", (return_id, kind)
            ).scalars()
        )
        # Negative first, so the unique order index holds at every row of the update.
        conn.exec_driver_sql(f"UPDATE list_row SET seq = -1 - seq {where}", (return_id, kind))
        seqs = [(n + 1) * SEQ_GAP for n in range(len(ids))]
        conn.exec_driver_sql(
            "UPDATE list_row SET seq = ? WHERE id = ?", list(zip(seqs, ids, strict=True))
        )
        return seqs

    def update_list_rows(self, return_id: int, which: str, rows: dict[int, ListRow]) -> None:
        """Rows at these 0-based positions take the new values."""
        kind = _kind(which)
        positions = sorted(rows)
        encoded = list_rows(which, [(p, rows[p]) for p in positions])
        if not rows:
            return
        with self._write() as conn:
            self._editable(conn, return_id)
            total = self._count(conn, return_id, kind)
            bad = [p for p in positions if not 0 <= p < total]
            if bad:
                raise StoreError(
                    f"{which}: no row {bad[0] + 1} (the list has {total} rows)",
                    part=which,
                    row=bad[0],
                )
            seqs = dict(
                zip(positions, self._seqs_at(conn, return_id, kind, positions), strict=True)
            )
            sets = ", ".join(f"{c} = ?" for c in _LIST_COLS)
            conn.exec_driver_sql(
                f"UPDATE list_row SET {sets} WHERE return_id = ? AND kind = ? AND seq = ?",
                [(*e, return_id, kind, seqs[p]) for e, p in zip(encoded, positions, strict=True)],
            )
            self._touch(conn, return_id)

    def insert_list_rows(self, return_id: int, which: str, index: int, rows: list[ListRow]) -> None:
        """`rows` inserted before 0-based position `index` (index = row count appends)."""
        kind = _kind(which)
        encoded = list_rows(which, enumerate(rows, start=index))
        with self._write() as conn:
            self._editable(conn, return_id)
            total = self._count(conn, return_id, kind)
            if not 0 <= index <= total:
                raise StoreError(
                    f"{which}: cannot insert at row {index + 1} (the list has {total} rows)",
                    part=which,
                    row=index,
                )
            if not rows:
                return
            m = len(rows)
            around = [p for p in (index - 1, index) if 0 <= p < total]
            keys = dict(zip(around, self._seqs_at(conn, return_id, kind, around), strict=True))
            low = keys.get(index - 1, 0)
            high = keys.get(index, low + (m + 1) * SEQ_GAP)
            step = (high - low) // (m + 1)
            if step < 1:  # no room left between the two rows: renumber the list once
                seqs = self._renumber(conn, return_id, kind)
                low = seqs[index - 1] if index > 0 else 0
                step = SEQ_GAP // (m + 1)
                if step < 1:
                    raise StoreError(f"{which}: cannot insert {m} rows at once", part=which)
            _insert_rows(
                conn,
                _list,
                ("return_id", "kind", "seq", *_LIST_COLS),
                [(return_id, kind, low + step * (n + 1), *e) for n, e in enumerate(encoded)],
            )
            self._touch(conn, return_id)

    def delete_list_rows(self, return_id: int, which: str, index: int, count: int) -> None:
        """`count` rows from 0-based position `index` removed; later rows move up."""
        kind = _kind(which)
        with self._write() as conn:
            self._editable(conn, return_id)
            total = self._count(conn, return_id, kind)
            if index < 0 or count < 0 or index + count > total:
                raise StoreError(
                    f"{which}: cannot delete rows {index + 1}–{index + count} "
                    f"(the list has {total} rows)",
                    part=which,
                    row=index,
                )
            if count == 0:
                return
            first, last = self._seqs_at(conn, return_id, kind, [index, index + count - 1])
            conn.execute(
                delete(_list).where(
                    _list.c.return_id == return_id,
                    _list.c.kind == kind,
                    _list.c.seq >= first,
                    _list.c.seq <= last,
                )
            )
            self._touch(conn, return_id)

    # ------------------------------------------------------------ status, summary, exports

    def set_status(
        self, return_id: int, status: str, *, ack_no: str = "", filed_on: date | None = None
    ) -> None:
        """Status with the acknowledgement no. and filing date (kept as given)."""
        if status not in STATUSES:
            raise StoreError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
        with self._write() as conn:
            self._info(conn, return_id)
            self._touch(conn, return_id, status=status, ack_no=ack_no, filed_on=filed_on)

    def set_payable(self, return_id: int, payable: Decimal) -> None:
        """The cached payable shown in lists (the engine's figure)."""
        paise = money(payable, "payable", None, "payable")
        with self._write() as conn:
            self._info(conn, return_id)
            conn.execute(update(_return).where(_return.c.id == return_id).values(payable=paise))

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

    def delete_return(self, return_id: int) -> None:
        with self._write() as conn:
            self._info(conn, return_id)
            conn.execute(delete(_return).where(_return.c.id == return_id))


def _stored_revision(conn: Connection) -> str | None:
    """The schema revision recorded by Alembic, read without importing Alembic."""
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if not has_table:
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return str(row[0]) if row else None


def _migrate(conn: Connection, where: str | None) -> None:
    """Migrations to head with foreign keys off (SQLite's procedure for table rebuilds)."""
    with conn.begin():
        if _stored_revision(conn) == HEAD_REVISION:
            return
    from alembic.util.exc import CommandError as AlembicError

    from app.store import migrate  # Alembic only when there is something to migrate

    try:
        _upgrade(conn, migrate)
    except AlembicError as exc:
        raise StoreError(
            f"{where}: the store was written by a newer version of this app ({exc})"
        ) from None


def _upgrade(conn: Connection, migrate: Any) -> None:
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
