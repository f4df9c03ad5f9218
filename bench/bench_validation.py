"""Validation of a large return, in one process: 2,000 Part 1 rows + 100,000 sales-list rows.

    .venv/bin/python bench/bench_validation.py [ROWS]

`errors()` is what `form9 export-json` and `export-pdf` ask for before they write (issue 13: the
whole command ≤ 1.5× msgspec's round trip of the file, bench/bench_json.py); `validate()` is every
finding, warnings too (the editor, `form9 validate`).  Beside them, an anchor measured in the same
run (CPU time, the best of 7 turns: the machine may be shared): the value, tax and cess columns
of the list read out and summed by `sum()`, each amount touched once, in C.  Target: errors()
≤ 2× the anchor (3.4–3.8× before the column proofs worked in blocks, docs/decisions.md).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_json import write_file  # noqa: E402

from app.commands.engine import pack_for_return, read_return  # noqa: E402
from app.model.compute import compute  # noqa: E402
from app.model.validation import errors, validate  # noqa: E402

TARGET = 2.0


def best(fns: list[Callable[[], Any]], runs: int = 7) -> list[float]:
    """The least CPU time of each of `fns`, run in turn `runs` times (a busy spell of the
    machine falls on all of them alike)."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, took in zip(fns, times, strict=True):
            t = time.process_time()
            fn()
            took.append(time.process_time() - t)
    return [min(took) for took in times]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.json"
        write_file(src, rows)
        ret = read_return(src)  # as export-json reads it
    c = compute(ret, with_lists=False)
    pack = pack_for_return(ret)
    assert not errors(ret, c, pack), "the benchmark return must be ready to file"
    zero = Decimal(0)

    def anchor() -> None:
        for f in ("value", "tax", "cess"):
            sum(map(attrgetter(f), ret.sales_list), zero)

    base, took, every = best([anchor, lambda: errors(ret, c, pack), lambda: validate(ret, c, pack)])
    print(f"validation: 2,000 Part 1 rows, {rows:,} list rows (CPU time, best of 7 turns)")
    print(f"  anchor: sum() of the list's 3 amount columns {base:6.3f} s")
    print(f"  errors()   (export-json, export-pdf)          {took:6.3f} s   {took / base:4.2f}x  "
          f"(target ≤ {TARGET:g}x)")  # fmt: skip
    print(f"  validate() (every finding)                    {every:6.3f} s   {every / base:4.2f}x")


if __name__ == "__main__":
    main()
