"""Reading hostile-proof (issue 10): what the checks cost, each against an anchor measured in the
same run (the machine is shared: compare the ratios).

    .venv/bin/python bench/bench_reading.py [ROWS]

- upload JSON of ROWS (default 100,000) list rows: `loads` (the fast reader, all checks included)
  and `read_upload` (the GUI's opener: schema, checksum, full depth and surrogate checks), against
  msgspec decoding the same bytes;
- the .xlsx export of ROWS list rows: the archive and sheet-area checks against zipfile unpacking
  every part alone, and the whole import against python-calamine reading the sheets alone.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def best(fn: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def unpack_all(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as member:
                while member.read(4 << 20):
                    pass


def main() -> None:
    import msgspec
    from bench_excel import big_return as list_return
    from bench_excel import calamine_read
    from big_return import big_return

    from app.export.excel_import import import_file
    from app.export.excel_template import write_workbook
    from app.export.import_checks import check_archive
    from app.export.upload_json import dumps, loads
    from app.export.upload_open import read_upload
    from app.model.compute import compute

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    ret = big_return(list_rows=rows)
    data = dumps(ret, compute(ret)).encode()
    decoder = msgspec.json.Decoder(float_hook=Decimal)
    anchor = best(lambda: decoder.decode(data))
    fast = best(lambda: loads(data))
    opened = best(lambda: read_upload(data), 3)
    print(f"upload JSON, {rows:,} list rows, {len(data) / 1e6:.1f} MB")
    print(f"  msgspec decode alone (anchor)      {anchor:7.3f} s")
    print(f"  loads (every check)                {fast:7.3f} s   {fast / anchor:5.2f}x anchor")
    print(f"  read_upload (schema, checksum)     {opened:7.3f} s   {opened / anchor:5.2f}x anchor")
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "sales.xlsx"
        write_workbook(book, list_return(rows))
        raw = best(lambda: unpack_all(book), 3)
        checked = best(lambda: check_archive(book), 3)
        cal = best(lambda: calamine_read(book), 3)
        imp = best(lambda: import_file(book), 3)
    print(f".xlsx of {rows:,} list rows")
    print(f"  zipfile unpacking every part (anchor) {raw:7.3f} s")
    print(
        f"  archive + sheet-area checks           {checked:7.3f} s   {checked / raw:5.2f}x anchor"
    )
    print(f"  python-calamine reading (anchor)      {cal:7.3f} s")
    print(f"  import (checks, read, cells)          {imp:7.3f} s   {imp / cal:5.2f}x anchor")


if __name__ == "__main__":
    main()
