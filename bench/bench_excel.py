"""Excel figures (issue: import of a 100,000-row sales list within 3x the time python-calamine alone
takes to read the same file; template / export writing of 100,000 rows under 20 s).

    .venv/bin/python bench/bench_excel.py [--rows 100000] [--repeat 3]

Writes a return with ROWS sales-list rows to a workbook (the export), then times python-calamine
reading every table sheet of it and our import of it (archive check + read + cell parsing), each
the best of REPEAT runs.  Then the same workbook with the list's sheet renamed "Sheet1" (as a
dealer's own file names it, issue 15 item 7): the sheet is recognised by its header row and its
rows' types; its import time beside the named one's.  Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def big_return(rows: int):  # type: ignore[no-untyped-def]
    from app.model.form9 import Form9Return, ListRow

    ret = Form9Return()
    ret.header.period = "2024-08"
    first = date(2024, 8, 1)
    ret.sales_list = [
        ListRow(
            "Sales Return" if i % 40 == 0 else "Sales", ("first", "subsequent", "last")[i % 3],
            f"32{i % 1000000000:09d}", f"Customer {i % 997} & Sons", f"INV/2024/{i:06d}",
            first + timedelta(days=i % 31),
            (Decimal(i % 50000) + Decimal(i % 100) / 100) * (-1 if i % 40 == 0 else 1),
            Decimal(i % 9000) / 100, Decimal(i % 7),
        )
        for i in range(1, rows + 1)
    ]  # fmt: skip
    return ret


def calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    from app.export.excel_columns import norm, sheet_by_name, sheets_for

    by_name = sheet_by_name(sheets_for(None))
    wb = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in wb.sheet_names:
        if norm(name) in by_name:
            grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in grid)
    return cells


def renamed(src: Path, dst: Path) -> None:
    """The workbook with its "Sales list" sheet called "Sheet1"."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="Sales list"', b'name="Sheet1"')
            zout.writestr(info, data)


def best(fn, repeat: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from app.export.excel_import import import_file
    from app.export.excel_template import write_workbook

    ret = big_return(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sales.xlsx"
        t_write, writes = best(lambda: write_workbook(path, ret), args.repeat)
        size = path.stat().st_size
        t_cal, cals = best(lambda: calamine_read(path), args.repeat)
        results: list[Any] = []

        def run_import() -> None:
            results[:] = [import_file(path)]

        t_imp, imps = best(run_import, args.repeat)
        result = results[0]
        assert result.ok and result.sheets[4].count == args.rows, "import did not read every row"
        other = Path(tmp) / "mysales.xlsx"
        renamed(path, other)
        t_any, anys = best(lambda: results.__setitem__(slice(None), [import_file(other)]),
                           args.repeat)  # fmt: skip
        seen = [s for s in results[0].seen if s.name == "Sheet1"]
        assert seen and seen[0].how == "header" and seen[0].part == "sales_list"
        assert results[0].replacements()["sales_list"] == result.replacements()["sales_list"]

    fmt = ", ".join
    print(f"rows: {args.rows:,} sales-list rows; workbook {size / 1048576:.1f} MB")
    print(f"export / template write: {t_write:.2f} s (best of {fmt(f'{t:.2f}' for t in writes)})"
          f"  — target < 20 s")  # fmt: skip
    print(f"python-calamine read alone: {t_cal:.2f} s (runs {fmt(f'{t:.2f}' for t in cals)})")
    print(f"our import (check + read + parse): {t_imp:.2f} s "
          f"(runs {fmt(f'{t:.2f}' for t in imps)})")  # fmt: skip
    print(f"import / calamine ratio: {t_imp / t_cal:.2f}x  — target ≤ 3x")
    print(f"the list on a sheet named 'Sheet1' (recognised by its header row and types): "
          f"{t_any:.2f} s (runs {fmt(f'{t:.2f}' for t in anys)}); {t_any / t_imp:.2f}x the named "
          f"sheet's import, {t_any / t_cal:.2f}x calamine")  # fmt: skip


if __name__ == "__main__":
    main()
