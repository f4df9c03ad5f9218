""".xlsx files for the hostile corpus, written by hand as zip archives: the XML a hostile or broken
tool could produce, so that cell references, dimensions and counts can be anything."""

from __future__ import annotations

import io
import random
import struct
import zipfile

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sales list" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>'  # noqa: E501

# fmt: off
HEADER = ["(1) Type of transaction", "(2) Point of sale", "(3) Counterparty registration number",
          "(4) Counterparty name", "(5) Document number", "(6) Document date", "(7) Value",
          "(8) Tax", "(9) Cesses and other levies"]
ROW = ["Sales", "first", "32123456789", "Buyer", "INV/1", "2024-08-05", "1000", "50", "0"]
# fmt: on


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref: str, value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def table_rows(extra_rows: str = "", rows: list[list[str]] | None = None) -> str:
    """The sales list's header and rows (one ordinary row unless told)."""
    out = []
    for r, values in enumerate([HEADER, *(rows or [ROW])], 1):
        cells = "".join(cell(f"{_col(c)}{r}", v) for c, v in enumerate(values, 1))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out) + extra_rows


def sheet(data: str, before: str = "", after: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main">{before}<sheetData>{data}</sheetData>{after}</worksheet>'
    )


def xlsx(
    sheet_xml: str, *, sst: str = "", workbook: str = WORKBOOK, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        z.writestr("xl/sharedStrings.xml", sst or _SST)
    return buf.getvalue()


def tiny_xlsx() -> bytes:
    return xlsx(sheet(table_rows()))


def zip_of(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _value(ref: str, v: str = "1") -> str:
    return f'<c r="{ref}"><v>{v}</v></c>'


def _patched(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """Overwrite a field of a member's local header (offset from its start) and the same field of
    its central-directory entry (2 bytes further on there)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    out = bytearray(data)
    out[info.header_offset + offset : info.header_offset + offset + len(value)] = value
    cd = bytes(out).rindex(member.encode()) - 46
    assert out[cd : cd + 4] == b"PK\x01\x02"
    out[cd + offset + 2 : cd + offset + 2 + len(value)] = value
    return bytes(out)


def _with_row(values: dict[int, str]) -> list[list[str]]:
    row = list(ROW)
    for i, v in values.items():
        row[i] = v
    return [row]


def xlsx_cases() -> list[tuple[str, bytes, str, str]]:
    """(name, bytes, what import-excel must do, why)."""
    a1 = table_rows()
    far = "XFD1048576"
    prefixed = ('<row r="3"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                f'main" r="{far}"><x:v>1</x:v></x:c></row>')  # fmt: skip
    many: dict[str, bytes | str] = {"[Content_Types].xml": _CT, "xl/workbook.xml": WORKBOOK}
    many.update({f"x/{i}": "" for i in range(10_000)})
    sheet_size = struct.pack("<I", 0xFFFFFFF0)
    # fmt: off
    return [
        ("xlsx-cell-XFD1048576", xlsx(sheet(a1 + f'<row r="1048576">{_value(far)}</row>')),
         "refused", "the 18 KB file that aborted the process"),
        ("xlsx-cell-far-in-row-2", xlsx(sheet(a1.replace("</row>", _value(far) + "</row>", 2))),
         "refused", "a far cell inside an ordinary row"),
        ("xlsx-row-11-digits", xlsx(sheet(a1 + '<row r="99999999999"><c><v>1</v></c></row>')),
         "refused", "row number 99,999,999,999"),
        ("xlsx-cell-row-11-digits", xlsx(sheet(a1 + f"<row>{_value('A99999999999')}</row>")),
         "refused", "cell A99999999999"),
        ("xlsx-column-GS", xlsx(sheet(a1 + f'<row r="3">{_value("GS3")}</row>')), "refused",
         "column 201"),
        ("xlsx-column-4-letters", xlsx(sheet(a1 + f'<row r="3">{_value("ZZZZ3")}</row>')),
         "refused", "column ZZZZ"),
        ("xlsx-lowercase-ref", xlsx(sheet(a1 + f'<row r="3">{_value("xfd3")}</row>')),
         "refused", "a lower-case reference calamine accepts"),
        ("xlsx-namespace-prefix", xlsx(sheet(a1 + prefixed)), "refused",
         "a prefixed cell element"),
        ("xlsx-r-after-style", xlsx(sheet(a1 + f'<row r="3"><c s="0" r="{far}"><v>1</v></c></row>')),
         "refused", "the reference after another attribute"),
        ("xlsx-single-quotes", xlsx(sheet(a1 + f"<row r='3'><c r = '{far}'><v>1</v></c></row>")),
         "refused", "quotes and spaces calamine accepts"),
        ("xlsx-positional-overflow", xlsx(sheet(a1 + '<row r="5"><c><v>1</v></c>' + "<c/>" * 250
         + "<c><v>2</v></c></row>")), "refused", "cells without references past column GR"),
        ("xlsx-area-too-large", xlsx(sheet(a1 + f'<row r="1000000">{_value("A1000000")}</row>'
         f'<row r="1000001">{_value("Z1000001")}</row>')), "refused",
         "26 columns × 1,000,001 rows: 26 million cells from 2 cells"),
        ("xlsx-dimension", xlsx(sheet(a1, before='<dimension ref="A1:XFD1048576"/>')), "refused",
         "a dimension over the whole sheet"),
        ("xlsx-bad-reference", xlsx(sheet(a1 + f'<row r="3">{_value("$A$3")}</row>')), "refused",
         "an absolute reference in a cell"),
        ("xlsx-entity-reference", xlsx(sheet(a1 + f'<row r="3">{_value("&#88;FD3")}</row>')),
         "refused", "a reference written with an entity"),
        ("xlsx-sst-unique-count", xlsx(sheet(a1), sst='<sst xmlns="http://schemas.openxmlformats'
         '.org/spreadsheetml/2006/main" uniqueCount="99999999999"></sst>'), "refused",
         "a shared-strings table declaring 10^11 entries (aborted calamine)"),
        ("xlsx-sst-prefixed", xlsx(sheet(a1), sst="<x:sst xmlns:x=\"http://schemas.openxmlformats"
         ".org/spreadsheetml/2006/main\" uniqueCount = '99999999999'></x:sst>"), "refused",
         "the same, prefixed and spaced"),
        ("xlsx-zip-bomb-ratio", xlsx(sheet(a1 + " " * (24 << 20))), "refused",
         "24 MB of spaces packed 1000:1"),
        ("xlsx-lying-size", _patched(tiny_xlsx(), "xl/worksheets/sheet1.xml", 22, sheet_size),
         "refused", "a part declaring 4 GB"),
        ("xlsx-lying-small-size", _patched(tiny_xlsx(), "xl/worksheets/sheet1.xml", 22,
         struct.pack("<I", 10)), "refused", "a part declaring 10 bytes and holding more"),
        ("xlsx-encrypted-flag", _patched(tiny_xlsx(), "xl/worksheets/sheet1.xml", 6,
         struct.pack("<H", 1)), "refused", "a part marked encrypted"),
        ("xlsx-too-many-parts", zip_of(many, zipfile.ZIP_STORED), "refused", "10,002 parts"),
        ("xlsx-not-a-zip", b"Type,Value\nSales,10\n", "refused", "CSV text named .xlsx"),
        ("xlsx-empty", b"", "refused", "0 bytes"),
        ("xlsx-ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "refused",
         "an old .xls / password-protected file"),
        ("xlsx-no-workbook", zip_of({"readme.txt": "hello"}), "refused", "a zip of other things"),
        ("xlsx-truncated", tiny_xlsx()[:-200], "refused", "the end of the archive cut off"),
        ("xlsx-malformed-xml", xlsx(sheet(a1).replace("<sheetData>", "<sheetData><row><c r=")),
         "refused", "broken sheet XML"),
        ("xlsx-random-zip-garbage", zip_of({"[Content_Types].xml": random.Random(3).randbytes(900),
         "xl/workbook.xml": random.Random(4).randbytes(900)}), "refused", "garbage parts"),
        ("xlsx-long-text-cell", xlsx(sheet(table_rows(rows=_with_row({3: "C" * 5000})))), "cells",
         "a 5,000-character counterparty name"),
        ("xlsx-amount-exponent-3dp", xlsx(sheet(table_rows(rows=_with_row({6: "2281715267.5e-2"})))),
         "cells", "an amount written with an exponent and 3 decimals"),
        ("xlsx-sheet-name-newline", xlsx(sheet(table_rows(rows=_with_row({6: "1.001"}))),
         workbook=WORKBOOK.replace('name="Sales list"', 'name="Sales&#10;list"')), "cells",
         "a sheet name with a line break, named in each message about its cells"),
        ("xlsx-control-char-cell", xlsx(sheet(table_rows(rows=_with_row({3: "Buyer&#1;"}))
         .replace("&amp;#1;", "&#1;"))), "cells",
         "a control character XML 1.0 forbids, which calamine reads"),
    ]
    # fmt: on
