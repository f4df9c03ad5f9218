"""Fixtures: a store on each backend (SQLite in memory, PostgreSQL), a file store, full returns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.model.client import ClientProfile
from app.store import Store, open_store


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    target = "sqlite://" if backend == "sqlite" else request.getfixturevalue("pg_store_url")
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path)
    yield s
    s.close()


@pytest.fixture
def client_id(store: Store) -> int:
    return store.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
