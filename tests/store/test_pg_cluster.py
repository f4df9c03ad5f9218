"""The throw-away PostgreSQL server the office-mode tests use is real and starts here."""

from __future__ import annotations

from typing import Any


def test_a_real_postgresql_server_answers(pg_cluster: Any, pg_url: str) -> None:
    database = pg_url.rsplit("/", 1)[1]
    out = pg_cluster.psql("SELECT current_database(), split_part(version(), ' ', 1)", database)
    assert out.strip() == f"{database}|PostgreSQL"
