"""`form9 recompute` stage by stage, in one process: 2,000 Part 1 rows + 100,000 sales-list rows.

    .venv/bin/python bench/bench_recompute.py [ROWS]

Each stage beside its anchor measured in the same run (best of 3; the machine may be shared):
reading the file (app.export.json_stream) against msgspec decoding it into Python objects,
writing it (app.export.upload_write) against msgspec encoding those objects, and the engine,
validation and the rate pack's checks alone.  The whole-process figures against msgspec's round
trip, with peak memory, are bench/bench_json.py's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec  # noqa: E402
from bench_json import write_file  # noqa: E402

from app.export.json_stream import read_file  # noqa: E402
from app.export.upload_json import write_upload  # noqa: E402
from app.model.compute import compute  # noqa: E402
from app.model.validation import validate  # noqa: E402
from app.model.validation_pack import pack_findings  # noqa: E402
from app.ratepacks import pack_for_period  # noqa: E402


def best(fn: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.json"
        write_file(src, rows)
        size = src.stat().st_size
        data = src.read_bytes()
        print(f"input: 2,000 Part 1 rows, {rows:,} list rows, {size / 1e6:.1f} MB (best of 3)")
        decoder = msgspec.json.Decoder(float_hook=Decimal)
        doc = decoder.decode(data)
        encoder = msgspec.json.Encoder(decimal_format="number")
        anchor_in = best(lambda: decoder.decode(data))
        anchor_out = best(lambda: encoder.encode(doc))
        ret = read_file(src, size)
        assert ret is not None
        reading = best(lambda: read_file(src, size))
        c = compute(ret, with_lists=False)
        parts: list[bytes] = []

        def write_once() -> None:
            parts.clear()
            write_upload(ret, c, parts.append)

        writing = best(write_once)
        pack = pack_for_period(ret.header.period)
        print(f"  read the file           {reading:6.3f} s   msgspec decode {anchor_in:6.3f} s   "
              f"{reading / anchor_in:4.2f}x")  # fmt: skip
        print(f"  write the file          {writing:6.3f} s   msgspec encode {anchor_out:6.3f} s   "
              f"{writing / anchor_out:4.2f}x (the file is indented, the anchor's is not)")  # fmt: skip
        print(f"  engine (compute)        {best(lambda: compute(ret, with_lists=False)):6.3f} s")
        print(f"  validate + rate pack    {best(lambda: validate(ret, c, pack)):6.3f} s   "
              f"(pack checks {best(lambda: pack_findings(ret, pack)):.3f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
