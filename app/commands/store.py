"""`form9 clients`, `form9 returns`, `form9 store-export`, `form9 store-import`: the local store.

The store is <data dir>/form9.sqlite; `--data-dir` (or $FORM9_DATA_DIR) points elsewhere.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli import CommandError
from app.commands.engine import read_return
from app.commands.outputs import write_output
from app.export.canonical import pretty
from app.export.upload_json import to_document
from app.model.client import ClientProfile
from app.model.compute import compute
from app.model.form9 import Branch, Form9Return
from app.model.numbers import fmt_indian
from app.model.status import LABELS, describe_version
from app.samples import add_return
from app.store import ClientInfo, Store, StoreError


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

    i = sub.add_parser("store-import", help="put an upload JSON return into the store (as draft)")
    i.add_argument("input", type=Path, metavar="FILE.json")
    i.add_argument(
        "--client", metavar="TIN", help="the dealer (default: the file's header.tin; a dealer "
        "not yet in the store is added from the file's header)"
    )  # fmt: skip
    i.set_defaults(func=cmd_store_import)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Store]:
    """The store of --data-dir; a StoreError becomes a one-line CommandError."""
    try:
        store = Store.open(Path(args.data_dir) if args.data_dir else None)
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


def cmd_store_import(args: argparse.Namespace) -> int:
    ret = read_return(args.input)
    tin = (args.client or ret.header.tin).strip()
    if not tin:
        raise CommandError(f"{args.input}: header.tin is empty; name the dealer with --client TIN")
    added = False
    with opened(args) as store, store.transaction():  # the dealer and the return, or neither
        client = client_by_tin(store, tin)
        if client is not None:
            client_id = client.id
        elif args.client:
            raise CommandError(f"--client: no dealer with TIN {tin} in the store")
        else:
            client_id = store.add_client(profile_from_header(ret))
            added = True
        try:
            rid = add_return(store, client_id, ret)
        except StoreError as exc:
            raise CommandError(f"{args.input}: {exc}") from None
    if added:
        print(f"dealer {tin} added to the store")
    version = describe_version(ret.header.return_type, ret.header.revision_no)
    print(f"{args.input}: imported as return {rid} ({ret.header.period}, {version}, draft)")
    return 0
