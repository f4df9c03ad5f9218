"""Bulk `form9 store-import DIR` (issue 13): 3,600 returns (300 dealers × 12 months) in one process.

Target: ≤ 60 s, whole process.  Anchor measured in the same run: the store API in one process
(read each file, add its dealer when new, add the return with its payable: one unit of work per
file), into a fresh store, without the command around it.
Run: .venv/bin/python bench/bench_store_import.py [--dealers N] [--months N] [--db URL]
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.export.upload_json import dumps, loads  # noqa: E402
from app.model.compute import compute  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.samples import add_return, samples_dir  # noqa: E402
from app.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def make_files(folder: Path, dealers: int, months: int) -> list[Path]:
    """The sample return as `dealers` dealers × `months` periods from 2024-08."""
    sample = loads((samples_dir() / "return-2025-10.json").read_bytes())
    periods = [Period.parse("2024-08")]
    while len(periods) < months:
        periods.append(periods[-1].next())
    files = []
    for d in range(dealers):
        for p in periods:
            ret = copy.deepcopy(sample)
            ret.header.tin = f"32{d + 1:09d}"
            ret.header.name = f"Dealer {d + 1}"
            ret.header.period = str(p)
            path = folder / f"{ret.header.tin}-{p}.json"
            path.write_text(dumps(ret, compute(ret, with_lists=False)), encoding="utf-8")
            files.append(path)
    return files


def anchor(files: list[Path], data: Path) -> float:
    """The store API in one process: one unit of work per file."""
    from app.commands.store import profile_from_header

    t = time.perf_counter()
    with Store.open(data) as store:
        for path in files:
            ret = loads(path.read_bytes())
            with store.transaction():
                cid = store.find_client(ret.header.tin)
                if cid is None:
                    cid = store.add_client(profile_from_header(ret))
                add_return(store, cid, ret)
    return time.perf_counter() - t


def command(folder: Path, target: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *target, "store-import", str(folder)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    took = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"store-import failed: {proc.stderr.strip()} {proc.stdout[-500:]}")
    return took, proc.stdout.strip().splitlines()[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dealers", type=int, default=300)
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--db", help="also import into this (empty) PostgreSQL database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        files = make_files(folder, args.dealers, args.months)
        print(f"{len(files):,} upload files ({args.dealers} dealers × {args.months} months)")
        api = anchor(files, Path(tmp) / "anchor")
        took, summary = command(folder, ["--data-dir", str(Path(tmp) / "cmd")])
        print(f"anchor: the store API in one process     {api:7.1f} s")
        print(f"form9 store-import DIR (whole process)    {took:7.1f} s   "
              f"{took / api:.2f}× the anchor   target ≤ 60 s   [{summary}]")  # fmt: skip
        if args.db:
            took, summary = command(folder, ["--db", args.db])
            print(f"form9 --db URL store-import DIR           {took:7.1f} s   [{summary}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
