"""Desktop app figures (issue 13: cold start to a painted main window ≤ 0.6 s where a bare
PySide6 window painted in 0.23 s, i.e. ≤ 2.6× that anchor; a return with 100,000 list rows opens
to first paint < 1 s; memory with it open < 400 MB; Part 3 follows an edit within 50 ms; a return
with 1,000,000 list rows opens ≤ 8 s with RSS ≤ 800 MB).

    .venv/bin/python bench/bench_gui.py [--rows 100000] [--runs 5] [--start-only] [--no-million]

Prints the figures; asserts nothing.  Each measurement runs in a fresh process (offscreen Qt).
The cold start is the median of --runs processes interleaved with the anchor's: a bare PySide6
main window (QApplication, QMainWindow with a label, 1280×720) shown and painted.  The app starts
as `python -m app` does (app.ui.main): the main window painted first, then the store opened into
it; both moments are shown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_big_return(data_dir: Path, rows: int) -> int:
    from app.model.client import ClientProfile
    from app.model.form9 import Form9Return, ListRow, Part1aRow, Part2Row
    from app.store import Store

    store = Store.open(data_dir)
    try:
        profile = ClientProfile(
            tin="32999000111", name="Bench Fuels Ltd", nature_of_business="Other"
        )
        cid = store.add_client(profile)
        ret = Form9Return(header=profile.header_for("2024-10"))
        ret.part1a = [
            Part1aRow(i + 1, "KGST", "Sale", f"Goods {i}", "First Schedule", Decimal("5"), "first",
                      Decimal("100000.00") + i, Decimal("0.00"), Decimal("5000.00"), Decimal("0.00"))
            for i in range(20)
        ]  # fmt: skip
        ret.part2 = [
            Part2Row(i + 1, "KVAT", "Purchase", f"Goods {i}", "", Decimal("5"), Decimal("1000.00"),
                     Decimal("50.00"), Decimal("0.00"), True)
            for i in range(20)
        ]  # fmt: skip
        day = date(2024, 10, 1)
        ret.sales_list = [
            ListRow("Sales", "first", "32123456789", f"Customer {i % 997}", f"S/{i:06d}",
                    day + timedelta(days=i % 31), Decimal(1000 + i % 500) + Decimal("0.50"),
                    Decimal("50.03"), Decimal("0.00"))
            for i in range(rows)
        ]  # fmt: skip
        ret.purchase_list = [
            ListRow("Purchase", "first", "32123456780", f"Supplier {i % 97}", f"P/{i:05d}",
                    day + timedelta(days=i % 31), Decimal("2000.00"), Decimal("100.00"),
                    Decimal("0.00"))
            for i in range(rows // 10)
        ]  # fmt: skip
        return int(store.create_return(cid, ret))
    finally:
        store.close()


CHILD_COLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.ui.qt import QApplication
    app = QApplication(sys.argv[:1])
    from app.ui.main import fill, paint_first  # as `python -m app` starts (app.ui.main.run)
    window = paint_first()
    window.grab()  # first paint
    print("painted", time.time())
    fill(window, Path(sys.argv[1]))
    app.processEvents()
    window.grab()  # the dealers listed
    print("filled", time.time(), window.clients.rowCount())
    from app.ui.main import shutdown
    shutdown(window)
    window.store.close()
    """
)

CHILD_BARE = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("FORM No. 9"))
    window.resize(1280, 720)
    window.show()
    app.processEvents()
    window.grab()  # first paint
    import time
    print("painted", time.time())
    """
)

CHILD_STORE_IMPORT = textwrap.dedent(
    """
    import time
    t = time.perf_counter()
    import app.store
    print(f"{time.perf_counter() - t:.3f}")
    """
)

TARGET_S, ISSUE_ANCHOR_S = 0.6, 0.23  # the issue's target and its anchor's time

CHILD_OPEN = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.ui.qt import QApplication
    app = QApplication(sys.argv[:1])
    from app.ui.main import open_store, start
    store = open_store(Path(sys.argv[1]))
    window = start(store)
    window.show()
    app.processEvents()
    rid = int(sys.argv[2])
    t0 = time.perf_counter()
    editor = window.open_return(rid)
    editor.show_page("sales_list")
    app.processEvents()
    editor.grab()
    t_open = time.perf_counter() - t0
    editor.session.wait_validated()
    t_valid = time.perf_counter() - t0 - t_open
    rss = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) // 1024
    s = editor.session
    from decimal import Decimal
    times = []
    for i in range(20):
        t = time.perf_counter()
        s.set_values("part1a", [(0, "total_turnover", Decimal(200000 + i))])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    lt = []
    for i in range(20):
        t = time.perf_counter()
        s.set_values("sales_list", [(50000 + i, "value", Decimal(3000 + i))])
        lt.append((time.perf_counter() - t) * 1000)
    lt.sort()
    page = editor.page("sales_list")
    t = time.perf_counter()
    page.search.setText("Customer 99")
    page.apply_filter()
    t_filter = (time.perf_counter() - t) * 1000
    print(f"open_to_first_paint_s={t_open:.3f}")
    print(f"validation_and_list_totals_s={t_valid:.3f}")
    peak = 0  # VmHWM: this process's own peak (ru_maxrss would start from the parent's)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
    print(f"rss_mb={rss}")
    print(f"peak_rss_mb={peak}")
    print(f"part1a_edit_recompute_save_ms_median={times[10]:.1f} max={times[-1]:.1f}")
    print(f"list_cell_edit_save_ms_median={lt[10]:.1f} max={lt[-1]:.1f}")
    print(f"list_filter_ms={t_filter:.0f} shown={page.model.rowCount()}")
    editor.close()
    from app.ui.qt import QThreadPool
    QThreadPool.globalInstance().waitForDone(10000)
    from app.ui.main import shutdown
    shutdown(window)
    store.close()
    """
)


