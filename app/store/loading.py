"""Reading a stored return back into the model (app.model.form9), inside the caller's
transaction: every part decoded from its columns by the catalogue's kinds (app.store.rowcodec),
rows in their saved order, the fields a later form version adds from `extra`."""

from __future__ import annotations

import json
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
    r = conn.execute(select(s.RETURN).where(s.RETURN.c.id == return_id)).mappings().first()
    if r is None:
        raise StoreError(f"no return with id {return_id}")
    version: VersionRef = partial(form_catalogue, r["form_version"])
    extra: dict[str, Any] = json.loads(r["extra"]) if r["extra"] else {}
    header = decode_section("header", r, extra.get("header"), version)
    header.branches = CODECS["branches"].decode(
        _rows(conn, s.RETURN_BRANCH, "branches", return_id), version
    )
    ret = Form9Return(
        header=header,
        inputs=decode_section("inputs", r, extra.get("inputs"), version),
        declaration=decode_section("declaration", r, extra.get("declaration"), version),
        filed=_load_filed(conn, return_id),
    )
    for part in ROW_PARTS:
        rows = _rows(conn, ROW_TABLES[part], part, return_id)
        setattr(ret, part, CODECS[part].decode(rows, version))
    if lists:
        for part in ("sales_list", "purchase_list"):
            setattr(ret, part, _load_list(conn, return_id, part, version))
    return ret


def _rows(conn: Connection, table: Any, part: str, return_id: int) -> list[Any]:
    names = ", ".join(CODECS[part].names)
    sql = f"SELECT {names} FROM {table.name} WHERE return_id = ? ORDER BY position"
    return _driver_rows(conn, sql, (return_id,))


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


def _load_filed(conn: Connection, return_id: int) -> FiledReturnFacts | None:
    f = conn.execute(select(s.FILED).where(s.FILED.c.return_id == return_id)).mappings().first()
    if f is None:
        return None
    p3 = s.FILED_PART3.c
    part3 = {
        k: from_paise(v)
        for k, v in conn.execute(
            select(p3.field, p3.amount).where(p3.return_id == return_id).order_by(p3.position)
        )
    }
    return FiledReturnFacts(
        part3=part3,
        due_date=f["due_date"],
        ack_no=f["ack_no"],
        carried_forward=ActAmounts(
            *(from_paise(f[f"carried_forward_{a}"]) for a in ("kgst", "kvat", "cst"))
        ),
    )
