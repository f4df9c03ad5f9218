"""The head's row tables written fast (app.export.head_rows) and proven against the schema without
being read back (schema_rows.rows_implied): the same bytes as the field-by-field writer, and on any
odd value the same outcome as the old check (written, or refused with the same findings)."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from export_samples import big_return, example

from app.export.canonical import encoded
from app.export.head_rows import Written, rate_written, table_writer, written_table
from app.export.schema import SchemaError, check, check_written, dumps_checked, schema_for
from app.export.schema_rows import rows_implied
from app.export.upload_json import dumps, to_document
from app.export.upload_write import _table, layout_for
from app.model.compute import compute
from app.model.form9 import Form9Return
from app.model.limits import MAX_SERIAL

HEAD_TABLES = ("part1a", "part1b", "part2", "stock")
PARSE = msgspec.json.Decoder(float_hook=Decimal).decode


@pytest.mark.parametrize("name", ["original", "revision", "annual"])
def test_the_fast_writer_writes_the_field_by_field_writers_bytes(name: str) -> None:
    ret = example(name)
    c = compute(ret)
    layout = layout_for(ret)
    for key in HEAD_TABLES:
        t = layout.tables[key]
        rows = getattr(ret, key)
        got = written_table(t, rows, c)
        assert got is not None, key
        assert got.text == encoded(_table(t, rows, c)), key
    # a date is left to the field-by-field writer and the schema check
    assert table_writer(layout.tables["part5"]) is None
    assert table_writer(layout.tables["sales_list"]) is None


def test_every_head_table_it_writes_is_proven_by_the_shipped_schema() -> None:
    ret = example("original")
    c = compute(ret)
    layout = layout_for(ret)
    sch = schema_for(layout.catalogue)
    for key in HEAD_TABLES:
        got = written_table(layout.tables[key], getattr(ret, key), c)
        assert got is not None and rows_implied(sch, key, dict(got.written)), key


def _outcome(ret: Form9Return) -> tuple[str, Any]:
    """What writing `ret` gives: the new path (dumps_checked) and the old check
    (check_written of the field-by-field document) must agree."""
    c = compute(ret)
    try:
        text = dumps_checked(ret, c)
    except SchemaError as e:
        found = [(f.location, f.message) for f in e.findings]
        assert found == [(f.location, f.message) for f in check_written(to_document(ret, c))]
        return "refused", found
    except Exception as e:  # the field-by-field writer refuses it the same way
        with pytest.raises(type(e)):
            check_written(to_document(ret, c))
        return type(e).__name__, str(e)
    assert check_written(to_document(ret, c)) == []
    assert text == dumps(ret, c)
    return "written", None


def _with_row(ret: Form9Return, key: str, **values: Any) -> Form9Return:
    rows = list(getattr(ret, key))
    rows[0] = replace(rows[0], **values)
    changed: dict[str, Any] = {key: rows}
    return replace(ret, **changed)


ODD_AMOUNTS = ["12.50", "-0.00", "12.5", "12.505", "12", "1E+2", "999999999999999.99",
               "1000000000000000.00", "12345678901234567.00", "-999999999999999.99"]  # fmt: skip


@pytest.mark.parametrize("amount", ODD_AMOUNTS)
def test_an_amount_not_held_as_written_falls_back_and_is_refused_as_before(amount: str) -> None:
    ret = example("original")
    for field in ("total_turnover", "tax_collected"):
        odd = _with_row(ret, "part1a", **{field: Decimal(amount)})
        t = layout_for(odd).tables["part1a"]
        fast = table_writer(t)
        assert fast is not None
        v = Decimal(amount)
        plain = v.as_tuple().exponent == -2 and abs(v) < 10**15
        text = fast(odd.part1a, compute(odd))
        if not plain:
            assert text is None, (field, amount)
        _outcome(odd)


def test_an_amount_of_16_digits_is_refused_by_the_check_on_either_path() -> None:
    odd = _with_row(example("original"), "part1a", tax_collected=Decimal("1000000000000000.00"))
    kind, found = _outcome(odd)
    assert kind == "refused" and any("part1a[0]" in loc for loc, _ in found)


@pytest.mark.parametrize(
    "rate", ["14.5", "14.50", "2", "2.0", "1E+1", "0.0001", "0.00001", "-3", "30.08", "1E-7"]
)
def test_a_rate_is_written_fast_only_as_fmt_rate_writes_it(rate: str) -> None:
    ret = example("original")
    odd = _with_row(ret, "part1a", rate=Decimal(rate))
    t = layout_for(odd).tables["part1a"]
    fast = table_writer(t)
    assert fast is not None
    text = fast(odd.part1a, compute(odd))
    plain = rate in ("14.5", "2", "0.0001", "0.00001", "-3", "30.08")
    assert (text is not None) == plain, rate
    assert rate_written(rate) == plain
    _outcome(odd)


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("part1a", {"sl": True}),
        ("part1a", {"sl": "1"}),
        ("part1a", {"sl": MAX_SERIAL + 1}),
        ("part1a", {"sl": -1}),
        ("part1a", {"act": "kgst"}),
        ("part1a", {"act": 5}),
        ("part1a", {"goods": 12}),
        ("part1a", {"goods": None}),
        ("part1a", {"rate": 2}),
        ("part1a", {"total_turnover": 100}),
        ("part2", {"itc_eligible": 1}),
        ("part2", {"itc_eligible": "yes"}),
        ("part2", {"purchase_value": Decimal("10.5")}),
    ],
)
def test_a_value_of_another_type_falls_back_and_is_refused_as_before(
    key: str, values: dict[str, Any]
) -> None:
    ret = example("original")
    assert getattr(ret, key), "the example has such a row"
    odd = _with_row(ret, key, **values)
    t = layout_for(odd).tables[key]
    fast = table_writer(t)
    assert fast is not None
    try:
        text = fast(getattr(odd, key), compute(odd))
    except Exception as exc:  # the computed columns may fail on such a value: so must the old
        with pytest.raises(type(exc)):  # writer, field by field
            _table(t, getattr(odd, key), compute(odd))
        text = None
    assert text is None, values
    _outcome(odd)


def test_every_value_the_writer_can_write_passes_the_old_check() -> None:
    # the bounds Written states, as values: each extreme accepted by the fast writer is accepted
    # by the schema check on the file read back (what rows_implied claims)
    ret = example("original")
    extremes: list[dict[str, Any]] = [
        {"sl": 0, "act": "CST", "rate": Decimal("-3"), "total_turnover": Decimal("0.00")},
        {"sl": MAX_SERIAL, "act": "KVAT", "rate": Decimal("0.0001"),
         "total_turnover": Decimal("999999999999999.99"),
         "exempt_turnover": Decimal("0.00"), "tax_collected": Decimal("-999999999999999.99"),
         "goods": ""},
        {"rate": Decimal("999999999999999"), "total_turnover": Decimal("0.00"),
         "compounded_tax": Decimal("-0.00")},
    ]  # fmt: skip
    for values in extremes:
        odd = _with_row(ret, "part1a", **values)
        c = compute(odd)
        got = written_table(layout_for(odd).tables["part1a"], odd.part1a, c)
        assert got is not None, values
        doc = PARSE(encoded(to_document(odd, c)))
        doc["part1a"] = PARSE(got.text)
        assert check(doc, written=True) == [], values


# ------------------------------------------------- the proof refuses a schema it does not imply


def _part1a_written() -> dict[str, Written]:
    ret = example("original")
    got = written_table(layout_for(ret).tables["part1a"], ret.part1a, compute(ret))
    assert got is not None
    return dict(got.written)


def _schema() -> dict[str, Any]:
    return copy.deepcopy(schema_for(layout_for(example("original")).catalogue))


def _defs(s: dict[str, Any]) -> dict[str, Any]:
    return s["definitions"]  # type: ignore[no-any-return]


CHANGES = {
    "an amount may not be negative": lambda s: _defs(s)["money"].update(minimum=0),
    "an amount below 10^12": lambda s: _defs(s)["money"].update(exclusiveMaximum=1e12),
    "an act the form lacks": lambda s: _defs(s)["act"].update(enum=["KGST", "KVAT"]),
    "a rate with 2 decimals": lambda s: _defs(s)["rate"].update({"x-decimals": 2}),
    "a rate of at least 0": lambda s: _defs(s)["rate"].update(minimum=0),
    "a text of at most 5": lambda s: _defs(s)["text"].update(maxLength=5),
    "a text's pattern": lambda s: _defs(s)["text"].update(pattern="^[A-Z]*$"),
    "a serial below its limit": lambda s: _defs(s)["count"].update(maximum=10),
    "a serial as a string": lambda s: _defs(s)["count"].update(type="string"),
    "a keyword it does not know": lambda s: _defs(s)["money"].update(multipleOf=0.01),
    "a key it does not write": lambda s: _defs(s)["part1a_row"]["required"].append("note"),
    "an open row": lambda s: _defs(s)["part1a_row"].pop("additionalProperties"),
    "a key it writes is not allowed": lambda s: _defs(s)["part1a_row"]["properties"].pop("goods"),
    "an amount that must not be null": lambda s: _defs(s)["money"].update(type="integer"),
    "a table that is an object": lambda s: s["properties"]["part1a"].update(type="object"),
    "a oneOf": lambda s: _defs(s)["rate"].update(oneOf=[{"type": "number"}]),
    "a complete file's row needs a key it does not write": lambda s: s["then"]["properties"][
        "part1a"
    ]["items"]["required"].append("note"),
    "a complete file's rows at least 3": lambda s: s["then"]["properties"]["part1a"].update(
        minItems=3
    ),
    "a condition on the rows": lambda s: s["if"].update(properties={"part1a": {"minItems": 1}}),
    "a keyword of the document it does not know": lambda s: s.update(allOf=[{"type": "object"}]),
}


def test_the_shipped_schema_is_implied() -> None:
    assert rows_implied(_schema(), "part1a", _part1a_written())


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_schema_stricter_than_the_writer_is_not_implied(change: str) -> None:
    s = _schema()
    CHANGES[change](s)
    assert not rows_implied(s, "part1a", _part1a_written())


def test_a_table_not_proven_is_checked_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    # with a stricter schema (no negative amount) the proof fails and the check reads the table
    # back: a negative amount is refused where it stands
    from app.export import schema as schema_module

    ret = example("original")
    cat = layout_for(ret).catalogue
    compiled = schema_module._compiled(cat)
    strict = copy.deepcopy(compiled.schema)
    _defs(strict)["money"]["minimum"] = 0
    monkeypatch.setitem(schema_module._SCHEMAS, id(cat), (cat, schema_module._Compiled(strict)))
    odd = _with_row(ret, "part1a", total_turnover=Decimal("-5.00"))
    with pytest.raises(SchemaError) as e:
        dumps_checked(odd, compute(odd))
    assert "part1a[0].total_turnover" in [f.location for f in e.value.findings]


def test_the_bench_return_is_written_fast_and_proven() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from big_return import big_return as bench_return

    ret = bench_return(part1_rows=300, list_rows=10)
    c = compute(ret, with_lists=False)
    layout = layout_for(ret)
    for key in ("part1a", "part2"):
        t = layout.tables[key]
        got = written_table(t, getattr(ret, key), c)
        assert got is not None and got.text == encoded(_table(t, getattr(ret, key), c))
        assert rows_implied(schema_for(layout.catalogue), key, dict(got.written))
    assert dumps_checked(ret, c) == dumps(ret, c)


def test_big_return_still_writes() -> None:
    ret = big_return(200)
    assert dumps_checked(ret, compute(ret)) == dumps(ret, compute(ret))


def test_computed_columns_read_off_the_rows_figures_are_the_columns_values() -> None:
    from app.model.computed_columns import ROW_FIGURES, column_value

    ret = example("original")
    c = compute(ret)
    for table, (columns, figures_of) in ROW_FIGURES.items():
        figures = figures_of(c)
        rows = getattr(ret, table)
        assert rows and len(figures) == len(rows)
        for column in columns:
            one = column_value(table, column)
            assert [one(i, r, c) for i, r in enumerate(rows)] == [
                getattr(f, column) for f in figures
            ]
            assert one(len(figures), rows[0], c) is None  # none past the end, as the writer reads
        t = layout_for(ret).tables[table]
        write = table_writer(t)
        assert write is not None
        assert write(rows, None) is None  # no figures: written field by field, as before
        assert write([*rows, rows[0]], c) is None  # a row without its figures: the same
        assert write(rows, c) == encoded(_table(t, rows, c))
