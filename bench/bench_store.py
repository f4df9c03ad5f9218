"""Store speed: save and load a return with 2,000 Part 1 rows and 100,000 sales-list rows.

Target (issue): under 2 s each. Run: .venv/bin/python bench/bench_store.py [--repeat N]
Prints wall-clock and CPU seconds (best and median of N runs, file store in a temporary data
directory); asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import Form9Return, Header, ListRow, Part1aRow  # noqa: E402
from app.store import Store, open_store  # noqa: E402


def big_return(part1_rows: int, list_rows: int) -> Form9Return:
    ret = Form9Return(header=Header(period="2025-10", tin="32000000001", name="Bench Traders"))
    ret.part1a = [
        Part1aRow(
            sl=n + 1,
            act=("KGST", "KVAT", "CST")[n % 3],
            nature="Sale",
            goods=f"Goods item {n}",
            schedule="First Schedule",
            rate=Decimal("30.08"),
            total_turnover=Decimal(100_000_000 + n).scaleb(-2),
            exempt_turnover=Decimal(n).scaleb(-2),
            tax_collected=Decimal(30_080 + n).scaleb(-2),
        )
        for n in range(part1_rows)
    ]
    start = date(2025, 10, 1)
    ret.sales_list = [
        ListRow(
            type="Sales",
            point_of_sale="first",
            counterparty_reg_no=f"32{n:09d}",
            counterparty_name=f"Customer {n}",
            doc_no=f"INV/{n}",
            doc_date=start + timedelta(days=n % 31),
            value=Decimal(123_456 + n).scaleb(-2),
            tax=Decimal(3_714 + n % 100).scaleb(-2),
            cess=Decimal(n % 7).scaleb(-2),
        )
        for n in range(list_rows)
    ]
    return ret


Timings = dict[str, list[tuple[float, float]]]


def timed(times: Timings, label: str, fn: Callable[..., Any], *args: Any) -> Any:
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn(*args)
    times.setdefault(label, []).append((time.perf_counter() - w0, time.process_time() - c0))
    return result


def one_run(ret: Form9Return, rows: int, times: Timings, db: str | None = None) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        where: Any = db or Path(tmp)
        store: Store = timed(times, "open (new file, migrate to head)", open_store, where)
        tin = f"32{time.time_ns() % 10**9:09d}"  # a new dealer each run (a database is reused)
        cid = store.add_client(ClientProfile(tin=tin, name="Bench Traders"))
        rid: int = timed(times, "create_return (first save)", store.create_return, cid, ret)
        timed(times, "save_return (full replace)", store.save_return, rid, ret)
        back = timed(times, "load_return", store.load_return, rid)
        timed(times, "save_parts({'part1a'})", store.save_parts, rid, ret, {"part1a"})
        mid = rows // 2
        row = ListRow(type="Sales", counterparty_name="Edited", value=Decimal("1.00"))
        s = "sales_list"
        timed(times, "update_list_rows (1 row, middle)", store.update_list_rows, rid, s, {mid: row})
        timed(times, "insert_list_rows (1 row, middle)", store.insert_list_rows, rid, s, mid, [row])
        timed(times, "delete_list_rows (1 row, middle)", store.delete_list_rows, rid, s, mid, 1)
        timed(times, "delete_return", store.delete_return, rid)
        store.delete_client(cid)
        store.close()
        return bool(back == ret)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part1", type=int, default=2_000)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="a PostgreSQL database URL instead of a SQLite file (office mode)")
    args = ap.parse_args()
    ret = big_return(args.part1, args.rows)
    kind = "PostgreSQL" if args.db else "file store"
    print(f"return: {args.part1:,} Part 1 rows, {args.rows:,} sales-list rows; {kind}; "
          f"{args.repeat} run(s)")  # fmt: skip
    times: Timings = {}
    equal = all(one_run(ret, args.rows, times, args.db) for _ in range(args.repeat))
    print(f"{'':36} {'wall best':>10} {'median':>8} {'CPU best':>9}")
    for label, runs in times.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(f"{label:36} {min(walls):9.3f}s {statistics.median(walls):7.3f}s {min(cpus):8.3f}s")
    print(f"round trip equal: {equal}   (target: save and load under 2 s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
