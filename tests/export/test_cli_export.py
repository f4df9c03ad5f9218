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


def _refused(src: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """export-json of `src` over an `out` that already holds a file: refused, `out` as it was,
    no temporary file left; the lines on stderr."""
    out.write_bytes(b"the earlier export")
    assert main(["export-json", str(src), "-o", str(out)]) == 1
    assert out.read_bytes() == b"the earlier export"
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")] == []
    return capsys.readouterr().err.splitlines()


def test_a_refused_export_leaves_the_earlier_file_and_says_the_errors_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A return with errors, an amount with more than 2 decimals among them, leaves nothing of
    its export and the earlier file as it was."""
    err = _refused(EXAMPLES / "annual.in.json", tmp_path / "a.json", capsys)
    assert "E-UNPAID" in err[0] and err[-1].endswith("not exported: the return has 1 error(s)")
    text = (EXAMPLES / "original.in.json").read_text(encoding="utf-8")
    three = text.replace('"value": 268129.60', '"value": 268129.605', 1)
    assert three != text, "the example has a list row of 268129.60"
    src = tmp_path / "three.in.json"
    src.write_text(three, encoding="utf-8")
    err = _refused(src, tmp_path / "b.json", capsys)
    assert "E-AMOUNT-DP" in err[0] and "268129.605 has more than 2 decimals" in err[0], err
    assert err[-1].endswith("not exported: the return has 1 error(s)")
