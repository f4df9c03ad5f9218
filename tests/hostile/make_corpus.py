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
Nothing may trace back, die by a signal or hang, whatever the expectation.  The .xlsx files are
written by hand (corpus_xlsx.py).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_xlsx import HEADER, ROW, tiny_xlsx, xlsx_cases  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "return-2025-10.json"

#: Commands that read an upload JSON file (import-excel reads it as --into).
JSON_COMMANDS = ("recompute", "validate", "export-json", "export-pdf", "template", "store-import",
                 "import-excel-into")  # fmt: skip
REFUSED = dict.fromkeys(JSON_COMMANDS, "refused")
#: A return that is read but has errors (E-AMOUNT-DP): printed as a DRAFT, written to Excel as it
#: is, refused where a valid return is needed.
INVALID = {"recompute": "refused", "validate": "invalid", "export-json": "invalid",
           "export-pdf": "ok", "template": "ok", "store-import": "refused",
           "import-excel-into": "refused"}  # fmt: skip
#: The same when the bad amount is in a list row, which the import replaces.
INVALID_LIST = {**INVALID, "import-excel-into": "ok"}
OK = dict.fromkeys(("recompute", "validate", "export-pdf", "store-import"), "ok")


@dataclass
class Case:
    name: str
    file: str  # relative to the corpus folder
    expect: dict[str, str]  # command → refused / invalid / cells / ok
    why: str
    #: Run in a separate process: the case once crashed or hung the interpreter.
    isolate: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # the output path to use


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


def _at_limits() -> bytes:
    sys.path.insert(0, str(ROOT))
    from app.model.limits import text_limit

    doc = sample()
    doc["part1a"][0]["goods"] = ("Natural Gas (R-LNG) " * 20)[: text_limit("goods")]
    doc["part1a"][0]["nature"] = "N" * text_limit("nature")
    doc["header"]["address"] = ("12/345, Sample Road, Kakkanad " * 20)[: text_limit("address")]
    doc["header"]["name"] = ("Sample Fuels and Gas " * 12)[: text_limit("name")]
    doc["sales_list"][0]["counterparty_name"] = ("Buyer " * 40)[: text_limit("counterparty_name")]
    doc["sales_list"][0]["doc_no"] = "D" * text_limit("doc_no")
    return _dump(doc)


