"""The practitioner's desk (issue 15): each figure printed beside an anchor measured in the same run.

- client-export of a dealer with 12 returns of 20,000 list rows each (target < 5 s); anchor: the
  same 12 returns loaded and written as upload JSON files (what `store-export` does for each);
  also the import of that file into an empty data folder.
- the due-date board over 300 dealers × 13 periods (target < 1 s); anchor: Store.all_returns().
- a problem report bundle for a return of 20,000 list rows with screenshots of two windows
  (target < 3 s); anchor: `store-export` of the same return (load + upload JSON + write).
- dealers from a sheet (item 6): 2,000 dealers read, checked and added in one unit of work, then
  the same sheet again (every TIN here: compared, unchanged); anchors: python-calamine reading the
  sheet alone, and Store.add_client of the same 2,000 profiles in one transaction.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_desk.py
The machine is shared and noisy: compare the ratios to the anchors, not single times.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.desk.client_transfer import export_client, import_client  # noqa: E402
from app.desk.due_board import load_board  # noqa: E402
from app.desk.problem_report import for_stored_return, write_report  # noqa: E402
from app.export.upload_json import dumps  # noqa: E402
from app.fileio import write_text  # noqa: E402
from app.model.client import ClientProfile  # noqa: E402
from app.model.compute import compute  # noqa: E402
from app.model.form9 import (  # noqa: E402
    Declaration,
    Form9Return,
    Header,
    ListRow,
    Part1aRow,
    Part2Row,
    Part5Row,
)
from app.model.periods import Period  # noqa: E402
from app.store import Store  # noqa: E402

TIN = "32012345678"


def best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def month_return(period: Period, tin: str, name: str, list_rows: int) -> Form9Return:
    start = period.first_day
    ret = Form9Return(
        header=Header(period=str(period), tin=tin, name=name, kgst_no="KGST/EKM/1",
                      tps_division="Ernakulam", nature_of_business="Other"),
        declaration=Declaration("A. Signatory", "B. Parent", "Partner", "Kochi"),
    )  # fmt: skip
    ret.part1a = [Part1aRow(n + 1, "KGST", "Sale", f"Goods {n}", "First Schedule",
                            Decimal("5"), "first", Decimal(1_000_000 + n * 1000),
                            Decimal(0), Decimal(50_000 + n * 50)) for n in range(6)]  # fmt: skip
    ret.part2 = [Part2Row(1, "KVAT", "Purchase", "Goods 0", "Third Schedule", Decimal("5"),
                          Decimal(400_000), Decimal(20_000))]  # fmt: skip
    ret.part5 = [Part5Row("CIN1", start + timedelta(days=40), "KGST", "0040-00-102-99",
                          Decimal(50_000))]  # fmt: skip
    ret.sales_list = [
        ListRow("Sales", "first", f"32{n:09d}", f"Customer {n % 900}", f"INV/{n}",
                start + timedelta(days=n % 28), Decimal(123_456 + n).scaleb(-2),
                Decimal(6_172 + n % 100).scaleb(-2), Decimal(0))
        for n in range(list_rows)
    ]  # fmt: skip
    return ret


def client_export(tmp: Path) -> None:
    rows = 20_000
    with Store.open(tmp / "a", backups=False) as store:
        cid = store.add_client(ClientProfile(tin=TIN, name="Bench Petroleum"))
        with store.transaction():
            ids = []
            for p in Period(2025, 0).months():
                rid = store.create_return(cid, month_return(p, TIN, "Bench Petroleum", rows))
                store.set_status(
                    rid, "filed", ack_no=f"ACK-{p}", filed_on=p.last_day + timedelta(days=10)
                )
                ids.append(rid)

        def anchor() -> None:
            for rid in ids:
                ret = store.load_return(rid)
                write_text(tmp / f"r{rid}.json", dumps(ret, compute(ret, with_lists=False)))

        anchor_s, _ = best(anchor)
        target = tmp / "client.zip"
        export_s, _ = best(lambda: export_client(store, TIN, target))
    size = target.stat().st_size / 1e6
    n = [0]

    def into_new() -> None:
        n[0] += 1
        with Store.open(tmp / f"b{n[0]}", backups=False) as b:
            import_client(b, target)

    import_s, _ = best(into_new, 2)
    print(f"client-export, 12 returns × {rows:,} list rows: {export_s:.2f} s  (target < 5 s; "
          f"file {size:.1f} MB)")  # fmt: skip
    print(f"  anchor: the same 12 returns loaded and written as upload JSON: {anchor_s:.2f} s  "
          f"(ratio {export_s / anchor_s:.2f})")  # fmt: skip
    print(f"  client-import of that file into an empty data folder: {import_s:.2f} s "
          f"(ratio {import_s / anchor_s:.2f})")  # fmt: skip


def board(tmp: Path) -> None:
    p = Period(2024, 8)
    periods = []
    for _ in range(13):
        periods.append(p)
        p = p.next()
    today = date(2025, 9, 20)  # August 2025 (the 13th month) overdue for those not filed
    with Store.open(tmp / "board", backups=False) as store:
        with store.transaction():
            for d in range(300):
                tin = f"32{d:09d}"
                cid = store.add_client(ClientProfile(tin=tin, name=f"Dealer {d:03d}",
                                                     large_dealer=d % 4 == 0))  # fmt: skip
                for n, period in enumerate(periods):
                    rid = store.create_return(cid, month_return(period, tin, f"Dealer {d:03d}", 0))
                    unfiled = n == 12 or (
                        n == 11 and d % 5 == 0
                    )  # the last month, some the last two
                    if not unfiled:
                        store.set_status(rid, "filed", ack_no=f"A{d}-{n}",
                                         filed_on=period.last_day + timedelta(days=12))  # fmt: skip
        anchor_s, infos = best(store.all_returns, 5)
        board_s, rows = best(lambda: load_board(store, today, 30), 5)
    overdue = sum(r.state == "overdue" for r in rows)
    figured = sum(r.figures is not None for r in rows)
    print(f"due-date board, 300 dealers × 13 periods ({len(infos):,} returns): {board_s:.3f} s  "
          f"(target < 1 s; {len(rows)} rows, {overdue} overdue, {figured} of them computed by "
          "the engine as if filed today)")  # fmt: skip
    print(f"  anchor: Store.all_returns(): {anchor_s:.3f} s  (ratio {board_s / anchor_s:.1f})")


def bundle(tmp: Path) -> None:
    from app.ui.qt import QApplication

    app = QApplication.instance() or QApplication([])
    from app.ui.main_window import MainWindow
    from app.ui.report_problem import grab_windows

    with Store.open(tmp / "report", backups=False) as store:
        cid = store.add_client(ClientProfile(tin=TIN, name="Bench Petroleum"))
        rid = store.create_return(
            cid, month_return(Period(2025, 10), TIN, "Bench Petroleum", 20_000)
        )
        window = MainWindow(store)
        window.resize(1366, 768)
        window.show()
        editor = window.open_return(rid)
        assert editor is not None
        editor.resize(1366, 768)
        app.processEvents()

        def anchor() -> None:
            ret = store.load_return(rid)
            write_text(tmp / "export.json", dumps(ret, compute(ret, with_lists=False)))

        def report() -> int:
            shots = grab_windows()
            r = for_stored_return(store, rid, "bench", data_dir=tmp)
            r.screenshots = shots
            return len(write_report(tmp / "report.zip", r))

        anchor_s, _ = best(anchor)
        report_s, members = best(report)
        editor.close()
        window.close()
        app.processEvents()
    print(f"problem report bundle, 20,000 list rows + screenshots of 2 windows: {report_s:.2f} s  "
          f"(target < 3 s; {members} files)")  # fmt: skip
    print(f"  anchor: store-export of the same return: {anchor_s:.2f} s  (ratio "
          f"{report_s / anchor_s:.1f})")  # fmt: skip


def dealers(tmp: Path) -> None:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from app.desk.client_import import import_dealers
    from app.export.client_sheet import read_clients
    from app.model.identifiers import gstin_check_char

    n = 2000
    book = tmp / "dealers.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dealers"
    ws.append(["TIN", "Name of the dealer", "Trade name", "Address", "Constitution",
               "Nature of business", "GSTIN", "Return due on", "TPS Circle"])  # fmt: skip
    for i in range(n):
        g = f"32AABC{'DEFGHJKL'[i % 8]}{i % 10000:04d}B1Z"
        ws.append([f"3207{i:07d}", f"Dealer {i}", f"Shop {i}", f"{i} MG Road, Kochi", "Partnership",
                   "Other", g + gstin_check_char(g), ("10th", "15th")[i % 2], "Ernakulam I"])  # fmt: skip
    wb.save(book)

    def calamine() -> int:
        return len(CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Dealers").to_python())

    cal_s, _ = best(calamine)
    first = Store.open(tmp / "dealers-1")
    t = time.perf_counter()
    report = import_dealers(first, read_clients(book))
    import_s = time.perf_counter() - t
    assert report.count("added") == n, report.summary()
    t = time.perf_counter()
    again = import_dealers(first, read_clients(book))
    again_s = time.perf_counter() - t
    assert again.count("unchanged") == n, again.summary()
    first.close()
    profiles = [line for line in read_clients(book).rows]
    second = Store.open(tmp / "dealers-2")
    t = time.perf_counter()
    with second.transaction():
        for row in profiles:
            second.add_client(ClientProfile(**row.values))
    add_s = time.perf_counter() - t
    second.close()
    print(f"clients-import of {n:,} dealers (read, check, add in one unit of work): "
          f"{import_s:.2f} s; the same sheet again (all unchanged): {again_s:.2f} s")  # fmt: skip
    print(f"  anchors: python-calamine reading the sheet: {cal_s:.3f} s; Store.add_client of the "
          f"{n:,} profiles in one transaction: {add_s:.2f} s  (import / add ratio "
          f"{import_s / add_s:.1f})")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        client_export(Path(tmp))
        board(Path(tmp))
        bundle(Path(tmp))
        dealers(Path(tmp))


if __name__ == "__main__":
    main()
