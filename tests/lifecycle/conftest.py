"""Fixtures: a fresh store (SQLite in a temporary folder, or PostgreSQL) holding the scenario's
dealer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lifecycle_builders import CLIENT

from app.store import Store, open_store


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = open_store(store_target)
    yield s
    s.close()


@pytest.fixture
def client_id(store: Store) -> int:
    return store.add_client(CLIENT)
