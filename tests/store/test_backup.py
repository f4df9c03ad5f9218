"""Backups: written whole with the online backup API, rotated, taken at most daily and before every
migration; restore refuses what is not a store of this app and keeps the current one first; a
damaged store names its latest good backup."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from store_builders import full_return

from app.cli import main
from app.model.client import ClientProfile
from app.store import APP_LOCK_FILE, Store, StoreError
from app.store import backup as b
from app.store.errors import StoreDamaged
from app.store.migrate import downgrade
from app.store.migrations import HEAD_REVISION
from app.store.store import DB_FILE

pytestmark = pytest.mark.sqlite_only(
    "backups, restore and the integrity check work on the SQLite file of one PC; an office database is backed up with pg_dump (docs/office.md)"
)


def _store(folder: Path, name: str = "Kept") -> tuple[int, int]:
    with Store.open(folder, backups=False) as s:
        cid = s.add_client(ClientProfile(tin="32100000017", name=name))
        return cid, s.create_return(cid, full_return())


def _names(folder: Path) -> list[str]:
    with Store.open(folder, backups=False) as s:
        return [c.name for c in s.list_clients()]


def _damage(db: Path) -> None:
    with db.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096 * 2)


def test_a_backup_is_one_sound_file_with_everything(tmp_path: Path) -> None:
    _cid, rid = _store(tmp_path)
    written = b.backup_store(tmp_path / DB_FILE)
    assert written.parent == tmp_path / "backups" and b.NAME.match(written.name)
    assert not Path(f"{written}-wal").exists()  # self-contained: no write-ahead log beside it
    con = sqlite3.connect(written)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert b.check_backup(written) == HEAD_REVISION
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / DB_FILE).write_bytes(written.read_bytes())
    with Store.open(copy, backups=False) as s, Store.open(tmp_path, backups=False) as live:
        assert s.load_return(rid) == live.load_return(rid)
    assert not list(tmp_path.glob("backups/.*"))  # no temporary file left


def test_backup_to_a_chosen_file_and_never_onto_the_store(tmp_path: Path) -> None:
    _store(tmp_path)
    target = tmp_path / "elsewhere" / "office.sqlite"
    target.parent.mkdir()
    assert b.backup_store(tmp_path / DB_FILE, target) == target and target.is_file()
    with pytest.raises(StoreError, match="that is the store itself"):
        b.backup_store(tmp_path / DB_FILE, tmp_path / DB_FILE)


def test_the_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    _store(tmp_path)
    b.write_settings(tmp_path, b.BackupSettings(keep=3))
    assert b.read_settings(tmp_path).keep == 3
    made = [b.backup_store(tmp_path / DB_FILE, why=f"n{n}") for n in range(5)]
    assert b.list_backups(tmp_path) == list(reversed(made))[:3]
    assert not made[0].exists() and not made[1].exists()


def test_settings_are_kept_beside_other_entries_and_bad_ones_fall_back(tmp_path: Path) -> None:
    (tmp_path / b.SETTINGS_FILE).write_text('{"theme": "dark"}', encoding="utf-8")
    b.write_settings(tmp_path, b.BackupSettings(keep=4))
    text = (tmp_path / b.SETTINGS_FILE).read_text(encoding="utf-8")
    assert '"theme": "dark"' in text and '"keep": 4' in text
    for bad in ('{"backups": {"keep": 0}}', '{"backups": {"keep": "ten"}}', "not json", "[]"):
        (tmp_path / b.SETTINGS_FILE).write_text(bad, encoding="utf-8")
        assert b.read_settings(tmp_path).keep == b.DEFAULT_KEEP
    with pytest.raises(StoreError, match="between 1 and"):
        b.write_settings(tmp_path, b.BackupSettings(keep=0))


def test_open_backs_up_at_most_daily_and_only_after_changes(tmp_path: Path) -> None:
    Store.open(tmp_path).close()  # a new, empty store: nothing to back up
    assert b.list_backups(tmp_path) == []
    _store(tmp_path)
    Store.open(tmp_path).close()  # the day's first open of a store with data
    (first,) = b.list_backups(tmp_path)
    assert "daily" in first.name
    Store.open(tmp_path).close()  # the same day: no second one
    assert b.list_backups(tmp_path) == [first]
    tomorrow = datetime.now() + timedelta(days=1)
    os.utime(tmp_path / DB_FILE, (first.stat().st_mtime - 10,) * 2)  # unchanged since
    assert b.daily_backup(tmp_path / DB_FILE, now=tomorrow) is None
    with Store.open(tmp_path, backups=False) as s:
        s.add_client(ClientProfile(tin="32200000025", name="Changed"))
    later = b.daily_backup(tmp_path / DB_FILE, now=tomorrow)
    assert later is not None and later.exists()


def _old_schema_store(folder: Path) -> tuple[int, int]:
    """A store as the first schema left it (versions and guards came with 0002)."""
    ids = _store(folder, "Before the upgrade")
    engine = create_engine(f"sqlite:///{folder / DB_FILE}")
    with engine.begin() as conn:
        downgrade(conn, "0001")
    engine.dispose()
    return ids


def test_a_migration_is_always_backed_up_first(tmp_path: Path) -> None:
    _old_schema_store(tmp_path)
    Store.open(tmp_path).close()
    (taken,) = b.list_backups(tmp_path)
    assert "before-migration-0001" in taken.name
    assert b.check_backup(taken) == "0001"


def test_restoring_a_backup_taken_before_a_migration(tmp_path: Path) -> None:
    _cid, rid = _old_schema_store(tmp_path)
    with Store.open(tmp_path) as s:  # migrates (backing up first)
        before = s.load_return(rid)
        s.add_client(ClientProfile(tin="32200000025", name="Added after the upgrade"))
    (taken,) = b.list_backups(tmp_path)
    done = b.restore(tmp_path / DB_FILE, taken)
    assert done.revision == "0001" and done.kept is not None and "before-restore" in done.kept.name
    with Store.open(tmp_path) as s:  # opens migrated, with the data intact
        assert s.load_return(rid) == before
        assert [c.name for c in s.list_clients()] == ["Before the upgrade"]
        assert s.return_info(rid).version == 1
    con = sqlite3.connect(tmp_path / DB_FILE)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    con.close()
    assert sorted(_names_in(done.kept)) == ["Added after the upgrade", "Before the upgrade"]


def _names_in(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT name FROM client")]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n" * 100, "not a FORM 9 store (not an SQLite database)"),
        ("other-app", "not a FORM 9 store (no schema revision in it)"),
        ("newer", "written by a newer version of this app (schema 9999)"),
        ("damaged", "the file is damaged"),
    ],
)
def test_restore_refuses_what_is_not_a_store_of_this_app(
    tmp_path: Path, content: bytes | str, message: str
) -> None:
    _store(tmp_path)
    source = tmp_path / "candidate.sqlite"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content == "other-app":
        con = sqlite3.connect(source)
        con.execute("CREATE TABLE notes (body TEXT)")
        con.commit()
        con.close()
    else:
        b.backup_store(tmp_path / DB_FILE, source)
        if content == "newer":
            con = sqlite3.connect(source)
            con.execute("UPDATE alembic_version SET version_num = '9999'")
            con.commit()
            con.close()
        else:
            _damage(source)
    before = (tmp_path / DB_FILE).read_bytes()
    with pytest.raises(StoreError, match=re.escape(message)) as refused:
        b.restore(tmp_path / DB_FILE, source)
    assert "\n" not in str(refused.value)
    assert (tmp_path / DB_FILE).read_bytes() == before and b.list_backups(tmp_path) == []
    assert _names(tmp_path) == ["Kept"]


def test_a_damaged_store_names_its_latest_good_backup_and_can_be_restored(
    tmp_path: Path,
) -> None:
    _store(tmp_path)
    good = b.backup_store(tmp_path / DB_FILE, why="good")
    bad = b.backup_store(tmp_path / DB_FILE, why="bad")
    _damage(bad)  # the newest backup is damaged too: the one before it is named
    _damage(tmp_path / DB_FILE)
    with pytest.raises(StoreDamaged) as damaged:
        Store.open(tmp_path)
    assert damaged.value.backup == good
    assert "cannot open the store: it is damaged" in str(damaged.value) and str(good) in str(
        damaged.value
    )
    damaged_bytes = (tmp_path / DB_FILE).read_bytes()
    done = b.restore(tmp_path / DB_FILE, good)
    assert done.kept is not None and "damaged" in done.kept.name
    assert done.kept.read_bytes() == damaged_bytes  # kept whole, never deleted
    assert _names(tmp_path) == ["Kept"]


def test_cli_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path)
    _store(tmp_path)
    assert main(["--data-dir", d, "backup"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("store backed up to ") and "backups/form9-" in out
    target = tmp_path / "office.sqlite"
    assert main(["--data-dir", d, "backup", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip().endswith("office.sqlite")
    with Store.open(tmp_path, backups=False) as s:
        s.add_client(ClientProfile(tin="32200000025", name="Later"))
    assert main(["--data-dir", d, "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"store restored from {target} (schema {HEAD_REVISION})" in out
    assert "the previous store is kept as" in out and "before-restore" in out
    assert _names(tmp_path) == ["Kept"]


def test_cli_refusals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path)
    assert main(["--data-dir", d, "backup"]) == 1
    assert capsys.readouterr().err.strip() == f"form9: {tmp_path}: there is no store to back up yet"
    _store(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert main(["--data-dir", d, "restore", str(text)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a FORM 9 store" in err
    assert main(["--data-dir", d, "restore", str(tmp_path / "missing.sqlite")]) == 1
    assert "no such file" in capsys.readouterr().err
    _damage(tmp_path / DB_FILE)
    assert main(["--data-dir", d, "returns"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "it is damaged" in err and "Traceback" not in err
    assert main(["--data-dir", d, "backup"]) == 1  # a damaged store is not copied as a backup
    assert "it is damaged" in capsys.readouterr().err


def test_cli_restore_waits_for_the_app_to_close(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _store(tmp_path)
    source = b.backup_store(tmp_path / DB_FILE)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / APP_LOCK_FILE).write_text(f"{alive.pid}\nform9-gui\n{socket.gethostname()}\n")
        assert main(["--data-dir", str(tmp_path), "restore", str(source)]) == 1
        assert f"the app is open on {tmp_path} (process {alive.pid})" in capsys.readouterr().err
    finally:
        alive.kill()
        alive.wait()
    # the app crashed long ago: its stale lock does not block
    assert main(["--data-dir", str(tmp_path), "restore", str(source)]) == 0
