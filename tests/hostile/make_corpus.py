"""Generate the hostile-input corpus (issue 10): every file a user could be handed that must be
refused cleanly, plus a few borderline files that must still be read.

    python tests/hostile/make_corpus.py OUT_DIR     # writes the files and OUT_DIR/cases.json

Each `Case` names its file and, per command, what must happen:
- "refused": exit 1 and exactly one line on stderr, starting `form9: `;
- "invalid": the file is read but the return has errors: validate exits 1 listing them on stdout;
  the commands that need a valid return exit 1 with their findings and a last `form9: ` line;
- "cells": import-excel exits 1 listing each unreadable cell (`form9: ` lines) and nothing is
  written;
- "ok": exit 0 (the borderline files that must be read).
Nothing may trace back, die by a signal or hang, whatever the expectation.

The .xlsx files are written by hand as zip archives (the XML a hostile tool could produce), so
that cell references, dimensions and counts can be anything.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import struct
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "return-2025-10.json"

#: Commands that read an upload JSON file (import-excel reads it as --into).
JSON_COMMANDS = ("recompute", "validate", "export-json", "export-pdf", "template", "store-import",
                 "import-excel-into")  # fmt: skip
REFUSED = dict.fromkeys(JSON_COMMANDS, "refused")


@dataclass
class Case:
    name: str
    file: str  # relative to the corpus folder ("" for cases about paths only)
    expect: dict[str, str]  # command → refused / invalid / cells / ok
    why: str
    #: Run in a separate process: the case once crashed or hung the interpreter.
    isolate: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # e.g. the output path to use


# ---------------------------------------------------------------- JSON


def sample() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc.pop("checksum", None)
    return doc


def _dump(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _with(path: list[Any], value: Any) -> bytes:
    doc = sample()
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return _dump(doc)


def _raw(path: list[Any], token: str) -> bytes:
    """The sample with one value replaced by raw JSON text (numbers json cannot write)."""
    marker = "@@HOSTILE@@"
    return _with(path, marker).replace(f'"{marker}"'.encode(), token.encode("utf-8"))


def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def json_cases() -> list[tuple[str, bytes, dict[str, str], str, bool]]:
    base = _dump(sample())
    name = b"Sample Fuels and Gas Pvt Ltd"
    row = ["sales_list", 0]
    invalid = {"recompute": "refused", "validate": "invalid", "export-json": "invalid",
               "export-pdf": "ok", "template": "ok", "store-import": "refused",
               "import-excel-into": "refused"}  # fmt: skip
    invalid_list = {**invalid, "import-excel-into": "ok"}  # the import replaces the list
    cases: list[tuple[str, bytes, dict[str, str], str, bool]] = [
        # nesting
        ("deep-1000-note", _raw(["_note"], _nested(1000)), REFUSED, "nested 1,000 deep", True),
        ("deep-100k-note", _raw(["_note"], _nested(100_000)), REFUSED, "nested 100,000 deep", True),
        ("deep-65-note", _raw(["_note"], _nested(64)), REFUSED, "one level over the limit", True),
        (
            "deep-objects",
            _raw(["_note"], '{"a":' * 500 + "1" + "}" * 500),
            REFUSED,
            "objects nested 500 deep",
            True,
        ),
        (
            "deep-in-name",
            _raw(["header", "name"], _nested(800)),
            REFUSED,
            "a list for a name",
            True,
        ),
        (
            "deep-in-list-total",
            _raw([*row, "total"], _nested(300)),
            REFUSED,
            "nesting in a computed field of a list row (the fast path)",
            True,
        ),
        (
            "deep-in-part4-rows",
            _raw(["part4"], '{"rows": ' + _nested(300) + "}"),
            REFUSED,
            "nesting in computed Part 4 rows",
            True,
        ),
        (
            "deep-in-part3",
            _raw(["part3"], _nested(200)),
            REFUSED,
            "nesting in computed Part 3",
            True,
        ),
        ("deep-top-array", _nested(5000).encode(), REFUSED, "a deeply nested array only", True),
        # bytes that are not UTF-8
        (
            "utf8-bad-byte-in-name",
            base.replace(name, b"Sample \xff\xfe Fuels"),
            REFUSED,
            "0xFF inside a text",
            False,
        ),
        (
            "utf8-bad-byte-outside-text",
            base.replace(b'"header"', b'\xff"header"', 1),
            REFUSED,
            "0xFF between tokens",
            False,
        ),
        (
            "utf8-truncated-sequence",
            base.replace(name, b"Sample \xe0\xb4 Fuels"),
            REFUSED,
            "a Malayalam letter cut short",
            False,
        ),
        (
            "utf8-overlong",
            base.replace(name, b"Sample \xc0\xaf Fuels"),
            REFUSED,
            "an overlong encoding of '/'",
            False,
        ),
        (
            "utf8-encoded-surrogate",
            base.replace(name, b"Sample \xed\xa0\x80 Fuels"),
            REFUSED,
            "a surrogate encoded as UTF-8 bytes",
            False,
        ),
        (
            "latin1-json",
            base.replace(name, "Sample Fuëls".encode("latin-1")),
            REFUSED,
            "a Windows-1252 editor's save",
            False,
        ),
        (
            "utf16-no-bom",
            base.decode().encode("utf-16-le"),
            REFUSED,
            "UTF-16 without a mark",
            False,
        ),
        (
            "utf16-bom-broken",
            codecs.BOM_UTF16_LE + base.decode().encode("utf-16-le")[:-1],
            REFUSED,
            "UTF-16 cut in the middle of a character",
            False,
        ),
        # lone surrogates
        (
            "surrogate-high-in-name",
            base.replace(name, b"Sample \\ud800 Fuels"),
            REFUSED,
            "\\ud800 alone",
            False,
        ),
        (
            "surrogate-low-in-goods",
            _with(["part1a", 0, "goods"], "@").replace(b'"@"', b'"Gas \\udc00"'),
            REFUSED,
            "\\udc00 alone",
            False,
        ),
        (
            "surrogate-reversed-pair",
            base.replace(name, b"Sample \\udc00\\ud800 Fuels"),
            REFUSED,
            "a low surrogate before a high one",
            False,
        ),
        (
            "surrogate-in-list-row",
            _with([*row, "counterparty_name"], "@").replace(b'"@"', b'"Buyer \\ud83d"'),
            REFUSED,
            "half an emoji in a 100,000-row list field",
            False,
        ),
        (
            "surrogate-in-note",
            _with(["_note"], "@").replace(b'"@"', b'"\\ud800"'),
            REFUSED,
            "in an ignored note",
            False,
        ),
        (
            "surrogate-in-key",
            _with(["_note"], 1).replace(b'"_note"', b'"_\\ud800"'),
            REFUSED,
            "in a field name",
            False,
        ),
        # integers and exponents
        (
            "int-5000-digits-revision",
            _raw(["header", "revision_no"], "9" * 5000),
            REFUSED,
            "a 5,000-digit revision number",
            False,
        ),
        (
            "int-5000-digits-amount",
            _raw(["inputs", "advance", "kvat"], "9" * 5000),
            REFUSED,
            "a 5,000-digit amount",
            False,
        ),
        (
            "int-4000-digits-serial",
            _raw(["part1a", 0, "sl"], "9" * 4000),
            REFUSED,
            "a 4,000-digit serial (within msgspec's range)",
            False,
        ),
        (
            "int-revision-2-63",
            _raw(["header", "revision_no"], str(2**63)),
            REFUSED,
            "revision_no = 2^63",
            False,
        ),
        (
            "int-revision-2-64",
            _raw(["header", "revision_no"], str(2**64 + 1)),
            REFUSED,
            "revision_no beyond 64 bits",
            False,
        ),
        (
            "int-revision-negative",
            _raw(["header", "revision_no"], "-1"),
            REFUSED,
            "a negative revision number",
            False,
        ),
        (
            "int-serial-huge",
            _raw(["part1a", 0, "sl"], "1" + "0" * 20),
            REFUSED,
            "sl = 10^20",
            False,
        ),
        (
            "int-serial-part2",
            _raw(["part2", 0, "sl"], str(2**62)),
            REFUSED,
            "a huge Part 2 sl",
            False,
        ),
        (
            "int-revision-decimal",
            _raw(["header", "revision_no"], "1.5"),
            REFUSED,
            "a revision number with decimals",
            False,
        ),
        (
            "exp-huge-amount",
            _raw(["inputs", "advance", "kvat"], "1e999999999"),
            REFUSED,
            "1e999999999",
            False,
        ),
        (
            "exp-huge-negative",
            _raw(["inputs", "cess", "c"], "-1e999999999"),
            REFUSED,
            "-1e999999999",
            False,
        ),
        ("exp-huge-rate", _raw(["part1a", 0, "rate"], "1E+400"), REFUSED, "a rate of 1e400", False),
        (
            "exp-huge-list-tax",
            _raw([*row, "tax"], "1e400"),
            REFUSED,
            "1e400 in a list row (the fast path)",
            False,
        ),
        (
            "exp-huge-filed",
            _raw(["format_version"], "1e999999999"),
            REFUSED,
            "format_version 1e999999999",
            False,
        ),
        (
            "number-40000-digits",
            _raw(["inputs", "advance", "kgst"], "1" * 40_000 + ".5"),
            REFUSED,
            "a 40,000-digit amount",
            False,
        ),
        ("nan", _raw(["inputs", "advance", "kgst"], "NaN"), REFUSED, "NaN", False),
        ("infinity", _raw(["part1a", 0, "total_turnover"], "Infinity"), REFUSED, "Infinity", False),
        ("minus-infinity", _raw([*row, "value"], "-Infinity"), REFUSED, "-Infinity", False),
        # amounts with more decimals than paise, however written
        (
            "dp-exponent",
            _raw(["inputs", "advance", "kvat"], "2281715267.5e-2"),
            invalid,
            "2281715267.5e-2 has 3 decimals: never rounded",
            False,
        ),
        (
            "dp-tiny-exponent",
            _raw(["inputs", "advance", "kvat"], "1e-999999999"),
            invalid,
            "999,999,999 decimals",
            False,
        ),
        ("dp-plain", _raw(["part1a", 0, "total_turnover"], "10.005"), invalid, "10.005", False),
        (
            "dp-list-row",
            _raw([*row, "value"], "100.001"),
            invalid_list,
            "3 decimals in a list row",
            False,
        ),
        (
            "dp-exponent-list",
            _raw([*row, "tax"], "12345E-3"),
            invalid_list,
            "12.345 written as 12345E-3 in a list row",
            False,
        ),
        (
            "part4-without-filed-part3",
            _with(["part4"], {"filed": {"part3": {}}}),
            REFUSED,
            "Part 4 without the filed Part 3",
            False,
        ),
        # text
        (
            "text-goods-1000",
            _with(["part1a", 0, "goods"], "G" * 1000),
            REFUSED,
            "a 1,000-character goods name (the PDF's LayoutError)",
            False,
        ),
        (
            "text-name-1m",
            _with(["header", "name"], "N" * 1_000_000),
            REFUSED,
            "a 1,000,000-character name",
            False,
        ),
        (
            "text-address-501",
            _with(["header", "address"], "A" * 501),
            REFUSED,
            "one over the address limit",
            False,
        ),
        (
            "text-list-name-201",
            _with([*row, "counterparty_name"], "C" * 201),
            REFUSED,
            "one over the counterparty-name limit (the fast path)",
            False,
        ),
        (
            "text-doc-no-61",
            _with([*row, "doc_no"], "D" * 61),
            REFUSED,
            "a 61-character bill no.",
            False,
        ),
        (
            "text-act-100k",
            _with(["part1a", 0, "act"], "K" * 100_000),
            REFUSED,
            "a 100,000-character act",
            False,
        ),
        (
            "text-date-1m",
            _with(["declaration", "date"], "2" * 1_000_000),
            REFUSED,
            "a 1,000,000-character date",
            False,
        ),
        (
            "text-control-char",
            _with(["header", "name"], "Sample\u0007Fuels"),
            REFUSED,
            "a bell character",
            False,
        ),
        ("text-nul", _with(["part2", 0, "goods"], "Gas\u0000"), REFUSED, "a NUL character", False),
        (
            "text-key-1m",
            _with(["z" * 1_000_000], 1),
            REFUSED,
            "a 1,000,000-character field name",
            False,
        ),
        (
            "text-key-newline",
            _with(["bad\nfield"], 1),
            REFUSED,
            "a field name with a newline",
            False,
        ),
        # structure
        ("empty-file", b"", REFUSED, "0 bytes", False),
        ("whitespace-only", b" \n\t\r\n " * 100, REFUSED, "blanks only", False),
        ("binary-garbage", random.Random(10).randbytes(20_000), REFUSED, "random bytes", False),
        (
            "png-header",
            b"\x89PNG\r\n\x1a\n" + random.Random(11).randbytes(500),
            REFUSED,
            "an image",
            False,
        ),
        ("zip-as-json", _tiny_xlsx(), REFUSED, "a workbook named .json", False),
        ("json-array", b"[1, 2, 3]", REFUSED, "a list, not an object", False),
        ("json-empty-array", b"[]", REFUSED, "an empty list", False),
        ("json-string", b'"kerala-form9"', REFUSED, "a text", False),
        ("json-number", b"9" * 10_000, REFUSED, "a 10,000-digit number alone", False),
        ("json-null", b"null", REFUSED, "null", False),
        ("json-empty-object", b"{}", REFUSED, "no format", False),
        ("json-truncated", base[: len(base) // 2], REFUSED, "cut in half", False),
        ("json-trailing-garbage", base + b"}}}", REFUSED, "text after the object", False),
        ("json-comments", b"// a note\n" + base, REFUSED, "a comment line", False),
        ("header-is-list", _with(["header"], []), REFUSED, "header is a list", False),
        (
            "list-is-object",
            _with(["sales_list"], {"0": {}}),
            REFUSED,
            "sales list is an object",
            False,
        ),
        (
            "list-row-number",
            _with(["sales_list"], [7]),
            REFUSED,
            "a list row that is a number",
            False,
        ),
        (
            "list-million-and-one",
            _raw(["purchase_list"], "[" + ",".join(["0"] * 1_000_001) + "]"),
            REFUSED,
            "1,000,001 list rows",
            False,
        ),
        (
            "table-100001-rows",
            _raw(["part1b"], "[" + ",".join(["{}"] * 100_001) + "]"),
            REFUSED,
            "100,001 bill series",
            False,
        ),
        (
            "period-garbage",
            _with(["header", "period"], "9999-99"),
            REFUSED,
            "period 9999-99",
            False,
        ),
        (
            "date-impossible",
            _with(["header", "date_of_filing"], "2025-02-30"),
            REFUSED,
            "30 February",
            False,
        ),
        (
            "large-dealer-deep",
            _raw(["inputs", "large_dealer"], _nested(50)),
            REFUSED,
            "a list for yes / no",
            False,
        ),
        ("act-unknown", _with(["part1a", 0, "act"], "GST"), REFUSED, "act GST", False),
    ]
    # files that must still be read (the checks are not over-broad)
    ok = dict.fromkeys(("recompute", "validate", "export-pdf", "store-import"), "ok")
    cases += [
        ("ok-utf8-bom", codecs.BOM_UTF8 + base, ok, "Notepad's UTF-8 with a mark", False),
        (
            "ok-utf16-bom",
            codecs.BOM_UTF16_LE + base.decode().encode("utf-16-le"),
            ok,
            "Notepad's 'Unicode' (UTF-16 with a mark)",
            False,
        ),
        (
            "ok-exponent-2dp",
            _raw(["inputs", "advance", "kvat"], "96906840E-2"),
            ok,
            "969068.40 written as 96906840E-2: read exactly",
            False,
        ),
        ("ok-deep-64", _raw(["_note"], _nested(63)), ok, "exactly 64 levels", False),
        (
            "ok-text-at-limits",
            _at_limits(),
            ok,
            "every text at its limit: read, and printed without a LayoutError",
            False,
        ),
        (
            "ok-emoji-pair",
            base.replace(name, b"Sample \\ud83d\\ude00 Fuels"),
            ok,
            "a proper surrogate pair (an emoji)",
            False,
        ),
    ]
    return cases


def _at_limits() -> bytes:
    from app.model.limits import text_limit

    doc = sample()
    doc["part1a"][0]["goods"] = ("Natural Gas (R-LNG) " * 20)[: text_limit("goods")]
    doc["part1a"][0]["nature"] = "N" * text_limit("nature")
    doc["header"]["address"] = ("12/345, Sample Road, Kakkanad " * 20)[: text_limit("address")]
    doc["header"]["name"] = ("Sample Fuels and Gas " * 12)[: text_limit("name")]
    doc["sales_list"][0]["counterparty_name"] = ("Buyer " * 40)[: text_limit("counterparty_name")]
    doc["sales_list"][0]["doc_no"] = "D" * text_limit("doc_no")
    return _dump(doc)


# ---------------------------------------------------------------- xlsx, written by hand

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
_WB = (
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
HEADER = ["(1) Type of transaction", "(2) Point of sale", "(3) Counterparty registration number",
          "(4) Counterparty name", "(5) Document number", "(6) Document date", "(7) Value",
          "(8) Tax", "(9) Cesses and other levies"]  # fmt: skip
ROW = ["Sales", "first", "32123456789", "Buyer", "INV/1", "2024-08-05", "1000", "50", "0"]


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, value: str, attrs: str = "") -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}"{attrs} t="inlineStr"><is><t>{text}</t></is></c>'


def _table_rows(extra_rows: str = "", rows: list[list[str]] | None = None) -> str:
    out = []
    for r, values in enumerate([HEADER, *(rows or [ROW])], 1):
        cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(values, 1))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out) + extra_rows


def _sheet(data: str, before: str = "", after: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
        f'org/spreadsheetml/2006/main">{before}<sheetData>{data}</sheetData>{after}</worksheet>'
    )


def _xlsx(sheet: str, *, sst: str = "", parts: dict[str, bytes | str] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:  # fmt: skip
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr(
            "xl/sharedStrings.xml",
            sst
            or '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'count="0" uniqueCount="0"></sst>',
        )
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _tiny_xlsx() -> bytes:
    return _xlsx(_sheet(_table_rows()))


def _value(ref: str, v: str = "1") -> str:
    return f'<c r="{ref}"><v>{v}</v></c>'


def _patched(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """Overwrite bytes of a member's local header (offset from its start) and the matching
    central-directory entry field (for sizes: +20 / +24 in the central entry)."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        info = z.getinfo(member)
    out = bytearray(data)
    out[info.header_offset + offset : info.header_offset + offset + len(value)] = value
    cd = bytes(out).rindex(member.encode()) - 46
    assert out[cd : cd + 4] == b"PK\x01\x02"
    out[cd + offset + 2 : cd + offset + 2 + len(value)] = value
    return bytes(out)


