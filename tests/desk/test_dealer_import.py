"""Dealers from a sheet (issue 15 item 6): `form9 clients-template` and `form9 clients-import`.

Sheets are built the way offices keep them (title rows, their own header wording, CSV) and as
LibreOffice saves them (tests/excel/fixtures/dealers.xlsx); every dealer is read back from the
store field by field."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.export.client_sheet import client_sheet, read_clients, sheet_from_dict
from app.model.catalogue import CatalogueError
from app.model.client import ClientProfile
from app.model.form9 import Branch
from app.store import Store, StoreError

FIXTURES = Path(__file__).resolve().parents[1] / "excel" / "fixtures"
GSTIN_A, GSTIN_B, GSTIN_C = "32AABCA1234B1ZQ", "32AAGFK5678C1ZF", "32AACCM9012D1Z1"
HEADER = ["Registration No", "Dealer name", "Trade Name", "Address", "Constitution",
          "Nature of business", "GST No", "Due on"]  # fmt: skip


def _sheet(path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = None,
           header: Sequence[str] = HEADER, name: str = "Sheet1") -> Path:  # fmt: skip
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = name
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append([])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _run(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _dealers(data: Path) -> dict[str, ClientProfile]:
    with Store.open(data) as store:
        return {c.tin: store.get_client(c.id) for c in store.list_clients()}


def test_the_sheet_is_data_and_names_dealer_particulars() -> None:
    spec = client_sheet()
    profile = set(ClientProfile.__dataclass_fields__)
    assert [c.field for c in spec.columns] == [
        "tin", "name", "trade_name", "address", "constitution", "nature_of_business", "gstin",
        "large_dealer", "kgst_no", "cst_no", "tps_division", "tps_circle", "renewed_until",
    ]  # fmt: skip
    assert {c.field for c in spec.columns} <= profile
    assert [c.field for c in spec.columns if c.required] == ["tin", "name"]
    assert spec.name == "Dealers"
    due = next(c for c in spec.columns if c.field == "large_dealer")
    assert due.choices == ("15th", "10th")
    constitution = next(c for c in spec.columns if c.field == "constitution")
    assert constitution.choices == ("Proprietorship", "Partnership", "Company", "Society", "Other")


def test_a_sheet_file_naming_no_particular_is_refused() -> None:
    data = {"sheet": {"name": "D"}, "column": [{"id": "tin", "kind": "upper", "heading": "TIN"},
                                               {"id": "name", "kind": "text", "heading": "N"},
                                               {"id": "colour", "kind": "text", "heading": "C"}]}  # fmt: skip
    with pytest.raises(CatalogueError, match="column 'colour' is not a dealer's particular"):
        sheet_from_dict(data, {})
    data["column"] = data["column"][:1]  # type: ignore[index]
    with pytest.raises(CatalogueError, match="the sheet needs the column 'name'"):
        sheet_from_dict(data, {})


def test_template_filled_and_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    book = tmp_path / "dealers.xlsx"
    code, out, _ = _run(data, capsys, "clients-template", "-o", str(book))
    assert (code, out) == (0, f"wrote {book}\n")
    wb = load_workbook(book)
    assert wb.sheetnames == ["Dealers", "Instructions"]
    ws = wb["Dealers"]
    assert [c.value for c in ws[1]] == [
        "TIN *", "Name of the dealer *", "Trade name", "Address", "Constitution",
        "Nature of business", "GSTIN", "Return due on (10th / 15th)", "KGST No.", "CST No.",
        "TPS Division", "TPS Circle", "Renewed up to (year)",
    ]  # fmt: skip
    assert ws.column_dimensions["A"].number_format == "@"  # a TIN typed stays text
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"15th,10th"' in lists and '"Proprietorship,Partnership,Company,Society,Other"' in lists
    ws.append(["32071234567", "Anand Stores", "Anand", "MG Road, Kochi", "proprietorship",
               "other", GSTIN_A.lower(), "10th", "k/55", "32071234567", "Ernakulam",
               "Ernakulam I", "2025-26"])  # fmt: skip
    ws.append([32079876543, "Kerala Petro Agencies", None, None, "Part", "Petroleum Pump"])
    wb.save(book)
    code, out, err = _run(data, capsys, "clients-import", str(book))
    assert code == 0, err
    assert out.splitlines() == [
        "Dealers, row 2: TIN 32071234567 Anand Stores — added: a new dealer",
        "Dealers, row 3: TIN 32079876543 Kerala Petro Agencies — added: a new dealer",
        "dealers.xlsx: 2 dealer row(s) — 2 added, 0 updated, 0 unchanged, 0 refused",
    ]
    got = _dealers(data)
    assert got["32071234567"] == ClientProfile(
        tin="32071234567", kgst_no="K/55", cst_no="32071234567", tps_division="Ernakulam",
        tps_circle="Ernakulam I", name="Anand Stores", address="MG Road, Kochi",
        trade_name="Anand", constitution="Proprietorship", nature_of_business="Other",
        gstin=GSTIN_A, large_dealer=True, renewed_until="2025-26",
    )  # fmt: skip
    assert got["32079876543"] == ClientProfile(
        tin="32079876543", name="Kerala Petro Agencies", constitution="Partnership",
        nature_of_business="Petroleum Pump", large_dealer=False,
    )  # fmt: skip
    # the same file again: nothing to do, exit 0
    code, out, _ = _run(data, capsys, "clients-import", str(book))
    assert code == 0
    assert out.splitlines()[-1] == (
        "dealers.xlsx: 2 dealer row(s) — 0 added, 0 updated, 2 unchanged, 0 refused"
    )
    # a template filled with the dealers here reads back unchanged
    filled = tmp_path / "filled.xlsx"
    code, out, _ = _run(data, capsys, "clients-template", "-o", str(filled), "--with-dealers")
    assert out == f"wrote {filled} with 2 dealer(s)\n"
    assert [c.value for c in load_workbook(filled)["Dealers"]["B"]][1:] == [
        "Anand Stores", "Kerala Petro Agencies"
    ]  # fmt: skip
    code, out, _ = _run(data, capsys, "clients-import", str(filled))
    assert code == 0 and "0 added, 0 updated, 2 unchanged, 0 refused" in out


def test_other_wording_title_rows_and_every_bad_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["32071234567", "Anand Stores", "", "MG Road", "Company", "", GSTIN_A, "15"],
        ["3207123456", "Short TIN", "", "", "", "", "", ""],
        ["32071234567", "Anand again", "", "", "", "", "", ""],
        ["32070000019", "", "", "", "Pvt Ltd", "", "32AABCA1234B1Z5", "12th"],
        ["32070000027", "Beta", "", "", "", "", GSTIN_A, ""],
        ["42070000027", "Not Kerala", "", "", "", "", "", "2024-25"],
    ]
    book = _sheet(tmp_path / "office.xlsx", rows, title="Our dealers as on 1-4-2025")
    data = tmp_path / "data"
    code, out, err = _run(data, capsys, "clients-import", str(book))
    assert code == 1
    assert out.splitlines() == [
        "Sheet1, row 4: TIN 32071234567 Anand Stores — added: a new dealer",
        "Sheet1, row 5: TIN 3207123456 Short TIN — refused: column A TIN: found "
        "'3207123456'; expected a Kerala TIN: 11 digits starting with 32 (this has 10)",
        "Sheet1, row 6: TIN 32071234567 Anand again — refused: column A TIN: found "
        "'32071234567'; expected each dealer once: this TIN is also in Sheet1, row 4",
        "Sheet1, row 7: TIN 32070000019 — refused: column E Constitution: found 'Pvt Ltd'; "
        "expected Proprietorship / Partnership / Company / Society / Other (and 3 more)",
        "Sheet1, row 8: TIN 32070000027 Beta — refused: column G GSTIN: found "
        "'32AABCA1234B1ZQ'; expected each dealer once: this GSTIN is also in Sheet1, row 4",
        "Sheet1, row 9: TIN 42070000027 Not Kerala — refused: column A TIN: found "
        "'42070000027'; expected a Kerala TIN: 11 digits starting with 32 (Kerala's state code) "
        "(and 1 more)",
        "office.xlsx: 6 dealer row(s) — 1 added, 0 updated, 0 unchanged, 5 refused",
    ]
    assert err.splitlines() == [
        "note: Sheet1: rows 1–2 above the header row were not read",
        "form9: office.xlsx: 5 row(s) refused; the other rows were imported",
    ]
    assert list(_dealers(data)) == ["32071234567"]
    result = read_clients(book)
    assert [str(e) for e in result.rows[3].errors] == [
        "Sheet1, row 7, column E Constitution: found 'Pvt Ltd'; expected Proprietorship / "
        "Partnership / Company / Society / Other",
        "Sheet1, row 7, column G GSTIN: found '32AABCA1234B1Z5'; expected a GSTIN whose check "
        "character (the 15th) is Q",
        "Sheet1, row 7, column H Return due on (10th / 15th): found '12th'; expected 15th / 10th",
        "Sheet1, row 7, column B Name of the dealer: found a blank cell; expected Name of the dealer "
        "(every dealer has one)",
    ]


def test_existing_dealers_only_with_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_client(ClientProfile(
            tin="32071234567", name="Anand Stores", address="Old address", gstin=GSTIN_A,
            tps_circle="Ernakulam I", branches=[Branch("Aluva", "Market Road")], large_dealer=True,
        ))  # fmt: skip
        store.add_client(ClientProfile(tin="32079999990", name="Other", gstin=GSTIN_C))
    rows = [["32071234567", "Anand Stores", "", "New address", "", "", "", ""],
            ["32070000019", "Gamma", "", "", "", "", GSTIN_C, ""],
            ["32070000027", "Delta", "", "", "", "", "", ""]]  # fmt: skip
    book = _sheet(tmp_path / "d.csv.xlsx", rows)
    code, out, err = _run(data, capsys, "clients-import", str(book))
    assert code == 1
    assert out.splitlines()[:2] == [
        "Sheet1, row 2: TIN 32071234567 Anand Stores — refused: this TIN is here already as "
        "'Anand Stores', with another Address; confirm updating it to take the file's",
        "Sheet1, row 3: TIN 32070000019 Gamma — refused: column G GSTIN: found "
        f"'{GSTIN_C}'; expected a GSTIN no other dealer here has (it is Other's, TIN "
        "32079999990)",
    ]
    assert err.splitlines()[-1] == ("form9: d.csv.xlsx: 2 row(s) refused (give --update to "
                                    "update dealers already here); the other rows were imported")  # fmt: skip
    assert _dealers(data)["32071234567"].address == "Old address"
    # --dry-run --update says what would happen and changes nothing
    code, out, _ = _run(data, capsys, "clients-import", str(book), "--update", "--dry-run")
    assert out.splitlines()[0] == ("Sheet1, row 2: TIN 32071234567 Anand Stores — updated: "
                                   "changes Address")  # fmt: skip
    assert out.splitlines()[-1].endswith("(not imported yet)")
    assert _dealers(data)["32071234567"].address == "Old address"
    code, out, _ = _run(data, capsys, "clients-import", str(book), "--update")
    assert code == 1  # Gamma's GSTIN is still refused
    assert "0 added, 1 updated, 1 unchanged, 1 refused" in out.splitlines()[-1]
    anand = _dealers(data)["32071234567"]
    # the address changed; blank cells and columns the sheet lacks kept what was here
    assert anand == ClientProfile(
        tin="32071234567", name="Anand Stores", address="New address", gstin=GSTIN_A,
        tps_circle="Ernakulam I", branches=[Branch("Aluva", "Market Road")], large_dealer=True,
    )  # fmt: skip


def test_csv_with_its_own_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("TIN No;Name;GSTIN;Due day;Division\r\n"
                     "32071234567;Café Kerala;;10th;Kochi\r\n".encode("cp1252"))  # fmt: skip
    data = tmp_path / "data"
    code, out, err = _run(data, capsys, "clients-import", str(path))
    assert code == 0, err
    assert "note: list.csv: not UTF-8; read as Windows-1252 text" in err
    assert _dealers(data)["32071234567"] == ClientProfile(
        tin="32071234567", name="Café Kerala", large_dealer=True, tps_division="Kochi"
    )


def test_libreoffice_saved_dealer_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    code, out, err = _run(data, capsys, "clients-import", str(FIXTURES / "dealers.xlsx"))
    assert code == 1
    assert out.splitlines() == [
        "dealers, row 2: TIN 32071234567 Anand Stores — refused: column H GSTIN: found "
        "'32ABCDE1234F1Z5'; expected a GSTIN whose check character (the 15th) is 9",
        "dealers, row 3: TIN 32079876543 Kerala Petro Agencies — added: a new dealer",
        "dealers, row 4: TIN 32071111222 Malabar Bar Hotel — added: a new dealer",
        "dealers.xlsx: 3 dealer row(s) — 2 added, 0 updated, 0 unchanged, 1 refused",
    ]
    assert "note: dealers: column A 'Sl' is not a column of Dealers; it was not read" in err
    got = _dealers(data)
    assert got["32071111222"].large_dealer is True  # "10", a number in LibreOffice's cell
    assert got["32079876543"].kgst_no == "K/1234" and got["32079876543"].large_dealer is True


def test_a_missing_tin_column_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _sheet(tmp_path / "d.xlsx", [["Anand", "Kochi"]], header=["Dealer name", "Address"],
                  name="Dealers")  # fmt: skip
    code, out, err = _run(tmp_path / "data", capsys, "clients-import", str(book))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "form9: Dealers, row 1 TIN: found no such column; expected a column TIN",
        "form9: d.xlsx: the sheet cannot be read as dealers; nothing was imported",
    ]


def test_a_file_without_dealers_says_what_it_saw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _sheet(tmp_path / "d.xlsx", [["x", "1"]], header=["Item", "Qty"])
    code, out, err = _run(tmp_path / "data", capsys, "clients-import", str(book))
    assert (code, out) == (1, "")
    assert err.splitlines()[1:] == [
        "form9: d.xlsx: nothing to import: no sheet's header row names the dealer columns (TIN, "
        "name of the dealer …)",
        "form9:   sheet 'Sheet1', row 1: Item | Qty (its header row does not name the TIN and "
        "another dealer column)",
        "form9: d.xlsx: nothing was imported",
    ]
    header_only = _sheet(tmp_path / "h.xlsx", [], name="Dealers", header=["TIN", "Name"])
    code, _, err = _run(tmp_path / "data", capsys, "clients-import", str(header_only))
    assert code == 1
    assert "form9: h.xlsx: nothing to import: the dealers' sheet holds no row" in err


def test_hostile_files_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, out, err = _run(tmp_path / "data", capsys, "clients-import", str(bad))
    assert (code, out) == (1, "")
    assert err == "form9: x.xlsx: not a valid .xlsx workbook (it is not a zip archive)\n"
    old = tmp_path / "x.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0rest")
    code, _, err = _run(tmp_path / "data", capsys, "clients-import", str(old))
    assert err == ("form9: x.xls: old Excel 97-2003 (.xls) files are not read; save it as "
                   ".xlsx\n")  # fmt: skip
    import app.export.client_sheet as cs

    monkeypatch.setattr(cs, "MAX_CLIENT_ROWS", 2)
    rows = [[f"3207000{n:04d}", f"D{n}"] for n in range(3)]
    book = _sheet(tmp_path / "many.xlsx", rows, header=["TIN", "Name"])
    code, out, err = _run(tmp_path / "data", capsys, "clients-import", str(book))
    assert (code, out) == (1, "")
    assert err == ("form9: many.xlsx: Sheet1, row 4: more than 2 dealers in one file; split "
                   "it\n")  # fmt: skip


def test_one_unit_of_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The store refuses the third dealer: the two before it are not added either."""
    data = tmp_path / "data"
    Store.open(data).close()
    rows = [[f"3207000{n:04d}", f"D{n}"] for n in range(1, 4)]
    book = _sheet(tmp_path / "three.xlsx", rows, header=["TIN", "Name"])
    real = Store.add_client

    def add(self: Store, profile: ClientProfile) -> int:
        if profile.name == "D3":
            raise StoreError("the disk is full")
        return real(self, profile)

    monkeypatch.setattr(Store, "add_client", add)
    code, out, err = _run(data, capsys, "clients-import", str(book))
    assert (code, out) == (1, "")
    assert err == "form9: three.xlsx: nothing was imported: the disk is full\n"
    monkeypatch.setattr(Store, "add_client", real)
    assert _dealers(data) == {}


