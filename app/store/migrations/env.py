"""Alembic environment for the local store; the connection comes from app.store.migrate."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from app.store.schema import METADATA

config = context.config
target_metadata = METADATA


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # python -m app.store.migrate (development)
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite: ALTER via table copies in later migrations
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
