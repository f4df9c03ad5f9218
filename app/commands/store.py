"""`form9 clients`, `form9 returns`, `form9 store-export`, `form9 store-import`: the store.

The store is <data dir>/form9.sqlite (`--data-dir` or $FORM9_DATA_DIR points elsewhere), or an
office's PostgreSQL database (`--db URL` or $FORM9_DB).  `store-import` takes many files and
folders in one process: each file is one unit of work (its dealer and its return, or neither),
with progress on stderr and a summary of every file refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import CommandError
from app.commands.engine import read_return
from app.model.client import ClientProfile
from app.model.form9 import Branch, Form9Return
from app.model.numbers import fmt_indian
from app.model.status import LABELS, describe_version
from app.samples import add_return
from app.store import StoreError
from app.store.errors import StoreUnreachable

if TYPE_CHECKING:  # SQLAlchemy comes with the store, when a command opens it (form9 --help: not)
    from app.store import ClientInfo, Store


def register(sub: Any) -> None:
    c = sub.add_parser("clients", help="list the dealers in the local store")
    c.add_argument("--search", default="", help="part of a name, trade name or TIN")
    c.set_defaults(func=cmd_clients)

    r = sub.add_parser("returns", help="list the returns in the local store")
    r.add_argument("--client", metavar="TIN", help="only this dealer's returns")
    r.set_defaults(func=cmd_returns)

    e = sub.add_parser("store-export", help="write a stored return as upload JSON")
    e.add_argument("return_id", type=int, metavar="RETURN_ID")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    e.set_defaults(func=cmd_store_export)

    i = sub.add_parser(
        "store-import", help="put upload JSON returns into the store (as drafts), one unit of "
        "work per file"
    )  # fmt: skip
    i.add_argument("inputs", nargs="+", type=Path, metavar="FILE.json|DIR",
                   help="files, or folders of *.json files")  # fmt: skip
    i.add_argument(
        "--client", metavar="TIN", help="the dealer (default: each file's header.tin; a dealer "
        "not yet in the store is added from the file's header)"
    )  # fmt: skip
    i.set_defaults(func=cmd_store_import)


def store_target(args: argparse.Namespace) -> str | None:
    """--db URL, else --data-dir, else None ($FORM9_DB, else the default data folder)."""
    db = getattr(args, "db", None)
    if db and args.data_dir:
        raise CommandError("give --db or --data-dir, not both")
    return str(db or args.data_dir or "") or None


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Store]:
    """The store of --db / --data-dir; a StoreError becomes a one-line CommandError."""
    from app.store import open_store

    try:
        store = open_store(store_target(args))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    if store.path is not None:  # the rotating log in the data folder (issue 15 item 8)
        from app.desk.logs import setup_logging

        setup_logging(store.path.parent)
    try:
        yield store
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()


def client_by_tin(store: Store, tin: str) -> ClientInfo | None:
    tin = tin.strip()
    return next((c for c in store.list_clients(tin) if c.tin == tin), None)


def cmd_clients(args: argparse.Namespace) -> int:
    with opened(args) as store:
        clients = store.list_clients(args.search)
    print(f"{'ID':>4}  {'TIN':11}  {'RETURNS':>7}  NAME")
    for c in clients:
        trade = f" ({c.trade_name})" if c.trade_name else ""
        print(f"{c.id:>4}  {c.tin:11}  {c.return_count:>7}  {c.name}{trade}")
    print(f"{len(clients)} client(s)")
    return 0


def cmd_returns(args: argparse.Namespace) -> int:
    with opened(args) as store:
        tins = {c.id: c.tin for c in store.list_clients()}
        if args.client:
            client = client_by_tin(store, args.client)
            if client is None:
                raise CommandError(f"--client: no dealer with TIN {args.client} in the store")
            returns = store.list_returns(client.id)
        else:
            returns = store.all_returns()
    print(
        f"{'ID':>4}  {'TIN':11}  {'PERIOD':7}  {'VERSION':10}  {'STATUS':13}  {'PAYABLE':>16}  ACK"
    )
    for r in returns:
        version = describe_version(r.return_type, r.revision_no)
        status = LABELS.get(r.status, r.status)
        print(f"{r.id:>4}  {tins.get(r.client_id, ''):11}  {r.period:7}  {version:10}  "
              f"{status:13}  {fmt_indian(r.payable):>16}  {r.ack_no}")  # fmt: skip
    print(f"{len(returns)} return(s)")
    return 0


def cmd_store_export(args: argparse.Namespace) -> int:
    with opened(args) as store:
        ret = store.load_return(args.return_id)
        from app.commands.outputs import write_output
        from app.export.canonical import pretty
        from app.export.upload_json import to_document
        from app.model.compute import compute

        doc = to_document(ret, compute(ret))
        target: Path = args.output
        write_output(target, pretty(doc))
        store.record_export(args.return_id, "json", str(target.resolve()), str(doc["checksum"]))
    print(f"return {args.return_id} written to {target}")
    return 0


def profile_from_header(ret: Form9Return) -> ClientProfile:
    h = ret.header
    return ClientProfile(
        tin=h.tin.strip(), kgst_no=h.kgst_no, cst_no=h.cst_no, tps_division=h.tps_division,
        tps_circle=h.tps_circle, name=h.name, address=h.address, trade_name=h.trade_name,
        constitution=h.constitution, nature_of_business=h.nature_of_business,
        branches=[Branch(b.name, b.address) for b in h.branches], gstin=h.gstin,
        large_dealer=bool(ret.inputs.large_dealer),
    )  # fmt: skip


def import_files(inputs: list[Path]) -> list[Path]:
    """The files to import: each FILE as given, each folder's *.json files by name."""
    files: list[Path] = []
    for p in inputs:
        if p.is_dir():
            found = sorted(f for f in p.glob("*.json") if f.is_file())
            if not found:
                raise CommandError(f"{p}: no .json files in this folder")
            files += found
        else:
            files.append(p)
    return files


