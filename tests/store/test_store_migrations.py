"""Alembic from an empty file to head (and back); WAL and foreign keys really on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from store_builders import full_return

from app.model.client import ClientProfile
from app.store import Store, StoreError
from app.store.migrate import current_revision, downgrade, head_revision, upgrade
from app.store.schema import METADATA
from app.store.store import DB_FILE

TABLES = {"client", "client_branch", "tax_return", "return_branch", "part1a_row", "part1b_row",
          "part2_row", "part5_row", "stock_row", "list_row", "filed_facts", "filed_part3",
          "export_record", "audit"}  # fmt: skip


def test_open_creates_the_file_and_migrates_an_empty_store_to_head(tmp_path: Path) -> None:
    with Store.open(tmp_path):
        pass
    db = tmp_path / DB_FILE
    assert db.is_file()
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == TABLES | {"alembic_version"}
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    con.close()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILE}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.add_client(ClientProfile(tin="32100000017"))
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILE}")
    with engine.begin() as conn:
        downgrade(conn, "base")
        assert current_revision(conn) is None
        assert set(inspect(conn).get_table_names()) == {"alembic_version"}
        upgrade(conn)
        assert current_revision(conn) == head_revision()
        assert set(inspect(conn).get_table_names()) >= TABLES
    engine.dispose()
    with Store.open(tmp_path) as s:  # usable again, and empty
        assert s.list_clients() == []


def test_reopening_at_head_keeps_the_data(tmp_path: Path) -> None:
    with Store.open(tmp_path) as s:
        s.add_client(ClientProfile(tin="32100000017", name="Kept"))
    with Store.open(tmp_path) as s:
        assert [c.name for c in s.list_clients()] == ["Kept"]


def test_a_store_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    con = sqlite3.connect(tmp_path / DB_FILE)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="written by a newer version"):
        Store.open(tmp_path)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(tmp_path)


def test_wal_and_foreign_keys_are_on(file_store: Store) -> None:
    with file_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert file_store.path is not None
    assert Path(str(file_store.path) + "-wal").exists()


def test_foreign_keys_are_enforced_and_cascade(file_store: Store) -> None:
    cid = file_store.add_client(ClientProfile(tin="32100000017"))
    rid = file_store.create_return(cid, full_return())
    with file_store.engine.begin() as conn, pytest.raises(Exception, match="FOREIGN KEY"):
        conn.exec_driver_sql("INSERT INTO part1b_row VALUES (999, 0, 'a', 'b', NULL)")
    file_store.delete_client(cid)
    con = sqlite3.connect(file_store.path)  # type: ignore[arg-type]
    for table in ("tax_return", "list_row", "part1a_row", "return_branch", "part5_row"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    con.close()
    with pytest.raises(StoreError, match=f"no return with id {rid}"):
        file_store.load_return(rid)


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORM9_DATA_DIR", str(tmp_path / "elsewhere"))
    with Store.open() as s:
        assert s.path == tmp_path / "elsewhere" / DB_FILE
    assert (tmp_path / "elsewhere" / DB_FILE).is_file()


@pytest.mark.sqlite_only("SQLite's own pragma on the shared in-memory connection")
def test_an_in_memory_store_has_foreign_keys_on_too(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    cid = store.add_client(ClientProfile(tin="32100000017"))
    store.create_return(cid, full_return())
    store.delete_client(cid)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM list_row").scalar() == 0


def test_wal_lets_a_reader_see_the_last_commit_while_a_save_is_under_way(tmp_path: Path) -> None:
    with Store.open(tmp_path) as writer, Store.open(tmp_path) as reader:
        writer.add_client(ClientProfile(tin="32100000017", name="Committed"))
        with writer.engine.connect() as conn:
            conn.execution_options(form9_write=True)
            with conn.begin():
                conn.exec_driver_sql(
                    "UPDATE client SET name = 'Half-saved' WHERE tin = '32100000017'"
                )
                # The writer holds the write lock; the reader is not blocked and sees the old name.
                assert [c.name for c in reader.list_clients()] == ["Committed"]
        assert [c.name for c in reader.list_clients()] == ["Half-saved"]


def test_a_data_dir_that_cannot_be_made_is_refused_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create it"):
        Store.open(blocker / "data")


def test_head_revision_constant_matches_alembic() -> None:
    from app.store.migrations import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_opening_an_up_to_date_store_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    from app.store import Store

    Store.open(tmp_path).close()  # creates and migrates
    code = (
        "import sys; from pathlib import Path; from app.store import Store; "
        f"s = Store.open(Path({str(tmp_path)!r})); s.close(); "
        "print('alembic' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "False", proc.stderr


def test_postgresql_migrates_to_head_matching_the_models_and_back(pg_url: str) -> None:
    from app.store import open_store

    with open_store(pg_url) as s:  # an empty database: every migration runs
        s.add_client(ClientProfile(tin="32100000017"))
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), METADATA) == []
            assert set(inspect(conn).get_table_names()) == TABLES | {"alembic_version"}
            triggers = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'form9_%%'"
            ).scalar_one()
            assert triggers == 2 + 3 * 9 + 1  # tax_return, 3 events × 9 row tables, audit
        with engine.begin() as conn:
            downgrade(conn, "base")
            assert set(inspect(conn).get_table_names()) == {"alembic_version"}
            assert (
                conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_proc WHERE proname LIKE 'form9_%%'"
                ).scalar_one()
                == 0
            )
            upgrade(conn)
            assert current_revision(conn) == head_revision()
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="written by a newer version"):
        open_store(pg_url)
