"""The app's log (issue 15 item 8): a rotating file in the data folder, <data dir>/logs/form9.log
(1 MB, five older files kept), written by the windows and by the commands that open the store; a
problem report carries its tail."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "form9.log"
MAX_BYTES = 1024 * 1024
KEEP = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: How much of the log a problem report carries.
TAIL_BYTES = 64 * 1024
TAIL_LINES = 500

_installed: dict[Path, logging.Handler] = {}


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR / LOG_FILE


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Log to <data dir>/logs/form9.log (instead of another folder's log); warnings still reach
    stderr as before.
    Returns the log file, or None when the folder cannot be written (the app goes on without)."""
    path = log_path(data_dir)
    root = logging.getLogger()
    if path in _installed:
        return path
    for other in list(_installed):  # one data folder at a time
        old = _installed.pop(other)
        root.removeHandler(old)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    if not root.handlers:  # keep what logging's last resort did: warnings on stderr
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        root.addHandler(stderr)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _installed[path] = handler
    return path


def stop_logging(data_dir: Path) -> None:
    """Close the folder's log file (a test, or the app switching data folders)."""
    handler = _installed.pop(log_path(data_dir), None)
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def log_tail(data_dir: Path, max_bytes: int = TAIL_BYTES, max_lines: int = TAIL_LINES) -> str:
    """The last lines of the log (the previous file's end too when the current one is short)."""
    path = log_path(data_dir)
    for handler in list(_installed.values()):
        handler.flush()
    chunks: list[bytes] = []
    want = max_bytes
    for p in (path, path.with_name(path.name + ".1")):
        try:
            with p.open("rb") as fh:
                fh.seek(0, 2)
                size = fh.tell()
                fh.seek(max(0, size - want))
                data = fh.read(want)
        except OSError:
            continue
        chunks.insert(0, data)
        want -= len(data)
        if want <= 0:
            break
    text = b"".join(chunks).decode("utf-8", errors="replace")
    lines = text.splitlines()
    if len(b"".join(chunks)) >= max_bytes and lines:
        lines = lines[1:]  # the first line was cut
    return "\n".join(lines[-max_lines:]) + ("\n" if lines else "")
