"""Office mode on PostgreSQL (issue 14): many clerks at once, one return from two PCs, store-copy.

    clerks  6 processes as 6 clerks, each editing, saving and filing its own dealers' returns of
            a 300-dealer office for 60 s.  Targets: 0 lost updates, 0 deadlock errors shown,
            p95 save < 100 ms.  Anchor: p95 of a bare one-row UPDATE round trip, same server.
    stale   the same return saved from 2 processes for 10 s: every stale save refused, none
            applied (each version accepted once; the stored return is the last accepted save).
    copy    form9 store-copy of a 300-dealer office (3,900 returns, 10 of them with 20,000 list
            rows) from SQLite into an empty database, whole process.  Target < 60 s.  Anchor:
            the same rows moved by sqlite3 + psycopg COPY alone, no checks.

Run: .venv/bin/python bench/bench_office.py [clerks|stale|copy ...] [--db URL] [--seconds N]
Without --db a throw-away server is started (tests/pgcluster.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "lifecycle")]

from lifecycle_builders import month_return, pay  # noqa: E402

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import ListRow  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.store import StaleReturn, Store, StoreError, open_store  # noqa: E402
from app.store import lifecycle as lc  # noqa: E402

DEALERS, PERIODS, CLERKS = 300, 13, 6


def periods() -> list[Period]:
    out = [Period.parse("2024-08")]
    while len(out) < PERIODS:
        out.append(out[-1].next())
    return out


def due(p: Period) -> date:
    n = p.next()
    return date(n.year, n.month, 15)


def dealer(d: int) -> ClientProfile:
    return ClientProfile(tin=f"32{d + 1:09d}", name=f"Dealer {d + 1:03d}", nature_of_business="Other",
                         renewed_until="2030-31")  # fmt: skip


def month(d: int, p: Period) -> Any:
    ret = month_return(str(p), kgst="50000.00", kvat="100000.00", itc="29000.00", on=due(p))
    pay(ret, "KGST", "5000.00", due(p))
    h = dealer(d)
    ret.header.tin, ret.header.name = h.tin, h.name
    return ret


def build_office(store: Store, *, big: int = 0, big_rows: int = 0) -> None:
    """300 dealers × 13 months, each month a draft; `big` of the returns carry `big_rows` sales
    list rows each."""
    for d in range(DEALERS):
        with store.transaction():
            cid = store.add_client(dealer(d))
            for n, p in enumerate(periods()):
                ret = month(d, p)
                if d < big and n == 0:
                    ret.sales_list = [
                        ListRow("Sales", "first", f"32{k:09d}", f"Buyer {k}", f"INV/{k}",
                                date(p.year, p.month, 1 + k % 28), Decimal(100 + k % 900),
                                Decimal("10.00"), Decimal(0))
                        for k in range(big_rows)
                    ]  # fmt: skip
                store.create_return(cid, ret)


# ------------------------------------------------------------------------------- clerks


def clerk(url: str, me: int, seconds: float) -> dict[str, Any]:
    """One clerk: its dealers in turn; the first unfiled month of each is edited and saved, and
    now and then filed."""
    rng = random.Random(me)
    saves: list[float] = []
    marks: dict[int, str] = {}
    errors: dict[str, int] = {}
    filed = 0
    with open_store(url) as store:
        mine = [c.id for c in store.list_clients() if (c.id - 1) % CLERKS == me]
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            cid = mine[n % len(mine)]
            n += 1
            todo = sorted((r for r in store.list_returns(cid) if r.status != "filed"),
                          key=lambda r: r.period)  # fmt: skip
            if not todo:
                continue
            info = todo[0]
            try:
                ret = store.load_return(info.id)
                mark = f"clerk {me} edit {n}"
                ret.part1a[0].goods = mark
                t = time.perf_counter()
                store.save_parts(info.id, ret, {"part1a"}, expected_version=info.version)
                saves.append(time.perf_counter() - t)
                marks[info.id] = mark
                if rng.random() < 0.3:
                    on = due(Period.parse(info.period))
                    lc.mark_filed(store, info.id, f"ACK-{info.id}", on, today=on)
                    filed += 1
            except (StoreError, lc.LifecycleError) as exc:
                kind = type(exc).__name__
                if "another PC was changing" in str(exc) or "deadlock" in str(exc):
                    kind = "deadlock"
                errors[kind] = errors.get(kind, 0) + 1
    return {"saves": saves, "marks": marks, "errors": errors, "filed": filed}


def bare_update_p95(url: str, rounds: int = 300) -> float:
    """The anchor: one UPDATE of one row, committed, by itself."""
    import psycopg

    from app.store.postgres import driver_args

    with open_store(url) as store:
        args = driver_args(store.engine)
    took = []
    with psycopg.connect(**args) as conn:
        for k in range(rounds):
            t = time.perf_counter()
            conn.execute("UPDATE client SET renewed_until = %s WHERE id = 1", (str(k),))
            conn.commit()
            took.append(time.perf_counter() - t)
    return statistics.quantiles(took, n=20)[18]


def overview(url: str) -> None:
    """What the overview reads over PostgreSQL: Store.all_returns(), one query (median of 5);
    anchor: the same columns by a bare psycopg SELECT."""
    import psycopg

    from app.store.postgres import driver_args

    with open_store(url) as store:
        took = []
        for _ in range(5):
            t = time.perf_counter()
            n = len(store.all_returns())
            took.append(time.perf_counter() - t)
        args = driver_args(store.engine)
    bare = []
    with psycopg.connect(**args) as conn:
        for _ in range(5):
            t = time.perf_counter()
            conn.execute(
                "SELECT r.id, r.client_id, r.period, r.return_type, r.revision_no, r.status, "
                "r.ack_no, r.filed_on, r.payable, r.rate_pack, r.updated_at, r.version, "
                "r.form_version, c.name, c.tin FROM tax_return r JOIN client c ON c.id = "
                "r.client_id"
            ).fetchall()
            bare.append(time.perf_counter() - t)
    print(f"overview: Store.all_returns() of {n:,} returns {statistics.median(took) * 1000:6.1f} ms"
          f"   anchor: the bare SELECT {statistics.median(bare) * 1000:.1f} ms")  # fmt: skip


def run_clerks(url: str, seconds: float) -> None:
    with open_store(url) as store:
        if not store.list_clients():
            t = time.perf_counter()
            build_office(store)
            print(f"office: {DEALERS} dealers × {PERIODS} months built in "
                  f"{time.perf_counter() - t:.0f} s")  # fmt: skip
    overview(url)
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "worker", url, str(me), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for me in range(CLERKS)
    ]
    results = [json.loads(p.communicate()[0]) for p in procs]
    saves = [s for r in results for s in r["saves"]]
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    lost = 0
    with open_store(url) as store:
        for r in results:
            for rid, mark in r["marks"].items():
                lost += store.load_return(int(rid), lists=False).part1a[0].goods != mark
    p95 = statistics.quantiles(saves, n=20)[18]
    anchor = bare_update_p95(url)
    print(f"clerks: {CLERKS} processes × {seconds:.0f} s: {len(saves):,} saves, "
          f"{sum(r['filed'] for r in results):,} filings; lost updates {lost}; deadlock "
          f"errors shown {errors.get('deadlock', 0)}; other refusals {errors}")  # fmt: skip
    print(f"  p95 save {p95 * 1000:6.1f} ms   (target < 100 ms)   median "
          f"{statistics.median(saves) * 1000:.1f} ms")  # fmt: skip
    print(f"  anchor: p95 of a bare one-row UPDATE + COMMIT {anchor * 1000:6.1f} ms  "
          f"({p95 / anchor:.1f}×)")  # fmt: skip


# ------------------------------------------------------------------------------- stale


def stale_worker(url: str, rid: int, me: int, seconds: float) -> dict[str, Any]:
    accepted: list[tuple[int, int, str]] = []
    refused = 0
    with open_store(url) as store:
        end, n = time.monotonic() + seconds, 0
        while time.monotonic() < end:
            n += 1
            info = store.return_info(rid)
            ret = store.load_return(rid, lists=False)
            time.sleep(random.random() * 0.01)  # the clerk types
            mark = f"pc{me}-{n}"
            ret.part1a[0].goods = mark
            try:
                new = store.save_parts(rid, ret, {"part1a"}, expected_version=info.version)
                accepted.append((info.version, new, mark))
            except StaleReturn:
                refused += 1
    return {"accepted": accepted, "refused": refused}


def run_stale(url: str, seconds: float) -> None:
    with open_store(url) as store:
        cid = store.add_client(ClientProfile(tin="32999999999", name="Shared"))
        rid = store.create_return(cid, month(0, Period.parse("2024-08")))
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "stale-worker", url, str(rid), str(me), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for me in range(2)
    ]
    results = [json.loads(p.communicate()[0]) for p in procs]
    accepted = sorted(tuple(a) for r in results for a in r["accepted"])
    refused = sum(r["refused"] for r in results)
    bases = [a[0] for a in accepted]
    chain = all(a[1] == a[0] + 1 for a in accepted) and len(set(bases)) == len(bases)
    with open_store(url) as store:
        final = store.load_return(rid, lists=False).part1a[0].goods
        version = store.return_info(rid).version
    last_ok = accepted[-1][2] == final and accepted[-1][1] == version
    print(f"stale: 2 processes × {seconds:.0f} s on one return: {len(accepted):,} saves "
          f"accepted, {refused:,} stale saves refused; every version accepted once: {chain}; "
          f"the stored return is the last accepted save: {last_ok}")  # fmt: skip


# ------------------------------------------------------------------------------- copy


def raw_copy_anchor(sqlite_file: Path, url: str) -> float:
    """The same rows moved by sqlite3 + psycopg COPY alone (no types, no checks)."""
    import sqlite3

    import psycopg

    from app.store.postgres import driver_args
    from app.store.transfer import ORDER

    with open_store(url) as store:  # the schema
        args = driver_args(store.engine)
    t = time.perf_counter()
    src = sqlite3.connect(sqlite_file)
    with psycopg.connect(**args) as dst:
        dst.execute("SET session_replication_role = replica")  # no triggers, no checks
        for table in ORDER:
            cur = src.execute(f"SELECT * FROM {table}")
            cols = ", ".join(f'"{d[0]}"' for d in cur.description)
            with dst.cursor().copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in cur:
                    copy.write_row(row)
    src.close()
    return time.perf_counter() - t


def run_copy(cluster: Any, url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        with Store.open(folder, backups=False) as store:
            build_office(store, big=10, big_rows=20_000)
        print(f"office: {DEALERS} dealers, {DEALERS * PERIODS:,} returns (10 with 20,000 list "
              f"rows) built in {time.perf_counter() - t:.0f} s")  # fmt: skip
        target = url
        if cluster is not None:
            target = cluster.url(cluster.new_database("copy"))
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", "--data-dir", str(folder), "store-copy", "--to",
             target], capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        took = time.perf_counter() - t
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        anchor_url = cluster.url(cluster.new_database("anchor")) if cluster else None
        anchor = raw_copy_anchor(folder / "form9.sqlite", anchor_url) if anchor_url else 0.0
        print(f"copy: form9 store-copy (whole process) {took:6.1f} s   (target < 60 s)")
        print(f"  {proc.stdout.strip()}")
        if anchor:
            print(f"  anchor: sqlite3 + psycopg COPY alone, no checks {anchor:6.1f} s  "
                  f"({took / anchor:.1f}×)")  # fmt: skip


# ------------------------------------------------------------------------------- main


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(clerk(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "stale-worker":
        out = stale_worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
        print(json.dumps(out))
        return 0
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("parts", nargs="*", default=["clerks", "stale", "copy"])
    ap.add_argument("--db", help="an empty database to use (default: a throw-away server)")
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args()
    cluster = None
    if args.db is None:
        from pgcluster import PgCluster

        cluster = PgCluster().start()
    try:
        for part in args.parts:
            url = args.db or cluster.url(cluster.new_database(part))  # type: ignore[union-attr]
            if part == "clerks":
                run_clerks(url, args.seconds)
            elif part == "stale":
                run_stale(url, min(args.seconds, 10.0))
            elif part == "copy":
                run_copy(cluster, url)
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())
