"""Each real-world cell format the import accepts (spec section 9)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from excel_helpers import LIST_HEADER

from app.export.excel_import import import_file
from app.model.form9 import ListRow

Make = Callable[..., Path]


def _one_sale(make: Make, **cells: object) -> ListRow:
    row: list[object] = ["Sales", "first", "32123456789", "A & Co", "INV/1", date(2024, 8, 5),
                         Decimal("100.00"), Decimal("5.00"), 0]  # fmt: skip
    for idx, value in cells.items():
        row[int(idx[1:])] = value
    result = import_file(make({"Sales list": [LIST_HEADER, row]}))
    assert result.errors == [], [str(e) for e in result.errors]
    assert len(result.sheets[0].rows) == 1
    return result.sheets[0].rows[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "cell, expected",
    [
        (date(2024, 8, 31), date(2024, 8, 31)),  # an Excel date
        (datetime(2024, 8, 31, 14, 30), date(2024, 8, 31)),  # an Excel date-time
        ("31-08-2024", date(2024, 8, 31)),
        ("31/08/2024", date(2024, 8, 31)),
        ("1-8-2024", date(2024, 8, 1)),
        ("2024-08-31", date(2024, 8, 31)),
        (" 2024-08-31 ", date(2024, 8, 31)),
        (45535, date(2024, 8, 31)),  # a serial number without a date format: 45535 = 31 Aug 2024
    ],
)
def test_dates(xlsx: Make, cell: object, expected: date) -> None:
    assert _one_sale(xlsx, c5=cell).doc_date == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        (Decimal("1234.5"), Decimal("1234.50")),  # a number (Excel holds a double)
        (Decimal("0.1"), Decimal("0.10")),  # 0.1 is not exactly a double; read as typed
        (Decimal("99999999999.99"), Decimal("99999999999.99")),
        (1234, Decimal("1234")),
        ("1234.50", Decimal("1234.50")),  # a number stored as text
        ("1,23,456.50", Decimal("123456.50")),  # Indian commas
        ("123,456.50", Decimal("123456.50")),  # western commas
        ("  12,345 ", Decimal("12345")),  # stray spaces
        ("₹ 1,00,000", Decimal("100000")),
        ("", Decimal("0")),  # blank amount = 0
    ],
)
def test_amounts(xlsx: Make, cell: object, expected: Decimal) -> None:
    assert _one_sale(xlsx, c6=cell).value == expected


def test_negative_amounts_on_return_rows(xlsx: Make) -> None:
    row = _one_sale(xlsx, c0="Sales Return", c6=Decimal("-250.75"), c7="-12.50")
    assert (row.type, row.value, row.tax) == ("Sales Return", Decimal("-250.75"), Decimal("-12.50"))


@pytest.mark.parametrize(
    "cell, expected",
    [("sales return", "Sales Return"), ("  SALES  ", "Sales"),
     ("interstate stock transfer (inward)", "Interstate Stock Transfer (inward)")],
)  # fmt: skip
def test_types_case_insensitive(xlsx: Make, cell: str, expected: str) -> None:
    assert _one_sale(xlsx, c0=cell).type == expected


@pytest.mark.parametrize(
    "cell, expected",
    [("First", "first"), ("last point", "last"), ("", ""), ("SUBSEQUENT", "subsequent")],
)
def test_point_of_sale(xlsx: Make, cell: str, expected: str) -> None:
    assert _one_sale(xlsx, c1=cell).point_of_sale == expected


def test_text_cells_numbers_and_spaces(xlsx: Make) -> None:
    row = _one_sale(xlsx, c2=32123456789, c3="  Ravi Traders  ", c4=1001)
    assert (row.counterparty_reg_no, row.counterparty_name, row.doc_no) == (
        "32123456789", "Ravi Traders", "1001",
    )  # fmt: skip


def test_neutralised_text_comes_back_without_the_apostrophe(xlsx: Make) -> None:
    assert _one_sale(xlsx, c3="'=cmd", c4="'-17").counterparty_name == "=cmd"
    assert _one_sale(xlsx, c3="'plain").counterparty_name == "'plain"  # only before = + - @


def test_columns_in_another_order_and_headers_by_text_or_number(xlsx: Make) -> None:
    header = ["Tax", "(7)", "Invoice No", "Type", "DATE", "Party Name", "cess", "GSTIN"]
    row = ["5", "100", "B-9", "Purchase", "05-08-2024", "Xyz", "", "32123456789"]
    result = import_file(xlsx({"Purchase list": [header, row]}))
    assert result.errors == []
    assert result.sheets[0].rows == [
        ListRow("Purchase", "", "32123456789", "Xyz", "B-9", date(2024, 8, 5),
                Decimal("100"), Decimal("5"), Decimal("0"))
    ]  # fmt: skip


def test_blank_rows_anywhere_are_skipped_and_counted(xlsx: Make) -> None:
    rows: list[list[object]] = [list(LIST_HEADER)]
    sale: list[object] = ["Sales", "first", "", "A", "1", "01-08-2024", "10", "1", ""]
    rows += [sale, [None] * 9, ["  ", ""], sale, [], [None, None], [""] * 10]
    result = import_file(xlsx({"Sales list": rows}))
    assert result.errors == []
    sheet = result.sheets[0]
    # Rows 4 and 5 are blank between the two sales; the trailing blank rows end the sheet.
    assert (sheet.count, sheet.blank_rows) == (2, 2)
    assert sheet.totals["(7) Value"] == Decimal("20")
    assert sheet.totals["(10) Total"] == Decimal("22")  # 2 × (10 + 1 + 0)


def test_title_rows_above_the_header_are_reported(xlsx: Make) -> None:
    rows = [["Sales register August 2024"], [], LIST_HEADER,
            ["Sales", "", "", "A", "1", "01-08-2024", "10", "1", ""]]  # fmt: skip
    result = import_file(xlsx({"Sales list": rows}))
    assert result.errors == [] and result.sheets[0].count == 1
    assert result.sheets[0].header_row == 3
    assert result.notices == ["Sales list: rows 1–2 above the header row were not read"]


def test_part1a_part2_rates_serials_and_yes_no(xlsx: Make) -> None:
    p1 = [["(1) Sl. No.", "(2) Act", "(4) Name of goods", "(6) Rate of tax (%)", "(8) Total turnover"],
          [None, "kgst", "Petrol", Decimal("30.08"), "1,00,000"],
          [5, " CST ", "Diesel", "2%", Decimal("5000.25")]]  # fmt: skip
    p2 = [["Act", "Rate", "Purchase value", "Tax paid on purchase", "ITC"],
          ["KVAT", 5, 100, 5, "Yes"], ["KVAT", Decimal("14.5"), 200, 29, "n"],
          ["KVAT", 0, 300, 0, True]]  # fmt: skip
    result = import_file(xlsx({"Part 1(a)": p1, "Part 2": p2}))
    assert result.errors == []
    rows1 = result.replacements()["part1a"]
    assert [(r.sl, r.act, r.rate, r.total_turnover, r.point_of_sale) for r in rows1] == [
        (1, "KGST", Decimal("30.08"), Decimal("100000"), ""),  # blank Sl. No. = place in sheet
        (5, "CST", Decimal("2"), Decimal("5000.25"), ""),
    ]
    rows2 = result.replacements()["part2"]
    assert [(r.sl, r.rate, r.itc_eligible) for r in rows2] == [
        (1, Decimal("5"), True), (2, Decimal("14.5"), False), (3, Decimal("0"), True),
    ]  # fmt: skip


def test_sheet_names_are_matched_loosely(xlsx: Make) -> None:
    header = ["Series from", "Series to"]
    result = import_file(xlsx({"PART 1 (b)": [header, ["A/1", "A/9"]], "notes": [["x"]]}))
    assert result.errors == []
    assert result.replacements()["part1b"][0].series_to == "A/9"
    assert result.notices == [
        "Sheet 'notes' was not read: its header row names too few columns of any part"
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_lists(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "purchases-aug.csv"
    header = delimiter.join(["Type", "Doc No", "Doc Date", "Value", "Tax"])
    line = delimiter.join(["Purchase", "P/1", "05/08/2024", '"1,23,456.50"', "5"])
    path.write_text(f"\ufeff{header}\r\n{line}\r\n\r\n", encoding="utf-8")
    result = import_file(path)
    assert result.errors == []
    assert list(result.replacements()) == ["purchase_list"]
    assert result.replacements()["purchase_list"][0].value == Decimal("123456.50")


def test_csv_list_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Type,Doc No,Doc Date,Value,Tax\nSales,S1,2024-08-01,10,1\n", encoding="utf-8")
    result = import_file(path, csv_list="sales")
    assert list(result.replacements()) == ["sales_list"]


@pytest.mark.parametrize("cell", ["-0", "-0.00", "0", ""])
def test_minus_zero_reads_as_zero(xlsx: Make, cell: str) -> None:
    value = _one_sale(xlsx, c8=cell).cess
    assert value == 0 and not value.is_signed()


def test_header_below_many_blank_rows_is_still_found(xlsx: Make) -> None:
    blank: list[object] = [None]
    rows: list[list[object]] = [blank] * 14 + [["Goods", "Quantity", "Value"], ["Petrol", 5, 500]]
    result = import_file(xlsx({"Stock": rows}))
    assert result.errors == [] and result.sheets[0].header_row == 15
    assert result.replacements()["stock"][0].goods == "Petrol"


def test_values_in_a_column_without_header_are_reported(xlsx: Make) -> None:
    rows = [["Goods", "Quantity", "Value"], ["Petrol", 5, 500, "note"], ["Diesel", 1, 90, "x"]]
    result = import_file(xlsx({"Stock": rows}))
    assert result.errors == [] and result.sheets[0].count == 2
    assert result.notices == ["Stock: column D has values in 2 rows but no header; it was not read"]


def test_part5_totals_per_act(xlsx: Make) -> None:
    rows = [["Ref no", "Challan date", "Act", "Amount"],
            ["C1", "10-09-2024", "KGST", "1,000.50"], ["C2", "10-09-2024", "KVAT", 20],
            ["C3", "11-09-2024", "KGST", Decimal("0.50")]]  # fmt: skip
    result = import_file(xlsx({"Part 5": rows}))
    assert result.errors == []
    assert result.sheets[0].totals == {
        "Amount remitted (Rs.)": Decimal("1021.00"),
        "KGST subtotal": Decimal("1001.00"),  # 1,000.50 + 0.50
        "KVAT subtotal": Decimal("20"),
    }
