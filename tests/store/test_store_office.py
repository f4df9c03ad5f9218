"""Office mode on a real PostgreSQL server (issue 14): choosing the store by URL, the roles of
docs/office.md (their SQL is run from the document itself), and what happens when the server
cannot be reached — always one line, never a half-saved change."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from store_builders import full_return

from app.cli import main
from app.model.client import ClientProfile
from app.store import Store, StoreError, check_url, open_store
from app.store.errors import StoreReadOnly, StoreUnreachable

OFFICE_MD = Path(__file__).resolve().parents[2] / "docs" / "office.md"


def sql_block(name: str) -> str:
    """The SQL between <!-- name --> and <!-- /name --> in docs/office.md."""
    text = OFFICE_MD.read_text(encoding="utf-8")
    block = re.search(rf"<!-- {name} -->\s*```sql\n(.*?)```\s*<!-- /{name} -->", text, re.S)
    assert block is not None, name
    return block.group(1)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there once the socket is closed


def as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


# ------------------------------------------------------------------ choosing the store


def test_check_url_says_what_is_wrong_in_one_line(pg_store_url: str, pg_url: str) -> None:
    assert check_url(pg_store_url) is None
    assert "holds no FORM 9 store yet" in str(check_url(pg_url))  # and it made none:
    assert "holds no FORM 9 store yet" in str(check_url(pg_url))
    unreachable = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/form9"
    problems = {
        "not a url": "is not a database URL",
        "mysql://u@h/db": "the store needs SQLite or PostgreSQL",
        as_role(pg_store_url, "postgres").replace("postgres@", "postgres:secret@"): (
            "the URL holds a password"
        ),
        unreachable: "the office database cannot be reached",
        pg_store_url.rsplit("/", 1)[0] + "/no_such_db": 'database "no_such_db" does not exist',
    }
    for url, why in problems.items():
        problem = check_url(url)
        assert problem is not None and why in problem, (url, problem)
        assert "\n" not in problem and "secret" not in problem


def test_open_store_takes_a_url_a_folder_or_form9_db(
    pg_store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(pg_store_url) as s:
        assert s.backend.name == "postgresql" and s.path is None
        s.add_client(ClientProfile(tin="32100000017"))
    with open_store(tmp_path) as s:
        assert s.backend.name == "sqlite" and s.list_clients() == []
    monkeypatch.setenv("FORM9_DB", pg_store_url)
    with open_store() as s:
        assert [c.tin for c in s.list_clients()] == ["32100000017"]
        assert "postgresql" in s.where and "@" in s.where


def test_the_command_takes_db_and_form9_db(
    pg_store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    with open_store(pg_store_url) as s:
        s.add_client(ClientProfile(tin="32100000017", name="In the office"))
    assert main(["--db", pg_store_url, "clients"]) == 0
    assert "In the office" in capsys.readouterr().out
    monkeypatch.setenv("FORM9_DB", pg_store_url)
    assert main(["clients"]) == 0
    assert "In the office" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "clients"]) == 0  # an explicit folder wins
    assert "0 client(s)" in capsys.readouterr().out
    assert main(["--db", pg_store_url, "--data-dir", str(tmp_path), "clients"]) == 1
    assert capsys.readouterr().err.strip() == "form9: give --db or --data-dir, not both"


# ------------------------------------------------------------------ unreachable


def test_an_unreachable_server_is_one_line_at_open_and_in_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql+psycopg://clerk@127.0.0.1:{closed_port()}/form9"
    with pytest.raises(StoreUnreachable) as caught:
        open_store(url)
    assert str(caught.value).startswith(
        f"postgresql+psycopg://clerk@127.0.0.1:{url.split(':')[2].split('/')[0]}/form9: cannot "
        "open the store: the office database cannot be reached (connection failed:"
    )
    assert main(["--db", url, "returns"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the office database cannot be reached" in err


def test_a_dropped_connection_mid_save_leaves_nothing_half_saved(
    store_pg: Store, pg_cluster: Any
) -> None:
    cid = store_pg.add_client(ClientProfile(tin="32100000017"))
    rid = store_pg.create_return(cid, full_return())
    before = store_pg.load_return(rid)
    edited = full_return()
    edited.header.name = "Half-saved?"
    with pytest.raises(StoreUnreachable) as caught, store_pg.transaction():
        store_pg.save_parts(rid, edited, {"header"})  # written, not yet committed
        pid = store_pg._local.joined[0].exec_driver_sql("SELECT pg_backend_pid()").scalar()
        pg_cluster.psql(f"SELECT pg_terminate_backend({pid})")  # the server goes away
        store_pg.save_parts(rid, edited, {"part1a"})
    assert str(caught.value).endswith("nothing was saved — try again when it is back")
    assert "\n" not in str(caught.value)
    assert store_pg.load_return(rid) == before  # reconnected by itself; the edit is not there
    assert [e.action for e in store_pg.audit(rid)] == ["create"]


@pytest.fixture
def store_pg(pg_store_url: str) -> Iterator[Store]:
    s = open_store(pg_store_url)
    yield s
    s.close()


# ------------------------------------------------------------------ roles (docs/office.md)


@pytest.fixture(scope="session")
def office_roles(pg_cluster: Any) -> None:
    """The roles of docs/office.md, made once in the test cluster (roles are cluster-wide)."""
    pg_cluster.psql(sql_block("office-roles"))


@pytest.fixture
def office_db(pg_cluster: Any, office_roles: None) -> Iterator[str]:
    """A database set up as docs/office.md says, its tables made by the owner's first run;
    yields the URL without a role."""
    name = pg_cluster.new_database()
    pg_cluster.psql(f'ALTER DATABASE "{name}" OWNER TO form9_owner')
    pg_cluster.psql(sql_block("office-grants").replace("DATABASE form9", f'DATABASE "{name}"'),
                    name)  # fmt: skip
    url = pg_cluster.url(name, user="form9_owner")
    open_store(url).close()  # the owner's first `form9 --db … clients`
    pg_cluster.psql(sql_block("office-audit"), name)
    yield url
    pg_cluster.drop_database(name)


def test_a_clerk_edits_and_the_trail_names_her(office_db: str) -> None:
    with open_store(as_role(office_db, "anita")) as s:
        cid = s.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
        rid = s.create_return(cid, full_return())
        s.set_status(rid, "ready")
        assert {e.user for e in s.audit(client_id=cid)} == {"anita"}
        with pytest.raises(Exception, match="permission denied for table audit"), \
                s.engine.begin() as conn:  # fmt: skip
            conn.exec_driver_sql("DELETE FROM audit")


def test_a_reviewer_reads_and_every_write_is_refused_in_one_line(office_db: str) -> None:
    with open_store(as_role(office_db, "anita")) as s:
        cid = s.add_client(ClientProfile(tin="32100000017", name="Sample Fuels"))
        rid = s.create_return(cid, full_return())
    with open_store(as_role(office_db, "ravi")) as s:
        assert [c.name for c in s.list_clients()] == ["Sample Fuels"]
        assert s.load_return(rid) == full_return()
        assert s.watch() is True  # a reviewer still sees the clerks' changes live
        writes = [
            lambda: s.add_client(ClientProfile(tin="32200000025")),
            lambda: s.save_return(rid, full_return()),
            lambda: s.set_status(rid, "ready"),
            lambda: s.delete_client(cid),
        ]
        for write in writes:
            with pytest.raises(StoreReadOnly) as refused:
                write()
            message = str(refused.value)
            assert message.startswith("the store refused the change: this database user may "
                                      "only read the store (permission denied for table")  # fmt: skip
            assert message.endswith("ask for an editing role to make changes")
            assert "\n" not in message
        assert s.return_info(rid).version == 1


def test_a_clerk_cannot_create_the_tables(pg_cluster: Any, office_roles: None) -> None:
    name = pg_cluster.new_database()
    pg_cluster.psql(f'ALTER DATABASE "{name}" OWNER TO form9_owner')
    pg_cluster.psql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", name)
    try:
        with pytest.raises(StoreError, match="run any form9 command once as the database's owner"):
            open_store(pg_cluster.url(name, user="anita"))
    finally:
        pg_cluster.drop_database(name)


def test_backup_and_restore_say_pg_dump_for_an_office_database(
    pg_store_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    for argv in (["--db", pg_store_url, "backup"], ["--db", pg_store_url, "restore", "x"]):
        assert main(argv) == 1
        err = capsys.readouterr().err.strip()
        assert err.endswith("database is backed up with pg_dump (docs/office.md)"), err
    monkeypatch.setenv("FORM9_DB", pg_store_url)
    assert main(["backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "backup"]) == 1  # an explicit folder: SQLite
    assert "there is no store to back up yet" in capsys.readouterr().err