def json_cases() -> list[tuple[str, bytes, dict[str, str], str, bool]]:
    """(name, bytes, expectations, why, isolate)."""
    base = _dump(sample())
    name = b"Sample Fuels and Gas Pvt Ltd"
    row = ["sales_list", 0]
    adv = ["inputs", "advance", "kvat"]
    goods = _with(["part1a", 0, "goods"], "@")
    buyer = _with([*row, "counterparty_name"], "@")
    # fmt: off
    return [
        # nesting
        ("deep-1000-note", _raw(["_note"], _nested(1000)), REFUSED, "nested 1,000 deep", True),
        ("deep-100k-note", _raw(["_note"], _nested(100_000)), REFUSED, "nested 100,000 deep", True),
        ("deep-65-note", _raw(["_note"], _nested(64)), REFUSED, "one level over the limit", True),
        ("deep-objects", _raw(["_note"], '{"a":' * 500 + "1" + "}" * 500), REFUSED,
         "objects nested 500 deep", True),
        ("deep-in-name", _raw(["header", "name"], _nested(800)), REFUSED, "a list for a name", True),
        ("deep-in-list-total", _raw([*row, "total"], _nested(300)), REFUSED,
         "nesting in a computed field of a list row (the fast path)", True),
        ("deep-in-part4-rows", _raw(["part4"], '{"rows": ' + _nested(300) + "}"), REFUSED,
         "nesting in computed Part 4 rows", True),
        ("deep-in-part3", _raw(["part3"], _nested(200)), REFUSED, "nesting in computed Part 3",
         True),
        ("deep-top-array", _nested(5000).encode(), REFUSED, "a deeply nested array only", True),
        # bytes that are not UTF-8
        ("utf8-bad-byte-in-name", base.replace(name, b"Sample \xff\xfe Fuels"), REFUSED,
         "0xFF inside a text", False),
        ("utf8-bad-byte-outside-text", base.replace(b'"header"', b'\xff"header"', 1), REFUSED,
         "0xFF between tokens", False),
        ("utf8-truncated-sequence", base.replace(name, b"Sample \xe0\xb4 Fuels"), REFUSED,
         "a Malayalam letter cut short", False),
        ("utf8-overlong", base.replace(name, b"Sample \xc0\xaf Fuels"), REFUSED,
         "an overlong encoding of '/'", False),
        ("utf8-encoded-surrogate", base.replace(name, b"Sample \xed\xa0\x80 Fuels"), REFUSED,
         "a surrogate encoded as UTF-8 bytes", False),
        ("latin1-json", base.replace(name, "Sample Fuëls".encode("latin-1")), REFUSED,
         "a Windows-1252 editor's save", False),
        ("utf16-no-bom", base.decode().encode("utf-16-le"), REFUSED, "UTF-16 without a mark",
         False),
        ("utf16-bom-broken", codecs.BOM_UTF16_LE + base.decode().encode("utf-16-le")[:-1],
         REFUSED, "UTF-16 cut in the middle of a character", False),
        # lone surrogates
        ("surrogate-high-in-name", base.replace(name, b"Sample \\ud800 Fuels"), REFUSED,
         "\\ud800 alone", False),
        ("surrogate-low-in-goods", goods.replace(b'"@"', b'"Gas \\udc00"'), REFUSED,
         "\\udc00 alone", False),
        ("surrogate-reversed-pair", base.replace(name, b"Sample \\udc00\\ud800 Fuels"), REFUSED,
         "a low surrogate before a high one", False),
        ("surrogate-in-list-row", buyer.replace(b'"@"', b'"Buyer \\ud83d"'), REFUSED,
         "half an emoji in a 100,000-row list field", False),
        ("surrogate-in-note", _with(["_note"], "@").replace(b'"@"', b'"\\ud800"'), REFUSED,
         "in an ignored note", False),
        ("surrogate-in-key", _with(["_note"], 1).replace(b'"_note"', b'"_\\ud800"'), REFUSED,
         "in a field name", False),
        # integers and exponents
        ("int-5000-digits-revision", _raw(["header", "revision_no"], "9" * 5000), REFUSED,
         "a 5,000-digit revision number", False),
        ("int-5000-digits-amount", _raw(adv, "9" * 5000), REFUSED, "a 5,000-digit amount", False),
        ("int-4000-digits-serial", _raw(["part1a", 0, "sl"], "9" * 4000), REFUSED,
         "a 4,000-digit serial (within msgspec's range)", False),
        ("int-revision-2-63", _raw(["header", "revision_no"], str(2**63)), REFUSED,
         "revision_no = 2^63", False),
        ("int-revision-2-64", _raw(["header", "revision_no"], str(2**64 + 1)), REFUSED,
         "revision_no beyond 64 bits", False),
        ("int-revision-negative", _raw(["header", "revision_no"], "-1"), REFUSED,
         "a negative revision number", False),
        ("int-serial-huge", _raw(["part1a", 0, "sl"], "1" + "0" * 20), REFUSED, "sl = 10^20",
         False),
        ("int-serial-part2", _raw(["part2", 0, "sl"], str(2**62)), REFUSED, "a huge Part 2 sl",
         False),
        ("int-revision-decimal", _raw(["header", "revision_no"], "1.5"), REFUSED,
         "a revision number with decimals", False),
        ("exp-huge-amount", _raw(adv, "1e999999999"), REFUSED, "1e999999999", False),
        ("exp-huge-negative", _raw(["inputs", "cess", "c"], "-1e999999999"), REFUSED,
         "-1e999999999", False),
        ("exp-huge-rate", _raw(["part1a", 0, "rate"], "1E+400"), REFUSED, "a rate of 1e400",
         False),
        ("exp-huge-list-tax", _raw([*row, "tax"], "1e400"), REFUSED,
         "1e400 in a list row (the fast path)", False),
        ("exp-huge-format-version", _raw(["format_version"], "1e999999999"), REFUSED,
         "format_version 1e999999999", False),
        ("number-40000-digits", _raw(["inputs", "advance", "kgst"], "1" * 40_000 + ".5"), REFUSED,
         "a 40,000-digit amount", False),
        ("nan", _raw(["inputs", "advance", "kgst"], "NaN"), REFUSED, "NaN", False),
        ("infinity", _raw(["part1a", 0, "total_turnover"], "Infinity"), REFUSED, "Infinity",
         False),
        ("minus-infinity", _raw([*row, "value"], "-Infinity"), REFUSED, "-Infinity", False),
        # amounts with more decimals than paise, however written
        ("dp-exponent", _raw(adv, "2281715267.5e-2"), INVALID,
         "2281715267.5e-2 has 3 decimals: never rounded", False),
        ("dp-tiny-exponent", _raw(adv, "1e-999999999"), INVALID, "999,999,999 decimals", False),
        ("dp-plain", _raw(["part1a", 0, "total_turnover"], "10.005"), INVALID, "10.005", False),
        ("dp-list-row", _raw([*row, "value"], "100.001"), INVALID_LIST,
         "3 decimals in a list row", False),
        ("dp-exponent-list", _raw([*row, "tax"], "12345E-3"), INVALID_LIST,
         "12.345 written as 12345E-3 in a list row", False),
        ("part4-without-filed-part3", _with(["part4"], {"filed": {"part3": {}}}), REFUSED,
         "Part 4 without the filed Part 3", False),
        # text
        ("text-goods-1000", _with(["part1a", 0, "goods"], "G" * 1000), REFUSED,
         "a 1,000-character goods name (the PDF's LayoutError)", False),
        ("text-name-1m", _with(["header", "name"], "N" * 1_000_000), REFUSED,
         "a 1,000,000-character name", False),
        ("text-address-501", _with(["header", "address"], "A" * 501), REFUSED,
         "one over the address limit", False),
        ("text-list-name-201", _with([*row, "counterparty_name"], "C" * 201), REFUSED,
         "one over the counterparty-name limit (the fast path)", False),
        ("text-doc-no-61", _with([*row, "doc_no"], "D" * 61), REFUSED, "a 61-character bill no.",
         False),
        ("text-act-100k", _with(["part1a", 0, "act"], "K" * 100_000), REFUSED,
         "a 100,000-character act", False),
        ("text-date-1m", _with(["declaration", "date"], "2" * 1_000_000), REFUSED,
         "a 1,000,000-character date", False),
        ("text-control-char", _with(["header", "name"], "Sample\u0007Fuels"), REFUSED,
         "a bell character", False),
        ("text-nul", _with(["part2", 0, "goods"], "Gas\u0000"), REFUSED, "a NUL character",
         False),
        ("text-key-1m", _with(["z" * 1_000_000], 1), REFUSED, "a 1,000,000-character field name",
         False),
        ("text-key-newline", _with(["bad\nfield"], 1), REFUSED, "a field name with a newline",
         False),
        # structure
        ("empty-file", b"", REFUSED, "0 bytes", False),
        ("whitespace-only", b" \n\t\r\n " * 100, REFUSED, "blanks only", False),
        ("binary-garbage", random.Random(10).randbytes(20_000), REFUSED, "random bytes", False),
        ("png-header", b"\x89PNG\r\n\x1a\n" + random.Random(11).randbytes(500), REFUSED,
         "an image", False),
        ("zip-as-json", tiny_xlsx(), REFUSED, "a workbook named .json", False),
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
        ("list-is-object", _with(["sales_list"], {"0": {}}), REFUSED, "sales list is an object",
         False),
        ("list-row-number", _with(["sales_list"], [7]), REFUSED, "a list row that is a number",
         False),
        ("list-million-and-one", _raw(["purchase_list"], "[" + ",".join(["0"] * 1_000_001) + "]"),
         REFUSED, "1,000,001 list rows", False),
        ("table-100001-rows", _raw(["part1b"], "[" + ",".join(["{}"] * 100_001) + "]"), REFUSED,
         "100,001 bill series", False),
        ("period-garbage", _with(["header", "period"], "9999-99"), REFUSED, "period 9999-99",
         False),
        ("date-impossible", _with(["header", "date_of_filing"], "2025-02-30"), REFUSED,
         "30 February", False),
        ("large-dealer-deep", _raw(["inputs", "large_dealer"], _nested(50)), REFUSED,
         "a list for yes / no", False),
        ("act-unknown", _with(["part1a", 0, "act"], "GST"), REFUSED, "act GST", False),
        # files that must still be read (the checks are not over-broad)
        ("ok-utf8-bom", codecs.BOM_UTF8 + base, OK, "Notepad's UTF-8 with a mark", False),
        ("ok-utf16-bom", codecs.BOM_UTF16_LE + base.decode().encode("utf-16-le"), OK,
         "Notepad's 'Unicode' (UTF-16 with a mark)", False),
        ("ok-exponent-2dp", _raw(adv, "96906840E-2"), OK,
         "969068.40 written as 96906840E-2: read exactly", False),
        ("ok-deep-64", _raw(["_note"], _nested(63)), OK, "exactly 64 levels", False),
        ("ok-text-at-limits", _at_limits(), OK,
         "every text at its limit: read, and printed without a LayoutError", False),
        ("ok-emoji-pair", base.replace(name, b"Sample \\ud83d\\ude00 Fuels"), OK,
         "a proper surrogate pair (an emoji)", False),
    ]
    # fmt: on


