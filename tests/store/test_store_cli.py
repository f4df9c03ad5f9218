"""`form9 clients / returns / store-export / store-import` against a store in --data-dir (SQLite)
and in --db (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_examples import EXAMPLES

from app.cli import main
from app.export.upload_json import stated_checksum_ok
from app.model.status import FILED
from app.samples import samples_dir
from app.store import Store, StoreError, open_store

SAMPLE = samples_dir() / "return-2025-10.json"
REVISION = EXAMPLES / "revision.in.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def at(store_target: str) -> list[str]:
    """The global option naming the test's store: --data-dir DIR, or --db URL."""
    return ["--db" if "://" in store_target else "--data-dir", store_target]


def stored(store_target: str) -> Store:
    return open_store(store_target)


def test_import_list_and_export_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], at: list[str], store_target: str
) -> None:
    code, out, _ = run(capsys, *at, "store-import", str(SAMPLE))
    assert code == 0
    assert "dealer 32100000017 added to the store" in out
    assert "imported as return 1 (2025-10, Original, draft)" in out

    code, out, _ = run(capsys, *at, "clients")
    assert code == 0
    assert "32100000017" in out and "Sample Fuels and Gas Pvt Ltd" in out
    assert out.rstrip().endswith("1 client(s)")

    code, out, _ = run(capsys, *at, "returns", "--client", "32100000017")
    assert code == 0
    assert "2025-10" in out and "Original" in out and "Draft" in out
    assert "4,75,81,328.74" in out  # cached payable

    target = tmp_path / "out.json"
    code, out, _ = run(capsys, *at, "store-export", "1", "-o", str(target))
    assert code == 0
    assert target.read_bytes() == SAMPLE.read_bytes()  # same return, same bytes
    assert stated_checksum_ok(target.read_bytes()) is True
    with stored(store_target) as s:
        [(kind, path, checksum, _at)] = s.exports(1)
    assert (kind, Path(path)) == ("json", target.resolve())
    assert checksum.startswith("sha256:")


def test_import_into_a_named_existing_client(
    capsys: pytest.CaptureFixture[str], at: list[str], store_target: str
) -> None:
    run(capsys, *at, "store-import", str(SAMPLE))
    code, out, _ = run(capsys, *at, "store-import", str(REVISION), "--client", "32100000017")
    assert code == 0 and "imported as return 2 (2025-01, Revision 2, draft)" in out
    with stored(store_target) as s:
        [client] = s.list_clients()
        assert client.return_count == 2
        assert s.return_info(2).status != FILED


def test_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], at: list[str]
) -> None:
    run(capsys, *at, "store-import", str(SAMPLE))
    code, _, err = run(capsys, *at, "store-import", str(SAMPLE))
    assert code == 1
    assert err.strip() == (
        f"form9: {SAMPLE}: header: this client already has the original return for 2025-10"
    )
    code, _, err = run(capsys, *at, "returns", "--client", "32999999999")
    assert (code, err.strip()) == (
        1,
        "form9: --client: no dealer with TIN 32999999999 in the store",
    )
    code, _, err = run(capsys, *at, "store-export", "42", "-o", str(tmp_path / "x"))
    assert (code, err.strip()) == (1, "form9: no return with id 42")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kerala-form9", "format_version": 1, "header": {"period": "x"}}')
    code, _, err = run(capsys, *at, "store-import", str(bad))
    assert code == 1 and err.startswith(f"form9: {bad}: header.period:")


def test_data_dir_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORM9_DATA_DIR", str(tmp_path / "env"))
    assert run(capsys, "store-import", str(SAMPLE))[0] == 0
    assert (tmp_path / "env" / "form9.sqlite").is_file()


def test_bulk_import_of_files_and_folders_one_unit_of_work_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], at: list[str], store_target: str
) -> None:
    from app.export.upload_json import dumps, loads
    from app.model.compute import compute

    folder = tmp_path / "returns"
    folder.mkdir()
    sample = loads(SAMPLE.read_bytes())
    for n, period in enumerate(("2025-08", "2025-09", "2025-10")):
        sample.header.period = period
        sample.header.tin = f"3210000001{n}"
        (folder / f"{period}.json").write_text(dumps(sample, compute(sample)), encoding="utf-8")
    (folder / "broken.json").write_text('{"format": "kerala-form9",', encoding="utf-8")
    (folder / "notes.txt").write_text("not a return", encoding="utf-8")
    code, out, err = run(capsys, *at, "store-import", str(folder), str(SAMPLE),
                         str(folder / "2025-09.json"))  # fmt: skip
    assert code == 1  # something was refused
    lines = out.strip().splitlines()
    assert lines[0] == "6 file(s): 4 imported as drafts (4 dealer(s) added), 2 refused"
    assert lines[1].startswith(f"  refused: {folder / 'broken.json'}: not valid JSON")
    assert lines[2] == (
        f"  refused: {folder / '2025-09.json'}: header: this client already has the original "
        "return for 2025-09"
    )
    assert err.strip().splitlines()[-1] == "store-import: 6 of 6 files"  # progress on stderr
    with stored(store_target) as s:
        assert sorted(r.period for r in s.all_returns()) == ["2025-08", "2025-09", "2025-10",
                                                             "2025-10"]  # fmt: skip
        assert len(s.list_clients()) == 4  # the refused files added no dealer
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, *at, "store-import", str(empty))
    assert (code, err.strip()) == (1, f"form9: {empty}: no .json files in this folder")


def test_a_refused_file_leaves_no_dealer_behind(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    at: list[str],
    store_target: str,
) -> None:
    from app.commands import store as commands

    def refused(store: Store, client_id: int, ret: object) -> int:
        assert store.list_clients()  # the dealer was added in this unit of work
        raise StoreError("part1a row 1, rate: refused")

    monkeypatch.setattr(commands, "add_return", refused)
    code, _, err = run(capsys, *at, "store-import", str(SAMPLE))
    assert (code, err.strip()) == (1, f"form9: {SAMPLE}: part1a row 1, rate: refused")
    with stored(store_target) as s:
        assert s.list_clients() == []  # the dealer and the return, or neither
