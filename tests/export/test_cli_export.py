"""`form9 export-json` and `form9 export-pdf`."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from export_samples import EXAMPLES

from app.cli import main


def test_export_json_writes_the_canonical_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.json"
    assert main(["export-json", str(EXAMPLES / "original.in.json"), "-o", str(out)]) == 0
    assert out.read_bytes() == (EXAMPLES / "original.out.json").read_bytes()
    assert "sha256:" in capsys.readouterr().out


def test_export_json_refused_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.json"
    assert main(["export-json", str(EXAMPLES / "annual.in.json"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not exported" in err and "ERROR" in err
    assert not out.exists()


def test_export_pdf_draft_is_automatic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.pdf"
    assert main(["export-pdf", str(EXAMPLES / "annual.in.json"), "-o", str(out), "--quiet"]) == 0
    assert "DRAFT" in capsys.readouterr().out
    assert "DRAFT" in pypdf.PdfReader(out).pages[0].extract_text()
    assert main(["export-pdf", str(EXAMPLES / "annual.in.json"), "-o", str(out), "--final"]) == 1
    out2 = tmp_path / "o.pdf"
    assert main(["export-pdf", str(EXAMPLES / "original.in.json"), "-o", str(out2), "--quiet"]) == 0
    assert "DRAFT" not in pypdf.PdfReader(out2).pages[0].extract_text()


def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["export-pdf", str(bad), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "not valid JSON" in capsys.readouterr().err
