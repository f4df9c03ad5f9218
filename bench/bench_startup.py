"""CLI start-up, whole process (issue 13: `form9 --help` and `form9 validate` of a small return
≤ 0.2 s, measured where `python -c pass` took 0.04 s: ≤ 5× that anchor).

    .venv/bin/python bench/bench_startup.py [--runs 5]

Each figure is the median of --runs fresh processes, interleaved with the anchors measured in the
same run: `python -c pass` (the interpreter alone) and `python -c "import msgspec"`.  Also shows
which heavy packages each command loaded (none of SQLAlchemy, openpyxl, ReportLab, jsonschema or
Qt may load for these).  Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from installed import as_installed

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "golden" / "nil-return.in.json"
HEAVY = ("sqlalchemy", "openpyxl", "reportlab", "jsonschema", "fastjsonschema", "PySide6",
         "alembic", "python_calamine", "pypdfium2")  # fmt: skip
TARGET_S = 0.2
ISSUE_PASS_S = 0.04  # `python -c pass` where the target was set


def form9() -> list[str]:
    script = Path(sys.executable).with_name("form9")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   cwd=ROOT)  # fmt: skip
    return time.perf_counter() - t


def heavy_loaded(args: list[str]) -> list[str]:
    code = (
        "import sys, io, contextlib\n"
        "from app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({args!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)  # fmt: skip
    return [out.stdout.strip() or out.stderr.strip()[-200:]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    as_installed()
    cli = form9()
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import msgspec"': [sys.executable, "-c", "import msgspec"],
        "form9 --help": [*cli, "--help"],
        f"form9 validate {SMALL.name}": [*cli, "validate", str(SMALL)],
        "form9 validate --help": [*cli, "validate", "--help"],
        "form9 --version": [*cli, "--version"],
    }
    for cmd in cases.values():  # warm the file cache and the bytecode
        timed(cmd)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            times[name].append(timed(cmd))
    median = {name: statistics.median(ts) for name, ts in times.items()}
    anchor = median["python -c pass"]
    print(f"CLI start-up, whole process, median of {args.runs} (target ≤ {TARGET_S} s, i.e. "
          f"≤ {TARGET_S / ISSUE_PASS_S:.0f}× `python -c pass` as measured in the issue)")  # fmt: skip
    for name, m in median.items():
        print(f"  {name:38} {m:6.3f} s   {m / anchor:5.1f}× python -c pass")
    for label, argv in (("--help", ["--help"]), ("validate", ["validate", str(SMALL)])):
        print(f"  heavy packages loaded by form9 {label}: {heavy_loaded(argv)[0]}")


if __name__ == "__main__":
    main()
