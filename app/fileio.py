"""Reading the files a user names and writing the files the app makes (issue 10).

- `atomic_write(path)`: every output file.  The data goes to a temporary file beside the target,
  is flushed to disk (fsync), and only then replaces the target in one step (os.replace), so a
  crash, a kill, a full disk or a failing writer leaves the old file exactly as it was and no
  temporary file behind (a kill leaves at most a hidden `.NAME.*.tmp`, never a damaged target).
- `atomic_path(path)`: the same for writers that want a file name (openpyxl's `Workbook.save`).
  A symbolic link stays a link (the file it points to is replaced); a device or a pipe given as the
  output (`-o /dev/null`) is written in place.
- `check_input(path, limit)` / `read_input(path, limit)`: a file to read, refused in one line when
  it is missing, a folder, empty or larger than the limit (app/model/limits.py).
- `same_file(a, b)`: an output that would overwrite an input is refused by the callers.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any, Literal, overload

PathLike = str | os.PathLike[str]


class FileRefused(ValueError):
    """A file that cannot be read as a whole; the message is one line naming it."""


# ---------------------------------------------------------------- reading


def _mb(n: int) -> str:
    return f"{n / 1048576:,.0f} MB" if n >= 1048576 else f"{n:,} bytes"


def check_input(path: PathLike, limit: int, *, name: str | None = None) -> int:
    """The size of a readable, non-empty file of at most `limit` bytes; else FileRefused."""
    p = Path(path)
    shown = name or str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileRefused(f"{shown}: no such file") from None
    except OSError as exc:
        raise FileRefused(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileRefused(f"{shown}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):  # a pipe would wait for ever, a device never end
        raise FileRefused(f"{shown}: is not a file (a device or a pipe)")
    size = st.st_size
    if size == 0:
        raise FileRefused(f"{shown}: the file is empty")
    if size > limit:
        raise FileRefused(f"{shown}: {_mb(size)} is larger than the {_mb(limit)} a file may have")
    return size


def read_input(path: PathLike, limit: int, *, name: str | None = None) -> bytes:
    """The bytes of a file checked by check_input (never more than `limit`, even if it grows)."""
    check_input(path, limit, name=name)
    shown = name or str(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise FileRefused(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise FileRefused(f"{shown}: larger than the {_mb(limit)} a file may have")
    if not data:
        raise FileRefused(f"{shown}: the file is empty")
    return data


def same_file(a: PathLike, b: PathLike) -> bool:
    """Do two names point at the same file (links and `..` included)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


# ---------------------------------------------------------------- writing


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened this is skipped."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_beside(target: Path) -> tuple[int, Path]:
    """A new hidden file in the target's folder, created with the usual permissions (umask)."""
    mode = 0o666
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777  # keep the permissions of the file being replaced
    for _ in range(100):
        # 8 random hex digits: secrets.token_hex(4) is this, but importing secrets costs every
        # command a few ms of start-up (hmac, random, base64; issue 13)
        tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         mode)  # fmt: skip
        except FileExistsError:
            continue
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def _real_target(path: PathLike) -> tuple[Path, bool]:
    """The file to replace (a symbolic link's target, so the link stays a link) and whether it is
    an ordinary file or a new one; a device or a pipe (/dev/null) is written in place."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target, True
    except OSError:
        return target, True  # the write says what is wrong
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a folder", str(path))
    return target, stat.S_ISREG(mode)


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that takes a file name; on a normal exit the
    file written there is synced and replaces `path`, on an exception it is removed."""
    target, ordinary = _real_target(path)
    if not ordinary:
        yield target
        return
    fd, tmp = _temp_beside(target)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


@overload
def atomic_write(
    path: PathLike, mode: Literal["wb"] = "wb", *, encoding: None = None
) -> AbstractContextManager[IO[bytes]]: ...
@overload
def atomic_write(
    path: PathLike, mode: Literal["w"], *, encoding: str = "utf-8"
) -> AbstractContextManager[IO[str]]: ...
def atomic_write(path: PathLike, mode: str = "wb", *, encoding: str | None = None) -> Any:
    """`with atomic_write(path) as fh: fh.write(...)`: `path` is replaced only when the block
    ends normally.  Mode "wb" (bytes, default) or "w" (text, UTF-8 unless told, "\\n" kept)."""
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_write writes new files only ('wb' or 'w'), not {mode!r}")
    return _atomic_write(path, mode, encoding)


@contextlib.contextmanager
def _atomic_write(path: PathLike, mode: str, encoding: str | None) -> Iterator[IO[Any]]:
    target, ordinary = _real_target(path)
    if not ordinary:
        with open(target, mode, encoding=encoding if mode == "w" else None) as special:
            yield special
        return
    fd, tmp = _temp_beside(target)
    try:
        if mode == "w":
            fh: IO[Any] = os.fdopen(fd, "w", encoding=encoding or "utf-8", newline="")
        else:
            fh = os.fdopen(fd, "wb")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def write_bytes(path: PathLike, data: bytes) -> None:
    with atomic_write(path) as fh:
        fh.write(data)


def write_text(path: PathLike, text: str, encoding: str = "utf-8") -> None:
    with atomic_write(path, "w", encoding=encoding) as fh:
        fh.write(text)
