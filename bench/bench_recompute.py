"""`form9 recompute` on 2,000 Part 1 rows + 100,000 sales-list rows (target: < 1.5 s end to end)."""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app.resources import rate_pack_for  # noqa: E402
from big_return import big_return  # noqa: E402

from app.export.upload_json import dumps, loads  # noqa: E402
from app.model.compute import compute  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.model.validation import validate  # noqa: E402
from app.model.validation_pack import pack_findings  # noqa: E402


def best(fn, runs: int = 3) -> float:
    """Best wall time of `runs` (CPU time is printed too: the machine may be shared)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def child_cpu(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ret = big_return()
    text = dumps(ret, compute(ret))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.json"
        src.write_text(text, encoding="utf-8")
        print(f"input: {len(ret.part1a):,} Part 1 rows, {len(ret.sales_list):,} sales-list rows, "
              f"{src.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        parsed = loads(text)
        c = compute(parsed)
        print(f"  parse (JSON → return)   {best(lambda: loads(text)):.3f} s")
        print(f"  engine (compute)        {best(lambda: compute(parsed)):.3f} s")
        print(f"  validate                {best(lambda: validate(parsed, c)):.3f} s")
        pack = rate_pack_for(Period.parse(parsed.header.period))
        with_pack = best(lambda: validate(parsed, c, pack))
        print(f"  validate + rate pack    {with_pack:.3f} s (pack checks: "
              f"{best(lambda: pack_findings(parsed, pack)):.3f} s)")  # fmt: skip
        print(f"  write (canonical JSON)  {best(lambda: dumps(parsed, c)):.3f} s")
        out = Path(tmp) / "out.json"
        cmd = [
            sys.executable,
            "-c",
            "from app.cli import main; raise SystemExit(main())",
            "recompute",
            str(src),
            "-o",
            str(out),
        ]
        cwd = Path(__file__).resolve().parent.parent
        runs = [child_cpu(cmd, cwd) for _ in range(5)]
        wall = min(r[0] for r in runs)
        cpu = min(r[1] for r in runs)
        print(f"form9 recompute end to end: {wall:.3f} s wall, {cpu:.3f} s CPU (target < 1.5 s)")


if __name__ == "__main__":
    main()
