"""A large, deterministic return for benchmarks: 2,000 Part 1 rows and 100,000 sales-list rows."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from app.model.form9 import (
    Declaration,
    Form9Return,
    Header,
    ListRow,
    Part1aRow,
    Part2Row,
    Part5Row,
)

GOODS = [
    ("KGST", "Petrol (Motor Spirit)", "First Schedule, Entry 1", "30.08"),
    ("KGST", "High Speed Diesel", "First Schedule, Entry 2", "22.76"),
    ("KVAT", "Natural Gas (R-LNG)", "Third Schedule", "14.5"),
    ("CST", "Natural Gas (R-LNG)", "CST Act s.8(1)", "2"),
]


def paise(rng: random.Random, hi: int) -> Decimal:
    return Decimal(rng.randrange(0, hi)).scaleb(-2)


def big_return(part1_rows: int = 2000, list_rows: int = 100_000, seed: int = 9) -> Form9Return:
    rng = random.Random(seed)
    ret = Form9Return(
        header=Header(
            date_of_filing=dt.date(2025, 11, 14), period="2025-10", kgst_no="KGST/EKM/1",
            tin="32012345678", cst_no="32012345678", tps_division="Ernakulam",
            tps_circle="Special Circle", name="Big Petroleum Ltd", address="Kochi",
            constitution="Company", nature_of_business="Oil Company",
        ),
        declaration=Declaration("A", "B", "Director", "Kochi", dt.date(2025, 11, 14)),
    )  # fmt: skip
    for i in range(part1_rows):
        act, goods, sched, rate = GOODS[i % len(GOODS)]
        total = paise(rng, 10**10)
        ret.part1a.append(
            Part1aRow(
                i + 1,
                act,
                "Sale",
                goods,
                sched,
                Decimal(rate),
                "first",
                total,
                paise(rng, int(total * 10)) if total else Decimal("0.00"),
                paise(rng, 10**8),
                paise(rng, 10**5),
            )
        )
    for i in range(200):
        act, goods, sched, rate = GOODS[i % len(GOODS)]
        ret.part2.append(Part2Row(i + 1, act, "Purchase", goods, sched, Decimal(rate),
                                  paise(rng, 10**9), paise(rng, 10**8), paise(rng, 10**6), act == "KVAT"))  # fmt: skip
    types = ["Sales", "Sales", "Sales", "Interstate Sale", "Sales Return", "Export"]
    for i in range(list_rows):
        t = types[i % len(types)]
        sign = -1 if t == "Sales Return" else 1
        ret.sales_list.append(
            ListRow(
                t,
                "first",
                f"32{rng.randrange(10**8, 10**9):09d}",
                f"Customer {i % 997}",
                f"INV/{i:06d}",
                dt.date(2025, 10, 1 + i % 31),
                sign * paise(rng, 10**7),
                sign * paise(rng, 10**6),
                paise(rng, 10**4),
            )
        )
    pay(ret)
    return ret


def pay(ret: Form9Return) -> None:
    """Part 5: the Part 3(A) tax of each act paid under the rate pack's tax head (so that the
    return is ready to file and `export-json` writes it)."""
    from app.model.compute import compute
    from app.ratepacks import pack_for_period

    c = compute(ret, with_lists=False)
    pack = pack_for_period(ret.header.period)
    assert pack is not None
    for act, row in (("KGST", "a"), ("KVAT", "g"), ("CST", "h")):
        head = next(h.text for h in pack.heads_for(act) if h.group == "tax")
        amount = c.part3a.rows[row].total
        ret.part5.append(Part5Row(f"CIN-{act}", dt.date(2025, 11, 14), act, head, amount))
