"""The practitioner's desk commands (issue 15): `form9 client-export`, `form9 client-import`,
`form9 report-problem` and `form9 due-board`.  Each problem is one line on stderr, exit 1."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import CommandError
from app.commands.outputs import cannot_write, one_line, refuse_overwriting
from app.commands.store import opened
from app.desk import DeskError
from app.export.client_file import ClientFileError
from app.model.client_merge import PREFER
from app.store import StoreError


def register(sub: Any) -> None:
    e = sub.add_parser("client-export", help="write one dealer with every return to a client file "
                       "(to carry to another PC)")  # fmt: skip
    e.add_argument("tin", metavar="TIN")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")
    e.set_defaults(func=cmd_client_export)

    i = sub.add_parser("client-import", help="merge a client file into the store (by period "
                       "and version; a filed return is never overwritten)")  # fmt: skip
    i.add_argument("input", type=Path, metavar="FILE.zip")
    i.add_argument("--prefer", choices=PREFER, default="newer",
                   help="a draft that differs on both PCs: the newer one (default), the file's, "
                   "or this PC's")  # fmt: skip
    i.add_argument("--dry-run", action="store_true", help="say what would happen, change nothing")
    i.set_defaults(func=cmd_client_import)

    r = sub.add_parser("report-problem", help="write a problem report (zip) for the district GST "
                       "help desk; nothing is sent")  # fmt: skip
    r.add_argument(
        "target", metavar="RETURN", help="a return id in the store, or an upload JSON file"
    )
    r.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")
    r.add_argument("--description", default="", help="what happened, in your own words")
    r.set_defaults(func=cmd_report_problem)

    b = sub.add_parser("due-board", help="returns overdue and due soon, across all dealers")
    b.add_argument("--days", type=int, default=30, help="due within this many days (default 30)")
    b.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the day to count from (default: today)")  # fmt: skip
    b.add_argument("--show", choices=("both", "overdue", "due"), default="both")
    b.add_argument("-o", "--output", type=Path, metavar="FILE.xlsx|FILE.pdf",
                   help="also write the board as a workbook or a PDF")  # fmt: skip
    b.set_defaults(func=cmd_due_board)


def cmd_client_export(args: argparse.Namespace) -> int:
    from app.desk.client_transfer import export_client

    with opened(args) as store:
        try:
            done = export_client(store, args.tin, args.output)
        except (DeskError, ClientFileError) as exc:
            raise one_line(exc) from None
        except OSError as exc:
            raise cannot_write(args.output, exc) from None
    print(f"{done.dealer} (TIN {done.tin}): {done.returns} return(s), {done.filed} filed, "
          f"written to {args.output}")  # fmt: skip
    return 0


def cmd_client_import(args: argparse.Namespace) -> int:
    from app.desk.client_transfer import describe, import_client, plan_import

    with opened(args) as store:
        try:
            if args.dry_run:
                report = plan_import(store, args.input, prefer=args.prefer)
            else:
                report = import_client(store, args.input, prefer=args.prefer)
        except (ClientFileError, DeskError) as exc:
            raise one_line(exc) from None
        except StoreError as exc:
            raise CommandError(f"{args.input}: nothing imported: {exc}") from None
    for line in describe(report):
        print(line)
    refused = len(report.refused)
    if refused:
        rest = "nothing was changed" if args.dry_run else "the rest was imported"
        raise CommandError(f"{args.input}: {refused} return(s) refused; {rest}")
    return 0


def cmd_report_problem(args: argparse.Namespace) -> int:
    from app.desk import problem_report as pr

    target = args.target.strip()
    with opened(args) as store:
        data_dir = store.path.parent if store.path is not None else None
        try:
            if target.isdigit():
                report = pr.for_stored_return(store, int(target), args.description,
                                              data_dir=data_dir)  # fmt: skip
            else:
                source = Path(target)
                refuse_overwriting(args.output, source)
                report = pr.for_file(source, args.description, data_dir=data_dir)
            members = pr.write_report(args.output, report)
        except DeskError as exc:
            raise one_line(exc) from None
    print(f"{args.output}: problem report with {len(members)} file(s) for TIN "
          f"{report.dealer.tin}, {report.ret.period}; nothing was sent — hand it to the district "
          "GST help desk")  # fmt: skip
    return 0


def cmd_due_board(args: argparse.Namespace) -> int:
    from app.desk.due_board import load_board
    from app.export import board_files
    from app.model.due_board import shown

    if not 0 <= args.days <= 3660:
        raise CommandError(f"--days: {args.days} is not between 0 and 3660")
    today = args.today or date.today()
    out: Path | None = args.output
    if out is not None and out.suffix.lower() not in (".xlsx", ".pdf"):
        raise CommandError(f"{out}: name a .xlsx workbook or a .pdf")
    with opened(args) as store:
        rows = shown(load_board(store, today, args.days), show=args.show)
    for r in rows:
        print("  ".join(board_files.cells(r)))
    print(board_files.summary(rows))
    if out is not None:
        try:
            if out.suffix.lower() == ".xlsx":
                board_files.write_xlsx(out, rows, today, args.days)
            else:
                board_files.write_pdf(out, rows, today, args.days)
        except OSError as exc:
            raise cannot_write(out, exc) from None
        print(f"{out}: written")
    return 0
