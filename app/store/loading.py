"""Reading a stored return back into the model (app.model.form9), inside the caller's
transaction: every part decoded from its columns by the catalogue's kinds (app.store.rowcodec),
rows in their saved order, the fields a later form version adds from `extra`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from app.model.catalogue import Catalogue
from app.model.form9 import ActAmounts, FiledReturnFacts, Form9Return
from app.store import schema as s
from app.store.backend import backend_of
from app.store.codec import from_paise
from app.store.errors import StoreError
from app.store.rowcodec import CODECS, Shared, VersionRef, decode_section, no_gc
from app.store.writing import ROW_PARTS, ROW_TABLES


def form_catalogue(version: str) -> Catalogue:
    """The catalogue a stored return records (its extra fields' kinds)."""
    from app import forms
    from app.model.catalogue import CatalogueError

    try:
        return forms.catalogue_version(version)
    except CatalogueError:
        raise StoreError(
            f"the return is on FORM No. 9 version {version}, which this app does not know; "
            "update the app to open it"
        ) from None


def load_return(conn: Connection, return_id: int, *, lists: bool = True) -> Form9Return:
    """The whole return; `lists=False` leaves the sales / purchase lists empty."""
    found = _load_batch(conn, [return_id]).get(return_id)
    if found is None:
        raise StoreError(f"no return with id {return_id}")
    ret, version = found
    if lists:
        for part in ("sales_list", "purchase_list"):
            setattr(ret, part, _load_list(conn, return_id, part, version))
    return ret


#: Returns read per query by load_returns (SQLite binds at most 32,766 parameters).
BATCH = 500


def load_returns(conn: Connection, return_ids: Sequence[int]) -> dict[int, Form9Return]:
    """Many returns without their sales / purchase lists, by id, in one query per table (not per
    return): a board over 300 dealers reads its 660 drafts in a dozen round trips.  Ids with no
    return are left out."""
    out: dict[int, Form9Return] = {}
    ids = list(dict.fromkeys(return_ids))
    for at in range(0, len(ids), BATCH):
        out.update((rid, ret) for rid, (ret, _v) in _load_batch(conn, ids[at : at + BATCH]).items())
    return out


def _load_batch(conn: Connection, ids: list[int]) -> dict[int, tuple[Form9Return, VersionRef]]:
    found = conn.execute(select(s.RETURN).where(s.RETURN.c.id.in_(ids))).mappings().all()
    if not found:
        return {}
    ids = [r["id"] for r in found]
    branches = _rows(conn, s.RETURN_BRANCH, "branches", ids)
    parts = {part: _rows(conn, ROW_TABLES[part], part, ids) for part in ROW_PARTS}
    filed = _load_filed(conn, ids)
    out: dict[int, tuple[Form9Return, VersionRef]] = {}
    for r in found:
        rid = r["id"]
        version: VersionRef = partial(form_catalogue, r["form_version"])
        extra: dict[str, Any] = json.loads(r["extra"]) if r["extra"] else {}
        header = decode_section("header", r, extra.get("header"), version)
        header.branches = CODECS["branches"].decode(branches.get(rid, []), version)
        ret = Form9Return(
            header=header,
            inputs=decode_section("inputs", r, extra.get("inputs"), version),
            declaration=decode_section("declaration", r, extra.get("declaration"), version),
            filed=filed.get(rid),
        )
        for part in ROW_PARTS:
            setattr(ret, part, CODECS[part].decode(parts[part].get(rid, []), version))
        out[rid] = ret, version
    return out


def _rows(conn: Connection, table: Any, part: str, ids: list[int]) -> dict[int, list[Any]]:
    """Each return's rows of a part, in their saved order (the return's id cut off each row)."""
    names = ", ".join(CODECS[part].names)
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT return_id, {names} FROM {table.name} WHERE return_id IN ({marks}) "
           "ORDER BY return_id, position")  # fmt: skip
    by_return: dict[int, list[Any]] = {}
    for row in _driver_rows(conn, sql, tuple(ids)):
        by_return.setdefault(row[0], []).append(row[1:])
    return by_return


#: Rows fetched and decoded at a time: the driver's tuples of a million-row list are never all
#: held at once beside the rows made from them.
LIST_CHUNK = 50_000


def _load_list(conn: Connection, return_id: int, which: str, version: VersionRef) -> list[Any]:
    """A list's rows, fetched and decoded a chunk at a time; a value repeated down a column (a
    type, a counterparty, a date, an amount) is one object (app.store.rowcodec.Shared)."""
    codec = CODECS[which]
    names = ", ".join(codec.names)
    sql = f"SELECT {names} FROM list_row WHERE return_id = ? AND kind = ? ORDER BY seq"
    backend = backend_of(conn)
    shared = Shared()
    out: list[Any] = []
    with no_gc():
        cursor = backend.driver(conn).execute(backend.sql(sql), (return_id, s.LIST_KINDS[which]))
        while chunk := cursor.fetchmany(LIST_CHUNK):
            out += codec.decode(chunk, version, shared)
            del chunk
    return out


def _driver_rows(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[Any]:
    backend = backend_of(conn)
    with no_gc():
        rows: list[Any] = backend.driver(conn).execute(backend.sql(sql), params).fetchall()
    return rows


def _load_filed(conn: Connection, ids: list[int]) -> dict[int, FiledReturnFacts]:
    found = conn.execute(select(s.FILED).where(s.FILED.c.return_id.in_(ids))).mappings().all()
    if not found:
        return {}
    p3 = s.FILED_PART3.c
    part3: dict[int, dict[str, Decimal]] = {}
    for rid, k, v in conn.execute(
        select(p3.return_id, p3.field, p3.amount)
        .where(p3.return_id.in_([f["return_id"] for f in found]))
        .order_by(p3.return_id, p3.position)
    ):
        part3.setdefault(rid, {})[k] = from_paise(v)
    return {
        f["return_id"]: FiledReturnFacts(
            part3=part3.get(f["return_id"], {}),
            due_date=f["due_date"],
            ack_no=f["ack_no"],
            carried_forward=ActAmounts(
                *(from_paise(f[f"carried_forward_{a}"]) for a in ("kgst", "kvat", "cst"))
            ),
        )
        for f in found
    }
