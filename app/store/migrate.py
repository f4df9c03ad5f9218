"""Alembic, configured in code: the migrations in app/store/migrations run on every open.

No alembic.ini is needed, so this works from a source tree, an installed package and a PyInstaller
bundle (which must ship app/store/migrations as data). For development:
`python -m app.store.migrate DB_FILE [upgrade|downgrade|current|revision MESSAGE]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None, url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this app can migrate from (a store at any other was written by a
    newer version)."""
    script = ScriptDirectory.from_config(alembic_config())
    return {r.revision for r in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision` inside the connection's transaction."""
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    url = f"sqlite:///{argv[0]}"
    action = argv[1] if len(argv) > 1 else "upgrade"
    if action == "revision":
        cfg = alembic_config(url=url)
        command.revision(cfg, message=" ".join(argv[2:]) or "change", autogenerate=True)
        return 0
    engine = create_engine(url)
    with engine.begin() as conn:
        if action == "upgrade":
            upgrade(conn, argv[2] if len(argv) > 2 else "head")
        elif action == "downgrade":
            downgrade(conn, argv[2] if len(argv) > 2 else "-1")
        print(current_revision(conn))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
