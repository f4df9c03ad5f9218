"""Each kind of bad cell is reported with its exact sheet, row and column; nothing is imported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from excel_helpers import LIST_HEADER, patch_member
from openpyxl import load_workbook

from app.export.excel_import import CellError, import_file, write_annotated
from app.model.form9 import Form9Return

Make = Callable[..., Path]
GOOD = ["Sales", "first", "32123456789", "A & Co", "INV/1", "01-08-2024", "100", "5", "0"]


def _errors_for_sale(make: Make, col: int, value: object) -> list[CellError]:
    bad = list(GOOD)
    bad[col] = value  # type: ignore[call-overload]
    result = import_file(make({"Sales list": [LIST_HEADER, GOOD, GOOD, bad, GOOD]}))
    assert not result.ok
    with pytest.raises(ValueError):
        result.apply_to(Form9Return())
    return result.errors


@pytest.mark.parametrize(
    "col, value, letter, found, expected",
    [
        (6, Decimal("12.345"), "G", "12.345", "an amount with at most 2 decimals (it is never rounded)"),
        (7, "1,2,3", "H", "'1,2,3'", "an amount such as 1,23,456.50"),
        (7, "12.345", "H", "'12.345'", "an amount with at most 2 decimals (it is never rounded)"),
        (7, "five", "H", "'five'", "an amount such as 1,23,456.50"),
        (6, Decimal("-100"), "G", "-100",
         "an amount of 0 or more (negative amounts only on Sales Return / Purchase Return rows)"),
        (8, "-1", "I", "'-1'",
         "an amount of 0 or more (negative amounts only on Sales Return / Purchase Return rows)"),
        (5, "31-02-2024", "F", "'31-02-2024'",
         "a real date (an Excel date, DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD)"),
        (5, "08/31/2024", "F", "'08/31/2024'",
         "a real date (an Excel date, DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD)"),
        (5, "1 Aug 24", "F", "'1 Aug 24'", "a date: an Excel date, DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD"),
        (5, "", "F", "a blank cell", "Document date (this column must be filled in)"),
        (4, "  ", "E", "a blank cell", "Document number (this column must be filled in)"),
        (0, "Sale", "A", "'Sale'", "Sales / Purchase / Sales Return / Purchase Return / Interstate "
         "Sale / Interstate Purchase / Interstate Stock Transfer (inward) / Interstate Stock "
         "Transfer (outward) / Export / Import"),
        (1, "middle", "B", "'middle'", "first / subsequent / last / first and last"),
    ],
)  # fmt: skip
def test_bad_list_cells(
    xlsx: Make, col: int, value: object, letter: str, found: str, expected: str
) -> None:
    errors = _errors_for_sale(xlsx, col, value)
    header = LIST_HEADER[col]
    assert errors == [CellError("Sales list", 4, letter, found, expected, header)]


def test_a_double_that_is_not_what_anyone_typed_is_refused(xlsx: Make) -> None:
    """=0.1+0.2 in Excel holds the double 0.30000000000000004: refused, not rounded to 0.30."""
    bad = [*GOOD[:6], Decimal("0.3"), *GOOD[7:]]
    path = xlsx({"Sales list": [LIST_HEADER, bad]})
    patch_member(path, "xl/worksheets/sheet1.xml", "<v>0.3</v>", "<v>0.30000000000000004</v>")
    errors = import_file(path).errors
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "G", "0.30000000000000004")]


def test_every_bad_cell_is_listed_not_just_the_first(xlsx: Make) -> None:
    rows = [LIST_HEADER,
            ["Sales", "x", "", "A", "1", "01-08-2024", "1.001", "5", ""],
            ["Nope", "", "", "A", "2", "2024-13-01", "1", "1", ""]]  # fmt: skip
    result = import_file(xlsx({"Sales list": rows}))
    assert [(e.row, e.column) for e in result.errors] == [(2, "B"), (2, "G"), (3, "A"), (3, "F")]
    assert result.sheets[0].rows == []  # bad rows are not half-imported
    assert str(result.errors[0]) == (
        "Sales list, row 2, column B (2) Point of sale: found 'x'; expected first / subsequent / last / first and last"
    )


@pytest.mark.parametrize(
    "p2_row, letter, found, expected",
    [
        (["GST", 5, 100, 5, "yes"], "A", "'GST'", "KGST / KVAT / CST"),
        (["KVAT", 5, 100, 5, "maybe"], "E", "'maybe'", "yes or no"),
        (["KVAT", 5, 100, 5, ""], "E", "a blank cell", "yes or no"),
        (["KVAT", "", 100, 5, "no"], "B", "a blank cell",
         "a rate in % with at most 4 decimals, e.g. 5 or 14.5"),
        (["KVAT", Decimal("5.12345"), 100, 5, "no"], "B", "5.12345",
         "a rate in % with at most 4 decimals, e.g. 5 or 14.5"),
        (["KVAT", -5, 100, 5, "no"], "B", "-5", "a rate of 0 or more"),
        (["KVAT", 5, -100, 5, "no"], "C", "-100", "an amount of 0 or more"),
    ],
)  # fmt: skip
def test_bad_part2_cells(
    xlsx: Make, p2_row: list[object], letter: str, found: str, expected: str
) -> None:
    header = ["(2) Act", "(6) Rate of tax", "(7) Purchase value", "(8) Tax paid", "(11) ITC"]
    result = import_file(xlsx({"Part 2": [header, p2_row]}))
    assert len(result.errors) == 1
    e = result.errors[0]
    assert (e.sheet, e.row, e.column, e.value, e.expected) == ("Part 2", 2, letter, found, expected)


def test_bad_serial(xlsx: Make) -> None:
    rows = [["Sl. No.", "Act", "Rate", "Total turnover"], ["1a", "KGST", 5, 10]]
    result = import_file(xlsx({"Part 1(a)": rows}))
    assert [(e.row, e.column, e.expected) for e in result.errors] == [
        (2, "A", "a serial number 1, 2, 3 … (or a blank cell)")
    ]


def test_missing_required_columns(xlsx: Make) -> None:
    rows = [["(1) Type of transaction", "(5) Document number", "(7) Value", "Remarks"],
            ["Sales", "1", "10", "ok"]]  # fmt: skip
    result = import_file(xlsx({"Sales list": rows}))
    assert [(e.row, e.column, e.value, e.expected) for e in result.errors] == [
        (1, "", "no such column", "a column (6) Document date"),
        (1, "", "no such column", "a column (8) Tax"),
    ]
    assert result.notices == [
        "Sales list: column D 'Remarks' is not a column of Sales list; it was not read"
    ]


def test_duplicate_and_conflicting_headers(xlsx: Make) -> None:
    header = [*LIST_HEADER[:9], "Value", "(7) Tax"]
    result = import_file(xlsx({"Sales list": [header, GOOD]}))
    assert [(e.row, e.column, e.expected) for e in result.errors] == [
        (1, "J", "one column for (7) Value (it is already column G)"),
        (1, "K", "the column number of 'Tax', (8)"),
    ]


def test_no_header_row(xlsx: Make) -> None:
    result = import_file(xlsx({"Stock": [["petrol", 10, 20]]}))
    assert len(result.errors) == 1
    e = result.errors[0]
    assert (e.sheet, e.row, e.column, e.value) == ("Stock", 1, "A", "'petrol'")
    assert e.expected.startswith("a header row naming the columns of Stock: Name of goods;")


def test_two_sheets_for_one_table(xlsx: Make) -> None:
    result = import_file(xlsx({"Sales list": [LIST_HEADER], "Sales": [LIST_HEADER]}))
    assert [(e.sheet, e.expected) for e in result.errors] == [
        ("Sales", "one sheet for Sales list (sheet 'Sales list' is one)")
    ]


def test_annotated_copy_marks_every_bad_cell(xlsx: Make, tmp_path: Path) -> None:
    rows = [LIST_HEADER,
            ["Sales", "x", "", "A", "1", "01-08-2024", "1.001", "5", ""],
            ["Sales", "", "", "A", "2", date(2024, 8, 2), "1", "-1", ""]]  # fmt: skip
    src = xlsx({"Sales list": rows, "Part 2": [["Act", "Rate"], ["KVAT", 5]]})
    result = import_file(src)
    out = tmp_path / "marked.xlsx"
    assert write_annotated(result, out) == 4  # B2, G2, H3 and Part 2 A1 (3 missing columns)
    wb = load_workbook(out)
    ws = wb["Sales list"]
    for ref in ("B2", "G2", "H3"):
        assert ws[ref].fill.fgColor.rgb == "00FFC7CE", ref
    assert (
        ws["B2"].comment.text == "Found 'x'; expected first / subsequent / last / first and last."
    )
    assert ws["A2"].comment is None and ws["A2"].value == "Sales"  # the rest is as it was
    p2 = wb["Part 2"]
    assert p2["A1"].comment.text.startswith("Missing column: expected a column (7) Purchase value")
    assert "a column (11) Eligible for input tax credit (yes/no)" in p2["A1"].comment.text


def test_control_characters_in_text(tmp_path: Path) -> None:
    src = tmp_path / "sales.csv"
    src.write_text(
        "Type,Doc No,Doc Date,Value,Tax\nSales,S\x071,2024-08-01,10,1\n", encoding="utf-8"
    )
    result = import_file(src)
    assert [(e.row, e.column, e.value, e.expected) for e in result.errors] == [
        (2, "B", "'S\\x071'", "text without control characters")
    ]


def test_annotated_copy_of_a_csv(tmp_path: Path) -> None:
    src = tmp_path / "sales.csv"
    src.write_text(
        "Type,Doc No,Doc Date,Value,Tax\nSales,S1,2024-08-01,10.999,1\n", encoding="utf-8"
    )
    result = import_file(src)
    assert [(e.row, e.column) for e in result.errors] == [(2, "D")]
    out = tmp_path / "sales-marked.xlsx"
    write_annotated(result, out)
    ws = load_workbook(out)["Sales list"]
    assert ws["D2"].value == "10.999"
    assert ws["D2"].comment.text.startswith("Found '10.999'; expected an amount with at most 2")
