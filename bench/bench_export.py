"""Export figures (spec sections 8 and 10): prints seconds; no assertions.

    .venv/bin/python bench/bench_export.py [ROWS]

- JSON export of a return with ROWS (default 100,000) list rows, schema check included
- opening that file again (parse, schema, checksum, model)
- PDF of a return without large lists, and of the large one (annexure included)
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "export"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from export_samples import big_return, example  # noqa: E402

from app.export.pdf_return import register_fonts, write_pdf  # noqa: E402
from app.export.schema import dumps_checked  # noqa: E402
from app.export.upload_open import read_upload  # noqa: E402
from app.model.compute import compute  # noqa: E402


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    result = fn()
    print(f"{label:58} {time.perf_counter() - t:7.2f} s")
    return result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    ret = big_return(rows)
    c = timed(f"compute ({rows:,} list rows)", lambda: compute(ret))
    text = timed(f"JSON export incl. schema check ({rows:,} rows)", lambda: dumps_checked(ret, c))
    print(f"{'  file size':58} {len(text.encode()) / 1e6:7.1f} MB")
    data = text.encode("utf-8")  # the GUI opens the bytes as read
    opened = timed("open upload JSON (parse, schema, checksum, model)", lambda: read_upload(data))
    assert opened.checksum_ok and not opened.schema_findings
    small = example("original")
    sc = compute(small)
    timed("fonts (first PDF of a session)", register_fonts)
    timed(
        "PDF of a return without large lists",
        lambda: write_pdf(small, sc, io.BytesIO(), draft=False, checksum="x"),
    )
    with tempfile.TemporaryDirectory() as d:
        calls = [0]

        def progress(done: int, total: int, text: str) -> None:
            calls[0] += 1

        pages = timed(
            f"PDF incl. {rows:,}-row annexure",
            lambda: write_pdf(ret, c, Path(d) / "big.pdf", draft=False, checksum="x",
                              progress=progress),
        )  # fmt: skip
        size = (Path(d) / "big.pdf").stat().st_size
    print(f"{'  pages / progress calls / size':58} {pages} / {calls[0]} / {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
