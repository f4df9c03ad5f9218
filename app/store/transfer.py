"""Moving a store between databases (issue 14, `form9 store-copy`): a single PC's SQLite file into
an office's empty PostgreSQL database, or back.

Every table is copied whole — dealers, returns with all their rows, exports and the audit
trail — keeping every id, read from one snapshot of the source and written in one transaction of
the target (all of it, or nothing).  A filed return is first written as a draft and marked filed
only after its rows are in (the target's triggers refuse rows of a filed return, as they
should).  Then the copy is verified: the row count of every table, and a checksum of every
return (its row, every row of its parts, its exports and its audit entries) and of every dealer,
computed on both sides from the values as read.  A target that already holds anything is
refused before anything is written.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.exc import DBAPIError

from app.store import schema as s
from app.store.errors import StoreError
from app.store.store import Store

#: The tables in the order they are written (every reference before what refers to it).
ORDER = ("client", "client_branch", "tax_return", "return_branch", "part1a_row", "part1b_row",
         "part2_row", "part5_row", "stock_row", "list_row", "filed_facts", "filed_part3",
         "export_record", "audit")  # fmt: skip
#: Tables whose `id` the database numbers (their counters continue after the copied ids).
NUMBERED = ("client", "tax_return", "list_row", "export_record", "audit")
BATCH = 20_000

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class CopyReport:
    counts: dict[str, int]  # rows per table, equal on both sides
    returns_checked: int  # returns whose checksums agree
    dealers_checked: int
    seconds: float

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['client']:,} dealer(s), {c['tax_return']:,} return(s), {c['list_row']:,} list "
            f"row(s), {c['export_record']:,} export record(s), {c['audit']:,} audit entr(ies); "
            f"the counts of all {len(c)} tables and the checksums of all "
            f"{self.returns_checked:,} returns and {self.dealers_checked:,} dealers agree "
            f"({self.seconds:.1f} s)"
        )


@dataclass(slots=True)
class _Digests:
    returns: dict[int, Any] = field(default_factory=dict)
    dealers: dict[int, Any] = field(default_factory=dict)

    def hexdigests(self) -> tuple[dict[int, str], dict[int, str]]:
        return (
            {k: h.hexdigest() for k, h in self.returns.items()},
            {k: h.hexdigest() for k, h in self.dealers.items()},
        )


def _table(name: str) -> Table:
    return s.TABLES[name]


def _order_by(table: Table) -> list[Any]:
    return list(table.primary_key.columns)


def _canon(value: Any) -> str:
    """One value as text, the same whichever database it was read from."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _rows(conn: Connection, table: Table) -> Iterator[list[Any]]:
    """The table's rows as SQLAlchemy gives them (the same Python types from either database),
    in batches, in primary-key order."""
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*_order_by(table))
    )
    for batch in result.partitions(BATCH):
        yield [tuple(row) for row in batch]


def counts(conn: Connection) -> dict[str, int]:
    return {
        name: int(conn.execute(select(func.count()).select_from(_table(name))).scalar_one())
        for name in ORDER
    }


def digests(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    """A checksum of every return (its row, its rows in every part, its exports, its audit
    entries) and of every dealer (its row, its branches, its own audit entries)."""
    d = _Digests()
    for name in ORDER:
        table = _table(name)
        cols = list(table.c.keys())
        if "return_id" in cols:
            key, into = cols.index("return_id"), d.returns
        elif name == "tax_return":
            key, into = cols.index("id"), d.returns
        elif name == "client":
            key, into = cols.index("id"), d.dealers
        else:  # client_branch
            key, into = cols.index("client_id"), d.dealers
        for batch in _rows(conn, table):
            for row in batch:
                owner = row[key]
                if owner is None and name == "audit":  # a dealer's own entry
                    owner, into_ = row[cols.index("client_id")], d.dealers
                else:
                    into_ = into
                h = into_.get(owner)
                if h is None:
                    h = into_[owner] = hashlib.sha256()
                h.update(f"{name}\x1e{chr(31).join(map(_canon, row))}\x1d".encode())
    return d.hexdigests()


def _refuse_unless_empty(conn: Connection, where: str) -> None:
    held = {
        n: int(conn.execute(select(func.count()).select_from(_table(n))).scalar_one())
        for n in ("client", "tax_return", "audit")
    }
    if any(held.values()):
        raise StoreError(
            f"{where} already holds {held['client']:,} dealer(s), {held['tax_return']:,} "
            f"return(s) and {held['audit']:,} audit entr(ies); store-copy copies only into an "
            "empty store (a new database, or a folder without a store)"
        )


def copy_store(source: Store, target: Store, *, progress: Progress | None = None) -> CopyReport:
    """Every table of `source` into the empty `target`, then verified; see the module
    docstring.  StoreError (one line) when the target is not empty or anything fails (then the
    target is left as it was)."""
    say = progress or (lambda _m: None)
    started = time.monotonic()
    if source.where == target.where:
        raise StoreError("the source and the target are the same store")
    try:
        with source.engine.connect() as src, target.engine.connect() as dst:
            src.execution_options(**source.backend.begin_options(False))
            with src.begin():
                with dst.begin():
                    _refuse_unless_empty(dst, target.where)
                    _copy_tables(src, dst, target, say)
                    expected = counts(src)
                say("checking the copy")
                want = digests(src)
            with dst.begin():
                got_counts, got = counts(dst), digests(dst)
    except DBAPIError as exc:
        raise target.backend.error(exc.orig or exc, "store-copy failed", saving=True) from None
    if got_counts != expected:
        wrong = [f"{n}: {expected[n]:,} → {got_counts[n]:,}" for n in ORDER
                 if expected[n] != got_counts[n]]  # fmt: skip
        raise StoreError(f"store-copy: the counts differ after copying ({'; '.join(wrong)})")
    for kind, mine, theirs in (("return", want[0], got[0]), ("dealer", want[1], got[1])):
        bad = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        if bad:
            raise StoreError(
                f"store-copy: the checksum of {kind} {bad[0]} differs after copying "
                f"({len(bad)} {kind}(s) in all)"
            )
    return CopyReport(expected, len(want[0]), len(want[1]), time.monotonic() - started)


def _copy_tables(src: Connection, dst: Connection, target: Store, say: Progress) -> None:
    filed: list[int] = []
    for name in ORDER:
        table = _table(name)
        cols = tuple(table.c.keys())
        status = cols.index("status") if name == "tax_return" else -1
        binds = [c.type.bind_processor(dst.dialect) for c in table.c]
        total = 0
        for batch in _rows(src, table):
            if status >= 0:  # a filed return is written as a draft until its rows are in
                filed += [row[0] for row in batch if row[status] == "filed"]
                batch = [(*row[:status], "draft", *row[status + 1 :]) for row in batch]
            if any(binds):
                batch = [
                    tuple(v if b is None else b(v) for b, v in zip(binds, row, strict=True))
                    for row in batch
                ]
            target.backend.insert_rows(dst, table, cols, batch)
            total += len(batch)
        say(f"{name}: {total:,} row(s)")
    for n in range(0, len(filed), 1000):
        chunk = filed[n : n + 1000]
        dst.execute(update(s.RETURN).where(s.RETURN.c.id.in_(chunk)).values(status="filed"))
    if target.backend.name == "postgresql":  # new ids continue after the copied ones
        for name in NUMBERED:
            dst.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
                )
            )
