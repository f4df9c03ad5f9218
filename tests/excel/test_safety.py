"""Files that must be refused before any parser sees them, each with a clear message."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from excel_helpers import LIST_HEADER, patch_member

from app.export.excel_import import ImportRefused, import_file
from app.export.import_checks import check_archive

Make = Callable[..., Path]


def _refused(path: Path, **kw: object) -> str:
    with pytest.raises(ImportRefused) as info:
        import_file(path, **kw)  # type: ignore[arg-type]
    return str(info.value)


@pytest.mark.parametrize(
    "name, message",
    [
        ("list.xls", "list.xls: old Excel 97-2003 (.xls) files are not read; save it as .xlsx"),
        ("list.xlsm", "list.xlsm: .xlsm workbooks are not read; save it as .xlsx (Excel Workbook)"),
        ("list.ods", "list.ods: only .xlsx workbooks and .csv lists can be imported"),
        ("list.json", "list.json: only .xlsx workbooks and .csv lists can be imported"),
    ],
)
def test_other_kinds_of_file(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert _refused(path) == message


def test_empty_and_oversized_files(tmp_path: Path, xlsx: Make) -> None:
    empty = tmp_path / "e.xlsx"
    empty.write_bytes(b"")
    assert _refused(empty) == "e.xlsx: the file is empty"
    path = xlsx({"Sales list": [LIST_HEADER]})
    size = path.stat().st_size
    assert "larger than the 0 MB this import accepts" in _refused(path, max_bytes=size - 1)
    assert import_file(path, max_bytes=size).ok


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Type,Value\nSales,1\n")
    assert _refused(path) == "fake.xlsx: not a valid .xlsx workbook (it is not a zip archive)"


def test_password_protected_or_old_format(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "it is password-protected or an old .xls file" in _refused(path)


def test_zip_without_workbook_parts(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _refused(path) == (
        "other.xlsx: not a valid .xlsx workbook (missing [Content_Types].xml, xl/workbook.xml)"
    )


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    """16 MB of one byte packs to ~16 KB (1000:1): refused before calamine sees it."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x20" * (16 * 1024 * 1024))
    assert "part xl/worksheets/sheet1.xml is compressed more than 200:1 (a zip bomb?)" in _refused(
        path
    )


def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"x" * 5000)
    with pytest.raises(ImportRefused, match="unpacks to more than 0 MB; refused as unsafe"):
        check_archive(path, max_total=4000)


def test_corrupt_member(xlsx: Make) -> None:
    """A member whose data is damaged (bad deflate stream or CRC) is refused."""
    path = xlsx({"Sales list": [LIST_HEADER]})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # Flip one byte of the member's compressed data (after its local header).
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[start] ^= 0xFF
    path.write_bytes(bytes(data))
    assert "the workbook is damaged" in _refused(path)


def test_declared_size_smaller_than_the_data(xlsx: Make) -> None:
    """A bomb may declare a small size and hold more: the real data fails the CRC check."""
    path = xlsx({"Sales list": [LIST_HEADER]})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    name = info.filename.encode()
    small = struct.pack("<I", 10)
    data[info.header_offset + 22 : info.header_offset + 26] = small  # local header
    cd = data.rindex(name) - 46  # the central directory entry that names the member
    assert data[cd : cd + 4] == b"PK\x01\x02"
    data[cd + 24 : cd + 28] = small
    path.write_bytes(bytes(data))
    assert "the workbook is damaged" in _refused(path)


def test_malformed_sheet_xml(xlsx: Make) -> None:
    path = xlsx({"Sales list": [LIST_HEADER, ["Sales"]]})
    patch_member(path, "xl/worksheets/sheet1.xml", "<sheetData>", "<sheetData><row><c r=")
    assert "the workbook cannot be read" in _refused(path)


def test_csv_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(b"Type,Value\n\x81\x8d\x8f\x90\x9d\n")
    assert _refused(path) == (
        "sales.csv: not a text file in a known encoding: tried UTF-8 (byte 0x81 at offset 11) "
        "and Windows-1252 (byte 0x81 at offset 11); save it as CSV UTF-8"
    )


def test_csv_whose_list_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("Type,Value\n")
    result = import_file(path)
    assert result.brings_nothing and result.sheets == []
    assert result.nothing_lines() == [
        "data.csv: nothing to import: a CSV file holds one list; say whether it is the sales or "
        "the purchase list (its header row names too few columns of any part)"
    ]
