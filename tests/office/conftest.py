"""Office-mode desktop test fixtures (issue 14): screenshots' folder, the desk's GUI helpers, a
second PC on the same PostgreSQL database, and a private server a test may stop and start."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS / "desk"))  # gui_helpers: menus, modal dialogs answered
sys.path.insert(0, str(TESTS / "ui"))  # ui_helpers: an editor opened, fields typed

ARTIFACTS = TESTS / "artifacts"


@pytest.fixture
def artifacts() -> Path:
    """tests/artifacts/ (git-ignored): screenshots for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def office_url(pg_cluster: Any, pg_store_url: str) -> str:
    """A fresh office store, with a second staff role `leela` (a clerk) allowed into it."""
    pg_cluster.psql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'leela') THEN "
        "CREATE ROLE leela LOGIN SUPERUSER; END IF; END $$"
    )
    return pg_store_url


@pytest.fixture
def leela(office_url: str) -> Iterator[Any]:
    """Another PC of the office: Leela's own Store on the same database."""
    from app.store import open_store

    other = open_store(office_url.replace("//postgres@", "//leela@"))
    yield other
    other.close()


@pytest.fixture
def own_cluster() -> Iterator[Any]:
    """A PostgreSQL server of the test's own, which it may stop (pause) and start (resume)."""
    from pgcluster import PgCluster

    cluster = PgCluster().start()
    yield cluster
    cluster.stop()
