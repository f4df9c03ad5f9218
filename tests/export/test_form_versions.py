"""The upload JSON and its schema follow the form catalogue of the return's period (issue 11).

A made-up amendment (tests/forms/form9-2099-04.toml: Part 1(a) gains col (13A) `green_cess` from
1-4-2099) is loaded from FORM9_FORMS_DIR: a 2099-04 return carries the new column through the file
and its own schema, with no code change; a 2025-10 return keeps version 2024-08, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from export_samples import example, example_out

from app.export.canonical import pretty
from app.export.json_layout import layout_of
from app.export.schema import check, check_written, dumps_checked, schema_for
from app.export.schema_gen import generate, text_of
from app.export.upload_json import (
    InputError,
    _as_written,
    dumps,
    loads,
    parse_text,
    to_document,
)
from app.export.upload_open import read_upload
from app.model.compute import compute
from app.model.form9 import Form9Return

TEST_FORMS = Path(__file__).resolve().parents[1] / "forms"
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "schema"


@pytest.fixture
def amended_form(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """tests/forms/form9-2099-04.toml in force from 1-4-2099; yields its catalogue."""
    from app import forms

    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(TEST_FORMS))
    forms._catalogues_in.cache_clear()
    yield forms.catalogue_version("2099-04")
    forms._catalogues_in.cache_clear()


def green_return(name: str = "original") -> Form9Return:
    """A worked example moved to April 2099, each Part 1(a) row with a green cess."""
    ret = example(name)
    ret.header.period = "2099-04"
    for i, row in enumerate(ret.part1a):
        row.extra = {"green_cess": Decimal(f"{1000 + i}.25")}
    return ret


def test_the_shipped_schema_is_the_first_versions() -> None:
    from app.forms import base_catalogue

    shipped = (SHIPPED / "form9-upload-v1.schema.json").read_text(encoding="utf-8")
    assert text_of(generate(layout_of(base_catalogue()))) == shipped


def test_an_amended_return_round_trips_through_its_file(amended_form: Any) -> None:
    ret = green_return()
    text = dumps_checked(ret, compute(ret))
    # col (13A) is written after col (13), before the computed columns
    row = parse_text(text)["part1a"][0]
    keys = list(row)
    assert keys[keys.index("compounded_tax") + 1] == "green_cess"
    assert keys[-3:] == ["taxable_turnover", "tax_due", "total_tax_payable"]
    assert row["green_cess"] == Decimal("1000.25")
    back = loads(text)
    assert back == ret
    assert [r.extra for r in back.part1a] == [r.extra for r in ret.part1a]
    assert dumps(back, compute(back)) == text
    opened = read_upload(text)
    assert opened.checksum_ok is True and opened.schema_findings == []
    assert opened.ret == ret


def test_an_amended_return_is_checked_against_its_versions_schema(amended_form: Any) -> None:
    from app.forms import base_catalogue

    ret = green_return()
    doc = parse_text(dumps(ret, compute(ret)))
    assert check(doc, written=True) == []
    props = schema_for(amended_form)["definitions"]["part1a_row"]["properties"]
    assert props["green_cess"] == {"$ref": "#/definitions/money"}
    assert (
        "green_cess" not in schema_for(base_catalogue())["definitions"]["part1a_row"]["properties"]
    )
    doc["part1a"][0]["green_cess"] = "a lot"
    found = check(doc)
    assert [(f.location, f.code) for f in found] == [("part1a[0].green_cess", "E-SCHEMA")]
    assert check_written(to_document(ret, compute(ret))) == []


def test_a_row_without_the_new_column_reads_it_as_blank(amended_form: Any) -> None:
    ret = green_return()
    doc = parse_text(dumps(ret, compute(ret)))
    del doc["part1a"][1]["green_cess"]
    del doc["checksum"]
    back = loads(pretty(_as_written(doc)))
    assert back.part1a[1].extra == {"green_cess": Decimal("0.00")}
    assert back.part1a[0].extra == {"green_cess": Decimal("1000.25")}


@pytest.mark.parametrize("name", ["original", "revision", "annual"])
def test_earlier_returns_keep_their_version_byte_for_byte(amended_form: Any, name: str) -> None:
    ret = example(name)
    assert dumps_checked(ret, compute(ret)).encode("utf-8") == example_out(name)
    assert all(r.extra is None for r in ret.part1a)


def test_the_new_column_is_refused_in_an_earlier_period(amended_form: Any) -> None:
    ret = green_return()
    text = dumps(ret, compute(ret)).replace('"period": "2099-04"', '"period": "2025-10"')
    with pytest.raises(InputError, match=r"^part1a\[0\]\.green_cess: unknown field$"):
        loads(text)
    opened_doc = parse_text(text)
    assert any(f.location == "part1a[0]" and "green_cess" in f.message for f in check(opened_doc))


def test_without_the_amendment_a_2099_file_is_refused_not_cut(monkeypatch: Any) -> None:
    """A file is read by the versions this app knows: without the 2099 catalogue its green cess
    is an unknown field, refused in one line rather than dropped."""
    from app import forms

    ret = green_return()
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(TEST_FORMS))
    forms._catalogues_in.cache_clear()
    text = dumps(ret, compute(ret))
    monkeypatch.delenv(forms.FORMS_DIR_ENV)
    forms._catalogues_in.cache_clear()
    with pytest.raises(InputError, match=r"^part1a\[0\]\.green_cess: unknown field$"):
        loads(text)
    forms._catalogues_in.cache_clear()


def test_an_amended_return_round_trips_through_the_excel_template(
    amended_form: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from app.export.excel_import import import_file
    from app.export.excel_template import write_workbook

    ret = green_return()
    book = tmp_path / "green.xlsx"
    write_workbook(book, ret, heads=())
    sheet = load_workbook(book)["Part 1(a)"]
    headers = [c.value for c in sheet[1]]
    assert headers[13] == "(13A) Green cess collected"
    assert headers[14] == "(14) Total tax payable"
    assert sheet["N2"].value == Decimal("1000.25")
    assert sheet["O2"].value == "=MAX(K2,L2+M2)"  # the live formula, letters as the sheet has them
    result = import_file(book, period="2099-04")
    assert result.ok, [str(e) for e in result.errors]
    back = result.apply_to(Form9Return(header=ret.header))
    for table in ("part1a", "part1b", "part2", "part5", "sales_list", "purchase_list", "stock"):
        assert getattr(back, table) == getattr(ret, table), table
    assert [r.extra for r in back.part1a] == [r.extra for r in ret.part1a]


def test_an_earlier_return_has_the_first_versions_template(
    amended_form: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from app.export.excel_import import import_file
    from app.export.excel_template import write_workbook

    ret = example("original")
    book = tmp_path / "original.xlsx"
    write_workbook(book, ret, heads=())
    headers = [c.value for c in load_workbook(book)["Part 1(a)"][1]]
    assert "(13A) Green cess collected" not in headers and len(headers) == 14
    result = import_file(book, period=ret.header.period)
    assert result.ok and result.apply_to(ret) == ret