def run_child(code: str, *args: str) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        print(f"  (child exited with {out.returncode}: {out.stderr.strip()[-600:]})")
    return time.perf_counter() - t, out.stdout


def to_paint(code: str, *args: str, mark: str = "painted") -> float:
    """Seconds from starting the process to the window painted (its exit is not counted)."""
    return to_marks(code, *args)[mark]


def to_marks(code: str, *args: str) -> dict[str, float]:
    """Seconds from starting the process to each mark it prints ("painted", "filled")."""
    start = time.time()
    _wall, out = run_child(code, *args)
    marks = {line.split()[0]: float(line.split()[1]) - start for line in out.splitlines()
             if line.split() and line.split()[0] in ("painted", "filled")}  # fmt: skip
    return {k: marks.get(k, float("nan")) for k in ("painted", "filled")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--start-only", action="store_true", help="only the cold start")
    parser.add_argument("--no-million", dest="million", action="store_false",
                        help="leave out the 1,000,000-row return (about 40 s)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        run_child(CHILD_COLD, str(empty))  # first start creates the database and the sample
        run_child(CHILD_BARE)
        colds, filled, bares, stores = [], [], [], []
        for _ in range(args.runs):
            bares.append(to_paint(CHILD_BARE))
            marks = to_marks(CHILD_COLD, str(empty))
            colds.append(marks["painted"])
            filled.append(marks["filled"])
            stores.append(float(run_child(CHILD_STORE_IMPORT)[1] or "nan"))
        cold, bare = statistics.median(colds), statistics.median(bares)
        print(f"cold start to painted main window (from process start, median of {args.runs}):"
              f" {cold:.3f} s; anchor, a bare PySide6 window painted: {bare:.3f} s; ratio "
              f"{cold / bare:.1f}× (target ≤ {TARGET_S} s where the anchor took {ISSUE_ANCHOR_S} s:"
              f" ≤ {TARGET_S / ISSUE_ANCHOR_S:.1f}×)")  # fmt: skip
        print(f"  the store opened and the dealers listed in it: {statistics.median(filled):.3f} s"
              f" ({statistics.median(filled) / bare:.1f}× the anchor)")  # fmt: skip
        print(f"  `import app.store` alone: {statistics.median(stores):.3f} s")
        if args.start_only:
            return
        big = Path(tmp) / "big"
        big.mkdir()
        t = time.perf_counter()
        rid = make_big_return(big, args.rows)
        print(f"setup: stored a return with {args.rows:,} sales + {args.rows // 10:,} purchase "
              f"list rows in {time.perf_counter() - t:.1f} s")  # fmt: skip
        _wall, out = run_child(CHILD_OPEN, str(big), str(rid))
        for line in out.splitlines():
            print("  " + line)
        if args.million:
            million(Path(tmp) / "million")


MILLION_OPEN_S, MILLION_RSS_MB = 8.0, 800  # issue 13: a 1M-row return opens ≤ 8 s, RSS ≤ 800 MB


def million(folder: Path) -> None:
    """A return with 1,000,000 sales + 100,000 purchase list rows, opened in the editor: time to
    the list painted and the process's memory once validation is done (and its peak)."""
    folder.mkdir()
    rid = make_big_return(folder, 1_000_000)
    _wall, out = run_child(CHILD_OPEN, str(folder), str(rid))
    got = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    if "open_to_first_paint_s" not in got:
        print("1,000,000-row return: the child failed (see above)")
        return
    opened, rss = float(got["open_to_first_paint_s"]), int(got["rss_mb"])
    peak = int(got["peak_rss_mb"])
    validated = opened + float(got["validation_and_list_totals_s"])
    ok = opened <= MILLION_OPEN_S and max(rss, peak) <= MILLION_RSS_MB
    print(f"1,000,000 + 100,000 list rows: opens (list painted) in {opened:.1f} s, validated at "
          f"{validated:.1f} s; RSS {rss} MB, peak {peak} MB (target ≤ {MILLION_OPEN_S:.0f} s and "
          f"≤ {MILLION_RSS_MB} MB: {'met' if ok else 'NOT MET'})")  # fmt: skip


if __name__ == "__main__":
    main()
