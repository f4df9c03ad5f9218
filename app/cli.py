"""The `form9` command: works without a display.

Sub-commands live in small modules, each with `register(subparsers)`; bad input is one line on
stderr naming the field path and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from app.model.ratepack import RatePackError
from app.paths import ResourcesMissing

#: Which module adds each sub-command (each module defines `register(subparsers)`).  Only the
#: module of the command being run is imported, so `form9 recompute` never pays for Excel or SQL.
COMMANDS = {
    "recompute": "app.commands.engine",
    "validate": "app.commands.engine",
    "export-json": "app.commands.files",
    "export-pdf": "app.commands.files",
    "template": "app.commands.excel",
    "import-excel": "app.commands.excel",
    "clients": "app.commands.store",
    "returns": "app.commands.store",
    "store-export": "app.commands.store",
    "store-import": "app.commands.store",
    "backup": "app.commands.backup",
    "restore": "app.commands.backup",
    "store-copy": "app.commands.office",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class CommandError(Exception):
    """A problem to report in one line, exit 1."""


def _chosen_command(argv: Sequence[str]) -> str | None:
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("--data-dir", "--db"):
            args = args[1:]
        elif not a.startswith("-"):
            return a
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="form9", description="Kerala FORM No. 9 offline utility (KGST / KVAT / CST)"
    )
    parser.add_argument(
        "--data-dir", help="where the local store lives (default: the user data directory, "
        "or $FORM9_DATA_DIR)"
    )  # fmt: skip
    parser.add_argument(  # office mode (issue 14): the store in a PostgreSQL database
        "--db", metavar="URL", help="the store's database, e.g. postgresql+psycopg://clerk@server/"
        "form9 (default: $FORM9_DB, else the SQLite store in the data directory)"
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


#: Exit code of a failure that is the program's fault, not the input's (BSD EX_SOFTWARE).
INTERNAL_ERROR = 70
#: Set to show the traceback of an internal error instead of its one-line summary.
DEBUG_ENV = "FORM9_DEBUG"


def say(message: str) -> None:
    """One line on stderr, `form9: ` first, whatever the message holds (newlines folded)."""
    print("form9: " + " ".join(str(message).splitlines()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen_command(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CommandError, RatePackError, ResourcesMissing) as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except MemoryError:
        say("not enough memory for this file")
        return 1
    except Exception as exc:  # a bug: still one line, never a traceback (unless asked for)
        if os.environ.get(DEBUG_ENV):
            raise
        say(f"internal error ({type(exc).__name__}: {exc}); please report it "
            f"(set {DEBUG_ENV}=1 to see the details)")  # fmt: skip
        return INTERNAL_ERROR


if __name__ == "__main__":
    # Run as a script (`python app/cli.py`, the PyInstaller bundle's entry point), this file is
    # `__main__`, a second copy of the module: its CommandError is not the one the commands raise.
    from app.cli import main as cli_main

    raise SystemExit(cli_main())