def xlsx_cases() -> list[tuple[str, bytes, str, str]]:
    """(name, bytes, expectation for import-excel, why)."""
    a1 = _table_rows()
    far = "XFD1048576"
    many_members = _many_members()
    cases = [
        (
            "xlsx-cell-XFD1048576",
            _xlsx(_sheet(a1 + f'<row r="1048576">{_value(far)}</row>')),
            "refused",
            "the 18 KB file that aborted the process",
        ),
        (
            "xlsx-cell-far-in-row-2",
            _xlsx(_sheet(a1.replace("</row>", _value(far) + "</row>", 2))),
            "refused",
            "a far cell inside an ordinary row",
        ),
        (
            "xlsx-row-11-digits",
            _xlsx(_sheet(a1 + '<row r="99999999999"><c><v>1</v></c></row>')),
            "refused",
            "row number 99,999,999,999",
        ),
        (
            "xlsx-cell-row-11-digits",
            _xlsx(_sheet(a1 + f"<row>{_value('A99999999999')}</row>")),
            "refused",
            "cell A99999999999",
        ),
        (
            "xlsx-column-GS",
            _xlsx(_sheet(a1 + f'<row r="3">{_value("GS3")}</row>')),
            "refused",
            "column 201",
        ),
        (
            "xlsx-column-4-letters",
            _xlsx(_sheet(a1 + f'<row r="3">{_value("ZZZZ3")}</row>')),
            "refused",
            "column ZZZZ",
        ),
        (
            "xlsx-lowercase-ref",
            _xlsx(_sheet(a1 + f'<row r="3">{_value("xfd3")}</row>')),
            "refused",
            "a lower-case reference calamine accepts",
        ),
        (
            "xlsx-namespace-prefix",
            _xlsx(
                _sheet(
                    a1 + '<row r="3"><x:c xmlns:x="http://schemas.'
                    f'openxmlformats.org/spreadsheetml/2006/main" r="{far}"><x:v>1</x:v></x:c></row>'
                )
            ),
            "refused",
            "a prefixed cell element",
        ),
        (
            "xlsx-r-after-style",
            _xlsx(_sheet(a1 + f'<row r="3"><c s="0" r="{far}"><v>1</v></c></row>')),
            "refused",
            "the reference after another attribute",
        ),
        (
            "xlsx-single-quotes",
            _xlsx(_sheet(a1 + f"<row r='3'><c r = '{far}'><v>1</v></c></row>")),
            "refused",
            "quotes and spaces calamine accepts",
        ),
        (
            "xlsx-positional-overflow",
            _xlsx(
                _sheet(a1 + '<row r="5"><c><v>1</v></c>' + "<c/>" * 250 + "<c><v>2</v></c></row>")
            ),
            "refused",
            "cells without references past column GR",
        ),
        (
            "xlsx-area-too-large",
            _xlsx(
                _sheet(
                    a1 + f'<row r="1000000">{_value("A1000000")}</row>'
                    f'<row r="1000001">{_value("Z1000001")}</row>'
                )
            ),
            "refused",
            "26 columns × 1,000,001 rows: 26 million cells in 2 cells",
        ),
        (
            "xlsx-dimension",
            _xlsx(_sheet(a1, before='<dimension ref="A1:XFD1048576"/>')),
            "refused",
            "a dimension over the whole sheet",
        ),
        (
            "xlsx-bad-reference",
            _xlsx(_sheet(a1 + f'<row r="3">{_value("$A$3")}</row>')),
            "refused",
            "an absolute reference in a cell",
        ),
        (
            "xlsx-entity-reference",
            _xlsx(_sheet(a1 + f'<row r="3">{_value("&#88;FD3")}</row>')),
            "refused",
            "a reference written with an entity",
        ),
        (
            "xlsx-sst-unique-count",
            _xlsx(
                _sheet(a1),
                sst='<sst xmlns="http://schemas.'
                'openxmlformats.org/spreadsheetml/2006/main" uniqueCount="99999999999"></sst>',
            ),
            "refused",
            "a shared-strings table declaring 10^11 entries (aborted calamine)",
        ),
        (
            "xlsx-sst-prefixed",
            _xlsx(
                _sheet(a1),
                sst='<x:sst xmlns:x="http://schemas.'
                "openxmlformats.org/spreadsheetml/2006/main\" uniqueCount = '99999999999'></x:sst>",
            ),
            "refused",
            "the same, prefixed and spaced",
        ),
        (
            "xlsx-zip-bomb-ratio",
            _xlsx(_sheet(a1 + " " * (24 << 20))),
            "refused",
            "24 MB of spaces packed 1000:1",
        ),
        (
            "xlsx-lying-size",
            _patched(_tiny_xlsx(), "xl/worksheets/sheet1.xml", 22, struct.pack("<I", 0xFFFFFFF0)),
            "refused",
            "a part declaring 4 GB",
        ),
        (
            "xlsx-lying-small-size",
            _patched(_tiny_xlsx(), "xl/worksheets/sheet1.xml", 22, struct.pack("<I", 10)),
            "refused",
            "a part declaring 10 bytes and holding more",
        ),
        (
            "xlsx-encrypted-flag",
            _patched(_tiny_xlsx(), "xl/worksheets/sheet1.xml", 6, struct.pack("<H", 1)),
            "refused",
            "a part marked encrypted",
        ),
        ("xlsx-too-many-parts", many_members, "refused", "10,001 parts"),
        ("xlsx-not-a-zip", b"Type,Value\nSales,10\n", "refused", "CSV text named .xlsx"),
        ("xlsx-empty", b"", "refused", "0 bytes"),
        (
            "xlsx-ole",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
            "refused",
            "an old .xls / password-protected file",
        ),
        ("xlsx-no-workbook", _zip({"readme.txt": "hello"}), "refused", "a zip of other things"),
        ("xlsx-truncated", _tiny_xlsx()[:-200], "refused", "the end of the archive cut off"),
        (
            "xlsx-malformed-xml",
            _xlsx(_sheet(a1).replace("<sheetData>", "<sheetData><row><c r=")),
            "refused",
            "broken sheet XML",
        ),
        (
            "xlsx-random-zip-garbage",
            _zip(
                {
                    "[Content_Types].xml": random.Random(3).randbytes(900),
                    "xl/workbook.xml": random.Random(4).randbytes(900),
                }
            ),
            "refused",
            "garbage parts",
        ),
        (
            "xlsx-long-text-cell",
            _xlsx(_sheet(_table_rows(rows=[[*ROW[:3], "C" * 5000, *ROW[4:]]]))),
            "cells",
            "a 5,000-character counterparty name",
        ),
        (
            "xlsx-amount-exponent-3dp",
            _xlsx(_sheet(_table_rows(rows=[[*ROW[:6], "2281715267.5e-2", *ROW[7:]]]))),
            "cells",
            "an amount written with an exponent and 3 decimals",
        ),
        (
            "xlsx-control-char-cell",
            _xlsx(
                _sheet(
                    _table_rows(rows=[[*ROW[:3], "Buyer\u0001", *ROW[4:]]]).replace(
                        "\u0001", "&#1;"
                    )
                )
            ),
            "cells",
            "a control character XML 1.0 forbids, which calamine reads",
        ),
    ]
    return cases


