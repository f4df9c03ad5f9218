"""errors() (export-json, export-pdf) proves most rows sound a column at a time
(app.model.validation_columns) and looks at the others row by row: it must give exactly the
errors of validate(), in the same order, and those must be the row rules' own findings."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as Dec
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.commands.engine import read_return
from app.export.upload_json import loads
from app.model import validation_columns
from app.model.compute import compute
from app.model.findings import Finding
from app.model.form9 import LIST_TYPES, Form9Return, ListRow, Part1aRow, Part2Row
from app.model.periods import Period
from app.model.validation import _part1a, _part2, errors, validate
from app.model.validation_columns import BLOCK, below_zero, finer_than
from app.model.validation_lists import _row, duplicates
from app.ratepacks import rate_pack_on

GOLDEN = Path(__file__).parent.parent / "golden"
PACK = rate_pack_on(dt.date(2024, 8, 1))
DAY = dt.date(2024, 8, 5)  # in the golden return's period, 2024-08


def _ret() -> Form9Return:
    return loads((GOLDEN / "bar-hotel-compounded-late.in.json").read_text(encoding="utf-8"))


def row(n: int, **kw: object) -> ListRow:
    """A sound sales-list row (document D<n>), with the fields in `kw` changed."""
    fields: dict[str, object] = dict(
        type="Sales", point_of_sale="first", counterparty_reg_no="32123456789",
        counterparty_name="X", doc_no=f"D{n}", doc_date=DAY, value=Dec("10.00"),
        tax=Dec("1.00"), cess=Dec("0.00"),
    )  # fmt: skip
    fields.update(kw)
    return ListRow(**fields)  # type: ignore[arg-type]


def _errors(ret: Form9Return) -> list[Finding]:
    """errors(), held to validate()'s errors in the same order, with the pack and without."""
    c = compute(ret, with_lists=False)
    found = errors(ret, c, PACK)
    assert found == [f for f in validate(ret, c, PACK) if f.is_error]
    assert errors(ret, c, None) == [f for f in validate(ret, c, None) if f.is_error]
    return found


def _where(found: list[Finding], part: str) -> list[tuple[str, str]]:
    return [(f.code, f.location) for f in found if f.part == part]


# ---- the sales list, across the blocks the proofs work in ----

#: Amounts as a file may write them, each sound on a sale.
SOUND = ("10", "10.5", "1E+2", "-0.00", "0.00", "1.500", "99999999999999.99", "0E-7")


def test_list_amounts_and_fields_that_break_a_rule_are_named_in_any_block() -> None:
    ret = _ret()
    rows = [row(n) for n in range(2 * BLOCK + 3)]
    for n, text in enumerate(SOUND):  # sound however written: no finding
        rows[BLOCK - 4 + n] = row(BLOCK - 4 + n, value=Dec(text), tax=Dec(text), cess=Dec(text))
    rows[0] = row(0, value=Dec("10.005"))  # 3 decimals
    rows[BLOCK - 1] = row(BLOCK - 1, type="Sales Return", value=Dec("-5.00"), tax=Dec("-0.50"))
    rows[BLOCK] = row(BLOCK, value=Dec("-5.00"), cess=Dec("0.001"))  # negative on a sale
    rows[BLOCK + 9] = row(BLOCK + 9, type="Gift")
    rows[BLOCK + 10] = row(BLOCK + 10, doc_no=" ", doc_date=None)
    rows[BLOCK + 11] = row(BLOCK + 11, point_of_sale="somewhere")
    rows[BLOCK + 12] = row(BLOCK + 12, type="Purchase Return", value=Dec("-1E-3"))
    rows[-1] = row(len(rows) - 1, type="Gift", tax=Dec("-1"), cess=Dec("5E-3"))
    ret.sales_list = rows
    last = len(rows) - 1
    assert _where(_errors(ret), "sales_list") == [
        ("E-AMOUNT-DP", "sales_list[0].value"),
        ("E-NEGATIVE", f"sales_list[{BLOCK}].value"),
        ("E-AMOUNT-DP", f"sales_list[{BLOCK}].cess"),
        ("E-LIST-TYPE", f"sales_list[{BLOCK + 9}].type"),
        ("E-REQUIRED", f"sales_list[{BLOCK + 10}].doc_no"),
        ("E-REQUIRED", f"sales_list[{BLOCK + 10}].doc_date"),
        ("E-POINT-OF-SALE", f"sales_list[{BLOCK + 11}].point_of_sale"),
        ("E-AMOUNT-DP", f"sales_list[{BLOCK + 12}].value"),  # a return may be negative, not finer
        ("E-LIST-TYPE", f"sales_list[{last}].type"),
        ("E-NEGATIVE", f"sales_list[{last}].tax"),  # "Gift" is not a return
        ("E-AMOUNT-DP", f"sales_list[{last}].cess"),
    ]


