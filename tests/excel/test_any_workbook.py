"""Any workbook (issue 15 item 7): a dealer's own sales register is recognised by its header row
whatever its sheet is called — LibreOffice-saved files (committed fixtures, made by
fixtures/make_fixtures.py) and billing-software layouts built here with openpyxl (title rows,
merged title cells, extra columns, their own header wording, a Total row).  When no sheet is
recognised the CLI lists the sheets with the header cells it saw and exits 1; an import that
brings nothing never succeeds."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from excel_helpers import LIST_HEADER
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from app.cli import main
from app.export.excel_import import import_file
from app.export.excel_template import write_workbook
from app.model.form9 import ListRow

Make = Callable[..., Path]
FIXTURES = Path(__file__).parent / "fixtures"


def _import(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import-excel", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rows(out: Path, part: str) -> list[dict[str, object]]:
    doc = json.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    rows: list[dict[str, object]] = doc[part]
    return rows


def test_fixtures_are_libreoffice_files() -> None:
    import zipfile

    for name in ("mysales.xlsx", "registers.xlsx", "dealers.xlsx"):
        with zipfile.ZipFile(FIXTURES / name) as z:
            assert b"<Application>LibreOffice" in z.read("docProps/app.xml"), name


def test_libreoffice_saved_sales_list_imports_as_the_csv_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough's mysales.xlsx: it used to say "not in file" for every part and exit 0."""
    out = tmp_path / "aug.json"
    code, printed, err = _import(
        [str(FIXTURES / "mysales.xlsx"), "--period", "2024-08", "-o", str(out)], capsys
    )
    assert code == 0, err
    assert "note: Sheet 'mysales' is read as Sales list: its header row names the list's " \
        "columns and its name says it is the sales list" in err  # fmt: skip
    assert "Sales list: 3 rows; replaces 0 rows; (7) Value 1,22,500.50, (8) Tax 6,125.03" in printed
    rows = _rows(out, "sales_list")
    assert [(r["type"], r["counterparty_reg_no"], r["doc_no"], r["doc_date"], r["value"], r["tax"])
            for r in rows] == [
        ("Sales", "32071234567", "S/101", "2024-08-02", Decimal("120000.00"), Decimal("6000.00")),
        ("Sales", "99999999999", "S/102", "2024-08-05", Decimal("4500.50"), Decimal("225.03")),
        ("Sales Return", "32071234567", "CN/7", "2024-08-20", Decimal("-2000.00"),
         Decimal("-100.00")),
    ]  # fmt: skip
    # the same rows as CSV give the same list
    csv = tmp_path / "mysales.csv"
    csv.write_text(
        ",".join(LIST_HEADER[:9]) + "\n"
        'Sales,first,32071234567,Anand Stores,S/101,02-08-2024,"1,20,000.00",6000,0\n'
        "Sales,,99999999999,Cash sales,S/102,05-08-2024,4500.50,225.03,\n"
        "Sales Return,,32071234567,Anand Stores,CN/7,20-08-2024,-2000,-100,\n",
        encoding="utf-8",
    )
    assert import_file(csv).replacements() == import_file(FIXTURES / "mysales.xlsx").replacements()


def test_libreoffice_saved_billing_registers(tmp_path: Path) -> None:
    """Two registers under merged titles, with extra columns, real dates and a Grand Total row:
    the sales register by its title and types, the purchase register likewise."""
    result = import_file(FIXTURES / "registers.xlsx", period="2024-08")
    assert result.errors == []
    parts = result.replacements()
    assert sorted(parts) == ["purchase_list", "sales_list"]
    assert parts["sales_list"][2] == ListRow(
        "Interstate Sale", "", "33ABCDE1234F1Z1", "TN Traders", "S/3", date(2024, 8, 9),
        Decimal("40000"), Decimal("800"), Decimal("0"),
    )  # fmt: skip
    assert [r.doc_no for r in parts["purchase_list"]] == ["P/77", "P/78"]
    assert [(s.name, s.part, s.how, s.row) for s in result.seen] == [
        ("Sheet1", "sales_list", "header", 4),
        ("Sheet2", "purchase_list", "header", 4),
        ("Sheet3", "", "", 0),
    ]
    assert "Sheet1: row 9 ('Grand Total') is a totals row; it was not read; its figures equal " \
        "the sums of the rows read" in result.notices  # fmt: skip
    assert "Sheet1: column G 'HSN' is not a column of Sales list; it was not read" in result.notices
    assert "Sheet 'Sheet3' was not read: it is empty" in result.notices


