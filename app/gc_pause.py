"""The cyclic garbage collector paused while many long-lived objects are made (issue 13).

Objects made in bulk that hold no reference cycles (a million rows read from a file; the classes,
functions and tables of the modules a command imports) only make the collector walk the growing
heap again and again: it costs more than making them.  Afterwards they are moved out of its sight
(gc.freeze): they are still freed as soon as nothing uses them, but later collections no longer
walk them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
