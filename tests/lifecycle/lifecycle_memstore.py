"""An in-memory stand-in with app.store.Store's documented API, used only while the real store
is not available (the scenario runs against the real store when it is)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.numbers import ZERO


@dataclass(frozen=True)
class ReturnInfo:
    id: int
    client_id: int
    period: str
    return_type: str
    revision_no: int
    status: str
    ack_no: str
    filed_on: date | None
    payable: Decimal
    rate_pack: str
    updated_at: datetime


class MemStore:
    def __init__(self) -> None:
        self._clients: dict[int, ClientProfile] = {}
        self._returns: dict[int, Form9Return] = {}
        self._info: dict[int, ReturnInfo] = {}

    def add_client(self, profile: ClientProfile) -> int:
        cid = len(self._clients) + 1
        self._clients[cid] = copy.deepcopy(profile)
        return cid

    def get_client(self, client_id: int) -> ClientProfile:
        return copy.deepcopy(self._clients[client_id])

    def list_returns(self, client_id: int) -> list[ReturnInfo]:
        rows = [i for i in self._info.values() if i.client_id == client_id]
        return sorted(rows, key=lambda i: (i.period, i.revision_no))

    def create_return(self, client_id: int, ret: Form9Return, *, rate_pack: str = "") -> int:
        rid = len(self._returns) + 1
        self._returns[rid] = copy.deepcopy(ret)
        h = ret.header
        self._info[rid] = ReturnInfo(
            rid, client_id, h.period, h.return_type, h.revision_no, "draft", "", None, ZERO,
            rate_pack, datetime.now(),
        )  # fmt: skip
        return rid

    def load_return(self, return_id: int) -> Form9Return:
        return copy.deepcopy(self._returns[return_id])

    def return_info(self, return_id: int) -> ReturnInfo:
        return self._info[return_id]

    def save_return(self, return_id: int, ret: Form9Return) -> None:
        if self._info[return_id].status == "filed":
            raise RuntimeError("filed return changed")
        self._returns[return_id] = copy.deepcopy(ret)

    def save_parts(self, return_id: int, ret: Form9Return, parts: set[str]) -> None:
        self.save_return(return_id, ret)

    def set_status(
        self, return_id: int, status: str, *, ack_no: str = "", filed_on: date | None = None
    ) -> None:
        self._info[return_id] = replace(
            self._info[return_id], status=status, ack_no=ack_no, filed_on=filed_on
        )

    def set_payable(self, return_id: int, payable: Decimal) -> None:
        self._info[return_id] = replace(self._info[return_id], payable=payable)

    def latest_filed(self, client_id: int, period: str) -> ReturnInfo | None:
        rows = [
            i for i in self.list_returns(client_id) if i.period == period and i.status == "filed"
        ]
        return rows[-1] if rows else None
