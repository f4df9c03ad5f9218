"""The `form9` command: works without a display.

Sub-commands live in small modules, each with `register(subparsers)`; bad input is one line on
stderr naming the field path and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

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
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class CommandError(Exception):
    """A problem to report in one line, exit 1."""


def _chosen_command(argv: Sequence[str]) -> str | None:
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--data-dir":
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen_command(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"form9: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("form9: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
