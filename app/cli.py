"""The `form9` command: works without a display.

Sub-commands live in small modules, each with `register(subparsers)`; bad input is one line on
stderr naming the field path and exit code 1, never a traceback.

Start-up is paid per command (issue 13: `form9 --help` and `form9 validate` ≤ 0.2 s): the table
below names every command with its one-line help, so `form9 --help` imports no command module at
all, and a command imports only the module that adds it (`form9 validate` never loads SQLAlchemy,
openpyxl, ReportLab or the JSON Schema checker).  tests/test_cli_startup.py keeps the table and
the modules in step and checks what each command loads.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn


class Command(NamedTuple):
    module: str  # adds the command (`register(subparsers)`)
    help: str  # the line `form9 --help` shows; the module's own parser says the same


COMMANDS: dict[str, Command] = {
    "recompute": Command("app.commands.engine", "fill every computed field of upload JSON files"),
    "validate": Command("app.commands.engine", "check upload JSON files; exit 1 on any error"),
    "export-json": Command("app.commands.files", "write the canonical upload JSON (refused while "
                           "the return has errors)"),
    "export-pdf": Command("app.commands.files", "print the return as FORM No. 9 (PDF)"),
    "template": Command("app.commands.excel", "write the Excel template (optionally filled from a "
                        "return)"),
    "import-excel": Command("app.commands.excel", "read a filled-in template (.xlsx) or a sales / "
                            "purchase list (.csv) into a return"),
    "clients": Command("app.commands.store", "list the dealers in the local store"),
    "returns": Command("app.commands.store", "list the returns in the local store"),
    "store-export": Command("app.commands.store", "write a stored return as upload JSON"),
    "store-import": Command("app.commands.store", "put upload JSON returns into the store (as "
                            "drafts), one unit of work per file"),
    "backup": Command("app.commands.backup", "copy the whole store into one file"),
    "restore": Command("app.commands.backup", "replace the store with a backup (the current store "
                       "is backed up first)"),
    "client-export": Command("app.commands.desk", "write one dealer with every return to a client "
                             "file (to carry to another PC)"),
    "client-import": Command("app.commands.desk", "merge a client file into the store (by period "
                             "and version; a filed return is never overwritten)"),
    "report-problem": Command("app.commands.desk", "write a problem report (zip) for the district "
                              "GST help desk; nothing is sent"),
    "due-board": Command("app.commands.desk", "returns overdue and due soon, across all dealers"),
    "clients-import": Command("app.commands.dealers", "add dealers from an Excel (.xlsx) or CSV "
                              "sheet; --update also updates dealers already here"),
    "clients-template": Command("app.commands.dealers", "write the dealers' sheet to fill in "
                                "(.xlsx)"),
    "store-copy": Command("app.commands.office", "copy the whole store into an empty database or "
                          "folder, and check it"),
}  # fmt: skip
COMMAND_MODULES = tuple(dict.fromkeys(c.module for c in COMMANDS.values()))


class CommandError(Exception):
    """A problem to report in one line, exit 1."""


#: The options before COMMAND that take a value (a word after them is not the command).
_VALUED = ("--data-dir", "--db")


def _takes_value(option: str) -> bool:
    """Does `option` take the next word, as argparse reads it: one of _VALUED or a prefix of
    just one of them (`--data`), never with its value after `=`."""
    if "=" in option or not option.startswith("--"):
        return False
    return len([o for o in _VALUED if o.startswith(option)]) == 1


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The COMMAND of a command line, found as argparse finds it (its module alone is loaded)."""
    args = list(argv)
    while args:
        a = args.pop(0)
        if _takes_value(a):
            args = args[1:]
        elif not a.startswith("-"):
            return a
    return None


