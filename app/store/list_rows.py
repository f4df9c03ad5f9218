"""The enclosure lists' row fast paths: one row typed, inserted or deleted in a 100,000-row list
without rewriting it.  Rows are ordered by `seq`, a sort key with gaps (schema.LIST); each
function works inside the caller's transaction and refuses a position outside the list.  Rows
come encoded (app.store.rowcodec: the list's columns, then `extra`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete

from app.store import schema as t
from app.store.backend import backend_of
from app.store.errors import StoreError

#: Gap between the sort keys of consecutive list rows as saved (schema.LIST).
SEQ_GAP = 1 << 20
_WHERE = "WHERE return_id = ? AND kind = ?"


def _sql(conn: Connection, text: str, params: Any) -> Any:
    return conn.exec_driver_sql(backend_of(conn).sql(text), params)


def _columns() -> tuple[str, ...]:
    from app.store.rowcodec import CODECS

    return CODECS["sales_list"].names


def count(conn: Connection, return_id: int, kind: int) -> int:
    sql = f"SELECT count(*) FROM list_row {_WHERE}"
    return int(_sql(conn, sql, (return_id, kind)).scalar_one())


def seqs_at(conn: Connection, return_id: int, kind: int, positions: list[int]) -> list[int]:
    """Sort keys of the rows at these 0-based positions (which must exist)."""
    if len(positions) > 64:  # many: one pass over the whole list
        sql = f"SELECT seq FROM list_row {_WHERE} ORDER BY seq"
        seqs = list(_sql(conn, sql, (return_id, kind)).scalars())
        return [seqs[p] for p in positions]
    sql = f"SELECT seq FROM list_row {_WHERE} ORDER BY seq LIMIT 1 OFFSET ?"
    return [int(_sql(conn, sql, (return_id, kind, p)).scalar_one()) for p in positions]


def renumber(conn: Connection, return_id: int, kind: int) -> list[int]:
    """Keys back to (n + 1) × SEQ_GAP (when an insert finds no room left in a gap)."""
    ids = list(
        _sql(conn, f"SELECT id FROM list_row {_WHERE} ORDER BY seq", (return_id, kind)).scalars()
    )
    # Negative first, so the unique order index holds at every row of the update.
    _sql(conn, f"UPDATE list_row SET seq = -1 - seq {_WHERE}", (return_id, kind))
    seqs = [(n + 1) * SEQ_GAP for n in range(len(ids))]
    _sql(conn, "UPDATE list_row SET seq = ? WHERE id = ?", list(zip(seqs, ids, strict=True)))
    return seqs


def update(
    conn: Connection,
    return_id: int,
    which: str,
    kind: int,
    positions: list[int],
    encoded: list[tuple[Any, ...]],
) -> None:
    """The rows at `positions` (sorted) take the encoded values."""
    total = count(conn, return_id, kind)
    bad = [p for p in positions if not 0 <= p < total]
    if bad:
        raise StoreError(
            f"{which}: no row {bad[0] + 1} (the list has {total} rows)", part=which, row=bad[0]
        )
    seqs = dict(zip(positions, seqs_at(conn, return_id, kind, positions), strict=True))
    quote = conn.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(c)} = ?" for c in _columns())
    _sql(
        conn,
        f"UPDATE list_row SET {sets} WHERE return_id = ? AND kind = ? AND seq = ?",
        [(*e, return_id, kind, seqs[p]) for e, p in zip(encoded, positions, strict=True)],
    )


def insert_rows(
    conn: Connection,
    return_id: int,
    which: str,
    kind: int,
    index: int,
    encoded: list[tuple[Any, ...]],
) -> bool:
    """The encoded rows inserted before 0-based position `index`; False when there were none."""
    total = count(conn, return_id, kind)
    if not 0 <= index <= total:
        raise StoreError(
            f"{which}: cannot insert at row {index + 1} (the list has {total} rows)",
            part=which,
            row=index,
        )
    if not encoded:
        return False
    m = len(encoded)
    around = [p for p in (index - 1, index) if 0 <= p < total]
    keys = dict(zip(around, seqs_at(conn, return_id, kind, around), strict=True))
    low = keys.get(index - 1, 0)
    high = keys.get(index, low + (m + 1) * SEQ_GAP)
    step = (high - low) // (m + 1)
    if step < 1:  # no room left between the two rows: renumber the list once
        seqs = renumber(conn, return_id, kind)
        low = seqs[index - 1] if index > 0 else 0
        step = SEQ_GAP // (m + 1)
        if step < 1:
            raise StoreError(f"{which}: cannot insert {m} rows at once", part=which)
    backend_of(conn).insert_rows(
        conn,
        t.LIST,
        ("return_id", "kind", "seq", *_columns()),
        [(return_id, kind, low + step * (n + 1), *e) for n, e in enumerate(encoded)],
    )
    return True


def delete_rows(
    conn: Connection, return_id: int, which: str, kind: int, index: int, n: int
) -> bool:
    """`n` rows from 0-based position `index` removed; False when there were none."""
    total = count(conn, return_id, kind)
    if index < 0 or n < 0 or index + n > total:
        raise StoreError(
            f"{which}: cannot delete rows {index + 1}–{index + n} (the list has {total} rows)",
            part=which,
            row=index,
        )
    if n == 0:
        return False
    first, last = seqs_at(conn, return_id, kind, [index, index + n - 1])
    conn.execute(
        delete(t.LIST).where(
            t.LIST.c.return_id == return_id,
            t.LIST.c.kind == kind,
            t.LIST.c.seq >= first,
            t.LIST.c.seq <= last,
        )
    )
    return True
