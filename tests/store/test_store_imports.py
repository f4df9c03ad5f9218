"""Importing the store is cheap (issue 13): `import app.store` loads no SQLAlchemy at all, and the
Store itself only SQLAlchemy Core — no ORM, no Alembic, no PostgreSQL driver — until needed."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlalchemy.orm", "alembic", "psycopg", "openpyxl", "reportlab", "PySide6")


def loaded_after(statement: str) -> list[str]:
    code = f"import sys; {statement}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return proc.stdout.split()


def test_import_app_store_loads_nothing_heavy() -> None:
    assert loaded_after("import app.store; from app.store import StoreError, StaleReturn") == []


def test_the_store_class_needs_sqlalchemy_core_only() -> None:
    assert loaded_after("from app.store import Store, open_store") == ["sqlalchemy"]


def test_opening_a_sqlite_store_loads_no_postgresql_driver(tmp_path: object) -> None:
    opened = f"from app.store import open_store; open_store({str(tmp_path)!r}).close()"
    assert "psycopg" not in loaded_after(opened)


def test_the_store_commands_load_the_store_only_when_they_run() -> None:
    """`form9 --help` builds every command's parser: the store's commands import no SQLAlchemy
    until one of them opens a store."""
    modules = "app.commands.store, app.commands.office, app.commands.backup"
    assert "sqlalchemy" not in loaded_after(f"import {modules}")
