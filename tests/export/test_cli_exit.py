"""How the `form9` program ends (app.cli.run): the file commands end without freeing their return
object by object (os._exit once everything is flushed), the others through the interpreter's exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from export_samples import big_return

from app.cli import QUICK_EXIT, run  # noqa: F401  (run: the entry point the script calls)
from app.export.upload_json import dumps
from app.model.compute import compute

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
#: The program as the console script runs it, with an atexit handler that says it ran.
PROGRAM = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
    "from app.cli import run\n"
    "run()\n"
)


def form9(*args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, cwd=ROOT,
                          check=False, **kw)  # type: ignore[call-overload, no-any-return]  # fmt: skip


def test_a_big_recompute_to_stdout_arrives_whole(tmp_path: Path) -> None:
    # Several megabytes through a pipe: the process may not end before the reader has it all.
    ret = big_return(5_000)
    src = tmp_path / "in.json"
    src.write_text(dumps(ret, compute(ret, with_lists=False)), encoding="utf-8")
    proc = form9("recompute", str(src))
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout) > 1_000_000
    assert proc.stdout.decode("utf-8") == src.read_text(encoding="utf-8")
    assert b"atexit ran" not in proc.stderr  # ended at once: the return is not freed row by row


def test_a_refusal_still_says_its_one_line_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text('{"format": "kerala-form9",', encoding="utf-8")
    proc = form9("validate", str(src))
    assert proc.returncode == 1
    (line,) = proc.stderr.decode().splitlines()
    assert f"{src}: not valid JSON at line 1 column 27" in line


def test_commands_that_open_the_store_exit_through_the_interpreter(tmp_path: Path) -> None:
    # The store's connections are closed as the interpreter ends (SQLite's checkpoint; a
    # PostgreSQL server sees a goodbye, not a dropped connection).
    proc = form9("--data-dir", str(tmp_path), "clients")
    assert proc.returncode == 0, proc.stderr
    assert b"atexit ran" in proc.stderr
    assert "clients" not in QUICK_EXIT and "store-import" not in QUICK_EXIT


def test_a_reader_that_goes_away_early_is_no_error(tmp_path: Path) -> None:
    # `form9 recompute big.json | head -c 100`: the rest cannot be delivered; no traceback.
    ret = big_return(5_000)
    src = tmp_path / "in.json"
    src.write_text(dumps(ret, compute(ret, with_lists=False)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", PROGRAM, "recompute", str(src)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert head.startswith(b"{\n")
    assert b"Traceback" not in err, err
