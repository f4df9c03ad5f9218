"""`form9 report-problem` (issue 15 item 3): the zip for the district GST help desk — its members
read back: the covering note (text and PDF), the identifiers, the upload JSON, the findings, the
log's tail and the user's description."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import date
from pathlib import Path

import pytest
from desk_builders import TIN, dealer_with_history
from pypdf import PdfReader
from spec_examples import EXAMPLES

from app import __version__
from app.cli import main
from app.desk.settings import DeskSettings, write_desk_settings
from app.export.upload_json import loads
from app.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_a_stored_filed_return(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    with Store.open(data) as store:
        ids = dealer_with_history(store)
    write_desk_settings(data, DeskSettings(firm_name="Menon & Associates, Tax Practitioners"))
    assert run(capsys, "--data-dir", str(data), "clients")[0] == 0  # the command logs there
    logging.getLogger("app.test").warning("the upload portal said: session expired")
    target = tmp_path / "report.zip"
    code, out, err = run(capsys, "--data-dir", str(data), "report-problem", str(ids["09"]), "-o",
                         str(target), "--description", "KITIS refused the upload twice on "
                         "14-10-2025 with 'invalid JSON'.")  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (f"{target}: problem report with 8 file(s) for TIN {TIN}, 2025-09; nothing was "
                   "sent — hand it to the district GST help desk\n")  # fmt: skip
    got = members(target)
    assert sorted(got) == sorted(
        [
            "covering-note.pdf",
            "covering-note.txt",
            "description.txt",
            "details.json",
            "findings.txt",
            "findings.json",
            "app-log.txt",
            f"return/{TIN}-2025-09-form9.json",
        ]
    )
    note = got["covering-note.txt"].decode()
    for text in (
        "To:",
        "GST Information System unit, GST Facilitation Centre, Alappuzha",
        "From:                    Menon & Associates, Tax Practitioners on behalf of Coastal "
        "Petroleum Marketing Ltd",
        f"Subject:                 FORM No. 9 return for September 2025 of TIN {TIN}: problem "
        "reported with evidence, as asked by Order No. 41/2018/GST Info System/CCT dated "
        "19-11-2018 (paragraphs 5, 8 and 11)",
        "GSTIN:                   32AABCC1234D1Z5",
        "Acknowledgement (ARN):   KL-ACK-0925",
        "Date of filing:          15-10-2025",
        "Status:                  Filed",
        "KITIS refused the upload twice",
        "3. screenshots/ — none: the report was made from the command line",
        f"return/{TIN}-2025-09-form9.json",
        "Yours faithfully,",
        "Rajesh Pillai",
    ):
        assert text in note, text
    pdf = PdfReader(io.BytesIO(got["covering-note.pdf"]))
    pdf_text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Problem report to the district GST help desk" in pdf_text
    assert "KL-ACK-0925" in pdf_text and TIN in pdf_text and "32AABCC1234D1Z5" in pdf_text
    details = json.loads(got["details.json"])
    assert details["dealer"]["tin"] == TIN and details["dealer"]["gstin"] == "32AABCC1234D1Z5"
    assert details["return"] == {"period": "2025-09", "version": "Original", "status": "Filed",
                                 "ack_no": "KL-ACK-0925", "date_of_filing": "2025-10-15",
                                 "source": f"return {ids['09']} in the data folder"}  # fmt: skip
    versions = details["versions"]
    assert (
        versions["Form 9 Offline Utility"] == __version__ and versions["rate pack"] == "2024-08-01"
    )
    assert versions["form catalogue"] == "2024-08" and versions["OS"]
    with Store.open(data) as store:
        assert loads(got[f"return/{TIN}-2025-09-form9.json"]) == store.load_return(ids["09"])
    findings = json.loads(got["findings.json"])
    assert {f["code"] for f in findings} == {
        line.split()[1] for line in got["findings.txt"].decode().splitlines()[:-1]
    }
    assert got["findings.txt"].decode().splitlines()[-1].endswith("warning(s)")
    assert got["description.txt"].decode().startswith("KITIS refused the upload twice")
    assert "the upload portal said: session expired" in got["app-log.txt"].decode()


def test_an_upload_json_file_as_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "october.json"
    raw = (EXAMPLES / "original.in.json").read_bytes()
    source.write_bytes(raw)
    target = tmp_path / "r.zip"
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "d"), "report-problem", str(source),
                          "-o", str(target))  # fmt: skip
    assert (code, err) == (0, "")
    got = members(target)
    assert got[f"return/{TIN}-2025-10-form9.json"] == raw  # byte for byte
    assert json.loads(got["details.json"])["return"]["source"] == "file october.json"
    assert "(no description given)" in got["covering-note.txt"].decode()
    assert json.loads(got["details.json"])["return"]["date_of_filing"] == "2025-11-24"


def test_refusals_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "d")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kerala-form9", "format_version": 1, "header": {"period": 7}}')
    out = str(tmp_path / "r.zip")
    assert run(capsys, "--data-dir", d, "report-problem", "99", "-o", out) == (
        1,
        "",
        "form9: return 99: no return with id 99\n",
    )
    assert run(capsys, "--data-dir", d, "report-problem", str(bad), "-o", out) == (
        1,
        "",
        f"form9: {bad}: header.period: expected text, found the number 7\n",
    )
    assert run(capsys, "--data-dir", d, "report-problem", str(bad), "-o", str(bad))[2] == (
        f"form9: {bad}: this is the input file; choose another name for the output (an input is "
        "never overwritten)\n"
    )
    assert not Path(out).exists()


def test_the_due_board_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    with Store.open(data) as store:
        dealer_with_history(store)
    xlsx = tmp_path / "board.xlsx"
    code, out, err = run(capsys, "--data-dir", str(data), "due-board", "--today", "2025-12-10",
                         "--days", "10", "-o", str(xlsx))  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # October: the draft's own due date 10-11-2025 (its inputs), 30 days late — interest
    # 4,68,014.40 as worked by hand in tests/model/test_due_board.py; November: not started
    assert lines[0].split("  ") == [
        "Coastal Petroleum Marketing Ltd",
        TIN,
        "October 2025",
        "10-11-2025",
        "30 day(s) late",
        "Overdue",
        "Original, draft",
        "4,68,014.40",
        "4,79,19,474.48",
    ]
    assert lines[1].split("  ")[2:7] == ["November 2025", "15-12-2025", "in 5 day(s)", "Due",
                                         "not started"]  # fmt: skip
    assert lines[-1] == f"{xlsx}: written"
    assert lines[-2].startswith("1 overdue, 1 due within the window; interest running")
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert [c.value for c in ws[4]][:5] == ["Coastal Petroleum Marketing Ltd", TIN, "October 2025",
                                           ws[4][3].value, -30]  # fmt: skip
    assert ws[4][3].value.date() == date(2025, 11, 10)
    assert str(ws[4][7].value) == "468014.4"  # an exact number in the workbook
    assert run(capsys, "--data-dir", str(data), "due-board", "-o", str(tmp_path / "b.txt"))[2] == (
        f"form9: {tmp_path / 'b.txt'}: name a .xlsx workbook or a .pdf\n"
    )
