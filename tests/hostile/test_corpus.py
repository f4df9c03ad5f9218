"""Every file of the hostile corpus (make_corpus.py) through every command that reads it.

Refused means: exit code 1, one line on stderr starting `form9: `, nothing written.  No case may
trace back, die by a signal or hang (20 s).  Cases that once crashed the interpreter (xlsx
allocation, deep nesting) run in a separate process; the rest run in this one, through
`app.cli.main`, which is what the `form9` command runs.  A few cases also run through the installed
`form9` command itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from make_corpus import HEADER, ROW, Case, make_corpus
from run_cases import SECONDS, run_one

HERE = Path(__file__).resolve().parent
FORM9 = Path(sys.executable).with_name("form9")


@dataclass
class Run:
    case: Case
    command: str
    argv: list[str]
    output: Path | None
    rc: int = 0
    out: str = ""
    err: str = ""


def _argv(case: Case, command: str, corpus: Path, work: Path, data: Path) -> Run:
    src = str(corpus / case.file)
    out = work / f"{case.name}.{command}"
    if "output" in case.extra:
        out = corpus / case.extra["output"]
    if command == "recompute":
        return Run(case, command, ["recompute", src, "-o", str(out)], out)
    if command == "validate":
        return Run(case, command, ["validate", src], None)
    if command == "export-json":
        return Run(case, command, ["export-json", src, "-o", str(out)], out)
    if command == "export-pdf":
        return Run(case, command, ["export-pdf", "--quiet", src, "-o", str(out)], out)
    if command == "template":
        out = out if "output" in case.extra else out.with_suffix(".xlsx")
        return Run(case, command, ["template", "--from", src, "-o", str(out)], out)
    if command == "store-import":
        return Run(case, command, ["--data-dir", str(data / case.name), "store-import", src], None)
    if command == "import-excel-into":
        return Run(case, command, ["import-excel", str(work / "sales-good.csv"), "--into", src,
                                   "-o", str(out)], out)  # fmt: skip
    assert command == "import-excel"
    return Run(case, command, ["import-excel", src, "--period", "2024-08", "-o", str(out)], out)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Run]]:
    corpus = tmp_path_factory.mktemp("corpus")
    work = tmp_path_factory.mktemp("out")
    data = tmp_path_factory.mktemp("stores")
    (work / "sales-good.csv").write_text(
        "\n".join(",".join(r) for r in (HEADER, ROW)) + "\n", encoding="utf-8"
    )
    cases = make_corpus(corpus)
    planned = [_argv(c, cmd, corpus, work, data) for c in cases for cmd in c.expect]
    isolated = [r for r in planned if r.case.isolate]
    _run_isolated(isolated)
    for r in planned:
        if not r.case.isolate:
            r.rc, r.out, r.err = run_one(r.argv)
    yield planned
    locked = corpus / "locked"
    if locked.exists():
        locked.chmod(0o700)
    shutil.rmtree(corpus, ignore_errors=True)


def _run_isolated(runs: list[Run]) -> None:
    """One child process for all of them; a child killed by a signal names its case."""
    todo = {f"{r.case.name}/{r.command}": r for r in runs}
    payload = json.dumps([[k, r.argv] for k, r in todo.items()])
    proc = subprocess.run(
        [sys.executable, str(HERE / "run_cases.py")], input=payload, capture_output=True,
        text=True, timeout=SECONDS * len(todo) + 60, check=False,
    )  # fmt: skip
    started = ""
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        if "start" in msg:
            started = msg["start"]
            continue
        r = todo.pop(msg["name"])
        r.rc, r.out, r.err = msg["rc"], msg["out"], msg["err"]
    assert proc.returncode == 0 and not todo, (
        f"the isolated run died (exit {proc.returncode}) while running {started}: "
        f"{proc.stderr[-2000:]}"
    )


def _problems(r: Run) -> list[str]:
    expect = r.case.expect[r.command]
    lines = r.err.splitlines()
    found: list[str] = []
    if r.rc == -1:
        return [f"hung for {SECONDS} s"]
    if "Traceback" in r.err or "Traceback" in r.out:
        found.append("traceback")
    if expect == "ok":
        if r.rc != 0:
            found.append(f"exit {r.rc}, expected 0")
        elif r.output is not None and not r.output.exists():
            found.append("no output written")
        return found
    if r.rc != 1:
        found.append(f"exit {r.rc}, expected 1")
    # (an existing file named by -o is not ours; export-pdf prints a DRAFT of an invalid return)
    written = r.output is not None and r.output.is_file() and "output" not in r.case.extra
    if written and r.command != "export-pdf":
        found.append(f"{r.case.name}.{r.command} was written")
    if expect == "refused":
        if len(lines) != 1 or not lines[0].startswith("form9: "):
            found.append(f"stderr is not one 'form9: ' line: {lines[:3]}")
    elif expect == "cells":
        if not lines or not all(ln.startswith(("form9: ", "note: ")) for ln in lines):
            found.append(f"stderr lines not all 'form9: ': {lines[:3]}")
        elif "nothing was imported" not in lines[-1]:
            found.append(f"last line: {lines[-1]}")
    elif expect == "invalid":
        if r.command == "validate":
            if "E-AMOUNT-DP" not in r.out or r.err:
                found.append(f"validate did not report E-AMOUNT-DP: {r.out[-300:]} {r.err}")
        elif not lines or not lines[-1].startswith("form9: "):
            found.append(f"last stderr line is not 'form9: ': {lines[-1:]}")
    return found


def test_the_corpus_covers_every_kind_of_file(runs: list[Run]) -> None:
    files = {r.case.file for r in runs if r.case.file}
    assert len(files) >= 100
    kinds = {Path(f).suffix for f in files}
    assert {".json", ".xlsx", ".csv"} <= kinds
    commands = {r.command for r in runs}
    assert commands == {"recompute", "validate", "export-json", "export-pdf", "template",
                        "store-import", "import-excel", "import-excel-into"}  # fmt: skip
    assert any(r.case.name == "xlsx-cell-XFD1048576" for r in runs)
    assert sum(r.case.expect[r.command] == "ok" for r in runs) >= 20  # not refusing everything


def test_every_file_is_refused_in_one_line_or_read(runs: list[Run]) -> None:
    failures = [
        f"{r.case.name} ({r.case.why}) / {r.command}: {'; '.join(p)}\n    stderr: {r.err[:300]!r}"
        for r in runs
        if (p := _problems(r))
    ]
    assert not failures, f"{len(failures)} of {len(runs)} runs:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xlsx-cell-XFD1048576", "Sales list: cell XFD1048576 lies outside the area a sheet may "
         "use, columns A–GR and rows 1–1,100,000"),
        ("deep-100k-note", "objects and lists are nested more than 64 levels deep"),
        ("utf8-bad-byte-in-name", "the file is not UTF-8 text: byte 0xFF at offset"),
        ("surrogate-high-in-name", "header.name: holds a lone surrogate"),
        ("int-revision-2-63", "header.revision_no: 9223372036854775808 is out of range"),
        ("exp-huge-amount", "inputs.advance.kvat: 1E+999999999 is too large for an amount"),
        ("dp-exponent", "inputs.advance.kvat: 22817152.675 has more than 2 decimals"),
        ("text-goods-1000", "part1a[0].goods: 1,000 characters; at most 300 are allowed"),
        ("csv-undefined-cp1252", "tried UTF-8 (byte 0x81 at offset"),
        ("xlsx-sst-unique-count", "declares 99,999,999,999 shared texts"),
    ],
)  # fmt: skip
def test_messages_say_where_and_what(runs: list[Run], name: str, message: str) -> None:
    run = next(r for r in runs if r.case.name == name and r.command in ("recompute",
                                                                         "import-excel"))  # fmt: skip
    assert message in run.err


@pytest.mark.parametrize(
    "name", ["xlsx-cell-XFD1048576", "deep-100k-note", "int-5000-digits-revision", "huge-json",
             "csv-binary-garbage"],
)  # fmt: skip
def test_the_form9_command_itself(runs: list[Run], name: str) -> None:
    """The installed console script, in its own process: exit 1, one line, no signal."""
    run = next(r for r in runs if r.case.name == name)
    proc = subprocess.run([str(FORM9), *run.argv], capture_output=True, text=True,
                          timeout=SECONDS, check=False)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("form9: ")
    assert proc.stderr == run.err


def test_the_bundle_entry_point_reports_like_the_command(runs: list[Run]) -> None:
    """The PyInstaller bundle runs app/cli.py as a script (`__main__`, a second copy of the
    module): its messages must still be one line with exit 1, not an internal error."""
    run = next(r for r in runs if r.case.name == "deep-100k-note" and r.command == "recompute")
    script = Path(__file__).resolve().parents[2] / "app" / "cli.py"
    proc = subprocess.run([sys.executable, str(script), *run.argv], capture_output=True,
                          text=True, timeout=SECONDS, check=False)  # fmt: skip
    assert proc.returncode == 1 and proc.stderr == run.err