def test_negatives_on_returns_alone_give_no_error_and_a_negative_zero_none_anywhere() -> None:
    ret = _ret()
    ret.sales_list = [row(n, type="Sales Return", value=Dec("-5.00"), tax=Dec("-1"))
                      for n in range(BLOCK + 1)]  # fmt: skip
    ret.sales_list += [row(BLOCK + 1, value=Dec("-0.00"), tax=Dec("-0"), cess=Dec("-0E+3"))]
    ret.purchase_list = [row(0, type="Purchase Return", value=Dec("-5.00")),
                         row(1, type="Purchase", tax=Dec("-0.01"))]  # fmt: skip
    assert _where(_errors(ret), "sales_list") == []
    assert _where(_errors(ret), "purchase_list") == [("E-NEGATIVE", "purchase_list[1].tax")]


@pytest.mark.parametrize("reader", ["careful", "streaming"])
def test_amounts_as_written_in_a_file(tmp_path: Path, reader: str) -> None:
    # 10, 10.5, 1E+2, -0.00 are amounts of at most 2 decimals; 1.005 and 2E-3 are not; -3 is
    # below zero on a sale.  Both readers keep the numbers as written.
    doc = json.loads((GOLDEN / "bar-hotel-compounded-late.in.json").read_text(encoding="utf-8"))
    written = [("10", "10.5"), ("1E+2", "-0.00"), ("1.005", "0"), ("2E-3", "1"), ("-3", "0.10")]
    base = doc["sales_list"][0]
    doc["sales_list"] = [dict(base, doc_no=f"N{n}", value=f"@{n}v", tax=f"@{n}t")
                         for n in range(len(written))]  # fmt: skip
    text = json.dumps(doc)
    for n, (value, tax) in enumerate(written):  # the numbers exactly as written
        text = text.replace(f'"@{n}v"', value).replace(f'"@{n}t"', tax)
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    ret = read_return(path) if reader == "streaming" else loads(text)
    values = [(str(r.value), str(r.tax)) for r in ret.sales_list]
    assert values == [("10", "10.5"), ("1E+2", "-0.00"), ("1.005", "0"), ("0.002", "1"),
                      ("-3", "0.10")]  # fmt: skip
    assert _where(_errors(ret), "sales_list") == [
        ("E-AMOUNT-DP", "sales_list[2].value"),
        ("E-AMOUNT-DP", "sales_list[3].value"),
        ("E-NEGATIVE", "sales_list[4].value"),
    ]


# ---- Part 1(a) and the rate pack ----