def import_one(store: Store, path: Path, client_tin: str | None) -> tuple[int, bool, Form9Return]:
    """One file into the store as one unit of work (the dealer and the return, or neither):
    (return id, whether the dealer was added, the return)."""
    ret = read_return(path)
    tin = (client_tin or ret.header.tin).strip()
    if not tin:
        raise CommandError(f"{path}: header.tin is empty; name the dealer with --client TIN")
    added = False
    with store.transaction():
        client_id = store.find_client(tin)
        if client_id is None:
            if client_tin:
                raise CommandError(f"--client: no dealer with TIN {tin} in the store")
            client_id = store.add_client(profile_from_header(ret))
            added = True
        try:
            rid = add_return(store, client_id, ret)
        except StoreError as exc:
            raise CommandError(f"{path}: {exc}") from None
    return rid, added, ret


class Progress:
    """`store-import: 1,200 of 3,600 files` on stderr, at most twice a second (one line
    rewritten on a terminal, a line per 10% otherwise)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.shown = 0.0
        self.step = max(1, total // 10)

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        last = done == self.total
        if self.tty:
            if last or now - self.shown >= 0.5:
                self.shown = now
                end = "\n" if last else ""
                print(f"\rstore-import: {done:,} of {self.total:,} files", end=end,
                      file=sys.stderr, flush=True)  # fmt: skip
        elif done % self.step == 0 or last:
            print(f"store-import: {done:,} of {self.total:,} files", file=sys.stderr, flush=True)


def cmd_store_import(args: argparse.Namespace) -> int:
    files = import_files(args.inputs)
    if len(files) == 1:
        return _import_single(args, files[0])
    refused: list[str] = []
    imported = dealers = 0
    progress = Progress(len(files))
    with opened(args) as store:
        for n, path in enumerate(files, 1):
            try:
                _rid, added, _ret = import_one(store, path, args.client)  # one unit of work
                imported += 1
                dealers += added
            except CommandError as exc:
                refused.append(" ".join(str(exc).splitlines()))
            except StoreError as exc:
                if isinstance(exc, StoreUnreachable):
                    raise  # the rest would fail alike: stop here, say so once
                refused.append(f"{path}: {' '.join(str(exc).splitlines())}")
            progress(n)
    new = f" ({dealers:,} dealer(s) added)" if dealers else ""
    print(f"{len(files):,} file(s): {imported:,} imported as drafts{new}, "
          f"{len(refused):,} refused")  # fmt: skip
    for line in refused:
        print(f"  refused: {line}")
    return 1 if refused else 0


def _import_single(args: argparse.Namespace, path: Path) -> int:
    with opened(args) as store:
        rid, added, ret = import_one(store, path, args.client)
    if added:
        print(f"dealer {ret.header.tin.strip()} added to the store")
    version = describe_version(ret.header.return_type, ret.header.revision_no)
    print(f"{path}: imported as return {rid} ({ret.header.period}, {version}, draft)")
    return 0
