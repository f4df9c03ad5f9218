"""How the commands scale with the list (issue 13): 10,000 / 100,000 / 1,000,000 list rows.

    .venv/bin/python bench/bench_scaling.py [--sizes 10000,100000,1000000] [--no-pdf-above N]

For each size a return of 2,000 Part 1 rows and that many sales-list rows (bench/big_return.py)
is written, and `recompute`, `validate`, `export-json` and `export-pdf` run as a whole process:
wall time and peak RSS (the process's own, os.wait4), with the file's size and RSS / file
(target ≤ 3× for every command at 1,000,000 rows, export-pdf included: its finished pages wait
in a temporary file, not in memory; a small file is mostly the interpreter's own memory).  The
msgspec round trip of the same file is the anchor of each row: each of the first three commands
runs in turn with it, 5 times up to 100,000 rows and 3 times at 1,000,000 (medians of both, as
bench_json: one run swings by a third on a shared machine); the PDF once, beside the anchor's
first run.  1,000,000
rows take a few minutes (the PDF of that return, about 60 s, alone); `--no-pdf-above 100000`
leaves its PDF out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_json import ANCHOR, CLI, met, paired, run, write_file_apart  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--no-pdf-above", type=int, default=10**9)
    args = ap.parse_args()
    py = sys.executable
    print(f"{'rows':>10} {'MB':>6}  {'command':12} {'time':>8} {'anchor':>8} {'ratio':>6} "
          f"{'peak RSS':>9} {'RSS/file':>8}  RSS ≤ 3x file")  # fmt: skip
    for rows in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "big.json", Path(tmp) / "out"
            write_file_apart(src, rows)
            size = src.stat().st_size
            anchor, anchor_rss, _ = run([py, "-c", ANCHOR, str(src), str(out)])
            print(f"{rows:>10,} {size / 1e6:6.0f}  {'msgspec':12} {anchor:7.2f}s {'':>8} "
                  f"{'':>6} {anchor_rss / 1e6:7.0f}MB {anchor_rss / size:7.1f}x")  # fmt: skip
            commands = {
                "recompute": ["recompute", str(src), "-o", str(out)],
                "validate": ["validate", str(src)],
                "export-json": ["export-json", str(src), "-o", str(out)],
                "export-pdf": ["export-pdf", "--quiet", str(src), "-o", str(out)],
            }
            for name, argv in commands.items():
                if name == "export-pdf" and rows > args.no_pdf_above:
                    continue
                if name != "export-pdf":
                    anchor_argv = [py, "-c", ANCHOR, str(src), str(out) + ".anchor"]
                    turns = 5 if rows <= 100_000 else 3
                    wall, beside, _, _, rss = paired([py, "-c", CLI, *argv], anchor_argv, turns)
                else:
                    (wall, rss, _), beside = run([py, "-c", CLI, *argv]), anchor
                print(f"{'':>10} {'':>6}  {name:12} {wall:7.2f}s {beside:7.2f}s "
                      f"{wall / beside:5.2f}x {rss / 1e6:7.0f}MB {rss / size:7.1f}x  "
                      f"{met(rss / size <= 3) if rows >= 1_000_000 else '(at 1M rows)'}",
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
