"""`form9 export-pdf` of 2,000 Part 1 rows + ROWS list rows against a raw ReportLab canvas.

    .venv/bin/python bench/bench_pdf.py [--rows 100000] [--runs 5]

Issue 13 target: the whole `form9 export-pdf` process ≤ 3× the anchor measured in the same run,
median of RUNS; peak RSS ≤ 3× the input file's size.  The anchor is a whole process too: it reads
the same upload JSON (stdlib json), registers the same fonts and draws one line per row on a raw
canvas — Part 1 rows in Noto Sans, list rows in the list rows' font (Helvetica) — 43 lines a page.
Runs alternate anchor / export so both see the same machine load.  Prints rows, times, the
ratio and peak RSS (of that child process alone, from wait4); with --stages also where the
memory goes inside one export (reading, checks and checksum, the PDF itself); asserts nothing.
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

from big_return import big_return  # noqa: E402

from app.export.upload_json import dumps  # noqa: E402
from app.model.compute import compute  # noqa: E402

ANCHOR = r"""
import json, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.pagesizes import A4, landscape
from app.paths import resources_dir
fonts = resources_dir() / "fonts"
pdfmetrics.registerFont(TTFont("Sans", str(fonts / "NotoSans-Regular.ttf")))
doc = json.loads(open(sys.argv[1], "rb").read())
c = Canvas(sys.argv[2], pagesize=landscape(A4))
y = [0]
def line(text, font, size):
    if y[0] == 0:
        if c.getPageNumber() > 1 or c._code:
            c.showPage()
        y[0] = 43
    c.setFont(font, size)
    c.drawString(28, 40 + y[0] * 12, text)
    y[0] -= 1
for r in doc["part1a"]:
    line("  ".join(str(v) for v in r.values()), "Sans", 7.5)
for key in ("sales_list", "purchase_list"):
    for r in doc[key]:
        line("  ".join(str(v) for v in r.values()), "Helvetica", 7)
c.save()
"""


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd[:4]} failed with exit {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


STAGES = r"""
import sys, threading, time
from pathlib import Path
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
peak = [0.0]
def sample():
    while True:
        peak[0] = max(peak[0], rss())
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
def stage(label, fn):
    before = rss(); peak[0] = before; t = time.perf_counter(); out = fn()
    time.sleep(0.05)
    print(f"  {label:34} {time.perf_counter() - t:6.2f} s  resident {before:6.0f} -> peak "
          f"{peak[0]:6.0f} MB (+{peak[0] - before:.0f})")
    return out
from app.commands.engine import read_return
from app.commands.files import _findings
from app.export.upload_json import to_document
from app.export.pdf_return import write_pdf
ret = stage("read the upload JSON", lambda: read_return(Path(sys.argv[1])))
c, found = stage("compute + validate", lambda: _findings(ret))
checksum = stage("checksum (to_document)", lambda: str(to_document(ret, c)["checksum"]))
stage("write_pdf", lambda: write_pdf(ret, c, sys.argv[2], draft=True, checksum=checksum))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000, help="list rows (default 100,000)")
    ap.add_argument("--part1", type=int, default=2_000, help="Part 1 rows (default 2,000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--stages", action="store_true", help="memory by stage inside one export")
    args = ap.parse_args()
    ret = big_return(args.part1, args.rows)
    text = dumps(ret, compute(ret))
    del ret
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.json"
        src.write_text(text, encoding="utf-8")
        del text
        size = src.stat().st_size / 1e6
        export = [sys.executable, "-m", "app.cli", "export-pdf", str(src), "-o",
                  str(Path(tmp) / "out.pdf"), "--quiet"]  # fmt: skip
        anchor = [sys.executable, "-c", ANCHOR, str(src), str(Path(tmp) / "anchor.pdf")]
        a_runs, e_runs = [], []
        for _ in range(args.runs):
            a_runs.append(run(anchor))
            e_runs.append(run(export))
        a = statistics.median(r[0] for r in a_runs)
        e = statistics.median(r[0] for r in e_runs)
        rss = max(r[1] for r in e_runs)
        rows = args.part1 + args.rows
        print(f"rows: {args.part1:,} Part 1 + {args.rows:,} list = {rows:,}; input {size:.1f} MB")
        print(f"form9 export-pdf   {e:7.2f} s   (median of {args.runs})")
        print(f"anchor (canvas)    {a:7.2f} s   (median of {args.runs}, peak RSS "
              f"{max(r[1] for r in a_runs):.0f} MB)")  # fmt: skip
        print(f"ratio              {e / a:7.2f} x  (target <= 3)")
        print(f"peak RSS           {rss:7.0f} MB = {rss / size:.2f} x the input file "
              f"(target <= 3)")  # fmt: skip
        if args.stages:
            print("stages of one export (resident MB, sampled every 20 ms):", flush=True)
            subprocess.run([sys.executable, "-c", STAGES, str(src), str(Path(tmp) / "s.pdf")],
                           cwd=ROOT, check=True)  # fmt: skip


if __name__ == "__main__":
    main()