def _register(path: Path, sheet: str, title: str, header: list[str], rows: list[list[object]],
              total: list[object] | None = None) -> Path:  # fmt: skip
    """A billing program's export: firm name and report title merged across the table, a blank
    row, the header, the rows and maybe a totals row."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(["Kerala Agencies (P) Ltd"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True)
    ws.append([title])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    if total is not None:
        ws.append(total)
    wb.save(path)
    return path


BILLING_HEADER = ["Date", "Bill No.", "Customer", "TIN", "Transaction Type", "Taxable Amt",
                  "VAT", "Round Off", "Net"]  # fmt: skip


def test_billing_export_with_its_own_wording(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [date(2024, 8, 5), "B-1", "Sree Stores", "32070000019", "Sales", Decimal("1000"),
         Decimal("50"), Decimal("0"), Decimal("1050")],
        [date(2024, 8, 6), "B-2", "Cash", "99999999999", "sales", "2,000.00", "100", "", "2100"],
    ]  # fmt: skip
    book = _register(tmp_path / "export.xlsx", "Report", "Bill wise sales", BILLING_HEADER, rows,
                     ["", "", "Total", "", "", 3000, 150, 0, 3150])  # fmt: skip
    result = import_file(book, period="2024-08")
    assert result.errors == []
    got = result.replacements()["sales_list"]
    assert [(r.doc_no, r.doc_date, r.type, r.value, r.tax) for r in got] == [
        ("B-1", date(2024, 8, 5), "Sales", Decimal("1000"), Decimal("50")),
        ("B-2", date(2024, 8, 6), "Sales", Decimal("2000.00"), Decimal("100")),
    ]
    assert "Sheet 'Report' is read as Sales list: its header row names the list's columns and " \
        "its title says it is the sales list" in result.notices  # fmt: skip
    assert "Report: column H 'Round Off' is not a column of Sales list; it was not read" in \
        result.notices  # fmt: skip


def test_totals_row_that_does_not_add_up_is_said(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [date(2024, 8, 5), "B-1", "Sree", "32070000019", "Purchase", 1000, 50, 0, 1050],
        [date(2024, 8, 6), "B-2", "Sree", "32070000019", "Purchase Return", -100, -5, 0, -105],
    ]
    book = _register(tmp_path / "p.xlsx", "Data", "Report", BILLING_HEADER, rows,
                     ["Grand Total", "", "", "", "", 1000, 45, 0, 1045])  # fmt: skip
    result = import_file(book, period="2024-08")
    assert result.errors == []
    assert len(result.replacements()["purchase_list"]) == 2  # by its rows' types
    assert "Data: row 7 ('Grand Total') is a totals row; it was not read; its figures differ " \
        "from the rows read: (7) Value 1,000.00 (the rows above: 900.00)" in result.notices  # fmt: skip


def test_a_total_word_in_a_filled_row_is_an_ordinary_error(tmp_path: Path) -> None:
    """Only a row that leaves a must-fill cell blank is taken as a totals row."""
    rows: list[list[object]] = [[date(2024, 8, 5), "B-1", "Total", "32070000019", "Sale of",
                                 1000, 50, 0, 1050]]  # fmt: skip
    book = _register(tmp_path / "s.xlsx", "Sales", "x", BILLING_HEADER, rows)
    result = import_file(book, period="2024-08")
    assert [(e.row, e.column, e.value) for e in result.errors] == [(5, "E", "'Sale of'")]


def test_name_and_types_that_disagree_are_not_guessed(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Purchase", "", "", "X", "P1", "02-08-2024", 10, 1, 0]]
    book = tmp_path / "b.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "My sales"
    ws.append(LIST_HEADER[:9])
    for r in rows:
        ws.append(r)
    wb.save(book)
    result = import_file(book, period="2024-08")
    assert result.brings_nothing
    assert result.seen[0].why == (
        "its name says it is the sales list but its rows are Purchase, which belong in the "
        "purchase list"
    )
    chosen = import_file(book, period="2024-08", parts={"My sales": "purchase_list"})
    assert chosen.errors == [] and len(chosen.replacements()["purchase_list"]) == 1
    assert chosen.seen[0].how == "chosen"


def test_cli_says_which_sheets_it_found_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _register(tmp_path / "daybook.xlsx", "Sheet1", "Day book",
                     ["Voucher", "Dt", "Ledger A/c", "Debit", "Credit"],
                     [["J/1", "01-08-2024", "Cash", 100, ""]])  # fmt: skip
    wb = load_workbook(book)
    wb.create_sheet("Sheet2")
    wb.save(book)
    out = tmp_path / "never.json"
    code, printed, err = _import([str(book), "--period", "2024-08", "-o", str(out)], capsys)
    assert code == 1 and printed == "" and not out.exists()
    assert err.splitlines()[-4:] == [
        "form9: daybook.xlsx: nothing to import: no sheet is a part of the return by its name or "
        "its header row",
        "form9:   sheet 'Sheet1', row 1: Kerala Agencies (P) Ltd (its header row names too few "
        "columns of any part)",
        "form9:   sheet 'Sheet2': empty",
        "form9: name a sheet's part with --sheet 'SHEET=PART' (part1a, part1b, part2, part5, "
        "sales, purchase, stock); nothing was written",
    ]


def test_cli_lists_the_header_cells_of_a_list_it_cannot_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["Sales", "", "", "X", "S1", "02-08-2024", 10, 1, 0],
                                ["Purchase", "", "", "Y", "P1", "03-08-2024", 5, 1, 0]]  # fmt: skip
    book = _register(tmp_path / "book.xlsx", "Sheet1", "August", LIST_HEADER[:9], rows)
    out = tmp_path / "o.json"
    code, _, err = _import([str(book), "--period", "2024-08", "-o", str(out)], capsys)
    assert code == 1 and not out.exists()
    assert (
        "form9:   sheet 'Sheet1', row 4: (1) Type of transaction | (2) Point of sale | "
        "(3) Counterparty registration number | (4) Counterparty name | (5) Document number | "
        "(6) Document date | (7) Value | (8) Tax | (9) Cesses and other levies (it holds the "
        "columns of the Sales list or the Purchase list; say which)"
    ) in err.splitlines()
    # --sheet names its part: read; one mixed day book goes to the sales list as told
    code, printed, err = _import(
        [str(book), "--period", "2024-08", "-o", str(out), "--sheet", "Sheet1=sales"], capsys
    )
    assert code == 0, err
    assert [r["doc_no"] for r in _rows(out, "sales_list")] == ["S1", "P1"]
    assert "Sales list: 2 rows" in printed


def test_cli_sheet_option_refuses_unknown_parts_and_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "b.xlsx"
    write_workbook(book)
    out = str(tmp_path / "o.json")
    code, _, err = _import([str(book), "--period", "2024-08", "-o", out, "--sheet", "X=part9"],
                           capsys)  # fmt: skip
    assert code == 1
    assert err == ("form9: --sheet 'X=part9': give SHEET=PART, PART one of part1a, part1b, part2, "
                   "part5, sales, purchase, stock or none\n")  # fmt: skip
    code, _, err = _import([str(book), "--period", "2024-08", "-o", out, "--sheet", "Nope=sales"],
                           capsys)  # fmt: skip
    assert code == 1
    assert err.startswith("form9: b.xlsx: has no sheet named 'Nope' (its sheets: 'Instructions', ")


def test_an_empty_template_brings_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "empty.xlsx"
    write_workbook(book)
    out = tmp_path / "o.json"
    code, printed, err = _import([str(book), "--period", "2024-08", "-o", str(out)], capsys)
    assert code == 1 and printed == "" and not out.exists()
    lines = err.splitlines()
    assert lines[0] == "form9: empty.xlsx: nothing to import: no sheet of it holds a row"
    assert "form9:   sheet 'Part 1(a)', row 1: (1) Sl. No. | (2) Act * | (3) Nature of " \
        "transaction | (4) Name of goods | (5) Schedule | (6) Rate of tax (%) * | (7) Point of " \
        "sale | (8) Total turnover * | (9) Turnover on which exemption is clai… | (10) Taxable " \
        "turnover (8)-(9) | " \
        "(11) Tax collected | (12) Tax due on taxable turnover and 2 more (named as Part 1(a))" \
        in lines  # fmt: skip


def test_sheet_named_none_is_left_out(tmp_path: Path) -> None:
    book = _register(tmp_path / "r.xlsx", "Sales", "t", LIST_HEADER[:9],
                     [["Sales", "", "", "X", "S1", "02-08-2024", 10, 1, 0]])  # fmt: skip
    result = import_file(book, period="2024-08", parts={"Sales": ""})
    assert result.brings_nothing and result.seen[0].why == "not imported, as chosen"


def test_csv_list_told_by_its_rows_types(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Type,Doc No,Doc Date,Value,Tax\nImport,B/1,2024-08-01,10,1\n"
                    "Purchase,B/2,2024-08-02,5,1\n", encoding="utf-8")  # fmt: skip
    result = import_file(path)
    assert list(result.replacements()) == ["purchase_list"]
    assert result.notices == ["export.csv is read as the Purchase list: its header row names the "
                              "list's columns and its rows are Import, Purchase"]  # fmt: skip


def test_two_sheets_for_one_part_is_an_error_until_one_is_left_out(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sales list"
    for name in ("Sales list", "August sales"):
        ws = wb[name] if name in wb.sheetnames else wb.create_sheet(name)
        ws.append(LIST_HEADER[:9])
        ws.append(["Sales", "", "", "X", name[:3], "02-08-2024", 10, 1, 0])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    result = import_file(path, period="2024-08")
    assert [str(e) for e in result.errors] == [
        "August sales, row 1: found 'August sales'; expected one sheet for Sales list (sheet "
        "'Sales list' is one)"
    ]
    again = import_file(path, period="2024-08", parts={"Sales list": ""})
    assert again.errors == [] and [r.doc_no for r in again.replacements()["sales_list"]] == ["Aug"]
