"""Upload JSON v1 against its JSON Schema: written files, opened files, checksum, round trip."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from export_samples import big_return, example, example_out

from app.export.canonical import RowTable
from app.export.schema import (
    EDITED_MESSAGE,
    SchemaError,
    check,
    check_written,
    dumps_checked,
    schema,
)
from app.export.upload_json import InputError, dumps, parse_text, to_document
from app.export.upload_open import computed_differences, read_upload
from app.model.compute import compute

NAMES = ("original", "revision", "annual")


def test_schema_is_a_valid_draft7_schema() -> None:
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(schema())


@pytest.mark.parametrize("name", NAMES)
def test_written_file_is_the_worked_example_and_valid(name: str) -> None:
    ret = example(name)
    text = dumps_checked(ret, compute(ret))
    assert text.encode("utf-8") == example_out(name)
    assert check(parse_text(text), written=True) == []


@pytest.mark.parametrize("name", NAMES)
def test_hand_made_input_files_pass_the_schema(name: str) -> None:
    from export_samples import EXAMPLES

    doc = parse_text((EXAMPLES / f"{name}.in.json").read_bytes())
    assert check(doc) == []


def test_deterministic_and_round_trip_byte_identical() -> None:
    ret = example("revision")
    first = dumps_checked(ret, compute(ret))
    again = dumps_checked(ret, compute(ret))
    assert first == again
    opened = read_upload(first)
    assert opened.checksum_ok is True
    assert opened.schema_findings == []
    # JSON -> model -> JSON gives the same bytes
    assert dumps_checked(opened.ret, compute(opened.ret)) == first


def test_amounts_written_with_exactly_two_decimals_and_dates_iso() -> None:
    ret = example("original")
    text = dumps_checked(ret, compute(ret))
    for key in ("total_turnover", "tax_due", "amount", "interest", "total", "a_iv", "kgst"):
        for value in re.findall(rf'"{key}": ([^,\n]+)', text):
            assert re.fullmatch(r"-?\d+\.\d\d", value), (key, value)
    for value in re.findall(r'"(?:date|date_of_filing|due_date)": ([^,\n]+)', text):
        assert re.fullmatch(r'"\d{4}-\d\d-\d\d"|null', value), value
    # rates without trailing zeros: 30.15 and 12 as the form prints them
    assert '"rate": 30.15' in text
    assert '"KGST": 12' in text


def test_checksum_is_sha256_of_compact_document() -> None:
    import hashlib

    ret = example("annual")
    text = dumps_checked(ret, compute(ret))
    doc = json.loads(text, parse_float=Decimal)
    stated = doc.pop("checksum")
    # compact form: separators , and : with numbers as written (re-serialise from the file text)
    body = text[: text.rindex(',\n "checksum"')] + "\n}\n"
    compact = json.dumps(
        json.loads(body, object_pairs_hook=dict, parse_float=str),
        separators=(",", ":"),
        ensure_ascii=False,
    )
    # parse_float=str quoted the numbers; unquote them to get the numbers as written
    compact = re.sub(r'"(-?\d+\.\d+)"', r"\1", compact)
    assert stated == "sha256:" + hashlib.sha256(compact.encode()).hexdigest()


def test_hand_edited_file_is_reported_and_imported_unchanged() -> None:
    ret = example("original")
    text = dumps_checked(ret, compute(ret))
    edited = text.replace('"total_turnover": 22817152.67', '"total_turnover": 22817153.67', 1)
    assert edited != text
    opened = read_upload(edited)
    assert opened.checksum_ok is False
    assert opened.checksum_message == EDITED_MESSAGE
    assert "edited after generation" in opened.checksum_message
    # the edited figure is imported as it stands, not corrected
    assert opened.ret.part1a[0].total_turnover == Decimal("22817153.67")
    # its computed figures in the file no longer match: each difference is reported
    diffs = computed_differences(opened.document, to_document_plain(opened.ret))
    assert any(d.location == "part1a[0].taxable_turnover" for d in diffs)
    assert all(d.severity == "warning" for d in diffs)


def to_document_plain(ret: object) -> dict:
    from app.model.form9 import Form9Return

    assert isinstance(ret, Form9Return)
    return parse_text(dumps(ret, compute(ret)))


def test_file_without_checksum_is_made_by_hand() -> None:
    from export_samples import EXAMPLES

    opened = read_upload((EXAMPLES / "original.in.json").read_bytes())
    assert opened.checksum_ok is None
    assert "no checksum" in opened.checksum_message


def test_schema_findings_name_the_path() -> None:
    ret = example("original")
    doc = parse_text(dumps(ret, compute(ret)))
    doc["part1a"][1]["act"] = "kgst"  # the reader accepts it; the schema flags the spelling
    doc["part5"][0]["date"] = "24-11-2025"
    del doc["part3"]["a_iv"]
    found = {(f.location, f.code) for f in check(doc)}
    assert ("part1a[1].act", "E-SCHEMA") in found
    assert ("part5[0].date", "E-SCHEMA") in found
    assert ("part3", "E-SCHEMA") in found  # a file with a checksum must be complete


def test_unknown_field_and_wrong_type_in_long_list() -> None:
    ret = big_return(2_000)
    doc = parse_text(dumps(ret, compute(ret)))
    doc["sales_list"][10]["value"] = "1000"
    doc["purchase_list"][5]["colour"] = "red"
    doc["purchase_list"][6]["_note"] = "author's note: allowed"
    doc["sales_list"][20]["doc_date"] = "2025-13-01"
    found = {(f.location, f.message) for f in check(doc)}
    assert ("sales_list[10].value", "'1000' is not of type 'number', 'null'") in found
    assert any(loc == "purchase_list[5]" and "'colour'" in m for loc, m in found)
    assert not any(loc.startswith("purchase_list[6]") for loc, _ in found)
    assert any(loc == "sales_list[20].doc_date" for loc, _ in found)


def test_written_precision_rule() -> None:
    ret = example("original")
    doc = parse_text(dumps(ret, compute(ret)))
    doc["part3"]["a_i"] = Decimal("5.5")  # 1 decimal: fine on input, wrong in a written file
    assert check(doc) == []
    assert [f.location for f in check(doc, written=True)] == ["part3.a_i"]


def test_writer_refuses_a_document_breaking_the_schema() -> None:
    ret = big_return(50)
    c = compute(ret)
    doc = to_document(ret, c)
    assert check_written(doc) == []
    rows = doc["sales_list"].texts()  # the rows as the fast writer wrote them
    assert len(rows) == 25 and all(r.startswith('{"type":') for r in rows)
    value = rows[3].split('"value":')[1].split(",")[0]
    rows[3] = rows[3].replace(f'"value":{value},', '"value":1000.5,')
    doc["sales_list"] = RowTable(doc["sales_list"].keys, rows)
    assert [f.location for f in check_written(doc)] == ["sales_list[3].value"]
    bad = replace(ret, header=replace(ret.header, period="2025/10"))
    with pytest.raises(SchemaError):
        dumps_checked(bad, compute(bad))


def test_unreadable_file_raises_input_error() -> None:
    with pytest.raises(InputError):
        read_upload(b'{"format": "kerala-form9", "format_version": 1, "header": {"period": 5}}')


def test_100000_rows_write_and_read_back() -> None:
    ret = big_return(100_000)
    text = dumps_checked(ret, compute(ret, with_lists=False))
    opened = read_upload(text)
    assert opened.schema_findings == []
    assert opened.checksum_ok is True
    assert len(opened.ret.sales_list) == 50_000
