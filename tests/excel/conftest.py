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


@pytest.fixture
def parent(qtbot: Any) -> Any:
    """A shown window for the import dialogs to belong to."""
    from app.ui.qt import QWidget

    w = QWidget()
    w.resize(400, 300)
    qtbot.addWidget(w)
    w.show()
    return w
