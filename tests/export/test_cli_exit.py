"""How the `form9` program ends (app.cli.run): the file commands end without freeing their return
object by object (os._exit once everything is flushed), the others through the interpreter's exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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


def _env_as_users_have_it() -> dict[str, str]:
    """The environment without PYTHONUNBUFFERED (set here, not on users' machines): stdout is
    then block-buffered, and a lost reader shows at a flush, not at a write."""
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_a_reader_that_goes_away_early_is_no_error(tmp_path: Path) -> None:
    # `form9 recompute big.json | head -c 100`: the rest cannot be delivered; no traceback, no
    # "internal error".
    ret = big_return(5_000)
    src = tmp_path / "in.json"
    src.write_text(dumps(ret, compute(ret, with_lists=False)), encoding="utf-8")
    for env in (None, _env_as_users_have_it()):
        proc = subprocess.Popen([sys.executable, "-c", PROGRAM, "recompute", str(src)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        head = proc.stdout.read(100)
        proc.stdout.close()
        err = proc.stderr.read()
        proc.wait(timeout=60)
        assert head.startswith(b"{\n")
        assert b"Traceback" not in err and b"internal error" not in err, err


def test_no_console_or_a_closed_stream_is_no_error() -> None:
    # Started without stdout or stderr (`>&-`, `2>&-`; a launcher with no console): Python has
    # no stream there, and the command runs and exits as it would with them.
    import os

    nil = str(GOLDEN / "nil-return.in.json")
    for fd in (1, 2):
        proc = subprocess.run([sys.executable, "-c", PROGRAM, "validate", nil], cwd=ROOT,
                              check=False, capture_output=True,
                              preexec_fn=lambda fd=fd: os.close(fd))  # type: ignore[misc]  # noqa: PLW1509  # fmt: skip
        assert proc.returncode == 0, proc
        assert b"Traceback" not in proc.stderr, proc.stderr


def test_a_full_disk_behind_stdout_is_said_and_fails(tmp_path: Path) -> None:
    # `form9 recompute in.json > /dev/full`: the output was not written; one line says so and
    # the exit code is not 0.
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-c", PROGRAM, "recompute", str(GOLDEN / "nil-return.in.json")],
                              cwd=ROOT, stdout=full, stderr=subprocess.PIPE, check=False,
                              env=_env_as_users_have_it())  # fmt: skip
    assert proc.returncode != 0
    assert b"Traceback" not in proc.stderr, proc.stderr
    assert b"could not" in proc.stderr or b"No space" in proc.stderr, proc.stderr


def test_the_return_is_kept_to_the_end_only_when_the_process_ends_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file command under `run` keeps its return to the process's end (freeing it object by
    object was 0.2 s at a million rows), one return at a time; main() (a test, the GUI's self-test)
    and the commands that end through the interpreter keep nothing."""
    import app.cli as cli

    ret = big_return(10)
    src = tmp_path / "in.json"
    src.write_text(dumps(ret, compute(ret)), encoding="utf-8")
    monkeypatch.setattr(cli, "_KEPT", [])
    assert cli.main(["validate", str(src), str(src)]) == 0
    assert cli._KEPT == []  # not armed
    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)
    monkeypatch.setattr(sys, "argv", ["form9", "validate", str(src), str(src)])
    cli.run()
    assert ended == [0]
    assert len(cli._KEPT) == 1 and type(cli._KEPT[0]).__name__ == "Form9Return"
    monkeypatch.setattr(cli, "_KEPT", [])
    monkeypatch.setattr(sys, "argv", ["form9", "--data-dir", str(tmp_path / "d"), "clients"])
    with pytest.raises(SystemExit):
        cli.run()
    assert cli._KEPT == []
