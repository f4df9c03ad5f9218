"""The dealers (clients) in the store, inside the caller's transaction (app.store.Store)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from app.model.client import ClientProfile
from app.model.form9 import Branch
from app.store.backend import backend_of
from app.store.errors import StoreError
from app.store.infos import ClientInfo
from app.store.schema import CLIENT, CLIENT_BRANCH, RETURN

PROFILE_COLS = ("tin", "kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                "trade_name", "constitution", "nature_of_business", "gstin", "large_dealer",
                "renewed_until")  # fmt: skip
_c = CLIENT.c
_b = CLIENT_BRANCH.c


def list_clients(conn: Connection, search: str = "") -> list[ClientInfo]:
    """Clients by name; `search` matches name, trade name or TIN (case-insensitive)."""
    count = select(func.count()).where(RETURN.c.client_id == _c.id).correlate(CLIENT)
    rows = conn.execute(
        select(
            _c.id, _c.name, _c.tin, _c.trade_name, _c.nature_of_business,
            count.scalar_subquery(), _c.large_dealer,
        )
    ).all()  # fmt: skip
    infos = [ClientInfo(*row[:6], bool(row[6])) for row in rows]
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


def get_client(conn: Connection, client_id: int) -> ClientProfile:
    row = conn.execute(select(*(_c[k] for k in PROFILE_COLS)).where(_c.id == client_id)).first()
    if row is None:
        raise StoreError(f"no client with id {client_id}")
    branches = conn.execute(
        select(_b.name, _b.address).where(_b.client_id == client_id).order_by(_b.position)
    ).all()
    profile = ClientProfile(**dict(zip(PROFILE_COLS, row, strict=True)))
    profile.branches = [Branch(name, address) for name, address in branches]
    return profile


def client_values(profile: ClientProfile) -> dict[str, Any]:
    values = {k: getattr(profile, k) for k in PROFILE_COLS}
    values["tin"] = (profile.tin or "").strip()
    if not values["tin"]:
        raise StoreError("client, tin: a client needs a TIN", part="client", field="tin")
    values["large_dealer"] = bool(profile.large_dealer)
    return values


def check_tin_free(conn: Connection, tin: str, client_id: int | None) -> None:
    row = conn.execute(select(_c.id, _c.name).where(_c.tin == tin)).first()
    if row is not None and row[0] != client_id:
        raise StoreError(
            f"client, tin: a client with TIN {tin} already exists ({row[1] or 'no name'})",
            part="client",
            field="tin",
        )


def write_branches(conn: Connection, client_id: int, branches: list[Branch], *, new: bool) -> None:
    if not new:
        conn.execute(delete(CLIENT_BRANCH).where(_b.client_id == client_id))
    rows = [(client_id, n, b.name, b.address) for n, b in enumerate(branches)]
    backend_of(conn).insert_rows(
        conn, CLIENT_BRANCH, ("client_id", "position", "name", "address"), rows
    )


def update_client(conn: Connection, client_id: int, values: dict[str, Any], at: Any) -> None:
    conn.execute(update(CLIENT).where(_c.id == client_id).values(**values, updated_at=at))


def require_client(conn: Connection, client_id: int) -> str:
    """The client's name; StoreError when there is no such client."""
    name = conn.execute(select(_c.name).where(_c.id == client_id)).first()
    if name is None:
        raise StoreError(f"no client with id {client_id}")
    return str(name[0])
