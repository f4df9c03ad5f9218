"""Lifecycle speed: a year of monthly returns with big sales lists; time chain(), mark_filed(),
create_revision() and year_summary() on the real store.

Run: .venv/bin/python bench/bench_lifecycle.py [--rows N]   (list rows per month, default 20,000)
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import Declaration, Form9Return, ListRow, Part1aRow, Part5Row  # noqa: E402
from app.model.numbers import percent_of  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.store import Store  # noqa: E402
from app.store import lifecycle as lc  # noqa: E402

CLIENT = ClientProfile(
    tin="32000000002", kgst_no="KGST/1", tps_division="Ernakulam", tps_circle="First",
    name="Bench Lubes", address="Kochi", constitution="Company", nature_of_business="Other",
)  # fmt: skip


def month(period: Period, rows: int) -> Form9Return:
    on = period.last_day + timedelta(days=15)
    ret = Form9Return(header=CLIENT.header_for(str(period)))
    ret.header.date_of_filing = on
    turnover = Decimal(rows) * 100
    tax = percent_of(turnover, Decimal(10))
    ret.part1a = [Part1aRow(1, "KGST", "Sale", "Lubricants", "First", Decimal(10), "first",
                            turnover, Decimal(0), tax)]  # fmt: skip
    ret.sales_list = [
        ListRow("Sales", "first", "32000000009", "Buyer", f"INV/{n}", period.first_day,
                Decimal("100.00"), Decimal("10.00"), Decimal(0))
        for n in range(rows)
    ]  # fmt: skip
    ret.part5 = [Part5Row("CIN1", on, "KGST", "0040", tax)]
    ret.declaration = Declaration("A", "B", "Director", "Kochi", on)
    return ret


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    print(f"{label:<48} {time.perf_counter() - t:8.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        cid = store.add_client(CLIENT)
        months = Period(2024, 0).months()[4:]  # August 2024 – March 2025
        print(f"{len(months)} months, {args.rows:,} sales-list rows each")
        ids = []
        t0 = time.perf_counter()
        for m in months:
            rid = store.create_return(cid, month(m, args.rows))
            lc.prefill_brought_forward(store, rid)
            lc.mark_filed(store, rid, f"ACK-{m}", m.last_day + timedelta(days=15))
            ids.append(rid)
        n = len(months)
        print(
            f"{'create + prefill + mark_filed, per month':<48} {(time.perf_counter() - t0) / n:8.2f} s"
        )
        timed("chain() for the year", lambda: lc.chain(store, cid, "2024-25"))
        rev = timed("create_revision() of August", lambda: lc.create_revision(store, ids[0]))
        timed("filing_check() of the revision", lambda: lc.filing_check(
            store, rev, "ACK-R1", date(2024, 10, 20)))  # fmt: skip
        timed("timeline() of August", lambda: lc.timeline(store, cid, "2024-08"))
        pre = timed(
            "prefill_annual() for 2024-25", lambda: lc.prefill_annual(store, cid, "2024-25")
        )
        timed("year_summary() for 2024-25", lambda: lc.year_summary(store, cid, "2024-25"))
        print("annual advance prefilled:", pre.advance)
        store.close()


if __name__ == "__main__":
    main()
