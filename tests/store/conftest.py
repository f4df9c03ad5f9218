"""Fixtures: an in-memory store, a file store in a temporary data directory, full returns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.model.client import ClientProfile
from app.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(url="sqlite://")
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