# ---------------------------------------------------------------- CSV


def _csv(rows: list[list[str]]) -> str:
    return "\r\n".join(",".join(r) for r in rows) + "\r\n"


def _csv_row(**values: str) -> list[str]:
    row = list(ROW)
    for index, v in values.items():
        row[int(index[1:])] = v
    return row


def csv_cases() -> list[tuple[str, bytes, str, str]]:
    """(name, bytes, what import-excel must do, why)."""
    good = _csv([HEADER, ROW, _csv_row(c3="Bhaskar Trädërs & Sons")])
    # fmt: off
    return [
        ("csv-binary-garbage", random.Random(5).randbytes(5000), "refused", "random bytes"),
        ("csv-nul-bytes", good.encode() + b"\x00" * 100, "refused", "NUL bytes"),
        ("csv-utf16-no-bom", good.encode("utf-16-le"), "refused", "UTF-16 without a mark"),
        ("csv-utf16-bom-broken", codecs.BOM_UTF16_LE + good.encode("utf-16-le")[:-1], "refused",
         "UTF-16 with a mark, cut in a character"),
        ("csv-undefined-cp1252", good.encode("utf-8").replace(b"Buyer", b"Buy\x81er", 1),
         "refused", "a byte neither UTF-8 nor Windows-1252 defines"),
        ("csv-empty", b"", "refused", "0 bytes"),
        ("csv-huge-field", _csv([HEADER, _csv_row(c3="F" * 200_000)]).encode(), "refused",
         "one 200,000-character field"),
        ("csv-long-name", _csv([HEADER, _csv_row(c3="N" * 1000)]).encode(), "cells",
         "a 1,000-character counterparty name"),
        ("csv-control-char", _csv([HEADER, _csv_row(c3="Buyer\x07")]).encode(), "cells",
         "a bell character in a name"),
        ("csv-amount-exponent", _csv([HEADER, _csv_row(c6="2281715267.5e-2")]).encode(), "cells",
         "an amount with an exponent and 3 decimals"),
        ("csv-ok-utf8-bom", codecs.BOM_UTF8 + good.encode(), "ok", "Excel's CSV UTF-8"),
        ("csv-ok-utf16-bom", codecs.BOM_UTF16_LE + good.encode("utf-16-le"), "ok",
         "Excel's 'Unicode text'"),
        ("csv-ok-cp1252", good.encode("cp1252"), "ok", "a Windows-1252 export"),
        ("csv-ok-latin1", good.encode("latin-1"), "ok", "a Latin-1 export"),
    ]
    # fmt: on


