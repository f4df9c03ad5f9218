"""Atomic file output (app/fileio.py): the old file stays whole until the new one is complete, no
temporary file is left behind, and a process killed while writing never damages the target."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.fileio import (
    FileRefused,
    atomic_path,
    atomic_write,
    read_input,
    same_file,
    write_bytes,
    write_text,
)

GOLDEN = Path(__file__).parent / "golden"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with atomic_write(target, "w") as fh:
        fh.write("new\r\n")
        assert target.read_text() == "old"  # nothing is visible before the block ends
    assert target.read_bytes() == b"new\r\n"  # text mode keeps the newlines as written
    assert _leftovers(tmp_path) == []


def test_a_writer_failing_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "return.json"
    target.write_bytes(b"the return as it was")
    with pytest.raises(RuntimeError, match="disk full"), atomic_write(target) as fh:
        fh.write(b"half of the new ")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"the return as it was"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_leaves_the_old_file_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk shows up at the latest when the data is synced (fsync reports it)."""
    src = tmp_path / "in.json"
    src.write_bytes((GOLDEN / "nil-return.out.json").read_bytes())
    out = tmp_path / "out.json"
    out.write_text("the previous result")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["recompute", str(src), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"form9: {out}: cannot write (No space left on device)\n"
    assert out.read_text() == "the previous result"
    assert _leftovers(tmp_path) == []


def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    target.write_text("old")
    target.chmod(0o640)
    write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    write_bytes(fresh, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # as open() would make it


def test_a_folder_or_a_missing_folder_is_refused_before_writing(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(IsADirectoryError), atomic_write(tmp_path / "dir"):
        raise AssertionError("never reached")  # pragma: no cover
    with pytest.raises(FileNotFoundError):
        write_text(tmp_path / "nowhere" / "x.json", "x")
    assert _leftovers(tmp_path) == []


def test_writers_that_want_a_file_name(tmp_path: Path) -> None:
    """openpyxl's Workbook.save(path) writes to the temporary name, then it replaces the target."""
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "new"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        wb.save(str(tmp))
        assert target.read_bytes() == b"old"
    loaded = load_workbook(target).active
    assert loaded is not None and loaded["A1"].value == "new"
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_bytes(b"partial")
        raise ValueError("openpyxl failed")
    assert load_workbook(target).active is not None and _leftovers(tmp_path) == []


_SLOW_WRITER = """
import sys, time
from app.fileio import atomic_write
with atomic_write(sys.argv[1]) as fh:
    for i in range(10_000):
        fh.write(b"new data " * 1000)
        fh.flush()
        if i == 5:
            print("writing", flush=True)
        time.sleep(0.001)
"""


def test_a_kill_during_the_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "return.json"
    target.write_bytes(b"old return")
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)],
                                stdout=subprocess.PIPE)  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL
        assert target.read_bytes() == b"old return"
    # the killed writer's temporary files are hidden and never the target
    assert all(n.startswith(".return.json.") and n.endswith(".tmp") for n in _leftovers(tmp_path))


def test_reading_refuses_what_is_not_a_readable_file(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="no such file"):
        read_input(tmp_path / "missing.json", 100)
    with pytest.raises(FileRefused, match="is a folder, not a file"):
        read_input(tmp_path, 100)
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(FileRefused, match="the file is empty"):
        read_input(tmp_path / "empty.json", 100)
    (tmp_path / "big.json").write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="101 bytes is larger than the 100 bytes a file may"):
        read_input(tmp_path / "big.json", 100)
    assert read_input(tmp_path / "big.json", 101) == b"x" * 101
    assert same_file(tmp_path / "big.json", tmp_path / "." / "big.json")


# ---------------------------------------------------------------- the commands


def test_import_excel_into_and_out_to_the_same_return(tmp_path: Path) -> None:
    """`--into R.json -o R.json` replaces R.json only with a complete file; a refused import
    leaves it byte for byte."""
    ret = tmp_path / "R.json"
    ret.write_bytes((GOLDEN / "nil-return.out.json").read_bytes())
    before = ret.read_bytes()
    bad = tmp_path / "sales.csv"
    bad.write_text("Type,Doc No,Doc Date,Value,Tax\nSales,S1,2024-08-01,10.999,1\n")
    assert main(["import-excel", str(bad), "--into", str(ret), "-o", str(ret)]) == 1
    assert ret.read_bytes() == before
    good = tmp_path / "sales2.csv"
    good.write_text("Type,Doc No,Doc Date,Value,Tax\nSales,S1,2024-08-01,10.50,1\n")
    assert main(["import-excel", str(good), "--into", str(ret), "-o", str(ret)]) == 0
    assert ret.read_bytes() != before and b'"doc_no": "S1"' in ret.read_bytes()
    assert _leftovers(tmp_path) == []


def test_an_output_over_its_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.json"
    src.write_bytes((GOLDEN / "nil-return.out.json").read_bytes())
    before = src.read_bytes()
    for argv in (["export-pdf", str(src), "-o", str(src)],
                 ["recompute", str(src), "-o", str(tmp_path / "." / "in.json")],
                 ["template", "--from", str(src), "-o", str(tmp_path / "in.xlsx")]):  # fmt: skip
        capsys.readouterr()
        rc = main(argv)
        if argv[0] == "template":  # a different file: allowed
            assert rc == 0
            continue
        assert rc == 1
        assert "this is the input file; choose another name" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_a_pdf_cancelled_midway_leaves_the_old_pdf(tmp_path: Path) -> None:
    from app.export.pdf_return import write_pdf
    from app.export.upload_json import loads
    from app.model.compute import compute

    ret = loads((GOLDEN / "nil-return.out.json").read_bytes())
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF- the old one")

    def cancel(done: int, total: int, text: str) -> None:
        if text == "Done":  # everything drawn, the file not yet in place
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_pdf(ret, compute(ret), out, draft=True, checksum="", progress=cancel)
    assert out.read_bytes() == b"%PDF- the old one" and _leftovers(tmp_path) == []
    assert write_pdf(ret, compute(ret), out, draft=True, checksum="") >= 1
    assert out.read_bytes().startswith(b"%PDF-1.")


def test_a_link_stays_a_link_and_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    import threading

    real = tmp_path / "data" / "R.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "R.json"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_bytes(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(FileRefused, match="is not a file \\(a device or a pipe\\)"):
        read_input(fifo, 100)  # reading it would wait for ever
