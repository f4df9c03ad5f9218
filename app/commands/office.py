"""`form9 store-copy --to TARGET [--from SOURCE]`: move a store between a PC's SQLite file and an
office's PostgreSQL database (issue 14; app.store.transfer does the copying and checking).

SOURCE and TARGET are each a database URL (postgresql+psycopg://…), a data folder, or a
`.sqlite` file; SOURCE defaults to the store the command would use (--db, --data-dir, $FORM9_DB,
the default data folder).  The target must be empty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import CommandError
from app.commands.store import store_target
from app.store import StoreError

if TYPE_CHECKING:
    from app.store import Store


def register(sub: Any) -> None:
    c = sub.add_parser(
        "store-copy", help="copy the whole store into an empty database or folder, and check it"
    )
    c.add_argument("--to", required=True, metavar="URL|DIR|FILE.sqlite",
                   help="the empty target: postgresql+psycopg://…, a folder, or a .sqlite file")  # fmt: skip
    c.add_argument("--from", dest="source", metavar="URL|DIR|FILE.sqlite",
                   help="the store to copy (default: the one --db / --data-dir names)")  # fmt: skip
    c.set_defaults(func=cmd_store_copy)


def _open(where: str | None) -> Store:
    """A store by URL, folder or .sqlite file (a file: its own folder's store is not used)."""
    from app.store import Store, open_store

    if where and "://" not in where and where.endswith(".sqlite"):
        path = Path(where).resolve()
        if not path.parent.is_dir():
            raise StoreError(f"{where}: the folder {path.parent} does not exist")
        return Store.open(url=f"sqlite:///{path}")
    return open_store(where, backups=False)


def cmd_store_copy(args: argparse.Namespace) -> int:
    from app.store.transfer import copy_store

    source_at = args.source or store_target(args)
    try:
        with _open(source_at) as source, _open(args.to) as target:
            print(f"store-copy: {source.where} → {target.where}", file=sys.stderr)
            report = copy_store(
                source, target, progress=lambda m: print(f"store-copy: {m}", file=sys.stderr)
            )
            print(f"copied {report.summary()}")
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    return 0
