"""`form9 template` and `form9 import-excel` (spec section 9): the Excel workbook from the CLI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import CommandError, say
from app.commands.engine import read_return
from app.commands.outputs import refuse_overwriting, write_output
from app.export.excel_import import ImportRefused, ImportResult, import_file
from app.export.excel_template import write_workbook
from app.export.upload_json import dumps
from app.model.compute import compute
from app.model.form9 import Form9Return
from app.model.numbers import NumberError
from app.model.periods import Period, PeriodError


def register(sub: Any) -> None:
    t = sub.add_parser(
        "template", help="write the Excel template (optionally filled from a return)"
    )
    t.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    t.add_argument(
        "--from", dest="source", type=Path, metavar="RETURN.json",
        help="fill the sheets with this return's rows (export to Excel)",
    )  # fmt: skip
    t.set_defaults(func=cmd_template)

    i = sub.add_parser(
        "import-excel",
        help="read a filled-in template (.xlsx) or a sales / purchase list (.csv) into a return",
        description="Every sheet with at least one row replaces that part of the return; empty or "
        "missing sheets leave it unchanged. A sheet is a part by its name or, whatever its name, "
        "by its header row (a dealer's own sales register saved by LibreOffice or a billing "
        "program). Any cell that cannot be read is listed with its sheet, row and column, "
        "nothing is written, and the exit code is 1; so is an import that brings no row.",
    )
    i.add_argument("input", type=Path, metavar="FILE.xlsx")
    i.add_argument("-o", "--output", type=Path, required=True, metavar="RETURN.json")
    i.add_argument(
        "--into",
        type=Path,
        metavar="RETURN.json",
        help="merge into this return (default: a new one)",
    )
    i.add_argument("--period", help="return period of a new return (2024-08 or 2024-25)")
    i.add_argument(
        "--csv-list", choices=("sales", "purchase"),
        help="which list a .csv file holds (default: from the file name or its rows' types)",
    )  # fmt: skip
    i.add_argument(
        "--sheet", action="append", default=[], metavar="SHEET=PART",
        help="read the sheet named SHEET as PART (part1a, part1b, part2, part5, sales, purchase, "
        "stock, or none to leave it out), whatever its name or header; may be repeated",
    )  # fmt: skip
    i.set_defaults(func=cmd_import)


def _xlsx_path(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise CommandError(f"{path}: the template is written as an .xlsx file")
    return path


def cmd_template(args: argparse.Namespace) -> int:
    out = _xlsx_path(args.output)
    refuse_overwriting(out, args.source)
    ret = read_return(args.source) if args.source else None
    try:
        write_workbook(out, ret)
    except OSError as exc:
        raise CommandError(f"{out}: cannot write ({exc.strerror})") from None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    print(f"wrote {out}")
    return 0


def _base_return(args: argparse.Namespace) -> Form9Return:
    if args.into:
        return read_return(args.into)
    if not args.period:
        raise CommandError("give --into RETURN.json to merge into, or --period for a new return")
    try:
        Period.parse(args.period)
    except (PeriodError, ValueError) as exc:
        raise CommandError(f"--period: {exc}") from None
    ret = Form9Return()
    ret.header.period = args.period
    return ret


def _parts(args: argparse.Namespace, period: str) -> dict[str, str]:
    """--sheet SHEET=PART options: sheet name → table key ("" for not imported)."""
    from app.export.excel_columns import sheets_for
    from app.export.sheet_recognition import part_key

    specs = sheets_for(period or None)
    parts: dict[str, str] = {}
    for given in args.sheet:
        name, eq, part = given.rpartition("=")
        key = part_key(part, specs) if eq and name else None
        if key is None:
            names = ", ".join(s.key.split("_")[0] if s.csv else s.key for s in specs)
            raise CommandError(f"--sheet {given!r}: give SHEET=PART, PART one of {names} or none")
        parts[name] = key
    return parts


def _nothing(result: ImportResult) -> int:
    """An import that brings no row: which sheets the file has and what they hold; exit 1."""
    lines = result.nothing_lines()
    for line in lines:
        say(line)
    if result.kind == "csv":
        say("name the list with --csv-list sales or --csv-list purchase; nothing was written")
    else:
        say("name a sheet's part with --sheet 'SHEET=PART' (part1a, part1b, part2, part5, sales, "
            "purchase, stock); nothing was written")  # fmt: skip
    return 1


def cmd_import(args: argparse.Namespace) -> int:
    refuse_overwriting(args.output, args.input)  # the return being merged into may be replaced
    base = _base_return(args)
    parts = _parts(args, base.header.period)
    try:
        result = import_file(args.input, csv_list=args.csv_list, period=base.header.period,
                             parts=parts)  # fmt: skip
    except ImportRefused as exc:
        raise CommandError(str(exc)) from None
    for note in result.notices:
        print("note: " + " ".join(note.splitlines()), file=sys.stderr)
    if not result.ok:
        for err in result.errors:
            say(str(err))  # one line each, whatever a sheet name holds
        n = len(result.errors)
        print(f"form9: {n} cell{'s' if n != 1 else ''} cannot be read; nothing was imported",
              file=sys.stderr)  # fmt: skip
        return 1
    if result.brings_nothing:
        return _nothing(result)
    ret = result.apply_to(base)
    try:
        text = dumps(ret, compute(ret))
    except NumberError as exc:  # an amount of the --into return with more than 2 decimals
        raise CommandError(f"{args.into}: {exc}; nothing was written") from None
    write_output(args.output, text)
    for line in result.summary_lines(base):
        print(line)
    print(f"wrote {args.output}")
    return 0
