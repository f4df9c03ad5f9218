"""`form9 client-export` / `form9 client-import` between two data folders (issue 15 item 2): every
return with its status, acknowledgement and export history; a merge by period and version that
never overwrites a filed return and lists what it did; one unit of work."""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from desk_builders import TIN, dealer_with_history, manifest_of, month, rewrite_zip

from app.cli import main
from app.desk.client_transfer import export_client, import_client
from app.export.client_file import open_client_file
from app.model.client import ClientProfile
from app.store import Store

KEYS = [("2025-08", "original", 0), ("2025-08", "revision", 1), ("2025-09", "original", 0),
        ("2025-10", "original", 0)]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(store: Store) -> list[tuple[object, ...]]:
    """Everything a merge may change: each return's facts, data and exports."""
    out: list[tuple[object, ...]] = []
    for info in store.all_returns():
        out.append((info.period, info.return_type, info.revision_no, info.status, info.ack_no,
                    info.filed_on, info.version, store.load_return(info.id),
                    [e[:3] for e in store.exports(info.id)]))  # fmt: skip
    return sorted(out, key=lambda t: (str(t[0]), str(t[1]), int(t[2])))  # type: ignore[call-overload]


@pytest.fixture
def exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path, dict[str, int]]:
    """Data folder A with the dealer's history, exported with the command."""
    a = tmp_path / "pc-a"
    with Store.open(a) as store:
        ids = dealer_with_history(store)
    target = tmp_path / f"{TIN}-client.zip"
    code, out, err = run(capsys, "--data-dir", str(a), "client-export", TIN, "-o", str(target))
    assert (code, err) == (0, "")
    assert (
        out
        == f"Coastal Petroleum Marketing Ltd (TIN {TIN}): 4 return(s), 2 filed, written to {target}\n"
    )
    return a, target, ids


def test_the_file_carries_every_return_its_status_ack_and_exports(
    exported: tuple[Path, Path, dict[str, int]],
) -> None:
    a, target, ids = exported
    m = manifest_of(target)
    assert (m["format"], m["format_version"]) == ("form9-client", 1)
    assert m["dealer"]["tin"] == TIN and m["dealer"]["gstin"] == "32AABCC1234D1Z5"
    assert m["dealer"]["renewed_until"] == "2025-26"
    got = [(r["period"], r["return_type"], r["revision_no"], r["status"], r["ack_no"], r["filed_on"],
            r["rate_pack"], r["form_version"], r["file"]) for r in m["returns"]]  # fmt: skip
    assert got == [
        ("2025-08", "original", 0, "filed", "KL-ACK-0825", "2025-09-14", "2024-08-01", "2024-08",
         "returns/2025-08-original.json"),
        ("2025-08", "revision", 1, "draft", "", None, "2024-08-01", "2024-08",
         "returns/2025-08-revision-1.json"),
        ("2025-09", "original", 0, "filed", "KL-ACK-0925", "2025-10-15", "2024-08-01", "2024-08",
         "returns/2025-09-original.json"),
        ("2025-10", "original", 0, "draft", "", None, "2024-08-01", "2024-08",
         "returns/2025-10-original.json"),
    ]  # fmt: skip
    october = m["returns"][3]
    assert [(e["kind"], e["path"]) for e in october["exports"]] == [
        ("json", "/home/ca/exports/oct.json"),
        ("pdf", "/home/ca/exports/oct.pdf"),
    ]
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == sorted(
            ["manifest.json", *(r["file"] for r in m["returns"])]
        )
        for r in m["returns"]:
            data = zf.read(r["file"])
            assert hashlib.sha256(data).hexdigest() == r["sha256"] and len(data) == r["bytes"]
    with Store.open(a) as store, open_client_file(target) as reader:
        for entry, key in zip(reader.manifest.returns, ["08", "08r1", "09", "10"], strict=True):
            assert reader.load(entry) == store.load_return(ids[key])  # every row, exactly
    assert not list(target.parent.glob(".*.tmp"))  # written atomically: nothing left beside


