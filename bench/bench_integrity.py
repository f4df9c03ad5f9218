"""What "nothing lost" costs (issue 10), each figure beside an anchor measured in the same run:

- rewriting a 100,000-row sales list with the filed-return triggers on, against the same rewrite
  with the triggers dropped (a copy of the store);
- PRAGMA quick_check at open, against reading the whole return once (load_return);
- a backup with SQLite's online backup API, against a plain file copy of the same store.

Run: .venv/bin/python bench/bench_integrity.py [--rows N] [--repeat N].  Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import Form9Return, Header, ListRow  # noqa: E402
from app.store import (
    Store,  # noqa: E402
    backup,  # noqa: E402
)
from app.store import sqlite as dialect  # noqa: E402
from app.store.store import DB_FILE  # noqa: E402


def big(rows: int, tag: str) -> Form9Return:
    ret = Form9Return(header=Header(period="2025-10", tin="32000000001", name="Bench Traders"))
    day = date(2025, 10, 1)
    ret.sales_list = [
        ListRow("Sales", "first", "32000000009", "Buyer", f"{tag}/{n}", day,
                Decimal("100.00"), Decimal("10.00"), Decimal(0))
        for n in range(rows)
    ]  # fmt: skip
    return ret


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def row(
    label: str, figure: tuple[float, float], anchor_label: str, anchor: tuple[float, float]
) -> None:
    print(f"{label:44} {figure[0]:7.3f}s (median {figure[1]:.3f}s)")
    print(f"  anchor: {anchor_label:36} {anchor[0]:7.3f}s (median {anchor[1]:.3f}s)"
          f"   ratio {figure[0] / anchor[0]:.2f}")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        guarded, bare = Path(tmp) / "guarded", Path(tmp) / "bare"
        with Store.open(guarded, backups=False) as s:
            cid = s.add_client(ClientProfile(tin="32000000001", name="Bench Traders"))
            rid = s.create_return(cid, big(args.rows, "A"))
        shutil.copytree(guarded, bare)
        con = sqlite3.connect(bare / DB_FILE)
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            con.execute(f"DROP TRIGGER {name}")
        con.close()
        ret = big(args.rows, "B")
        print(f"{args.rows:,} sales-list rows; file store; best of {args.repeat}")

        def rewrite(folder: Path) -> Callable[[], object]:
            def go() -> None:
                with Store.open(folder, backups=False) as s:
                    s.save_parts(rid, ret, {"sales_list"})

            return go

        row("list rewrite, triggers on", best(rewrite(guarded), args.repeat),
            "the same, triggers dropped", best(rewrite(bare), args.repeat))  # fmt: skip

        store = Store.open(guarded, backups=False)

        def check() -> None:
            with store.engine.connect() as conn:
                assert dialect.quick_check(conn) is None

        row("PRAGMA quick_check (at open)", best(check, args.repeat),
            "load_return() of the return", best(lambda: store.load_return(rid), args.repeat))  # fmt: skip
        store.close()
        out = Path(tmp) / "out.sqlite"
        row("backup (online backup API, fsync)",
            best(lambda: backup.backup_store(guarded / DB_FILE, out), args.repeat),
            "shutil.copyfile of the store",
            best(lambda: shutil.copyfile(guarded / DB_FILE, out), args.repeat))  # fmt: skip
        print(f"store file: {(guarded / DB_FILE).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
