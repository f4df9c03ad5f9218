"""Fixtures for the Excel tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from excel_helpers import write_xlsx


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    def make(sheets: dict[str, Sequence[Sequence[Any]]], name: str = "in.xlsx") -> Path:
        return write_xlsx(tmp_path / name, sheets)

    return make
