"""`form9 recompute` and `form9 validate` (spec section 8): the engine over upload JSON files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import CommandError, keep_to_exit, say
from app.commands.outputs import output_file, read_file, refuse_overwriting
from app.export.upload_json import InputError, loads, write_upload
from app.model.compute import compute
from app.model.findings import Finding, has_errors
from app.model.form9 import Form9Return
from app.model.limits import MAX_JSON_BYTES
from app.model.numbers import NumberError

if TYPE_CHECKING:
    from app.model.ratepack import RatePack

# Validation and the rate packs are imported where they are used: `form9 recompute` of a sound
# file needs neither (issue 13: a command imports only what it needs).


def register(sub: Any) -> None:
    p = sub.add_parser("recompute", help="fill every computed field of upload JSON files")
    p.add_argument("inputs", nargs="+", type=Path, metavar="IN.json")
    out = p.add_mutually_exclusive_group()
    out.add_argument(
        "-o", "--output", type=Path, metavar="OUT.json", help="output file (one input)"
    )
    out.add_argument("--out-dir", type=Path, metavar="DIR", help="write each result as DIR/<name>")
    p.set_defaults(func=cmd_recompute)

    v = sub.add_parser("validate", help="check upload JSON files; exit 1 on any error")
    v.add_argument("inputs", nargs="+", type=Path, metavar="IN.json")
    v.add_argument("--json", action="store_true", help="machine-readable findings")
    v.set_defaults(func=cmd_validate)


def read_return(path: Path) -> Form9Return:
    """Read one upload file or raise CommandError naming the file and the field path.

    The long lists are read row by row straight from the file's bytes, whose memory is given back
    as the rows are made (app.export.json_stream); a file that reader cannot vouch for is read
    again by the careful reader, which names what is wrong."""
    from app.export.json_stream import read_file as read_streaming
    from app.fileio import FileRefused, check_input

    try:
        size = check_input(path, MAX_JSON_BYTES)
    except FileRefused as exc:
        raise CommandError(str(exc)) from None
    try:
        ret = read_streaming(path, size)
        if ret is None:
            ret = loads(read_file(path, MAX_JSON_BYTES))
    except InputError as exc:
        raise CommandError(f"{path}: {exc}") from None
    keep_to_exit(ret)  # freed with the process when it ends at once (app.cli.run)
    return ret


def pack_for_return(ret: Form9Return) -> RatePack | None:
    """The rate pack in force for the return's period (None: the period itself is unreadable,
    which validation reports); a missing pack is a one-line error."""
    from app.model.ratepack import RatePackError
    from app.ratepacks import pack_for_period

    try:
        return pack_for_period(ret.header.period)
    except RatePackError as exc:
        raise CommandError(str(exc)) from None


def recompute_into(path: Path, write: Callable[[bytes], Any]) -> None:
    """Recompute one file, writing the result through `write` as it is produced; amounts with
    more than 2 decimals are refused (E-AMOUNT-DP), not rounded.

    However they are written (10.005, 2281715267.5e-2, 1e-9): the writer refuses to write an
    amount with more than 2 decimals, and the validation then names the first such field (the
    caller's atomic output then leaves no file)."""
    ret = read_return(path)
    c = compute(ret, with_lists=False)  # list totals per type are not part of the file
    try:
        write_upload(ret, c, write)
    except NumberError as exc:
        from app.model.validation import validate

        dp = [f for f in validate(ret, c) if f.code == "E-AMOUNT-DP"]
        where = f"{dp[0].location}: {dp[0].message}" if dp else str(exc)
        raise CommandError(f"{path}: {where}") from None


def recompute_text(path: Path) -> str:
    parts: list[bytes] = []
    recompute_into(path, parts.append)
    return b"".join(parts).decode("utf-8")


def cmd_recompute(args: argparse.Namespace) -> int:
    if args.output and len(args.inputs) > 1:
        raise CommandError("-o takes one input; use --out-dir DIR for several")
    if args.out_dir:
        try:
            args.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"{args.out_dir}: cannot make the folder ({exc.strerror})") from None
    failed = 0
    for path in args.inputs:
        target = args.out_dir / path.name if args.out_dir else args.output
        try:
            if target is not None:
                refuse_overwriting(target, *args.inputs)
            if target is None:
                sys.stdout.write(recompute_text(path))  # whole: no half file on a refusal
            else:
                with output_file(target) as fh:
                    recompute_into(path, fh.write)
        except CommandError as exc:
            if len(args.inputs) == 1:
                raise
            say(str(exc))
            failed += 1
    return 1 if failed else 0


def findings_for(path: Path) -> list[Finding]:
    from app.model.validation import validate

    ret = read_return(path)
    return validate(ret, compute(ret, with_lists=False), pack_for_return(ret))


def cmd_validate(args: argparse.Namespace) -> int:
    results: list[dict[str, Any]] = []
    any_error = False
    for path in args.inputs:
        try:
            found = findings_for(path)
        except CommandError as exc:
            if len(args.inputs) == 1 and not args.json:
                raise
            found = [Finding("E-INPUT", "error", "file", None, None, str(exc))]
        any_error |= has_errors(found)
        results.append({"file": str(path), "findings": [f.as_dict() for f in found]})
        if not args.json:
            prefix = f"{path}: " if len(args.inputs) > 1 else ""
            for f in found:
                print(f"{prefix}{f.severity.upper():7} {f.code:18} {f.location:32} {f.message}")
            errors = sum(f.is_error for f in found)
            print(f"{prefix}{errors} error(s), {len(found) - errors} warning(s)")
    if args.json:
        payload: Any = results[0] if len(results) == 1 else results
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    return 1 if any_error else 0
