"""One dealer's year 2024-25 driven through the lifecycle, step by step (hand-worked figures in
the comments); shared by the scenario and dialog tests.

Dealer: not a large dealer, nature "Other" → due on the 15th of the next month; interest 12% a
year for every act.  KGST rows at 10%, KVAT rows at 14.5%.

    month  KGST turnover  KVAT turnover  KVAT ITC   filed
    Aug    50,000         1,00,000       29,000     15-09-2024 (on time)
    Sep    50,000            60,000                 25-10-2024 (10 days late)
    Oct    50,000            20,000                 15-11-2024
    Nov    50,000            40,000                 15-12-2024
    Dec–Mar 50,000 each                              15th of the next month
    Sep R1 60,000            70,000                 05-11-2024 (before October is filed: instr. 16)
    Aug R1 (ITC 30,000)                             10-11-2024 (after September is filed: instr. 17)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lifecycle_builders import month_return, pay

from app.model.compute import compute
from app.model.form9 import ActAmounts
from app.store import lifecycle as lc

D = Decimal
TODAY = date(2025, 6, 1)


def file(store: Any, rid: int, ack: str, on: date) -> lc.FilingResult:
    return lc.mark_filed(store, rid, ack, on, today=TODAY)


def new(store: Any, cid: int, ret: Any) -> int:
    rid = int(store.create_return(cid, ret))
    lc.prefill_brought_forward(store, rid)
    return rid


def edit(store: Any, rid: int, change: Any) -> None:
    lc.ensure_editable(store, rid)
    ret = store.load_return(rid)
    change(ret)
    store.save_return(rid, ret)
    lc.note_edited(store, rid)


class Year:
    """The scenario, step by step; each step asserts its hand-worked figures."""

    def __init__(self, store: Any, cid: int) -> None:
        self.s, self.cid = store, cid
        self.ids: dict[str, int] = {}

    def august(self) -> None:
        # Part 3: a_i = 10% × 50,000 = 5,000.00; g_i = 14.5% × 1,00,000 = 14,500.00;
        # g_iii (ITC) = 29,000.00; g_vii = 0 + 29,000 + 0 − 14,500 = 14,500.00 = g_ix.
        ret = month_return("2024-08", kgst="50000.00", kvat="100000.00", itc="29000.00",
                           on=date(2024, 9, 15))  # fmt: skip
        pay(ret, "KGST", "5000.00", date(2024, 9, 15))
        rid = self.ids["aug"] = new(self.s, self.cid, ret)
        c = compute(self.s.load_return(rid))
        assert (c.part3.a_i, c.part3.g_ix, c.part3a.total_for("KGST")) == (
            D("5000.00"), D("14500.00"), D("5000.00"))  # fmt: skip
        r = file(self.s, rid, "ACK-AUG", date(2024, 9, 15))
        assert r.payable == D("5000.00")

    def september(self, *, pay_interest: bool = True) -> None:
        ret = month_return("2024-09", kgst="50000.00", kvat="60000.00", on=date(2024, 10, 25))
        pay(ret, "KGST", "5000.00", date(2024, 10, 25))
        rid = self.ids["sep"] = new(self.s, self.cid, ret)
        # Brought forward from August's (g)(ix) = 14,500.00.
        assert self.s.load_return(rid).inputs.brought_forward == ActAmounts(
            D("0"), D("14500.00"), D("0"))  # fmt: skip
        if pay_interest:
            # Due 15-10-2024, filed 25-10-2024: 10 days.  Interest on KGST 5,000.00:
            # 5,000 × 12 / 100 × 10 / 365 = 16.438… → 16.44; total 5,016.44.
            on = date(2024, 10, 25)
            edit(self.s, rid, lambda r: pay(r, "KGST", "16.44", on, group="interest"))
            file(self.s, rid, "ACK-SEP", date(2024, 10, 25))

    def october_draft(self) -> None:
        ret = month_return("2024-10", kgst="50000.00", kvat="20000.00", on=date(2024, 11, 15))
        pay(ret, "KGST", "5000.00", date(2024, 11, 15))
        self.ids["oct"] = new(self.s, self.cid, ret)

    def revise_september(self) -> lc.FilingResult:
        rid = self.ids["sep_r1"] = lc.create_revision(self.s, self.ids["sep"])
        on = date(2024, 11, 5)

        def change(r: Any) -> None:
            r.header.date_of_filing = on
            r.declaration.date = on
            r.part1a[0].total_turnover = D("60000.00")
            r.part1a[0].tax_collected = D("6000.00")
            r.part1a[1].total_turnover = D("70000.00")
            r.part1a[1].tax_collected = D("10150.00")

        edit(self.s, rid, change)
        # Part 4 KGST a_iii: filed 5,000.00 → revised 6,000.00, effect 1,000.00; days from the
        # original due date 15-10-2024 to 05-11-2024 = 21; interest 1,000 × 12/100 × 21/365 =
        # 6.904… → 6.90; payable 1,006.90.  KVAT: credit 14,500 both sides (nothing of
        # September's excess was carried yet), g_iv 0 → 0: nothing payable.
        with pytest.raises(lc.FilingRefused) as refused:
            file(self.s, rid, "ACK-SEP-R1", on)
        assert "E-UNPAID" in str(refused.value) and "₹1,006.90" in str(refused.value)

        def pay_both(r: Any) -> None:  # the tax and its interest, each under its own head
            pay(r, "KGST", "1000.00", on)
            pay(r, "KGST", "6.90", on, group="interest")

        edit(self.s, rid, pay_both)
        return file(self.s, rid, "ACK-SEP-R1", on)

    def revise_august(self) -> lc.FilingResult:
        rid = self.ids["aug_r1"] = lc.create_revision(self.s, self.ids["aug"])
        on = date(2024, 11, 10)

        def change(r: Any) -> None:
            r.header.date_of_filing = on
            r.declaration.date = on
            r.part2[0].tax_paid = D("30000.00")

        edit(self.s, rid, change)
        return file(self.s, rid, "ACK-AUG-R1", on)

    def october(self) -> None:
        file(self.s, self.ids["oct"], "ACK-OCT", date(2024, 11, 15))

    def november(self) -> None:
        on = date(2024, 12, 15)
        ret = month_return("2024-11", kgst="50000.00", kvat="40000.00", on=on)
        pay(ret, "KGST", "5000.00", on)
        # g_i = 5,800.00; brought forward 1,450.00 (October's g_ix); g_iv = g_vi = 4,350.00.
        pay(ret, "KVAT", "4350.00", on)
        rid = self.ids["nov"] = new(self.s, self.cid, ret)
        file(self.s, rid, "ACK-NOV", on)

    def winter(self) -> None:
        for period, on in (("2024-12", date(2025, 1, 15)), ("2025-01", date(2025, 2, 15)),
                           ("2025-02", date(2025, 3, 15)), ("2025-03", date(2025, 4, 15))):  # fmt: skip
            ret = month_return(period, kgst="50000.00", on=on)
            pay(ret, "KGST", "5000.00", on)
            rid = self.ids[period] = new(self.s, self.cid, ret)
            file(self.s, rid, f"ACK-{period}", on)

    def through_march(self) -> None:
        self.august()
        self.september()
        self.october_draft()
        self.revise_september()
        self.revise_august()
        self.october()
        self.november()
        self.winter()
