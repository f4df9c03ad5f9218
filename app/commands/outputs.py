"""Reading the files a command is given and writing its output: every failure one line.

Inputs go through app.fileio.read_input (missing, folder, empty, too large: refused); outputs
through app.fileio.atomic_write (the old file stays whole until the new one is complete), and an
output that would replace one of the command's inputs is refused.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from app.cli import CommandError
from app.fileio import FileRefused, atomic_write, read_input, same_file


def read_file(path: Path, limit: int) -> bytes:
    try:
        return read_input(path, limit)
    except FileRefused as exc:
        raise CommandError(str(exc)) from None


def refuse_overwriting(output: Path, *inputs: Path | None) -> None:
    """The output must not be one of the inputs (a PDF over the JSON it was made from …)."""
    for source in inputs:
        if source is not None and output.exists() and same_file(output, source):
            raise CommandError(
                f"{output}: this is the input file; choose another name for the output "
                "(an input is never overwritten)"
            )


def one_line(exc: Exception) -> CommandError:
    """An exception whose text runs over lines, as the command's one-line message."""
    return CommandError(" ".join(str(exc).split("\n")))


def cannot_write(target: Path, exc: OSError) -> CommandError:
    return CommandError(f"{target}: cannot write ({exc.strerror or exc})")


@contextlib.contextmanager
def output_file(target: Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """atomic_write, its OSErrors as one-line CommandErrors naming the target."""
    try:
        with atomic_write(target, mode) as fh:  # type: ignore[call-overload]
            yield fh
    except OSError as exc:
        raise cannot_write(target, exc) from None


def write_output(target: Path, text: str) -> None:
    with output_file(target, "w") as fh:
        fh.write(text)
