"""Export -> import gives the identical return, to the paisa (spec section 9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from excel_helpers import cleared, example
from openpyxl import load_workbook

from app.export.excel_import import import_file
from app.export.excel_template import write_workbook
from app.export.upload_json import dumps
from app.model.compute import compute
from app.model.form9 import Form9Return, ListRow, Part1aRow, StockRow


@pytest.mark.parametrize("name", ["original", "revision", "annual"])
def test_export_then_import_into_an_emptied_return_is_identical(tmp_path: Path, name: str) -> None:
    ret = example(name)
    expected = dumps(ret, compute(ret))
    path = tmp_path / f"{name}.xlsx"
    write_workbook(path, ret)
    result = import_file(path)
    assert result.errors == []
    back = result.apply_to(cleared(example(name)))
    assert dumps(back, compute(back)) == expected


def test_round_trip_keeps_awkward_values_exactly(tmp_path: Path) -> None:
    ret = Form9Return()
    ret.header.period = "2024-08"
    ret.part1a = [
        Part1aRow(sl=7, act="KGST", nature="=SUM(A1)", goods="+91 goods", schedule="-", rate=Decimal("30.08"),
                  point_of_sale="", total_turnover=Decimal("0.10"), exempt_turnover=Decimal("0"),
                  tax_collected=Decimal("99999999999.99"), compounded_tax=Decimal("0.01")),
    ]  # fmt: skip
    ret.sales_list = [
        ListRow("Sales Return", "last", "32123456789", "@home & <co>", "0012", date(2024, 8, 31),
                Decimal("-1234.56"), Decimal("-0.05"), Decimal("0")),
        # 17 significant digits: more than a double holds, so it travels as text.
        ListRow("Sales", "", "", "'-quoted", "'", date(2024, 8, 1),
                Decimal("123456789012345.67"), Decimal("-0.00"), Decimal("9999999999999.99")),
    ]  # fmt: skip
    ret.stock = [StockRow("Petrol", "", "litre", Decimal("12345.67"), Decimal("1.10"))]
    path = tmp_path / "awkward.xlsx"
    write_workbook(path, ret)
    result = import_file(path)
    assert result.errors == []
    back = result.apply_to(Form9Return())
    assert back.part1a == ret.part1a
    assert back.sales_list == ret.sales_list
    assert back.stock == ret.stock
    # The formula-like texts were written as plain text behind an apostrophe, never as formulas.
    ws = load_workbook(path)["Part 1(a)"]
    assert ws["C2"].value == "'=SUM(A1)" and ws["C2"].data_type == "s"
    assert ws["D2"].value == "'+91 goods"
    assert load_workbook(path)["Sales list"]["D2"].value == "'@home & <co>"


def test_empty_template_has_every_sheet_header_and_dropdown(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_workbook(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Part 1(a)", "Part 1(b)", "Part 2", "Part 5",
                             "Sales list", "Purchase list", "Stock"]  # fmt: skip
    p1 = wb["Part 1(a)"]
    assert [c.value for c in p1[1]][:3] == ["(1) Sl. No.", "(2) Act *", "(3) Nature of transaction"]
    assert p1["N1"].value == "(14) Total tax payable"
    assert p1.freeze_panes == "A2"
    lists = {str(dv.sqref): dv.formula1 for dv in p1.data_validations.dataValidation}
    assert lists["B2:B1048576"] == '"KGST,KVAT,CST"'
    assert lists["G2:G1048576"] == '"first,subsequent,last,first and last"'
    p2 = {str(dv.sqref): dv.formula1 for dv in wb["Part 2"].data_validations.dataValidation}
    assert p2["K2:K1048576"] == '"yes,no"'
    sl = {str(dv.sqref): dv.formula1 for dv in wb["Sales list"].data_validations.dataValidation}
    assert sl["A2:A1048576"].startswith('"Sales,Purchase,Sales Return')
    # An empty template imports as "nothing to change".
    result = import_file(path)
    assert result.ok and result.replacements() == {}


def test_exported_cells_carry_number_and_date_formats_and_formulas(tmp_path: Path) -> None:
    ret = example("original")
    path = tmp_path / "o.xlsx"
    write_workbook(path, ret)
    ws = load_workbook(path)["Part 1(a)"]
    assert ws["H2"].number_format == "#,##0.00"
    assert ws["J2"].value == "=H2-I2"
    assert ws["L2"].value == "=ROUND(J2*F2/100,2)"
    assert ws["N2"].value == "=MAX(K2,L2+M2)"
    p5 = load_workbook(path)["Part 5"]
    assert p5["B2"].number_format == "DD-MM-YYYY"
    assert p5["B2"].value.date() == ret.part5[0].date
