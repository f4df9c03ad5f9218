"""Reading a stored return back into the model (app.model.form9), inside the caller's
transaction: amounts from paise, rates from units, rows in their saved order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

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
from app.store import schema
from app.store import tables as t
from app.store.codec import from_paise, load_list_rows, on_date, rate_from_units
from app.store.errors import StoreError


def load_return(conn: Connection, return_id: int, *, lists: bool = True) -> Form9Return:
    """The whole return; `lists=False` leaves the sales / purchase lists empty."""
    r = conn.execute(select(t.RETURN).where(t.RETURN.c.id == return_id)).mappings().first()
    if r is None:
        raise StoreError(f"no return with id {return_id}")
    branches = _rows(conn, t.RETURN_BRANCH, return_id, ("name", "address"))
    header = Header(
        date_of_filing=r["date_of_filing"],
        period=r["period"],
        return_type=r["return_type"],
        revision_no=r["revision_no"],
        branches=[Branch(n, a) for n, a in branches],
        **{k: r[k] for k in t.HEADER_TEXT},
    )
    rates = {
        act: rate_from_units(units)
        for act in ACTS
        if (units := r[f"interest_rate_{act.lower()}"]) is not None
    }
    inputs = Inputs(
        advance=ActAmounts(*(from_paise(r[f"advance_{a}"]) for a in ("kgst", "kvat", "cst"))),
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
            for sl, act, nat, goods, sch, rt, pos, tt, et, tc, ct in _rows(
                conn, t.PART1A, return_id, t.PART1A_COLS
            )
        ],
        part1b=[
            Part1bRow(a, b)
            for a, b in _rows(conn, t.PART1B, return_id, ("series_from", "series_to"))
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
            for sl, act, nat, goods, sch, rt, pv, tp, cp, itc in _rows(
                conn, t.PART2, return_id, t.PART2_COLS
            )
        ],
        filed=_load_filed(conn, return_id),
        part5=[
            Part5Row(ref, on_date(d), act, head, fp(amount))
            for ref, d, act, head, amount in _rows(conn, t.PART5, return_id, t.PART5_COLS)
        ],
        declaration=declaration,
        stock=[
            StockRow(goods, sch, unit, fp(q), fp(v))
            for goods, sch, unit, q, v in _rows(conn, t.STOCK, return_id, t.STOCK_COLS)
        ],
        sales_list=_load_list(conn, return_id, "sales_list") if lists else [],
        purchase_list=_load_list(conn, return_id, "purchase_list") if lists else [],
    )
    return ret


def _rows(conn: Connection, table: Any, return_id: int, columns: tuple[str, ...]) -> list[Any]:
    return list(
        conn.execute(
            select(*(table.c[k] for k in columns))
            .where(table.c.return_id == return_id)
            .order_by(table.c.position)
        )
    )


def _load_list(conn: Connection, return_id: int, which: str) -> list[ListRow]:
    sql = (
        f"SELECT {', '.join(t.LIST_COLS)} FROM list_row WHERE return_id = ? AND kind = ? "
        "ORDER BY seq"
    )
    # Plain tuples straight from the driver, inside this connection's transaction.
    raw = conn.connection.driver_connection
    assert raw is not None
    return load_list_rows(raw.execute(sql, (return_id, schema.LIST_KINDS[which])).fetchall())


def _load_filed(conn: Connection, return_id: int) -> FiledReturnFacts | None:
    f = conn.execute(select(t.FILED).where(t.FILED.c.return_id == return_id)).mappings().first()
    if f is None:
        return None
    part3 = {
        k: from_paise(v) for k, v in _rows(conn, t.FILED_PART3, return_id, ("field", "amount"))
    }
    return FiledReturnFacts(
        part3=part3,
        due_date=f["due_date"],
        ack_no=f["ack_no"],
        carried_forward=ActAmounts(
            *(from_paise(f[f"carried_forward_{a}"]) for a in ("kgst", "kvat", "cst"))
        ),
    )
