"""The upload JSON commands against msgspec's own round trip of the same file (issue 13).

    .venv/bin/python bench/bench_json.py [--rows 100000] [--runs 7]

A return of 2,000 Part 1 rows and ROWS sales-list rows (bench/big_return.py, ready to file) is
written once; then each command runs as a whole process, `--runs` times in turn with the anchor,
and the median wall time (and CPU time) and the peak memory (RSS) of the process are printed
beside the anchor's measured in the same turns: a Python process that decodes the same file with
msgspec (numbers as Decimal) and encodes it again.  Targets: recompute and export-json ≤ 1.5×
the anchor; peak RSS ≤ 3× the file (the memory target is for 1,000,000 rows: `--rows 1000000`).  The GUI's "Open upload JSON" (read, schema,
checksum, validation, computed differences) is timed in its dialog, offscreen: target ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from installed import as_installed  # noqa: E402

ANCHOR = """
import sys, msgspec
from decimal import Decimal
data = open(sys.argv[1], "rb").read()
doc = msgspec.json.Decoder(float_hook=Decimal).decode(data)
open(sys.argv[2], "wb").write(msgspec.json.Encoder(decimal_format="number").encode(doc))
"""
CLI = "from app.cli import run; run()"  # what the form9 program runs
GUI_OPEN = """
import sys, time
from app.ui.qt import QApplication
app = QApplication([])
from app.ui.export_dialogs import open_upload_json
dlg = open_upload_json(None, None, 0)
dlg.path_row.edit.setText(sys.argv[1])
t = time.perf_counter()
dlg.read()
while dlg.opened is None and "Not imported" not in dlg.summary.text() and (
        "Failed" not in dlg.status.text()):
    app.processEvents()
    time.sleep(0.001)
print(f"{time.perf_counter() - t:.3f}")
assert dlg.opened is not None and dlg.opened.checksum_ok, dlg.summary.text()
"""


#: CPU seconds (user + system) of the last process `run` waited for: steadier than wall time on a
#: machine whose other users come and go.
LAST_CPU = [0.0]


def run(argv: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) and stdout of one process (its own rusage, os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        LAST_CPU[0] = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{argv[2:4]} failed ({proc.returncode}): {err.read()[-500:]!r}")
        return wall, usage.ru_maxrss * 1024, out.read().decode()


def measure(argv: list[str], runs: int) -> tuple[float, int, list[str]]:
    results = [run(argv) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results),
            [r[2] for r in results])  # fmt: skip


def paired(argv: list[str], anchor: list[str], runs: int) -> tuple[float, float, float, float, int]:
    """The command and the anchor run in turn, `runs` times each (so both see the same load):
    medians of wall and CPU seconds of each, and the command's peak RSS."""
    walls: list[tuple[float, float]] = []
    cpus: list[tuple[float, float]] = []
    peak = 0
    for _ in range(runs):
        a = run(anchor)[0]
        a_cpu = LAST_CPU[0]
        wall, rss, _ = run(argv)
        walls.append((wall, a))
        cpus.append((LAST_CPU[0], a_cpu))
        peak = max(peak, rss)
    med = statistics.median
    return (med(w for w, _ in walls), med(a for _, a in walls), med(c for c, _ in cpus),
            med(a for _, a in cpus), peak)  # fmt: skip


def met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def write_file_apart(path: Path, rows: int) -> None:
    """write_file in a child process: this one stays small.  (Linux keeps a process's peak RSS
    across exec, and a child starts from its parent's: a parent that had built a million-row
    return would lend each measured command its own peak.)"""
    code = f"import sys; sys.path[:0] = {[str(ROOT), str(ROOT / 'bench')]!r}; " \
           f"from bench_json import write_file; write_file({str(path)!r}, {rows})"  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def write_file(path: Path | str, rows: int) -> None:
    from big_return import big_return

    from app.export.upload_json import write_upload
    from app.model.compute import compute

    ret = big_return(list_rows=rows)
    with open(path, "wb") as fh:
        write_upload(ret, compute(ret, with_lists=False), fh.write)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-gui", action="store_true")
    args = ap.parse_args()
    as_installed()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "big.json", Path(tmp) / "out.json"
        write_file_apart(src, args.rows)
        size = src.stat().st_size
        print(f"upload JSON: 2,000 Part 1 rows + {args.rows:,} list rows, {size / 1e6:.1f} MB; "
              f"whole process, median of {args.runs}")  # fmt: skip
        anchor_argv = [py, "-c", ANCHOR, str(src), str(out)]
        _, anchor_rss, _ = run(anchor_argv)
        print(f"  anchor: msgspec decode + encode, run in turn with each command; its peak "
              f"{anchor_rss / 1e6:.0f} MB ({anchor_rss / size:.1f}x file)")  # fmt: skip
        commands = {
            "form9 recompute": ["recompute", str(src), "-o", str(out)],
            "form9 export-json": ["export-json", str(src), "-o", str(out)],
            "form9 validate": ["validate", str(src)],
        }
        big = args.rows >= 1_000_000  # the memory target is for a million rows
        for label, argv in commands.items():
            wall, anchor, cpu, anchor_cpu, rss = paired([py, "-c", CLI, *argv], anchor_argv,
                                                        args.runs)  # fmt: skip
            ratio = wall / anchor
            target = f"≤ 1.5x: {met(ratio <= 1.5)}" if "validate" not in label else "no target"
            memory = f"≤ 3x: {met(rss / size <= 3)}" if big else "the ≤ 3x target is at 1M rows"
            print(f"  {label:18} {wall:6.3f} s, anchor {anchor:6.3f} s: {ratio:4.2f}x ({target});"
                  f" CPU {cpu:5.2f} s vs {anchor_cpu:5.2f} s: {cpu / anchor_cpu:4.2f}x; "
                  f"peak {rss / 1e6:5.0f} MB = {rss / size:3.1f}x file ({memory})")  # fmt: skip
        if not args.no_gui:
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
            os.environ.update(env)
            wall, rss, outs = measure([py, "-c", GUI_OPEN, str(src)], args.runs)
            opened = statistics.median(float(o.strip().splitlines()[-1]) for o in outs)
            print(f"  {'GUI: open upload JSON (dialog)':34} {opened:7.3f} s   (≤ 1 s: "
                  f"{met(opened <= 1)}; the process {wall:.2f} s, peak {rss / 1e6:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