# ---------------------------------------------------------------- the corpus


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:  # no disk space used
        fh.truncate(size)


def make_corpus(out: Path) -> list[Case]:
    """Write every file into `out`; the cases, also written to out/cases.json."""
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, data, expects, why, isolate in json_cases():
        (out / f"{name}.json").write_bytes(data)
        cases.append(Case(name, f"{name}.json", dict(expects), why, isolate))
    for name, data, expect, why in xlsx_cases():
        (out / f"{name}.xlsx").write_bytes(data)
        cases.append(Case(name, f"{name}.xlsx", {"import-excel": expect}, why, True))
    for name, data, expect, why in csv_cases():
        (out / f"sales-{name}.csv").write_bytes(data)
        cases.append(Case(name, f"sales-{name}.csv", {"import-excel": expect}, why))
    # files that are too large, or not files at all
    _sparse(out / "huge.json", 301 * 1024 * 1024)
    _sparse(out / "sales-huge.xlsx", 201 * 1024 * 1024)
    _sparse(out / "sales-huge.csv", 201 * 1024 * 1024)
    (out / "folder.json").mkdir(exist_ok=True)
    (out / "sales-folder.xlsx").mkdir(exist_ok=True)
    excel = {"import-excel": "refused"}
    cases += [
        Case("huge-json", "huge.json", REFUSED, "301 MB (sparse)"),
        Case("huge-xlsx", "sales-huge.xlsx", excel, "201 MB (sparse)"),
        Case("huge-csv", "sales-huge.csv", excel, "201 MB (sparse)"),
        Case("directory-json", "folder.json", REFUSED, "a folder named .json"),
        Case("directory-xlsx", "sales-folder.xlsx", excel, "a folder named .xlsx"),
        Case("missing-json", "no-such-file.json", REFUSED, "a file that is not there"),
        Case("missing-xlsx", "no-such-file.xlsx", excel, "a workbook that is not there"),
    ]
    # output paths (with a good input): in a missing folder, a folder, the input itself
    (out / "good.json").write_bytes(_dump(sample()))
    writers = dict.fromkeys(("recompute", "export-json", "export-pdf", "template"), "refused")
    itself = dict.fromkeys(("recompute", "export-json", "export-pdf"), "refused")
    cases += [
        Case("output-in-missing-folder", "good.json", writers,
             "-o into a folder that is not there", extra={"output": "no-such-folder/out"}),
        Case("output-is-a-folder", "good.json", writers, "-o names a folder",
             extra={"output": "folder.json"}),
        Case("output-is-the-input", "good.json", itself, "-o names the input file",
             extra={"output": "good.json"}),
    ]  # fmt: skip
    if os.geteuid() != 0:  # root may write anywhere: the two cases above stand in for it
        locked = out / "locked"
        locked.mkdir(exist_ok=True)
        locked.chmod(0o500)
        cases.append(Case("output-not-writable", "good.json", writers,
                          "-o in a read-only folder", extra={"output": "locked/out"}))  # fmt: skip
    (out / "cases.json").write_text(json.dumps([asdict(c) for c in cases], indent=1))
    return cases


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    made = make_corpus(Path(sys.argv[1]))
    print(f"{len(made)} cases written to {sys.argv[1]}")
