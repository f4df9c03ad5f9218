"""Hostile and damaged client files (issue 15 item 2, issue 10): each refused by `form9
client-import` in one line naming the file and the place, exit 1, the store unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from desk_builders import TIN, dealer_with_history, manifest_of, rewrite_zip, zip_bytes

from app.cli import main
from app.model.client import ClientProfile
from app.store import Store

Change = Callable[[Path, Path], object]


def _manifest(edit: Callable[[dict[str, Any]], None]) -> Change:
    def change(src: Path, dst: Path) -> None:
        m = manifest_of(src)
        edit(m)
        rewrite_zip(src, dst, lambda n, d: json.dumps(m).encode() if n == "manifest.json" else d)

    return change


def _member(name: str, data: bytes, *, fix_sha: bool = True) -> Change:
    """Replace a return's member (and, with fix_sha, its checksum in the manifest)."""

    def change(src: Path, dst: Path) -> None:
        m = manifest_of(src)
        for r in m["returns"]:
            if r["file"] == name and fix_sha:
                r["sha256"] = hashlib.sha256(data).hexdigest()
        rewrite_zip(src, dst, lambda n, d: data if n == name else
                    json.dumps(m).encode() if n == "manifest.json" else d)  # fmt: skip

    return change


def _raw(data: bytes) -> Change:
    return lambda _src, dst: dst.write_bytes(data)


def _swap_tin(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as zf:
        text = zf.read("returns/2025-10-original.json").replace(TIN.encode(), b"32000000011")
    _member("returns/2025-10-original.json", text)(src, dst)


def _add(name: str, data: bytes) -> Change:
    def change(src: Path, dst: Path) -> None:
        rewrite_zip(src, dst, lambda n, d: d)
        with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name, data)

    return change


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(m: dict[str, Any]) -> None:
        node = m
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value

    return edit


OCT = "returns/2025-10-original.json"
CASES: dict[str, tuple[Change, str]] = {
    "not a zip": (_raw(b"TIN,NAME\n32759389475,x\n"), "not a client file (not a zip archive"),
    "empty": (_raw(b""), "the file is empty"),
    "cut in half": (lambda s, d: d.write_bytes(s.read_bytes()[: s.stat().st_size // 2]),
                    "not a client file (not a zip archive"),
    "a zip of something else": (_raw(zip_bytes({"xl/workbook.xml": b"<x/>"})),
                                "not a client file (manifest.json is missing)"),
    "manifest not JSON": (lambda s, d: rewrite_zip(s, d, lambda n, b: b"{oops" if n == "manifest.json" else b),
                          "manifest.json: "),
    "manifest nested 100,000 deep": (
        lambda s, d: rewrite_zip(s, d, lambda n, b: b"[" * 100_000 + b"]" * 100_000
                                 if n == "manifest.json" else b), "manifest.json: "),
    "another format": (_manifest(_set(["format"], "kerala-form9")), "manifest.json: format: expected 'form9-client'"),
    "a newer version": (_manifest(_set(["format_version"], 2)),
                        "manifest.json: format_version: this version reads 1, found the number 2"),
    "returns not a list": (_manifest(_set(["returns"], {"a": 1})), "manifest.json: returns: expected a list"),
    "unknown status": (_manifest(_set(["returns", 0, "status"], "sent")),
                       "manifest.json: returns[0].status: expected one of draft, ready, filed, found 'sent'"),
    "period before FORM No. 9": (_manifest(_set(["returns", 0, "period"], "2023-01")),
                                 "manifest.json: returns[0].period: 2023-01: FORM No. 9 applies from 2024-08"),
    "no TIN": (_manifest(_set(["dealer", "tin"], " ")), "manifest.json: dealer.tin: the dealer's TIN is missing"),
    "a 5,000-character name": (_manifest(_set(["dealer", "name"], "x" * 5000)),
                               "manifest.json: dealer.name: 5,000 characters; at most 200"),
    "a control character": (_manifest(_set(["dealer", "address"], "a\x00b")),
                            "manifest.json: dealer.address: contains a control character"),
    "a huge payable": (_manifest(_set(["returns", 1, "payable"], "1e999999999")),
                       "manifest.json: returns[1].payable: expected an amount in rupees"),
    "a date that is not one": (_manifest(_set(["returns", 0, "filed_on"], "2025-02-30")),
                               "manifest.json: returns[0].filed_on: expected a date YYYY-MM-DD"),
    "listed twice": (_manifest(lambda m: m["returns"].append(m["returns"][0])),
                     "manifest.json: returns[4]: 2025-08 original is listed twice"),
    "a path outside": (_manifest(_set(["returns", 0, "file"], "../../etc/passwd")),
                       "manifest.json: returns[0].file: expected returns/2025-08-original.json"),
    "an export of an unknown kind": (_manifest(_set(["returns", 3, "exports", 0, "kind"], "exe")),
                                     "manifest.json: returns[3].exports[0].kind: expected one of json, pdf, excel"),
    "a member not listed": (_add("returns/notes.txt", b"hello"), "returns/notes.txt is not listed in manifest.json"),
    "a member twice": (_add(OCT, b"{}"), f"{OCT} is in the archive twice"),
    "a listed member missing": (lambda s, d: rewrite_zip(s, d, lambda n, b: None if n == OCT else b),
                                f"{OCT} is listed in manifest.json but missing"),
    "a return edited": (_member(OCT, b'{"format": "kerala-form9"}', fix_sha=False),
                        f"{OCT} does not match its checksum in manifest.json"),
    "a return of another dealer": (_swap_tin, f"{OCT}: header.tin '32000000011' is not the dealer's TIN"),
    "a return of another period": (
        _member(OCT, (Path(__file__).parents[1] / "golden" / "spec" / "revision.in.json").read_bytes()),
        f"{OCT} holds the return for 2025-01 revision 2, not 2025-10 original"),
    "a zip bomb": (_add("returns/2025-11-original.json", b"0" * 60_000_000),
                   "returns/2025-11-original.json is compressed more than 200:1 (a zip bomb?)"),
}  # fmt: skip


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("client")
    with Store.open(folder / "data") as store:
        dealer_with_history(store)
    target = folder / "good.zip"
    assert main(["--data-dir", str(folder / "data"), "client-export", TIN, "-o", str(target)]) == 0
    return target


@pytest.mark.filterwarnings("ignore:Duplicate name")  # the case of a member twice
@pytest.mark.parametrize("case", list(CASES))
def test_refused_in_one_line_and_nothing_changes(
    case: str, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, expected = CASES[case]
    bad = tmp_path / "bad.zip"
    change(good, bad)
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_client(ClientProfile(tin="32000000099", name="Already here"))
    capsys.readouterr()
    code = main(["--data-dir", str(data), "client-import", str(bad)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"form9: {bad}: ") and err.count("\n") == 1, err
    assert expected in err, err
    with Store.open(data) as store:
        assert [c.tin for c in store.list_clients()] == ["32000000099"]
        assert store.all_returns() == []


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path / "d"), "client-import", str(tmp_path)])
    _out, err = capsys.readouterr()
    assert code == 1 and err == f"form9: {tmp_path}: is a folder, not a file\n"