def _zip(parts: dict[str, bytes | str]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _many_members() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("xl/workbook.xml", _WB)
        for i in range(10_000):
            z.writestr(f"x/{i}", b"")
    return buf.getvalue()


# ---------------------------------------------------------------- CSV


def _csv(rows: list[list[str]]) -> str:
    return "\r\n".join(",".join(r) for r in rows) + "\r\n"


def csv_cases() -> list[tuple[str, bytes, str, str]]:
    good = _csv([HEADER, ROW, [*ROW[:3], "Bhaskar Trädërs & Sons", *ROW[4:]]])
    return [
        ("csv-binary-garbage", random.Random(5).randbytes(5000), "refused", "random bytes"),
        ("csv-nul-bytes", good.encode() + b"\x00" * 100, "refused", "NUL bytes"),
        ("csv-utf16-no-bom", good.encode("utf-16-le"), "refused", "UTF-16 without a mark"),
        (
            "csv-utf16-bom-broken",
            codecs.BOM_UTF16_LE + good.encode("utf-16-le")[:-1],
            "refused",
            "UTF-16 with a mark, cut in a character",
        ),
        (
            "csv-undefined-cp1252",
            good.encode("utf-8").replace(b"Buyer", b"Buy\x81er", 1),
            "refused",
            "a byte neither UTF-8 nor Windows-1252 defines",
        ),
        ("csv-empty", b"", "refused", "0 bytes"),
        (
            "csv-huge-field",
            _csv([HEADER, [*ROW[:3], "F" * 200_000, *ROW[4:]]]).encode(),
            "refused",
            "one 200,000-character field",
        ),
        (
            "csv-long-name",
            _csv([HEADER, [*ROW[:3], "N" * 1000, *ROW[4:]]]).encode(),
            "cells",
            "a 1,000-character counterparty name",
        ),
        (
            "csv-control-char",
            _csv([HEADER, [*ROW[:3], "Buyer\x07", *ROW[4:]]]).encode(),
            "cells",
            "a bell character in a name",
        ),
        (
            "csv-amount-exponent",
            _csv([HEADER, [*ROW[:6], "2281715267.5e-2", *ROW[7:]]]).encode(),
            "cells",
            "an amount with an exponent and 3 decimals",
        ),
        ("csv-ok-utf8-bom", codecs.BOM_UTF8 + good.encode(), "ok", "Excel's CSV UTF-8"),
        (
            "csv-ok-utf16-bom",
            codecs.BOM_UTF16_LE + good.encode("utf-16-le"),
            "ok",
            "Excel's 'Unicode text'",
        ),
        ("csv-ok-cp1252", good.encode("cp1252"), "ok", "a Windows-1252 export"),
        ("csv-ok-latin1", good.encode("latin-1"), "ok", "a Latin-1 export"),
    ]


# ---------------------------------------------------------------- the corpus


def make_corpus(out: Path) -> list[Case]:
    """Write every file into `out`; the cases, also written to out/cases.json."""
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, data, expect, why, isolate in json_cases():
        (out / f"{name}.json").write_bytes(data)
        cases.append(Case(name, f"{name}.json", dict(expect), why, isolate))
    for name, data, expect, why in xlsx_cases():
        (out / f"{name}.xlsx").write_bytes(data)
        cases.append(Case(name, f"{name}.xlsx", {"import-excel": expect}, why, True))
    for name, data, expect, why in csv_cases():
        file = f"sales-{name}.csv"
        (out / file).write_bytes(data)
        cases.append(Case(name, file, {"import-excel": expect}, why))
    # files that are too large, or not files at all
    huge = out / "huge.json"
    with huge.open("wb") as fh:  # sparse: no disk space used
        fh.truncate(301 * 1024 * 1024)
    cases.append(Case("huge-json", huge.name, REFUSED, "301 MB (sparse)"))
    for ext in ("xlsx", "csv"):
        big = out / f"sales-huge.{ext}"
        with big.open("wb") as fh:
            fh.truncate(201 * 1024 * 1024)
        cases.append(Case(f"huge-{ext}", big.name, {"import-excel": "refused"}, "201 MB (sparse)"))
    (out / "folder.json").mkdir(exist_ok=True)
    (out / "sales-folder.xlsx").mkdir(exist_ok=True)
    cases += [
        Case("directory-json", "folder.json", REFUSED, "a folder named .json"),
        Case("directory-xlsx", "sales-folder.xlsx", {"import-excel": "refused"}, "a folder"),
        Case("missing-json", "no-such-file.json", REFUSED, "a file that is not there"),
        Case("missing-xlsx", "no-such-file.xlsx", {"import-excel": "refused"}, "not there"),
    ]
    # output paths (with a good input): unwritable, a folder, the input itself
    good = out / "good.json"
    good.write_bytes(_dump(sample()))
    writers = dict.fromkeys(("recompute", "export-json", "export-pdf", "template"), "refused")
    cases += [
        Case(
            "output-in-missing-folder",
            good.name,
            writers,
            "-o into a folder that is not there",
            extra={"output": "no-such-folder/out"},
        ),
        Case(
            "output-is-a-folder",
            good.name,
            writers,
            "-o names a folder",
            extra={"output": "folder.json"},
        ),
        Case(
            "output-is-the-input",
            good.name,
            {"recompute": "refused", "export-json": "refused", "export-pdf": "refused"},
            "-o names the input file",
            extra={"output": "good.json"},
        ),
    ]
    if os.geteuid() != 0:  # root may write anywhere
        locked = out / "locked"
        locked.mkdir(exist_ok=True)
        locked.chmod(0o500)
        cases.append(Case("output-not-writable", good.name, writers, "-o in a read-only folder",
                          extra={"output": "locked/out"}))  # fmt: skip
    (out / "cases.json").write_text(json.dumps([asdict(c) for c in cases], indent=1))
    return cases


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    made = make_corpus(Path(sys.argv[1]))
    print(f"{len(made)} cases written to {sys.argv[1]}")
