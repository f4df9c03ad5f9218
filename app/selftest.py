"""`form9 --self-test`: does this installation work?  (issue 13: the bundle users install)

Each step prints one line (`ok`, `FAIL` or `note`, what it did, how long it took); the exit code
is 1 when any step failed.  It works on the shipped sample return and in a temporary folder only:
the user's own store is never opened.  The window is opened off screen (QT_QPA_PLATFORM=offscreen)
so the test runs without a display; whether the X11 libraries are there for a real window is a
note (a server without them is no fault of the installation).

App-level glue like app.__main__: it drives export, store and the window, so it may import all.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

SAMPLE_GLOB = "return-*.json"


class StepFailed(Exception):
    """A check that did not hold: the message says what."""


class Skipped(StepFailed):
    """A step that cannot run because an earlier one failed."""


@dataclass
class Context:
    folder: Path
    sample: Path | None = None
    ret: Any = None  # the sample return (Form9Return) and its figures (Computed)
    computed: Any = None
    data_dir: Path | None = None  # the temporary store made by the store step
    return_id: int | None = None  # the sample return in it
    notes: list[str] = field(default_factory=list)

    def need_return(self) -> tuple[Any, Any]:
        if self.ret is None:
            raise Skipped("needs the sample return (see the validate step)")
        return self.ret, self.computed


def _kb(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KB"


def step_versions(ctx: Context) -> str:
    from app.about import about

    info = about()
    if info.problems:
        raise StepFailed("; ".join(info.problems))
    return "; ".join(info.lines())


def step_validate(ctx: Context) -> str:
    from app.export.upload_json import loads
    from app.model.compute import compute
    from app.model.validation import validate
    from app.paths import resource
    from app.ratepacks import pack_for_period

    samples = sorted(resource("samples").glob(SAMPLE_GLOB))
    if not samples:
        raise StepFailed(f"no sample return ({SAMPLE_GLOB}) in {resource('samples')}")
    ctx.sample = samples[0]
    ret = loads(ctx.sample.read_bytes())
    computed = compute(ret)
    found = validate(ret, computed, pack_for_period(ret.header.period))
    errors = [f for f in found if f.is_error]
    if errors:
        first = errors[0]
        raise StepFailed(f"{ctx.sample.name}: {len(errors)} error(s), the first "
                           f"{first.code} at {first.location}: {first.message}")  # fmt: skip
    ctx.ret, ctx.computed = ret, computed
    return f"{ctx.sample.name}: 0 errors, {len(found)} warning(s)"


def step_json(ctx: Context) -> str:
    from app.export.schema import write_checked
    from app.export.upload_json import dumps, loads
    from app.fileio import atomic_write
    from app.model.compute import compute

    ret, computed = ctx.need_return()
    out = ctx.folder / "sample.json"
    with atomic_write(out) as fh:  # the schema check runs on the way out
        checksum = write_checked(ret, computed, fh.write)
    data = out.read_bytes()
    back = loads(data)
    if dumps(back, compute(back)).encode("utf-8") != data:
        raise StepFailed(f"{out.name} does not read back to the same return")
    return f"{out.name}: {_kb(out)}, schema checked, reads back the same ({checksum[:19]}…)"


def step_pdf(ctx: Context) -> str:
    from app.export.pdf_return import write_pdf
    from app.export.upload_json import checksum_of

    ret, computed = ctx.need_return()
    out = ctx.folder / "sample.pdf"
    pages = write_pdf(ret, computed, out, draft=False, checksum=checksum_of(ret, computed))
    import pypdfium2 as pdfium  # what the app's print preview renders with

    doc = pdfium.PdfDocument(str(out))
    try:
        if len(doc) != pages:
            raise StepFailed(f"{out.name}: {pages} page(s) written, {len(doc)} read back")
        bitmap = doc[0].render(scale=0.5)
        size = (bitmap.width, bitmap.height)
    finally:
        doc.close()
    return f"{out.name}: {pages} page(s), {_kb(out)}, page 1 renders at {size[0]}×{size[1]}"


def step_excel(ctx: Context) -> str:
    from app.export.excel_import import import_file
    from app.export.excel_template import write_workbook

    ret, _computed = ctx.need_return()
    out = ctx.folder / "sample.xlsx"
    write_workbook(out, ret)
    result = import_file(out)
    if not result.ok:
        raise StepFailed(f"{out.name}: {len(result.errors)} cell(s) cannot be read back, "
                           f"the first: {result.errors[0]}")  # fmt: skip
    if result.apply_to(ret) != ret:
        raise StepFailed(f"{out.name} does not read back to the same return")
    sheets = sum(1 for s in result.sheets if s.rows)
    return f"{out.name}: {_kb(out)}, {sheets} filled sheet(s) read back the same"


def step_store(ctx: Context) -> str:
    from app.model.compute import compute, payable_per_act
    from app.samples import ensure_sample
    from app.store import Store

    ret, computed = ctx.need_return()
    ctx.data_dir = ctx.folder / "data"
    with Store.open(ctx.data_dir) as store:
        ensure_sample(store)
        clients = store.list_clients()
        returns = [r for c in clients for r in store.list_returns(c.id)]
        if not returns:
            raise StepFailed("the sample return was not stored")
        ctx.return_id = returns[0].id
        loaded = store.load_return(ctx.return_id)
    if payable_per_act(compute(loaded)) != payable_per_act(computed):
        raise StepFailed("the stored sample return reads back with other figures")
    return (f"a store in a temporary folder: {len(clients)} dealer(s), {len(returns)} "
            "return(s), the figures read back the same")  # fmt: skip


def step_office(ctx: Context) -> str:
    """The office database's driver loads (psycopg and its libpq): no server is contacted."""
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://form9@localhost/form9")  # connects only on use
    try:
        import psycopg
        from psycopg import pq

        return (f"PostgreSQL driver psycopg {psycopg.__version__} ({pq.__impl__}), "
                f"libpq {pq.version() // 10000}.{pq.version() % 10000}")  # fmt: skip
    finally:
        engine.dispose()


