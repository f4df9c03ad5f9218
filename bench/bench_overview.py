"""The practitioner's windows over a big office (issue 15 Performance, issue 14): a store of 300
dealers × 13 periods (the twelve months of 2025-26 and its annual return, 3,900 returns).

    overview    the practitioner overview opened and painted (target < 1 s); anchors measured in
                the same run: Store.all_returns() alone, and a bare QTableWidget filled with the
                same 300 × 15 texts, shown and painted.
    board       the due-date board opened and painted (target < 1 s), with its rows read and
                worked out alone (app.desk.due_board.load_board: the store's reads and the
                engine's interest on each overdue draft); anchors: Store.all_returns() alone, and
                a bare QTableWidget filled with the board's texts, shown and painted.

Each on SQLite and on PostgreSQL (a throw-away server, tests/pgcluster.py; `--db URL` uses an
empty database of yours instead, `--sqlite-only` skips it).  Each figure is the median of --runs
windows opened one after another (the first, which loads fonts and code, is not counted).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_overview.py [--runs 5]
Prints the figures; asserts nothing.  The machine is shared and noisy: compare the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "lifecycle")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from lifecycle_builders import month_return, pay  # noqa: E402

from app.model.client import ClientProfile  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.store import Store, open_store  # noqa: E402
from app.ui.qt import QApplication, QEvent, QObject, Qt, QTableWidget, QTableWidgetItem  # noqa: E402

DEALERS = 300
YEAR = Period(2025, 0)  # 2025-26: April 2025 … March 2026 and the annual return
TODAY = date(2026, 5, 20)  # the board: March overdue where not filed; the annual return not due
#: The overview opens on the financial year of the month before today: 2025-26 (April 2026 would
#: open the empty 2026-27).
OVERVIEW_TODAY = date(2026, 4, 20)


def periods() -> list[Period]:
    return [*YEAR.months(), YEAR]


def build(store: Store) -> None:
    """300 dealers × 13 periods: April–January filed, February filed by four dealers in five,
    March and the annual return drafts (the board works out the engine's interest on each
    overdue draft; it also lists the months before April 2025 with no return as overdue)."""
    for d in range(DEALERS):
        profile = ClientProfile(tin=f"32{d + 1:09d}", name=f"Dealer {d + 1:03d}",
                                nature_of_business="Other", large_dealer=d % 4 == 0)  # fmt: skip
        with store.transaction():
            cid = store.add_client(profile)
            for n, p in enumerate(periods()):
                on = (p.last_day if not p.is_annual else date(2026, 3, 31)) + timedelta(days=15)
                ret = month_return(str(p), kgst="50000.00", kvat="100000.00", itc="29000.00")
                ret.header.tin, ret.header.name = profile.tin, profile.name
                pay(ret, "KGST", "5000.00", min(on, date(2026, 4, 15)))
                rid = store.create_return(cid, ret)
                filed = n < 10 or (n == 10 and d % 5 != 0)
                if filed:
                    store.set_status(rid, "filed", ack_no=f"ACK{d}-{n}", filed_on=on)


class _Painted(QObject):
    """Notes when a widget's viewport has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self.at:
            self.at = time.perf_counter()
        return False


def to_paint(app: QApplication, make: Callable[[], Any], viewport: Callable[[Any], Any]) -> float:
    """Seconds from creating the window to its table painted; the window is closed after."""
    painted = _Painted()
    t = time.perf_counter()
    w = make()
    viewport(w).installEventFilter(painted)
    w.show()
    deadline = time.perf_counter() + 30
    while not painted.at and time.perf_counter() < deadline:
        app.processEvents()
    took = painted.at - t
    w.close()
    w.deleteLater()
    app.processEvents()
    return took


def median(fn: Callable[[], float], runs: int) -> float:
    fn()  # warm: fonts, code, the store's first connection
    return statistics.median(fn() for _ in range(runs))


def bare_table(texts: list[list[str]], headers: list[str]) -> QTableWidget:
    t = QTableWidget(len(texts), len(headers))
    t.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))
    t.resize(1340, 640)
    return t


