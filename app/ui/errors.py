"""What a window says when something fails: plain words, never a raw exception (issue 10).

The app's own errors (InputError, ImportRefused, NumberError, StoreError …) carry a sentence
written for the user; operating-system errors say which file and what the system reported;
anything else is a fault of the program: logged with its traceback, and shown as such.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

UNEXPECTED = "an unexpected problem stopped it (the details were written to the log)"


def plain_words(exc: BaseException, tb: str = "") -> str:
    """One line for a message box or a status label."""
    if isinstance(exc, OSError):
        what = exc.strerror or "the file could not be used"
        return f"{exc.filename}: {what}" if exc.filename else what
    if isinstance(exc, MemoryError):
        return "there is not enough memory for this file"
    if isinstance(exc, RecursionError):
        return "the file is nested too deeply to be read"
    if type(exc).__module__.startswith("app.") and str(exc):
        return " ".join(str(exc).splitlines())
    if tb:
        log.error("unexpected error:\n%s", tb)
    else:
        log.error("unexpected error", exc_info=exc)
    return UNEXPECTED