def test_part1a_errors_alone_in_row_order() -> None:
    ret = _ret()
    ok = ret.part1a[0]

    def p1(**kw: object) -> Part1aRow:
        fields = {f: getattr(ok, f) for f in ("act", "nature", "goods", "schedule", "rate",
                  "point_of_sale", "total_turnover", "exempt_turnover", "tax_collected",
                  "compounded_tax")}  # fmt: skip
        fields.update(kw)
        return Part1aRow(**fields)  # type: ignore[arg-type]

    ret.part1a += [
        p1(total_turnover=Dec("100.00"), exempt_turnover=Dec("100.01")),  # E-EXEMPT
        p1(rate=Dec("-0.0000")),  # -0 is not below zero: sound
        p1(rate=Dec("5.00001"), act="GST", goods=" "),  # E-ACT, E-RATE, E-REQUIRED
        p1(tax_collected=Dec("1.005"), compounded_tax=Dec("-1"), point_of_sale="retail"),
        p1(rate=Dec("-2"), total_turnover=Dec("1E+3"), exempt_turnover=Dec("10.5")),  # E-RATE
        p1(act="CST", goods="Beer", rate=Dec("2")),  # E-CST-GOODS with the pack
    ]
    c = compute(ret, with_lists=False)
    found = _errors(ret)
    assert _where(found, "part1a") == [
        ("E-EXEMPT", "part1a[1].exempt_turnover"),
        ("E-ACT", "part1a[3].act"),
        ("E-RATE", "part1a[3].rate"),
        ("E-REQUIRED", "part1a[3].goods"),
        ("E-AMOUNT-DP", "part1a[4].tax_collected"),
        ("E-NEGATIVE", "part1a[4].compounded_tax"),
        ("E-POINT-OF-SALE", "part1a[4].point_of_sale"),
        ("E-RATE", "part1a[5].rate"),
        ("E-CST-GOODS", "part1a[6].goods"),  # the rate pack's checks follow the form's
    ]
    assert "E-CST-GOODS" not in {f.code for f in errors(ret, c, None)}
    warned = {f.code for f in validate(ret, c, PACK) if not f.is_error}  # made by validate alone
    assert {"W-COMPOUNDED-BOTH", "W-FIFTH-SCHEDULE"} <= warned


# ---- the proofs themselves ----


def test_an_exact_sum_proves_decimals_even_where_rounding_drops_only_zeros() -> None:
    # 0.005 + 0.995 = 1.000; + 1E+79 needs 83 digits: rounding to 80 drops "000" without being
    # inexact, and the sum's exponent would say "no decimals".  The proof must not trust it.
    assert finer_than([Dec("0.005"), Dec("0.995"), Dec("1E+79")], 2) == {0, 1}
    assert finer_than([Dec("1.500"), Dec("2.5"), Dec("1E+2")], 2) == set()  # trailing zeros
    assert finer_than([Dec("1.12345"), Dec("2")], 4, first=10) == {10}
    assert finer_than([Dec("1.1234"), Dec("-2.50")], 4) == set()


def test_signs_are_found_and_returns_let_pass() -> None:
    values = [Dec("-1"), Dec("-0.00"), Dec("3"), Dec("-2")]
    assert below_zero(values) == {0, 1, 3}  # -0.00 is a suspect, its row's rule lets it pass
    kinds = ["Sales Return", "Sales", "Sales", "Purchase Return"]
    assert below_zero(values, kinds, {"Sales Return", "Purchase Return"}, first=5) == {6}
    assert below_zero(values, ["Sales Return"] * 4, {"Sales Return"}) == set()


# ---- property: errors() is the row rules' errors, for any rows, in blocks of any size ----

#: Amounts as a file may write them: sound, too fine, below zero, or both.
WRITTEN = ("0", "0.00", "10", "10.5", "10.50", "10.005", "1E+2", "1E-3", "-0.00", "-5", "-5.25",
           "-0.001", "1.500", "99999999999999.99", "0.995")  # fmt: skip
AMOUNTS = st.sampled_from(WRITTEN).map(Dec)


@st.composite
def list_rows(draw: st.DrawFn) -> ListRow:
    return ListRow(
        type=draw(st.sampled_from([*LIST_TYPES, "Gift", ""])),
        point_of_sale=draw(st.sampled_from(["", "first", "last", "retail"])),
        counterparty_reg_no=draw(st.sampled_from(["32123456789", "99999999999", "ABC", ""])),
        doc_no=draw(st.sampled_from(["D1", "D2", "", " ", "d1 "])),
        doc_date=draw(st.sampled_from([None, DAY, dt.date(2020, 1, 1)])),
        value=draw(AMOUNTS),
        tax=draw(AMOUNTS),
        cess=draw(AMOUNTS),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(list_rows(), max_size=12), st.integers(1, 5))
