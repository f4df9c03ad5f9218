"""`form9 clients-import` and `form9 clients-template` (issue 15 item 6): dealers from a sheet.

clients-import prints one line per row of the sheet (added / updated / unchanged / refused and
why), then the counts; any refused row is exit 1 (the other rows are imported, all in one unit of
work).  A file that cannot be read, a missing TIN or name column, or a sheet without a dealer
imports nothing, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import CommandError, say
from app.commands.outputs import cannot_write, one_line
from app.commands.store import opened
from app.desk import DeskError
from app.export.import_checks import ImportRefused


def register(sub: Any) -> None:
    i = sub.add_parser(
        "clients-import", help="add dealers from an Excel (.xlsx) or CSV sheet; --update also "
        "updates dealers already here",
        description="Reads one dealer per row: TIN, name, trade name, address, constitution, "
        "nature of business, GSTIN, due day (10th / 15th), KGST no., CST no., TPS division and "
        "circle, registration renewed up to (headers as in `form9 clients-template`, or their "
        "usual other names: 'Dealer name', 'GST No', 'Registration No' …). A new TIN is added; a "
        "TIN already here is updated only with --update (else its row is refused); a blank cell "
        "never clears what is here. Every cell that cannot be read is listed with its sheet, "
        "row and column and its row is refused; any refused row is exit 1.",
    )  # fmt: skip
    i.add_argument("input", type=Path, metavar="FILE.xlsx|FILE.csv")
    i.add_argument("--update", action="store_true",
                   help="update the dealers already here with the sheet's particulars")  # fmt: skip
    i.add_argument("--dry-run", action="store_true", help="say what would happen, change nothing")
    i.set_defaults(func=cmd_clients_import)

    t = sub.add_parser("clients-template", help="write the dealers' sheet to fill in (.xlsx)")
    t.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    t.add_argument("--with-dealers", action="store_true",
                   help="fill it with the dealers of the data folder (to correct and import "
                   "again with --update)")  # fmt: skip
    t.set_defaults(func=cmd_clients_template)


def cmd_clients_import(args: argparse.Namespace) -> int:
    from app.desk.client_import import describe, import_dealers, plan_dealers
    from app.export.client_sheet import nothing_lines, read_clients

    try:
        result = read_clients(args.input)
    except ImportRefused as exc:
        raise one_line(exc) from None
    for note in result.notices:
        print("note: " + " ".join(note.splitlines()), file=sys.stderr)
    if result.file_errors:
        for err in result.file_errors:
            say(str(err))
        raise CommandError(f"{args.input.name}: the sheet cannot be read as dealers; nothing "
                           "was imported")  # fmt: skip
    if not result.rows:
        for line in nothing_lines(result):
            say(line)
        raise CommandError(f"{args.input.name}: nothing was imported")
    with opened(args) as store:
        try:
            if args.dry_run:
                report = plan_dealers(store, result, update=args.update)
            else:
                report = import_dealers(store, result, update=args.update)
        except DeskError as exc:
            raise one_line(exc) from None
    for line in describe(report):
        print(" ".join(line.splitlines()))
    refused = len(report.refused)
    if refused:
        rest = "nothing was changed" if args.dry_run else "the other rows were imported"
        hint = " (give --update to update dealers already here)" if any(
            line.updatable for line in report.refused
        ) else ""  # fmt: skip
        raise CommandError(f"{args.input.name}: {refused} row(s) refused{hint}; {rest}")
    return 0


def cmd_clients_template(args: argparse.Namespace) -> int:
    from app.export.client_template import write_client_template

    out: Path = args.output
    if out.suffix.lower() != ".xlsx":
        raise CommandError(f"{out}: the dealers' template is written as an .xlsx file")
    dealers = []
    if args.with_dealers:
        from app.desk.client_import import profiles_here

        with opened(args) as store:
            dealers = profiles_here(store)
    try:
        written = write_client_template(out, dealers)
    except OSError as exc:
        raise cannot_write(out, exc) from None
    print(f"wrote {out}" + (f" with {written} dealer(s)" if args.with_dealers else ""))
    return 0