def step_window(ctx: Context) -> str:
    if ctx.data_dir is None or ctx.return_id is None:
        raise Skipped("needs the store (see the store step)")
    note = x11_note()
    if note:
        ctx.notes.append(note)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed; a real one is left alone
    from app.ui.qt import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "form9"])
    from app.store import Store
    from app.ui.main import shutdown, start

    with Store.open(ctx.data_dir, backups=False) as store:
        window = start(store)
        try:
            window.show()
            app.processEvents()
            image = window.grab()
            dealers = window.clients.rowCount()
            editor = window.open_return(ctx.return_id)
            app.processEvents()
            editor_painted = editor is not None and not editor.grab().isNull()
            if editor is not None:
                editor.close()
            window.close()
            app.processEvents()
        finally:
            from app.ui.qt import QThreadPool

            QThreadPool.globalInstance().waitForDone(10000)  # a validation still running
            shutdown(window)
    problems = [text for failed, text in (
        (image.isNull(), "the main window painted nothing"),
        (dealers < 1, "the main window lists no dealer"),
        (not editor_painted, "the sample return did not open in the editor"),
    ) if failed]  # fmt: skip
    if problems:
        raise StepFailed("; ".join(problems))
    return (
        f"main window {image.width()}×{image.height()} (off screen), {dealers} dealer(s) "
        "listed; the sample return opens in the editor; both closed"
    )


def x11_note() -> str | None:
    """On Linux: the X11 libraries a real window needs that this system lacks, as one line."""
    from app.ui.platform_check import advice, missing_libraries

    if not sys.platform.startswith("linux"):
        return None
    missing = missing_libraries()
    return " ".join(advice(missing).splitlines()) if missing else None


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("versions", step_versions),
    ("validate", step_validate),
    ("export JSON", step_json),
    ("export PDF", step_pdf),
    ("export Excel", step_excel),
    ("store", step_store),
    ("PostgreSQL", step_office),
    ("main window", step_window),
]


def self_test(out: TextIO | None = None) -> int:
    """Run every step; 0 when all passed, 1 when any failed."""
    stream = sys.stdout if out is None else out
    failed = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="form9-self-test-") as tmp:
        ctx = Context(Path(tmp))
        for name, step in STEPS:
            t0 = time.perf_counter()
            try:
                status, detail = "ok", step(ctx)
            except Skipped as exc:
                status, detail = "FAIL", f"not run: {exc}"
            except (StepFailed, ValueError, RuntimeError, OSError) as exc:  # errors that say it
                status, detail = "FAIL", str(exc)
            except Exception as exc:  # every failure is one line, never a traceback
                status, detail = "FAIL", f"{type(exc).__name__}: {exc}"
            failed += status == "FAIL"
            line = " ".join(f"{status:4}  {name:12}  {detail}".splitlines())
            print(f"{line} ({time.perf_counter() - t0:.2f} s)", file=stream, flush=True)
        for note in ctx.notes:
            print(f"note  {'display':12}  {note}", file=stream)
    total = time.perf_counter() - started
    verdict = f"{failed} of {len(STEPS)} steps failed" if failed else "all steps passed"
    print(f"self-test: {verdict} ({total:.1f} s)", file=stream)
    return 1 if failed else 0
