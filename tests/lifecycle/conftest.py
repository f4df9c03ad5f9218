"""A year of FORM No. 9 returns for one dealer, built step by step through the lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lifecycle_builders import CLIENT


def _real_store(tmp_path: Path) -> Any | None:
    try:
        from app.store import Store  # type: ignore[attr-defined]
    except ImportError:
        return None
    return Store.open(tmp_path)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    real = _real_store(tmp_path)
    if real is not None:
        yield real
        close = getattr(real, "close", None)
        if close:
            close()
        return
    from lifecycle_memstore import MemStore

    yield MemStore()


@pytest.fixture
def client_id(store: Any) -> int:
    return int(store.add_client(CLIENT))
