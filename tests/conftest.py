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


@pytest.fixture(autouse=True, scope="session")
def _qt_drained_before_exit() -> Iterator[None]:
    """Background tasks finished and their Qt objects collected while Qt is still up (PySide can
    crash if they are garbage-collected during interpreter shutdown)."""
    yield
    import sys

    if "PySide6" not in sys.modules:
        return
    import gc

    from app.ui.qt import QApplication, QThreadPool

    QThreadPool.globalInstance().waitForDone(10000)
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
        gc.collect()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """A real PostgreSQL server for the whole test session (started on first use, never skipped)."""
    from pgcluster import PgCluster

    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Any) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


TEST_FORMS = Path(__file__).parent / "forms"


def _form_version(monkeypatch: pytest.MonkeyPatch, folder: Path, version: str) -> Iterator[Any]:
    from app import forms

    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(folder))
    forms._catalogues_in.cache_clear()
    yield forms.catalogue_version(version)
    forms._catalogues_in.cache_clear()


@pytest.fixture
def amended_form(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The made-up amendment tests/forms/form9-2099-04.toml (Part 1(a) col (13A) green_cess, Part
    3 (b) renamed) in force from 1-4-2099, as a file in FORM9_FORMS_DIR; yields its catalogue."""
    yield from _form_version(monkeypatch, TEST_FORMS, "2099-04")


@pytest.fixture
def sections_form(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The made-up amendment tests/forms/sections/form9-2099-10.toml (a field added to the header,
    the inputs and the declaration) in force from 1-10-2099; yields its catalogue."""
    yield from _form_version(monkeypatch, TEST_FORMS / "sections", "2099-10")


@pytest.fixture(autouse=True, scope="session")
def _own_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app's configuration (which data folder, the windows' remembered folders) in a folder of
    the test session, never the user's own."""
    from app.paths import CONFIG_DIR_ENV

    old = os.environ.get(CONFIG_DIR_ENV)
    os.environ[CONFIG_DIR_ENV] = str(tmp_path_factory.mktemp("config"))
    yield
    if old is None:
        os.environ.pop(CONFIG_DIR_ENV, None)
    else:
        os.environ[CONFIG_DIR_ENV] = old
