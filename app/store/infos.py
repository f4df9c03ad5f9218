"""What the store says about a dealer or a return without loading it: the rows of lists and
grids (ClientInfo, ReturnInfo), each read in one query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from app.model.periods import Period, PeriodError
from app.store.codec import from_paise
from app.store.errors import StoreError
from app.store.schema import RETURN


@dataclass(slots=True)
class ClientInfo:
    id: int
    name: str
    tin: str
    trade_name: str
    nature_of_business: str
    return_count: int
    large_dealer: bool = False  # due on the 10th (spec section 6)


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
    form_version: str = ""  # the version of FORM No. 9 the return is on (app.forms)


_r = RETURN.c
INFO_COLS = (_r.id, _r.client_id, _r.period, _r.return_type, _r.revision_no, _r.status,
             _r.ack_no, _r.filed_on, _r.payable, _r.rate_pack, _r.updated_at, _r.version,
             _r.form_version)  # fmt: skip


def info(row: Sequence[Any]) -> ReturnInfo:
    id_, client_id, period, return_type, revision_no, status, ack_no, filed_on = row[:8]
    return ReturnInfo(
        id_, client_id, period, return_type, revision_no, status, ack_no, filed_on,
        from_paise(row[8]), row[9], row[10], row[11], row[12],
    )  # fmt: skip


def read_info(conn: Connection, return_id: int) -> ReturnInfo:
    row = conn.execute(select(*INFO_COLS).where(_r.id == return_id)).first()
    if row is None:
        raise StoreError(f"no return with id {return_id}")
    return info(row)


def newest_first(info: ReturnInfo) -> tuple[int, int, bool, int]:
    """Sort key (use reversed): period end, annual after its March, then revision number."""
    try:
        p = Period.parse(info.period)
    except PeriodError:
        return (0, 0, False, info.revision_no)  # unreadable periods last
    return (1, p.last_day.toordinal(), p.is_annual, info.revision_no)
