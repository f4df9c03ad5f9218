"""Run `form9` commands in this process, as the corpus test does (stdout and stderr captured).

As a script it reads a JSON list of [name, argv] from stdin and runs each, printing one JSON line
per case; "start" lines come first so that a run killed by a signal names the case that did it.
Each case has 20 seconds (SIGALRM), after which it is reported as hung.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys
from typing import Any

SECONDS = 20


class Hung(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hung


def run_one(argv: list[str], seconds: int = SECONDS) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `form9 ARGV`; exit code -1 when it ran out of time."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:  # argparse
                rc = int(exc.code or 0)
    except Hung:
        rc = -1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return rc, out.getvalue(), err.getvalue()


def main() -> None:
    for name, argv in json.load(sys.stdin):
        print(json.dumps({"start": name}), flush=True)
        rc, out, err = run_one(argv)
        print(json.dumps({"name": name, "rc": rc, "out": out[-2000:], "err": err}), flush=True)


if __name__ == "__main__":
    main()
