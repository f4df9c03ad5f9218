"""Windows following the store (issue 15 item 5): a bulk action writes 3,600 returns (300 dealers
× 12 months, one unit of work each) on a worker thread while the main window and the overview
are open.  Prints how many times each window refreshed and what the burst cost with the windows
open against the same burst with none (the anchor, measured in the same run).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_follow.py [--dealers N]
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import Form9Return  # noqa: E402
from app.store import Store  # noqa: E402
from app.store.changes import Changes  # noqa: E402
from app.ui.events import AppEvents  # noqa: E402
from app.ui.qt import QApplication  # noqa: E402

MONTHS = [(2025, m) for m in range(4, 13)] + [(2026, m) for m in (1, 2, 3)]


def dealers(store: Store, n: int) -> list[tuple[int, ClientProfile]]:
    out = []
    with store.transaction():
        for i in range(n):
            p = ClientProfile(tin=f"32{i:09d}", name=f"Dealer {i:03d}")
            out.append((store.add_client(p), p))
    return out


def burst(store: Store, clients: list[tuple[int, ClientProfile]]) -> None:
    """The bulk action: one unit of work per return, as the overview's Create returns does."""
    for cid, p in clients:
        for y, m in MONTHS:
            store.create_return(cid, Form9Return(header=p.header_for(f"{y}-{m:02d}")))


def run_burst(app: QApplication, store: Store, clients: list[tuple[int, ClientProfile]]) -> float:
    worker = threading.Thread(target=burst, args=(store, clients))
    t0 = time.perf_counter()
    worker.start()
    while worker.is_alive():
        app.processEvents()
        time.sleep(0.005)
    took = time.perf_counter() - t0
    deadline = time.perf_counter() + 1
    while time.perf_counter() < deadline:  # the last coalesced refresh
        app.processEvents()
        time.sleep(0.01)
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dealers", type=int, default=300)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from app.ui.main_window import MainWindow
    from app.ui.overview import OverviewWindow

    n = args.dealers
    with tempfile.TemporaryDirectory() as tmp:
        anchor_store = Store.open(Path(tmp) / "a", backups=False)
        anchor = run_burst(app, anchor_store, dealers(anchor_store, n))
        anchor_store.close()
        # The overview's own Create returns: the overview waits, the main window follows.
        alone_store = Store.open(Path(tmp) / "c", backups=False)
        alone_clients = dealers(alone_store, n)
        alone_main = MainWindow(alone_store)
        alone_main.show()
        alone = run_burst(app, alone_store, alone_clients)
        alone_main.close()
        alone_store.close()

        store = Store.open(Path(tmp) / "b", backups=False)
        clients = dealers(store, n)
        main = MainWindow(store)
        main.show()
        overview = OverviewWindow(store, main, today=date(2026, 4, 15))
        overview.show()
        counts = {"main window": 0, "overview": 0}
        spent = {"main window": 0.0, "overview": 0.0}
        real_main, real_changed = main.refresh_clients, overview._store_changed

        def main_refresh(select: int | None = None) -> None:
            counts["main window"] += 1
            t = time.perf_counter()
            real_main(select)
            spent["main window"] += time.perf_counter() - t

        main.refresh_clients = main_refresh  # type: ignore[method-assign]
        events = AppEvents.of(store)
        events.changed.disconnect(overview._store_changed)

        def grid_changed(changes: Changes) -> None:
            counts["overview"] += 1
            t = time.perf_counter()
            real_changed(changes)
            spent["overview"] += time.perf_counter() - t

        events.changed.connect(grid_changed)
        took = run_burst(app, store, clients)
        shown = (
            overview.model.rowCount(),
            sum(1 for r in overview.model.all_rows for c in r if c.info is not None),
        )
        store.close()
    writes = n * len(MONTHS)
    print(f"{writes} units of work (returns created) on a worker thread, windows open:")
    print(f"  anchor, the same burst with no window open:       {anchor:.2f} s")
    print(f"  with the main window following it:                {alone:.2f} s"
          f" ({alone / anchor:.2f}x)")  # fmt: skip
    print(f"  with the main window and the overview following:  {took:.2f} s"
          f" ({took / anchor:.2f}x)")  # fmt: skip
    for name, count in counts.items():
        each = spent[name] / max(count, 1) * 1000
        print(f"  {name} refreshed {count} times ({count / took:.1f} a second, {each:.0f} ms each)")
    print(f"  overview at the end: {shown[0]} dealers, {shown[1]} returns shown")


if __name__ == "__main__":
    main()
