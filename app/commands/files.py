"""`form9 export-json` and `form9 export-pdf` (spec sections 8 and 10): the files a dealer uploads
and signs, from an upload JSON file.  Both recompute the return and validate it first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import CommandError
from app.commands.engine import pack_for_return, read_return
from app.commands.outputs import output_file, refuse_overwriting
from app.export.schema import SchemaError, write_checked
from app.model.compute import compute
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.validation import errors


def register(sub: Any) -> None:
    j = sub.add_parser(
        "export-json",
        help="write the canonical upload JSON (refused while the return has errors)",
    )
    j.add_argument("input", type=Path, metavar="IN.json")
    j.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json")
    j.set_defaults(func=cmd_export_json)

    p = sub.add_parser("export-pdf", help="print the return as FORM No. 9 (PDF)")
    p.add_argument("input", type=Path, metavar="IN.json")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--draft", dest="draft", action="store_true", default=None,
                      help="always print the DRAFT watermark")  # fmt: skip
    mode.add_argument("--final", dest="draft", action="store_false",
                      help="no watermark; refused while the return has errors")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_export_pdf)


def _findings(ret: Form9Return) -> tuple[Any, list[Finding]]:
    """The computed figures and the return's errors (validation's errors alone: these commands
    refuse on an error and show no warning)."""
    c = compute(ret, with_lists=False)  # the lists' totals per type are not printed or written
    return c, errors(ret, c, pack_for_return(ret))


def _print(path: Path, found: list[Finding]) -> None:
    for f in found:
        print(f"{path}: {f.severity.upper():7} {f.code:18} {f.location:32} {f.message}",
              file=sys.stderr)  # fmt: skip


def cmd_export_json(args: argparse.Namespace) -> int:
    refuse_overwriting(args.output, args.input)
    ret = read_return(args.input)
    c, found = _findings(ret)  # errors only
    if found:
        _print(args.input, found)
        raise CommandError(f"{args.input}: not exported: the return has {len(found)} error(s)")
    try:
        with output_file(args.output) as fh:  # written as it is made; nothing on a refusal
            checksum = write_checked(ret, c, fh.write)
    except SchemaError as exc:
        raise CommandError(f"{args.input}: not exported: {exc}") from None
    print(f"{args.output}: written ({checksum})")
    return 0


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from app.export.pdf_return import write_pdf
    from app.export.upload_json import checksum_of

    refuse_overwriting(args.output, args.input)
    ret = read_return(args.input)
    c, found = _findings(ret)  # errors only
    draft = bool(found) if args.draft is None else args.draft
    if args.draft is False and found:
        _print(args.input, found)
        raise CommandError(f"{args.input}: --final refused: the return has errors (print --draft)")
    checksum = checksum_of(ret, c)  # "" (footer: not generated) while amounts cannot be written
    show = not args.quiet and sys.stderr.isatty()  # a progress line only on a terminal

    def progress(done: int, total: int, text: str) -> None:
        print(f"\r{text}: {done * 100 // max(total, 1)}%\033[K", end="", file=sys.stderr)

    with output_file(args.output) as fh:
        pages = write_pdf(ret, c, fh, draft=draft, checksum=checksum,
                          progress=progress if show else None)  # fmt: skip
    if show:
        print(file=sys.stderr)
    kind = "DRAFT" if draft else "final"
    print(f"{args.output}: {pages} page(s), {kind} ({checksum})")
    return 0
