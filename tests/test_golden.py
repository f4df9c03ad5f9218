"""Golden returns: `form9 recompute` reproduces each expected file byte for byte."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(
    p.relative_to(GOLDEN).as_posix()[: -len(".in.json")] for p in GOLDEN.rglob("*.in.json")
)


def test_there_are_at_least_ten_golden_returns_including_a_revision_and_an_annual() -> None:
    assert len(CASES) >= 10
    kinds = {
        json.loads((GOLDEN / f"{c}.in.json").read_text())["header"]["return_type"] for c in CASES
    }
    assert kinds == {"original", "revision"}
    assert any(
        json.loads((GOLDEN / f"{c}.in.json").read_text())["header"]["period"].endswith("-25")
        for c in CASES
    )


@pytest.mark.parametrize("case", CASES)
def test_recompute_reproduces_the_expected_file(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main(["recompute", str(GOLDEN / f"{case}.in.json"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / f"{case}.out.json").read_text(
        encoding="utf-8"
    )


def test_batch_recompute_writes_every_file_into_the_out_dir(tmp_path: Path) -> None:
    inputs = [str(GOLDEN / f"{c}.in.json") for c in CASES]
    assert main(["recompute", *inputs, "--out-dir", str(tmp_path)]) == 0
    for c in CASES:
        written = (tmp_path / f"{Path(c).name}.in.json").read_text(encoding="utf-8")
        assert written == (GOLDEN / f"{c}.out.json").read_text(encoding="utf-8")


def _out(case: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{case}.out.json").read_text(), parse_float=Decimal)


# The hand calculations of tests/golden/README.md, checked in the expected files.
HAND_WORKED: dict[str, dict[tuple[str | int, ...], object]] = {
    "bar-hotel-compounded-late": {
        ("part1a", 0, "tax_due"): "25000.00",
        ("part1a", 0, "total_tax_payable"): "28000.00",
        ("part3", "a_iv"): "22000.00",
        ("part3a", "a", "interest"): "36.16",
        ("part3a", "f", "interest"): "2.47",
        ("part3a", "kgst_total", "total"): "23538.63",
    },
    "kvat-itc-excess": {("part3", "g_iii"): "11600.00", ("part3", "g_ix"): "1100.00"},
    "cst-from-vat-credit": {
        ("part3", "h_iv"): "8500.00",
        ("part3", "h_vi"): "3000.00",
        ("part3", "h_vii"): "5500.00",
        ("part3a", "h", "interest"): "18.08",
    },
    "rounding-half-up": {
        ("part1a", 0, "tax_due"): "371.34",
        ("part1a", 1, "tax_due"): "0.01",
        ("part1a", 2, "tax_due"): "2.01",
        ("part3", "a_i"): "373.36",
    },
    "large-dealer-due-10th": {
        ("part3a", "a", "delay_days"): 2,
        ("part3a", "a", "interest"): "65.75",
    },
    "oil-company-due-15th": {("part3a", "a", "delay_days"): 0, ("part3a", "a", "interest"): "0.00"},
    "annual-2024-25-late": {
        ("part3a", "a", "delay_days"): 30,
        ("part3", "a_iv"): "70000.00",
        ("part3a", "a", "interest"): "690.41",
    },
    "revision-increase-interest": {
        ("part4", "rows", "a_iii", "effect"): "10000.00",
        ("part4", "rows", "a_iii", "interest"): "98.63",
        ("part4", "payable"): "10098.63",
    },
    "revision-instruction-16": {
        ("part4", "rows", "a_ii", "revised"): "22000.00",
        ("part4", "rows", "a_iii", "revised"): "1000.00",
        ("part4", "rows", "a_iii", "interest"): "6.90",
        ("part4", "payable"): "1006.90",
    },
    "cess-rows-kgst-rate": {
        ("part3a", "b", "interest"): "9.86",
        ("part3a", "c", "interest"): "19.73",
        ("part3a", "d", "interest"): "29.59",
        ("part3a", "e", "interest"): "39.45",
        ("part3a", "f", "interest"): "49.32",
        ("part3a", "kgst_total", "interest"): "147.95",
    },
}


@pytest.mark.parametrize("case", sorted(HAND_WORKED))
def test_expected_files_hold_the_hand_worked_figures(case: str) -> None:
    doc = _out(case)
    for path, expected in HAND_WORKED[case].items():
        value: Any = doc
        for key in path:
            value = value[key]
        want = Decimal(expected) if isinstance(expected, str) else expected
        assert value == want, (case, path)
