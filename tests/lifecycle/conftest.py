"""Fixtures: a fresh store (SQLite in a temporary folder) holding the scenario's dealer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lifecycle_builders import CLIENT

from app.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path)
    yield s
    s.close()


@pytest.fixture
def client_id(store: Store) -> int:
    return store.add_client(CLIENT)
