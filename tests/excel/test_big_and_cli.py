"""A 10,000-row list end to end, and the `form9 template` / `form9 import-excel` commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from excel_helpers import EXAMPLES, LIST_HEADER, cleared, example, patch_member

from app.cli import main
from app.export.excel_import import import_file
from app.export.excel_template import write_workbook
from app.export.upload_json import dumps, loads
from app.model.compute import compute
from app.model.form9 import Form9Return, ListRow

Make = Callable[..., Path]
N = 10_000


def _big_return() -> Form9Return:
    ret = Form9Return()
    ret.header.period = "2024-08"
    first = date(2024, 8, 1)
    ret.sales_list = [
        ListRow(
            "Sales Return" if i % 50 == 0 else "Sales", ("first", "last")[i % 2], "32123456789",
            f"Customer {i % 97}", f"INV/{i:05d}", first + timedelta(days=i % 31),
            Decimal(i) + Decimal("0.25") if i % 50 else -Decimal(i), Decimal(i % 100), Decimal("0.05"),
        )
        for i in range(1, N + 1)
    ]  # fmt: skip
    return ret


def test_ten_thousand_rows(tmp_path: Path) -> None:
    ret = _big_return()
    path = tmp_path / "big.xlsx"
    seen: list[tuple[int, int]] = []
    write_workbook(path, ret, progress=lambda d, t, _: seen.append((d, t)))
    assert seen[-1] == (N, N)
    result = import_file(path)
    assert result.errors == []
    sheet = result.sheets[4]
    assert (sheet.spec.key, sheet.count, sheet.blank_rows) == ("sales_list", N, 0)
    assert sheet.rows == ret.sales_list
    # Σ value: the 200 return rows (i = 50, 100, … 10000) carry −i; the other 9,800 rows i + 0.25.
    # Σ i for 1..10000 = 50,005,000; Σ over multiples of 50 = 50 × (1+…+200) = 1,005,000.
    # So Σ value = (50,005,000 − 1,005,000) + 9,800 × 0.25 − 1,005,000 = 47,997,450.00.
    assert sheet.totals["(7) Value"] == Decimal("47997450.00")
    # Σ tax = Σ (i mod 100) = 100 blocks × (0+…+99) = 495,000; Σ cess = 10,000 × 0.05 = 500.
    assert sheet.totals["(8) Tax"] == Decimal("495000")
    assert sheet.totals["(9) Cesses and other levies"] == Decimal("500.00")
    assert sheet.totals["(10) Total"] == Decimal("48492950.00")


def test_one_bad_cell_deep_in_ten_thousand_rows_is_found(tmp_path: Path) -> None:
    ret = _big_return()
    path = tmp_path / "big.xlsx"
    write_workbook(path, ret)
    # Give that row (i = 7776) a value with 3 decimals, as a typing slip in Excel would.
    patch_member(path, "xl/worksheets/sheet6.xml", "<v>7776.25</v>", "<v>7776.255</v>")
    result = import_file(path)
    assert [(e.sheet, e.row, e.column, e.value) for e in result.errors] == [
        ("Sales list", 7777, "G", "7776.255")
    ]
    assert result.sheets[4].count == N - 1  # shown in the summary; nothing is applied anyway


# ---------------------------------------------------------------- CLI


def test_cli_template_and_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = EXAMPLES / "revision.out.json"
    book = tmp_path / "rev.xlsx"
    assert main(["template", "-o", str(book), "--from", str(src)]) == 0
    emptied = tmp_path / "empty.json"
    ret = cleared(example("revision"))
    emptied.write_text(dumps(ret, compute(ret)), encoding="utf-8")
    out = tmp_path / "back.json"
    assert main(["import-excel", str(book), "--into", str(emptied), "-o", str(out)]) == 0
    assert out.read_bytes() == src.read_bytes()
    printed = capsys.readouterr().out
    assert "Part 1(a): 6 rows; replaces 0 rows; (8) Total turnover 34,40,135.90" in printed
    assert "Sales list: no rows; left unchanged (0 rows)" in printed


def test_cli_merge_replaces_only_sheets_with_rows(xlsx: Make, tmp_path: Path) -> None:
    book = xlsx({"Purchase list": [LIST_HEADER, ["Purchase", "", "", "X", "P1", "02-08-2024",
                                                 "1,000", "50", ""]]})  # fmt: skip
    out = tmp_path / "merged.json"
    into = EXAMPLES / "original.out.json"
    assert main(["import-excel", str(book), "--into", str(into), "-o", str(out)]) == 0
    merged, before = loads(out.read_bytes()), example("original")
    assert merged.purchase_list == [
        ListRow("Purchase", "", "", "X", "P1", date(2024, 8, 2), Decimal("1000"), Decimal("50"))
    ]
    assert merged.part1a == before.part1a and merged.part5 == before.part5
    assert merged.header == before.header


def test_cli_new_return_needs_a_period(
    xlsx: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = xlsx({"Stock": [["Goods", "Quantity", "Value"], ["Diesel", "1,000.5", "95,000"]]})
    out = tmp_path / "new.json"
    assert main(["import-excel", str(book), "-o", str(out)]) == 1
    assert "give --into RETURN.json to merge into, or --period" in capsys.readouterr().err
    assert main(["import-excel", str(book), "--period", "2024-25", "-o", str(out)]) == 0
    text = out.read_text()
    doc = json.loads(text, parse_float=Decimal)
    assert doc["stock"] == [
        {"goods": "Diesel", "schedule": "", "unit": "", "quantity": Decimal("1000.50"),
         "value": Decimal("95000.00")}
    ]  # fmt: skip
    assert '"quantity": 1000.50' in text and '"value": 95000.00' in text
    assert doc["header"]["period"] == "2024-25"


def test_cli_lists_every_bad_cell_and_writes_nothing(
    xlsx: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [LIST_HEADER, ["Sales", "x", "", "A", "1", "01-08-2024", "1.001", "5", ""]]
    book = xlsx({"Sales list": rows, "Remarks": [["anything"]]})
    out = tmp_path / "never.json"
    assert main(["import-excel", str(book), "--period", "2024-08", "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "note: Sheet 'Remarks' was not read: its header row names too few columns of any part",
        "form9: Sales list, row 2, column B (2) Point of sale: found 'x'; expected first / "
        "subsequent / last / first and last",
        "form9: Sales list, row 2, column G (7) Value: found '1.001'; expected an amount with at "
        "most 2 decimals (it is never rounded)",
        "form9: 2 cells cannot be read; nothing was imported",
    ]


def test_cli_refuses_unsafe_or_wrong_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert (
        main(["import-excel", str(bad), "--period", "2024-08", "-o", str(tmp_path / "o.json")]) == 1
    )
    assert capsys.readouterr().err.startswith("form9: x.xlsx: not a valid .xlsx workbook")
    assert main(["template", "-o", str(tmp_path / "t.csv")]) == 1
    assert "the template is written as an .xlsx file" in capsys.readouterr().err