def test_list_findings_are_the_row_rules_row_by_row(rows: list[ListRow], block: int) -> None:
    ret = _ret()
    ret.sales_list = rows
    period = Period.parse(ret.header.period)
    c = compute(ret, with_lists=False)
    dups = duplicates("sales_list", rows)
    by_row = [  # each row's findings by its own rules, its duplicate warning last
        f
        for n, r in enumerate(rows)
        for f in (*_row("sales_list", n, r, period.first_day, period.last_day),
                  *([dups[n]] if n in dups else []))
    ]  # fmt: skip
    with mock.patch.object(validation_columns, "BLOCK", block):
        assert [f for f in errors(ret, c, PACK) if f.part == "sales_list"] == [
            f for f in by_row if f.is_error
        ]
        assert [f for f in validate(ret, c, PACK) if f.part == "sales_list" and f.row is not None
                ] == by_row  # fmt: skip


ACT = st.sampled_from(["KGST", "KVAT", "CST", "GST"])
GOODS = st.sampled_from(["Beer", "Indian Made Foreign Liquor", "", " "])
RATE = st.sampled_from(["0", "-0.0000", "5", "2.5", "-1", "1.00005", "1E+1"]).map(Dec)


@st.composite
def part1_rows(draw: st.DrawFn) -> Part1aRow:
    return Part1aRow(
        act=draw(ACT),
        goods=draw(GOODS),
        rate=draw(RATE),
        point_of_sale=draw(st.sampled_from(["first", "last", "retail", ""])),
        total_turnover=draw(AMOUNTS),
        exempt_turnover=draw(AMOUNTS),
        tax_collected=draw(AMOUNTS),
        compounded_tax=draw(AMOUNTS),
    )


@st.composite
def part2_rows(draw: st.DrawFn) -> Part2Row:
    return Part2Row(
        act=draw(ACT),
        goods=draw(GOODS),
        rate=draw(RATE),
        purchase_value=draw(AMOUNTS),
        tax_paid=draw(AMOUNTS),
        cess_paid=draw(AMOUNTS),
        itc_eligible=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(part1_rows(), max_size=8), st.lists(part2_rows(), max_size=8))
def test_part1_and_part2_errors_are_the_row_rules_row_by_row(
    part1: list[Part1aRow], part2: list[Part2Row]
) -> None:
    ret = _ret()
    ret.part1a, ret.part2 = part1, part2
    c = compute(ret, with_lists=False)
    found = errors(ret, c, None)
    assert [f for f in found if f.part == "part1a"] == [f for f in _part1a(ret, c) if f.is_error]
    assert [f for f in found if f.part == "part2"] == [f for f in _part2(ret) if f.is_error]
    for pack in (PACK, None):
        assert errors(ret, c, pack) == [f for f in validate(ret, c, pack) if f.is_error]


#: Values that break a rule, or sit at its edge, for each kind of field a row may hold.
_HOSTILE: dict[type, list[object]] = {
    str: ["", "   ", "zz", "KGST", "KVAT", "CST", "first", "Sale"],
    Dec: [Dec("-1.00"), Dec("0.001"), Dec("-0.00"), Dec("1E+20"), Dec("12.12345"), Dec("0")],
    int: [-1, 0, 10**9],
    bool: [True, False],
}


@pytest.mark.parametrize("row_type", [Part1aRow, Part2Row])
def test_every_field_of_a_part1_or_part2_row_broken_alone_gives_validates_errors(
    row_type: type,
) -> None:
    # errors() looks only at the rows its column proofs name: a rule added to a row without its
    # proof would be lost.  Every field of the row, whatever it is, takes each hostile value of
    # its kind in turn (the rest of the row sound): errors() must say what validate() says.
    import dataclasses

    ret = _ret()
    table = "part1a" if row_type is Part1aRow else "part2"
    rows = getattr(ret, table)
    sound = rows[0] if rows else Part2Row(1, "KVAT", "Purchase", "Natural Gas (R-LNG)",
                                          "Third Schedule", Dec("14.5"), Dec("1000.00"),
                                          Dec("145.00"), Dec("0.00"), True)  # fmt: skip
    checked = 0
    for f in dataclasses.fields(row_type):
        current = getattr(sound, f.name)
        for value in _HOSTILE.get(type(current), []):
            broken = dataclasses.replace(sound, **{f.name: value})
            setattr(ret, table, [sound, broken, sound])
            c = compute(ret, with_lists=False)
            for pack in (PACK, None):
                want = [x for x in validate(ret, c, pack) if x.is_error]
                assert errors(ret, c, pack) == want, (f.name, value)
            checked += 1
    assert checked >= 30
