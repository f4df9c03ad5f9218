"""The generated row predicates (app/export/schema_rows.py) that prove a table's rows plainly right
before the whole-schema check: never looser than the schema, and the findings stay the schema's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from export_samples import example
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from app.export.schema import check, schema
from app.export.schema_rows import row_predicate
from app.export.upload_json import dumps, parse_text
from app.model.compute import compute

TABLES = ("part1a", "part1b", "part2", "part5", "stock", "sales_list", "purchase_list")


def _row_validator(table: str) -> Draft7Validator:
    s = schema()
    return Draft7Validator({**s, **s["properties"][table]["items"]})


def _doc() -> dict[str, Any]:
    ret = example("original")
    return parse_text(dumps(ret, compute(ret)))  # type: ignore[no-any-return]


@pytest.mark.parametrize("table", TABLES)
def test_every_row_table_of_the_schema_has_a_predicate(table: str) -> None:
    assert row_predicate(schema(), table) is not None


def test_written_rows_pass_and_each_broken_field_fails() -> None:
    doc = _doc()
    ok = row_predicate(schema(), "part1a")
    assert ok is not None
    row = doc["part1a"][0]
    assert ok(row)
    broken: list[tuple[str, Any]] = [
        ("act", "kgst"),  # outside the enum (the reader accepts it; the schema does not)
        ("total_turnover", "1000.00"),  # text, not a number
        ("total_turnover", True),  # a bool is not a number
        ("total_turnover", Decimal("1E+15")),  # out of an amount's range
        ("rate", Decimal("1E+15")),
        ("goods", 5),
        ("sl", -1),  # a count is at least 0
        ("colour", "red"),  # not a field
    ]
    for key, value in broken:
        bad = {**row, key: value}
        assert not ok(bad), (key, value)
        assert not _row_validator("part1a").is_valid(bad), (key, value)
    assert not ok({k: v for k, v in row.items() if k != "act"})  # required
    assert not ok([row])
    # an author's note is allowed by the schema: the predicate leaves it to the whole check
    assert not ok({**row, "_note": "x"}) and _row_validator("part1a").is_valid({**row, "_note": 1})
    # absent or null fields are as the schema says
    assert ok({"act": "KGST"}) and ok({**row, "goods": None, "total_turnover": None})


def test_findings_are_the_schemas_with_or_without_the_predicates() -> None:
    doc = _doc()
    doc["part1a"][1]["act"] = "kgst"
    doc["part5"][0]["date"] = "24-11-2025"
    doc["part2"][0]["tax_paid"] = "12"
    found = {(f.location, f.code) for f in check(doc)}
    assert {("part1a[1].act", "E-SCHEMA"), ("part5[0].date", "E-SCHEMA"),
            ("part2[0].tax_paid", "E-SCHEMA")} <= found  # fmt: skip
    assert check(_doc()) == []


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**16), max_value=10**16),
    st.sampled_from(
        ["KGST", "KVAT", "CST", "kgst", "yes", "no", "first", "2025-10-01", "2025-13-01", "", "x"]
    ),
    st.lists(st.integers(), max_size=2),
)


@pytest.mark.parametrize("table", ["part1a", "part2", "part5", "stock", "sales_list"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_predicate_is_never_looser_than_the_schema(table: str, data: st.DataObject) -> None:
    props = list(
        schema()["definitions"][
            f"{table.removesuffix('_list')}_row" if table != "sales_list" else "list_row"
        ]["properties"]
    )
    keys = data.draw(st.lists(st.sampled_from([*props, "_note", "other"]), unique=True))
    row = {k: data.draw(_VALUES) for k in keys}
    ok = row_predicate(schema(), table)
    assert ok is not None
    if ok(row):
        assert _row_validator(table).is_valid(row), row
