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


#: The databases the store runs on (issue 14): every test that asks for `backend` (directly or
#: through `store`, `store_target`) runs once on each, unless marked sqlite_only(why).
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", ["sqlite"] if only else list(BACKENDS))


@pytest.fixture
def store_target(backend: str, request: pytest.FixtureRequest, data_dir: Path) -> str:
    """Where the test's store lives: a data folder (SQLite) or a fresh PostgreSQL database's URL
    (already migrated), as `--data-dir` / `--db` and open_store() take them."""
    if backend == "sqlite":
        return str(data_dir)
    url: str = request.getfixturevalue("pg_store_url")
    return url


@pytest.fixture
def store(store_target: str) -> Iterator[Any]:
    """A fresh store (SQLite in a temporary data directory, or PostgreSQL), closed afterwards."""
    from app.store import open_store

    s = open_store(store_target)
    yield s
    _qt_tasks_done()  # a window's background reads finish before the store (and its database) go
    s.close()


def _qt_tasks_done() -> None:
    import sys

    if "PySide6" in sys.modules:
        from app.ui.qt import QThreadPool

        QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture(autouse=True)
def _background_tasks_end_with_their_test() -> Iterator[None]:
    """A test's background tasks (Qt's shared thread pool) finish before the next test starts,
    which would otherwise wait for a free thread behind them."""
    yield
    _qt_tasks_done()


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


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Any) -> str:
    """A database with the store's schema at head: each test's store is a copy (a file copy on
    the server, much faster than running the migrations again)."""
    from app.store import open_store

    name = pg_cluster.new_database("form9_template")
    open_store(pg_cluster.url(name)).close()
    return str(name)


#: Databases of finished tests, dropped a few tests later: a window a test left open may still
#: read its store from a timer (as it would read a SQLite file that is still there).
_FINISHED: list[str] = []


@pytest.fixture
def pg_store_url(pg_cluster: Any, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL store (schema at head, no data) for one test, dropped soon after."""
    name = pg_cluster.new_database(template=pg_template)
    yield pg_cluster.url(name)
    _FINISHED.append(name)
    while len(_FINISHED) > 4:
        pg_cluster.drop_database(_FINISHED.pop(0))


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
def _own_config_and_cache_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app's configuration (which data folder, the windows' remembered folders) and its cache
    (the compiled schema check) in folders of the test session, never the user's own; the
    commands a test runs in a child process inherit them."""
    from app.paths import CACHE_DIR_ENV, CONFIG_DIR_ENV

    old = {name: os.environ.get(name) for name in (CONFIG_DIR_ENV, CACHE_DIR_ENV)}
    os.environ[CONFIG_DIR_ENV] = str(tmp_path_factory.mktemp("config"))
    os.environ[CACHE_DIR_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
