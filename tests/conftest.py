"""Shared fixtures: a store over a temporary data directory; Qt tests run headless."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Any]:
    """A fresh store (SQLite) in a temporary data directory, closed afterwards."""
    from app.store import Store

    s = Store.open(data_dir)
    yield s
    s.close()