def test_import_into_a_new_pc_then_again(
    exported: tuple[Path, Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, target, _ids = exported
    b = tmp_path / "pc-b"
    code, out, err = run(capsys, "--data-dir", str(b), "client-import", str(target))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Coastal Petroleum Marketing Ltd (TIN {TIN}), a new dealer here: 4 return(s) — 4 added, "
        "0 updated, 0 skipped, 0 refused",
        "  added    August 2025, original: new here",
        "  added    August 2025, revision 1: new here",
        "  added    September 2025, original: new here",
        "  added    October 2025, original: new here",
    ]
    with Store.open(a) as sa, Store.open(b) as sb:
        mine, theirs = snapshot(sa), snapshot(sb)
        assert [t[:6] + t[7:] for t in mine] == [t[:6] + t[7:] for t in theirs]  # all but version
        assert sb.get_client(1) == sa.get_client(1)
        [sep] = [i for i in sb.all_returns() if i.period == "2025-09"]
        assert len(sb.load_return(sep.id).sales_list) == 250
        assert sep.payable == next(i for i in sa.all_returns() if i.period == "2025-09").payable
    # the same file again: every return the same, nothing changes
    code, out, err = run(capsys, "--data-dir", str(b), "client-import", str(target))
    assert code == 0
    assert out.splitlines()[0].endswith("4 return(s) — 0 added, 0 updated, 4 skipped, 0 refused")
    assert "  skipped  August 2025, original: the same return" in out.splitlines()
    with Store.open(b) as sb:
        assert snapshot(sb) == theirs


def test_merge_refuses_to_overwrite_filed_and_lists_what_it_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PC B already has the dealer: August filed there with other figures (refused), September a
    draft untouched since (updated to the filing made on A), October a draft B edited after A
    (kept: the newer), November only on A (added), December only on B (left alone)."""
    a, b = tmp_path / "pc-a", tmp_path / "pc-b"
    with Store.open(b) as sb:
        cid = sb.add_client(ClientProfile(tin=TIN, name="Coastal Petroleum (B's spelling)"))
        other = month("2025-08")
        other.part1a[0].total_turnover += Decimal("1.00")
        aug = sb.create_return(cid, other)
        sb.set_status(aug, "filed", ack_no="KL-ACK-0825", filed_on=date(2025, 9, 14))
        sb.create_return(cid, month("2025-09"))
        dec = sb.create_return(cid, month("2025-12"))
    time.sleep(0.01)
    with Store.open(a) as sa:
        cid_a = sa.add_client(ClientProfile(tin=TIN, name="Coastal Petroleum Marketing Ltd"))
        sa.create_return(cid_a, month("2025-08"))
        sep = month("2025-09")
        sep.part2[0].tax_paid += Decimal("10.00")
        s9 = sa.create_return(cid_a, sep)
        sa.set_status(s9, "filed", ack_no="KL-ACK-0925", filed_on=date(2025, 10, 15))
        octa = month("2025-10")
        octa.declaration.place = "Kochi (A)"
        sa.create_return(cid_a, octa)
        sa.create_return(cid_a, month("2025-11"))
    time.sleep(0.01)
    with Store.open(b) as sb:
        octb = month("2025-10")
        octb.declaration.place = "Alappuzha (B, edited later)"
        sb.create_return(1, octb)
        before = snapshot(sb)
    target = tmp_path / "coastal.zip"
    assert run(capsys, "--data-dir", str(a), "client-export", TIN, "-o", str(target))[0] == 0

    code, out, err = run(capsys, "--data-dir", str(b), "client-import", str(target), "--dry-run")
    assert code == 1 and "1 return(s) refused; nothing was changed" in err
    with Store.open(b) as sb:
        assert snapshot(sb) == before
    code, out, err = run(capsys, "--data-dir", str(b), "client-import", str(target))
    assert code == 1
    assert err == f"form9: {target}: 1 return(s) refused; the rest was imported\n"
    lines = out.splitlines()
    assert lines[0] == ("Coastal Petroleum (B's spelling) (TIN 32759389475): 4 return(s) — "
                        "1 added, 1 updated, 1 skipped, 1 refused")  # fmt: skip
    assert lines[1] == ("  refused  August 2025, original: filed on 14-09-2025 (ack KL-ACK-0825) "
                        "here and the file's differs: a filed return is never overwritten (a "
                        "correction is a revision)")  # fmt: skip
    assert lines[2] == ("  updated  September 2025, original: filed on 15-10-2025 (ack "
                        "KL-ACK-0925) on the other PC")  # fmt: skip
    assert lines[3].startswith("  skipped  October 2025, original: the one here is newer")
    assert lines[4] == "  added    November 2025, original: new here"
    assert lines[5] == ("  note: The dealer's particulars here differ from the file's in: name; "
                        "this PC's are kept.")  # fmt: skip
    with Store.open(b) as sb:
        infos = {i.period: i for i in sb.all_returns()}
        assert sb.load_return(infos["2025-08"].id).part1a[0] == other.part1a[0]  # untouched
        assert (infos["2025-09"].status, infos["2025-09"].ack_no) == ("filed", "KL-ACK-0925")
        assert sb.load_return(infos["2025-09"].id).part2[0].tax_paid == sep.part2[0].tax_paid
        assert (
            sb.load_return(infos["2025-10"].id).declaration.place == "Alappuzha (B, edited later)"
        )
        assert "2025-11" in infos and infos["2025-12"].id == dec
        assert sb.get_client(1).name == "Coastal Petroleum (B's spelling)"
    # the user takes the file's drafts: October is replaced
    with Store.open(b) as sb:
        report = import_client(sb, target, prefer="file")
        assert [(line.label, line.action) for line in report.lines][2] == (
            "October 2025, original",
            "updated",
        )
        oct_id = next(i.id for i in sb.all_returns() if i.period == "2025-10")
        assert sb.load_return(oct_id).declaration.place == "Kochi (A)"


def test_a_damaged_return_half_way_changes_nothing(
    exported: tuple[Path, Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The third return of the file is not valid upload JSON (its checksum in the manifest made to
    match, so the reader gets that far): the import stops there and the first two are undone."""
    _a, target, _ids = exported
    bad = tmp_path / "damaged.zip"
    broken = b'{"format": "kerala-form9", "format_version": 1, "header": {"period": 7}}'
    m = manifest_of(target)
    m["returns"][2]["sha256"] = hashlib.sha256(broken).hexdigest()
    rewrite_zip(target, bad, lambda name, data: (
        broken if name == "returns/2025-09-original.json"
        else json.dumps(m).encode() if name == "manifest.json" else data))  # fmt: skip
    b = tmp_path / "pc-b"
    with Store.open(b) as sb:
        sb.add_client(ClientProfile(tin="32000000011", name="Someone else"))
        before = (snapshot(sb), [c.tin for c in sb.list_clients()])
    code, out, err = run(capsys, "--data-dir", str(b), "client-import", str(bad))
    assert (code, out) == (1, "")
    assert err == (f"form9: {bad}: returns/2025-09-original.json: header.period: expected "
                   "text, found the number 7\n")  # fmt: skip
    with Store.open(b) as sb:
        assert (snapshot(sb), [c.tin for c in sb.list_clients()]) == before  # not even the dealer


def test_export_of_an_unknown_tin_and_an_unwritable_target(
    exported: tuple[Path, Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _target, _ids = exported
    code, out, err = run(capsys, "--data-dir", str(a), "client-export", "32000000000", "-o",
                         str(tmp_path / "x.zip"))  # fmt: skip
    assert (code, out, err) == (
        1,
        "",
        "form9: TIN 32000000000: no such dealer in this data folder\n",
    )
    code, _out, err = run(capsys, "--data-dir", str(a), "client-export", TIN, "-o", str(tmp_path))
    assert code == 1 and err.startswith(f"form9: {tmp_path}: cannot write") and err[-1] == "\n"
    assert err.count("\n") == 1


def test_export_then_import_api_with_progress(
    exported: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    a, _target, _ids = exported
    seen: list[tuple[int, int, str]] = []
    with Store.open(a) as sa:
        done = export_client(
            sa, f" {TIN} ", tmp_path / "again.zip", progress=lambda *p: seen.append(p)
        )
    assert (done.returns, done.filed) == (4, 2)
    assert seen[0] == (0, 4, "Return 2025-08 original") and seen[-1] == (4, 4, "Written")


def test_a_dealer_without_returns_travels_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    profile = ClientProfile(tin="32000000011", name="New Dealer", gstin="32AAAAA0000A1Z5",
                            large_dealer=True, renewed_until="2026-27")  # fmt: skip
    with Store.open(a) as sa:
        sa.add_client(profile)
    target = tmp_path / "new.zip"
    code, out, _err = run(
        capsys, "--data-dir", str(a), "client-export", "32000000011", "-o", str(target)
    )
    assert code == 0 and "0 return(s), 0 filed" in out
    code, out, _err = run(capsys, "--data-dir", str(b), "client-import", str(target))
    assert code == 0
    assert out == ("New Dealer (TIN 32000000011), a new dealer here: 0 return(s) — 0 added, "
                   "0 updated, 0 skipped, 0 refused\n")  # fmt: skip
    with Store.open(b) as sb:
        assert sb.get_client(1) == profile