def overview(app: QApplication, store: Store, runs: int, where: str) -> None:
    from app.ui.overview import OverviewWindow

    def all_returns() -> float:
        t = time.perf_counter()
        store.all_returns()
        return time.perf_counter() - t

    anchor = median(all_returns, runs)
    opened = median(lambda: to_paint(app, lambda: OverviewWindow(store, today=OVERVIEW_TODAY),
                                     lambda w: w.view.viewport()), runs)  # fmt: skip
    w = OverviewWindow(store, today=OVERVIEW_TODAY)
    m = w.model
    texts = [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]
    headers = [str(m.headerData(c, Qt.Orientation.Horizontal, 0)) for c in range(m.columnCount())]
    shown = sum(1 for row in m.rows for cell in row if cell.info is not None)
    w.close()
    w.deleteLater()
    bare = median(lambda: to_paint(app, lambda: bare_table(texts, headers), lambda t: t.viewport()),
                  runs)  # fmt: skip
    print(f"{where}: overview of {m.rowCount()} dealers × 13 periods ({shown:,} returns) opened "
          f"and painted: {opened * 1000:6.0f} ms  (target < 1,000 ms)")  # fmt: skip
    print(f"  anchors: Store.all_returns() alone {anchor * 1000:6.0f} ms ({opened / anchor:.1f}×); "
          f"a bare QTableWidget of the same texts painted {bare * 1000:6.0f} ms "
          f"({opened / bare:.1f}×)")  # fmt: skip


def board(app: QApplication, store: Store, runs: int, where: str) -> None:
    from app.desk.due_board import load_board
    from app.ui.due_board import DueBoardWindow

    def all_returns() -> float:
        t = time.perf_counter()
        store.all_returns()
        return time.perf_counter() - t

    def rows_alone() -> float:
        t = time.perf_counter()
        load_board(store, TODAY)
        return time.perf_counter() - t

    anchor = median(all_returns, runs)
    reading = median(rows_alone, runs)
    opened = median(lambda: to_paint(app, lambda: DueBoardWindow(store, today=TODAY),
                                     lambda w: w.view.viewport()), runs)  # fmt: skip
    w = DueBoardWindow(store, today=TODAY)
    m = w.proxy
    texts = [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]
    headers = [str(m.headerData(c, Qt.Orientation.Horizontal, 0)) for c in range(m.columnCount())]
    overdue = sum(1 for r in w.all_rows if r.state == "overdue")
    interest = sum(1 for r in w.all_rows if r.figures is not None)
    w.close()
    w.deleteLater()
    bare = median(lambda: to_paint(app, lambda: bare_table(texts, headers), lambda t: t.viewport()),
                  runs)  # fmt: skip
    print(f"{where}: due-date board ({len(texts)} rows, {overdue} overdue, {interest} drafts with "
          f"the engine's interest) opened and painted: {opened * 1000:6.0f} ms  "
          "(target < 1,000 ms)")  # fmt: skip
    print(f"  its rows read and worked out (load_board) alone {reading * 1000:6.0f} ms; anchors: "
          f"Store.all_returns() alone {anchor * 1000:6.0f} ms ({opened / anchor:.1f}×); a bare "
          f"QTableWidget of the same texts painted {bare * 1000:6.0f} ms "
          f"({opened / bare:.1f}×)")  # fmt: skip


def measure(app: QApplication, target: str, runs: int, where: str) -> None:
    with open_store(target, backups=False) as store:
        if not store.list_clients():
            t = time.perf_counter()
            build(store)
            print(
                f"{where}: built {DEALERS} dealers × 13 periods in {time.perf_counter() - t:.0f} s"
            )
        overview(app, store, runs, where)
        board(app, store, runs, where)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", help="an empty PostgreSQL database (default: a throw-away server)")
    ap.add_argument("--sqlite-only", action="store_true")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        measure(app, tmp, args.runs, "SQLite")
    if args.sqlite_only:
        return 0
    cluster = None
    url = args.db
    if url is None:
        from pgcluster import PgCluster

        cluster = PgCluster().start()
        url = cluster.url(cluster.new_database("overview"))
    try:
        measure(app, url, args.runs, "PostgreSQL")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