def test_update_keeps_what_a_blank_cell_leaves() -> None:
    from app.model.client_rows import changes, decide, merged

    here = ClientProfile(tin="32071234567", name="A", gstin=GSTIN_A, large_dealer=True)
    values = {"tin": "32071234567", "name": "A", "address": "Kochi"}
    assert changes(here, values) == ["address"]
    assert merged(here, values) == dataclasses.replace(here, address="Kochi")
    out = decide(here, values, update=False, labels={"address": "Address"})
    assert (out.action, out.updatable) == ("refused", True)
    assert decide(here, {"tin": "32071234567", "name": "A"}, update=False, labels={}).action == (
        "unchanged"
    )
    assert decide(None, values, update=False, labels={}).action == "added"


def test_csv_errors_marked_in_a_workbook_copy(tmp_path: Path) -> None:
    from app.export.excel_import import annotate

    path = tmp_path / "list.csv"
    path.write_text("TIN,Name\n32071234567,A\n32071234567,B\n", encoding="utf-8")
    result = read_clients(path)
    assert [str(e) for e in result.errors] == [
        "list.csv, row 3, column A TIN: found '32071234567'; expected each dealer once: this TIN "
        "is also in list.csv, row 2"
    ]
    out = tmp_path / "list-errors.xlsx"
    assert annotate(path, "csv", result.errors, out, csv_sheet=path.name) == 1
    ws = load_workbook(out)["list.csv"]
    assert ws["A3"].comment.text.startswith("Found '32071234567'; expected each dealer once")
    assert ws["B2"].value == "A"