class _ShowVersion(argparse.Action):
    """`--version`: the app, rate pack and form catalogue versions (read only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str | None = None) -> None:  # fmt: skip
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from app.about import about

        print(about().text())
        parser.exit()


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns, the width argparse lays its help out to, without
    importing shutil (with zlib, bz2 and lzma, 2–3 ms of every command's start; issue 13)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        fileno = sys.__stdout__.fileno()  # type: ignore[union-attr]  # None: AttributeError
        return os.get_terminal_size(fileno).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its help laid out to terminal_columns() (argparse would import shutil
    for that whenever a parser is made: add_argument checks each metavar with a formatter).  The
    sub-commands' parsers are of this class too (add_subparsers makes them of the parent's)."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        make: Any = self.formatter_class  # any HelpFormatter (typeshed's type names prog alone)
        formatter: argparse.HelpFormatter = make(prog=self.prog, width=terminal_columns() - 2)
        return formatter

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """An unknown COMMAND is named with every command as its choices, as when each was a
        choice from the start (argparse lists `action.choices`, not what a help lists)."""
        if isinstance(action, _Commands) and value not in action.choices:
            _list_all(action)
        super()._check_value(action, value)


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """The sub-commands.  A command that was chosen and added runs without the others' parsers:
    they are added (name and help alone) when a help lists them (issue 13: ~85 µs a parser, with
    its gettext look-ups, 1.5 ms of every command's start)."""

    def _get_subactions(self) -> list[argparse.Action]:  # what a help lists
        _list_all(self)
        return super()._get_subactions()


def _list_all(sub: Any) -> None:
    for name, cmd in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=cmd.help)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the module of `command` (if it names one) is imported and adds its
    sub-commands in full, the others are listed by name and help alone (when a help shows them)."""
    parser = _Parser(
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
    parser.add_argument("--version", action=_ShowVersion,
                        help="the app's version, its rate packs and form catalogues")  # fmt: skip
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation: validate and export the sample return "
                        "(JSON, PDF, Excel), open a store in a temporary folder and the main "
                        "window off screen; one line per step, exit 1 on any failure")  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=_Commands)
    if command in COMMANDS:
        module = COMMANDS[command].module
        from app.gc_pause import paused_gc

        try:
            with paused_gc():  # the command's modules live as long as the process (issue 13)
                importlib.import_module(module).register(sub)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    if command not in sub.choices:  # none chosen (or unknown): every command is a choice
        _list_all(sub)
    return parser


#: Exit code of a failure that is the program's fault, not the input's (BSD EX_SOFTWARE).
INTERNAL_ERROR = 70
#: Set to show the traceback of an internal error instead of its one-line summary.
DEBUG_ENV = "FORM9_DEBUG"


def say(message: str) -> None:
    """One line on stderr, `form9: ` first, whatever the message holds (newlines folded)."""
    print("form9: " + " ".join(str(message).splitlines()), file=sys.stderr)


#: Errors of the installation or the input that are reported in one line, exit 1 (besides
#: CommandError), by module and name: a command that never imported a module cannot have raised
#: its error, so none is imported for this (the rate packs cost every command ~4 ms).
ONE_LINE_ERRORS = (
    ("app.model.ratepack", "RatePackError"),
    ("app.paths", "ResourcesMissing"),
    ("app.model.catalogue", "CatalogueError"),
)


def _input_error(exc: Exception) -> bool:
    for module, name in ONE_LINE_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    return _main(argv)[0]


def _main(argv: Sequence[str] | None, ends_at_once: bool = False) -> tuple[int, bool]:
    """The exit code, and whether the process may end at once (a QUICK_EXIT command ran).
    `ends_at_once`: the caller ends the process after a QUICK_EXIT command (`run`), so what it
    holds is kept to that end (`keep_to_exit`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen_command(argv))
    args = parser.parse_args(argv)
    if not args.self_test and getattr(args, "func", None) is None:
        parser.error("the following arguments are required: COMMAND")
    quick = not args.self_test and args.command in QUICK_EXIT
    if quick and ends_at_once:
        _KEPT.append(None)  # armed: keep_to_exit now keeps
    return _ran(args), quick


#: What a file command holds (its last return), kept when the process then ends at once:
#: freeing a million rows object by object costs 0.2 s for nothing.  Empty: not armed.
_KEPT: list[object] = []


def keep_to_exit(obj: object) -> None:
    """Keep `obj` (replacing the one kept before: one return at a time, whatever the number of
    files) until the process ends at once; nothing is kept unless `run` armed it (a test's
    main(), a store command)."""
    if _KEPT:
        _KEPT[-1] = obj


def _ran(args: argparse.Namespace) -> int:
    try:
        if args.self_test:
            from app.selftest import self_test

            return self_test()
        return int(args.func(args) or 0)
    except CommandError as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:  # the reader went away (`form9 recompute big.json | head`)
        _quiet_stdout()
        return 1
    except MemoryError:
        say("not enough memory for this file")
        return 1
    except Exception as exc:
        if _input_error(exc):
            say(str(exc))
            return 1
        # a bug: still one line, never a traceback (unless asked for)
        if os.environ.get(DEBUG_ENV):
            raise
        say(f"internal error ({type(exc).__name__}: {exc}); please report it "
            f"(set {DEBUG_ENV}=1 to see the details)")  # fmt: skip
        return INTERNAL_ERROR


#: Commands that hold nothing the interpreter must close at exit (no store, no temporary folder,
#: their output files closed and renamed before they return): `run` ends them without freeing
#: the return they read object by object (issue 13: 0.02 s at 100,000 rows, 0.2 s at 1,000,000).
QUICK_EXIT = frozenset({"recompute", "validate", "export-json", "export-pdf"})


def _quiet_stdout() -> None:
    """Output that cannot be delivered goes nowhere from here on (Python's own advice for a
    closed pipe: no second error when the interpreter flushes stdout at exit)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _flushed() -> bool:
    """stdout and stderr flushed: False when what was said could not all be delivered (a full
    disk behind `> out.json`).  A stream that is missing (no console) or closed has nothing."""
    ok = True
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # the reader went away: nothing to keep
            _quiet_stdout()
        except (OSError, ValueError):
            ok = False
    return ok


def run() -> NoReturn:
    """The `form9` program (the console script and the bundle's entry): `main`, then the exit."""
    code, quick = _main(None, ends_at_once=True)
    if not quick:
        sys.exit(code)
    if not _flushed():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.write(2, b"form9: the output could not all be written\n")
        code = code or 120  # what the interpreter's own exit gives an unwritable stdout
    if "logging" in sys.modules:  # (no quick command logs; none imports it)
        sys.modules["logging"].shutdown()
    os._exit(code)


if __name__ == "__main__":
    # Run as a script (`python app/cli.py`, the PyInstaller bundle's entry point), this file is
    # `__main__`, a second copy of the module: its CommandError is not the one the commands raise.
    from app.cli import run as cli_run

    cli_run()
