"""The `form9` command: works without a display.

Sub-commands live in small modules, each with `register(subparsers)`; bad input is one line on
stderr naming the field path and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Modules that add sub-commands (each defines `register(subparsers)`).
COMMAND_MODULES = (
    "app.commands.engine",  # recompute, validate
    "app.commands.files",  # export-json, export-pdf
    "app.commands.excel",  # template, import-excel
    "app.commands.store",  # clients / returns in the local store
)


class CommandError(Exception):
    """A problem to report in one line, exit 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="form9", description="Kerala FORM No. 9 offline utility (KGST / KVAT / CST)"
    )
    parser.add_argument(
        "--data-dir", help="where the local store lives (default: the user data directory, "
        "or $FORM9_DATA_DIR)"
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
