"""The `form9` command: findings, exit codes, and one-line messages for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

GOLDEN = Path(__file__).parent / "golden"


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "in.json"
    p.write_text(text, encoding="utf-8")
    return p


BAD_INPUTS = [
    ('{"format": "kerala-form9",', "not valid JSON at line 1 column 27"),
    ('[1, 2]', "the file must hold one JSON object"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "part1a": [{"act": "GST"}]}', "part1a[0].act: unknown act 'GST'"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "part1a": [{"act": "KGST", "rate": NaN}]}', "NaN is not allowed"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "part1a": [{"act": "KGST", "total_turnover": 10.005}]}',
     "part1a[0].total_turnover: 10.005 has more than 2 decimals"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "part2": [{"act": "KVAT", "tax_paid": "12"}]}', "part2[0].tax_paid: expected an amount, found the text '12'"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08",'
     ' "date_of_filing": "2024-02-30"}}', "header.date_of_filing: 2024-02-30 is not a real date"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-07"}}',
     "header.period: 2024-07: FORM No. 9 applies from 2024-08"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "sales_list": [{"doc_date": "31-08-2024"}]}', "sales_list[0].doc_date: expected a date YYYY-MM-DD"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "inputs": {"large_dealer": "yes"}}', "inputs.large_dealer: expected true or false"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"}, "extra": 1}',
     "extra: unknown field"),
    ('{"format": "kerala-form9", "format_version": 2}', "format_version: this version reads format_version 1"),
    # the long lists are decoded in C when well formed; anything unusual is named as precisely
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "sales_list": [{"doc_date": "2024-08-01", "value": 1.00}, {"value": "12"}]}',
     "sales_list[1].value: expected an amount, found the text '12'"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "purchase_list": [{"doc_date": "2024-08-01", "valeu": 1.00}]}', "purchase_list[0].valeu: unknown field"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "sales_list": [{"doc_date": "2024-08-32"}]}', "sales_list[0].doc_date: 2024-08-32 is not a real date"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "sales_list": [{"doc_date": "2024-08-01", "tax": 1e400}]}', "sales_list[0].tax: 1E+400 is too large"),
    ('{"format": "kerala-form9", "format_version": 1, "header": {"period": "2024-08"},'
     ' "sales_list": [{"doc_no": 17}]}', "sales_list[0].doc_no: expected text, found the number 17"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_INPUTS)
def test_bad_input_is_one_line_naming_the_field(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, text)
    assert main(["recompute", str(path), "-o", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "out.json").exists()


def test_validate_prints_findings_and_exits_1_on_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOLDEN / "spec" / "annual.in.json")]) == 1
    out = capsys.readouterr().out
    assert "E-UNPAID" in out and "shortfall ₹29,397.79" in out and "1 error(s)" in out


def test_validate_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(GOLDEN / "bar-hotel-compounded-late.in.json")]) == 0
    result = json.loads(capsys.readouterr().out)
    # Warnings only (tests/examples_warnings.py says why), each with its location.
    assert [(f["code"], f["part"], f["row"], f["field"]) for f in result["findings"]] == [
        ("W-COMPOUNDED-BOTH", "part1a", 0, "compounded_tax"),
        ("W-HEAD-UNKNOWN", "part5", 0, "head_of_account"),
    ]


def test_validate_several_files_reports_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(tmp_path, "{")
    code = main(["validate", "--json", str(GOLDEN / "nil-return.in.json"), str(bad)])
    results = json.loads(capsys.readouterr().out)
    assert code == 1 and len(results) == 2
    assert [f["code"] for f in results[0]["findings"]] == ["W-SIGNATORY"]
    assert results[1]["findings"][0]["code"] == "E-INPUT"


def test_recompute_ignores_computed_values_in_the_input(tmp_path: Path) -> None:
    doc = json.loads((GOLDEN / "bar-hotel-compounded-late.out.json").read_text())
    doc["part3"]["a_iv"] = 1  # stale or tampered computed figures are ignored
    doc["part1a"][0]["tax_due"] = 2
    doc["checksum"] = "sha256:0"
    src = write(tmp_path, json.dumps(doc))
    out = tmp_path / "out.json"
    assert main(["recompute", str(src), "-o", str(out)]) == 0
    assert out.read_text() == (GOLDEN / "bar-hotel-compounded-late.out.json").read_text()


def test_the_installed_command_runs_without_a_display(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "recompute", str(GOLDEN / "nil-return.in.json")],
        capture_output=True, text=True, env=env, check=False, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (GOLDEN / "nil-return.out.json").read_text()


def test_recompute_does_not_load_excel_sql_pdf_or_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli import main; "
        f"main(['recompute', {str(GOLDEN / 'nil-return.in.json')!r}, '-o', {str(tmp_path / 'o.json')!r}]); "
        "print(sorted(m for m in ('openpyxl', 'sqlalchemy', 'reportlab', 'PySide6') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=Path(__file__).parent.parent)  # fmt: skip
    assert proc.stdout.strip() == "[]", proc.stderr


def test_list_rows_may_carry_notes_and_escapes(tmp_path: Path) -> None:
    doc = json.loads((GOLDEN / "bar-hotel-compounded-late.in.json").read_text())
    doc["sales_list"][0]["_note"] = "checked with the bill book"
    doc["sales_list"][0]["counterparty_name"] = "Walk-in \u00e9 customers"
    src = write(tmp_path, json.dumps(doc, ensure_ascii=True))
    out = tmp_path / "out.json"
    assert main(["recompute", str(src), "-o", str(out)]) == 0
    assert '"counterparty_name": "Walk-in é customers"' in out.read_text(encoding="utf-8")
