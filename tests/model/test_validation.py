"""Each rule of spec section 5 gives its finding at the right place."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from decimal import Decimal as Dec
from pathlib import Path

import pytest
from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.compute import compute
from app.model.form9 import Form9Return, ListRow, Part1aRow, Part5Row, StockRow
from app.model.periods import Period
from app.model.validation import errors, validate
from app.model.validation_context import Context
from app.ratepacks import rate_pack_on

GOLDEN = Path(__file__).parent.parent / "golden"
PACK = rate_pack_on(dt.date(2024, 8, 1))


@pytest.fixture
def good() -> Form9Return:
    """The bar-hotel golden return, its one payment split under the pack's heads: KGST tax
    22,000 + interest 36.16 under the tax head, SSC on IMFL 1,500 + interest 2.47 under its own
    head (Trade Circular 15/2023)."""
    ret = loads((GOLDEN / "bar-hotel-compounded-late.in.json").read_text())
    tax, imfl = PACK.head("KGST", "tax"), PACK.head("KGST", "cess", "f")
    assert tax is not None and imfl is not None
    pay = ret.part5[0]
    ret.part5 = [
        Part5Row(pay.ref_no, pay.date, "KGST", tax.text, Dec("22036.16")),
        Part5Row(pay.ref_no + "-F", pay.date, "KGST", imfl.text, Dec("1502.47")),
    ]
    return ret


def found(ret: Form9Return, context: Context | None = None) -> set[tuple[str, str]]:
    return {(f.code, f.location) for f in validate(ret, compute(ret), PACK, context)}


def test_a_good_return_has_no_findings(good: Form9Return) -> None:
    # The golden return puts tax in col 12 and col 13 on purpose, to test col 14's formula.
    assert found(good) == {("W-COMPOUNDED-BOTH", "part1a[0].compounded_tax")}
    good.part1a[0].compounded_tax = Dec("0")
    good.part1a[0].tax_collected = Dec("25000.00")
    c = compute(good)
    good.part5[0].amount = c.part3a.rows["a"].total
    assert found(good) == set()


def test_header_rules(good: Form9Return) -> None:
    good.header.tin = "29012345678"
    good.header.gstin = "27AAPFU0939F1ZO"
    good.header.date_of_filing = dt.date(2024, 8, 30)
    good.header.name = " "
    good.header.constitution = "Trust"
    f = found(good)
    assert ("E-TIN", "header.tin") in f
    assert ("E-GSTIN", "header.gstin") in f
    assert ("E-FILING-DATE", "header.date_of_filing") in f
    assert ("E-REQUIRED", "header.name") in f
    assert ("E-CHOICE", "header.constitution") in f


def test_revision_rules(good: Form9Return) -> None:
    good.header.return_type = "revision"
    good.header.revision_no = 0
    good.header.date_of_filing = dt.date(2024, 11, 5)  # after 31-10-2024, two months from 31-08
    f = found(good)
    assert ("E-REVISION-NO", "header.revision_no") in f
    assert ("W-REV-LATE", "header.date_of_filing") in f
    assert ("E-PART4", "part4") in f


def test_row_rules(good: Form9Return) -> None:
    r = good.part1a[0]
    r.exempt_turnover = Dec("300000")  # > total 2,50,000
    r.rate = Dec("-1")
    r.tax_collected = Dec("10.005")
    r.point_of_sale = "subsequent"  # IMFL is Fifth-Schedule: first, last or first and last
    good.part1a.append(Part1aRow(act="CST", goods="Beer", rate=Dec("2"), point_of_sale="first"))
    good.part1a.append(Part1aRow(act="GST", goods="Beer", rate=Dec("2"), point_of_sale="first"))
    f = found(good)
    assert ("E-EXEMPT", "part1a[0].exempt_turnover") in f
    assert ("E-RATE", "part1a[0].rate") in f
    assert ("E-AMOUNT-DP", "part1a[0].tax_collected") in f
    assert ("W-FIFTH-SCHEDULE", "part1a[0].point_of_sale") in f
    assert ("E-CST-GOODS", "part1a[1].goods") in f
    assert ("E-ACT", "part1a[2].act") in f


def test_tax_collected_plausibility_warning(good: Form9Return) -> None:
    r = good.part1a[0]
    r.compounded_tax = Dec("0")
    r.tax_collected = Dec("24998.99")  # tax due 25,000.00: differs by 1.01
    assert ("W-TAX-COLLECTED", "part1a[0].tax_collected") in found(good)
    r.tax_collected = Dec("24999.00")  # within ₹1
    assert ("W-TAX-COLLECTED", "part1a[0].tax_collected") not in found(good)


def test_list_rules(good: Form9Return) -> None:
    row = good.sales_list[0]
    good.sales_list += [
        copy.copy(row),  # duplicate doc no. for the same counterparty
        ListRow("Sales", "last", "ABC", "X", "D9", dt.date(2024, 9, 2), Dec("-5"), Dec(0), Dec(0)),
        ListRow(
            "Sales Return",
            "last",
            "99999999999",
            "X",
            "R1",
            dt.date(2024, 8, 5),
            Dec("-5"),
            Dec(0),
            Dec(0),
        ),
        ListRow("Gift", "", "99999999999", "X", "", None, Dec(0), Dec(0), Dec(0)),
    ]
    f = found(good)
    assert ("W-DUPLICATE-DOC", "sales_list[1].doc_no") in f
    assert ("W-COUNTERPARTY", "sales_list[2].counterparty_reg_no") in f
    assert ("W-LIST-DATE", "sales_list[2].doc_date") in f
    assert ("E-NEGATIVE", "sales_list[2].value") in f
    assert not any(loc.startswith("sales_list[3]") for _, loc in f)  # a return may be negative
    assert {("E-LIST-TYPE", "sales_list[4].type"), ("E-REQUIRED", "sales_list[4].doc_no"),
            ("E-REQUIRED", "sales_list[4].doc_date")} <= f  # fmt: skip


def test_counterparties_proven_together_still_name_each_bad_one(good: Form9Return) -> None:
    # The registration numbers are proven Kerala TINs by one match over all of them, a line
    # each: a number holding a newline (two TINs in one) or a trailing newline must not pass as
    # two good lines, nor one good row hide a bad one.
    row = good.sales_list[0]

    def flagged(*regs: str) -> set[int]:
        good.sales_list = [dataclasses.replace(row, counterparty_reg_no=reg, doc_no=f"N{i}")
                           for i, reg in enumerate(regs)]  # fmt: skip
        return {int(loc[11:].split("]")[0]) for code, loc in found(good)
                if code == "W-COUNTERPARTY"}  # fmt: skip

    assert flagged("32123456789", "32123456789\n32123456780", "32000000000") == {1}
    assert flagged("32123456789", "3212345678", "932123456789", "32123456789\n", "") == {1, 2, 4}


def test_negatives_on_returns_pass_and_one_on_a_sale_is_named(good: Form9Return) -> None:
    # Negative amounts' rows are looked at by type in C: all returns, no finding; one sale among
    # them, E-NEGATIVE on it alone.
    row = good.sales_list[0]
    good.sales_list = [dataclasses.replace(row, type="Sales Return", value=Dec("-5.00"), tax=Dec("-1.00"),
                                    doc_no=f"R{i}") for i in range(5)]  # fmt: skip
    assert not {code for code, _ in found(good)} & {"E-NEGATIVE"}
    good.sales_list[3].type = "Sales"
    negative = {loc for code, loc in found(good) if code == "E-NEGATIVE"}
    assert negative == {"sales_list[3].value", "sales_list[3].tax"}


def test_list_totals_against_part1(good: Form9Return) -> None:
    # the list's 2,50,000 equals Part 1 col 8: no warning; change it by ₹2 and it warns with both figures
    good.sales_list[0].value = Dec("250002.00")
    msgs = [x.message for x in validate(good, compute(good), PACK) if x.code == "W-LIST-MISMATCH"]
    assert msgs == [
        "KGST + KVAT: the list's values total ₹2,50,002.00 but Part 1(a) col 8 totals ₹2,50,000.00 (difference ₹2.00)"
    ]


def test_unpaid(good: Form9Return) -> None:
    good.part5[0].amount = Dec("21497.53")  # with the cess payment of 1,502.47: 23,000.00
    msgs = [x.message for x in validate(good, compute(good), PACK) if x.code == "E-UNPAID"]
    assert msgs == [
        "KGST: paid ₹23,000.00 but Part 3(A) total is ₹23,538.63; shortfall ₹538.63 (instructions 3–4)"
    ]


def test_annual_needs_stock(good: Form9Return) -> None:
    good.header.period = "2024-25"
    good.header.date_of_filing = dt.date(2025, 4, 20)
    assert ("E-STOCK-MISSING", "stock") in found(good)
    good.stock.append(StockRow("Beer", "First Schedule, Entry 5", "Case", Dec("10"), Dec("1000")))
    assert ("E-STOCK-MISSING", "stock") not in found(good)


def test_context_rules(good: Form9Return) -> None:
    f = found(good, Context(previous_filed=False, registration_renewed=False))
    assert ("W-PREVIOUS-NOT-FILED", "header.period") in f
    assert ("W-REGISTRATION", "header.tin") in f


def test_declaration_required(good: Form9Return) -> None:
    good.declaration.signatory_name = ""
    good.declaration.date = None
    f = found(good)
    assert {("E-REQUIRED", "declaration.signatory_name"), ("E-REQUIRED", "declaration.date")} <= f


def _every_list_finding(ret: Form9Return) -> Form9Return:
    """`ret` with list rows that break every list rule, each alone on its row where it can be."""
    day = Period.parse(ret.header.period).first_day
    ok = ListRow("Sales", "first", "32123456789", "X", "D1", day, Dec("10.00"), Dec("1.00"),
                 Dec("0.00"))  # fmt: skip
    r = dataclasses.replace
    ret.sales_list = [
        ok,
        r(ok),  # W-DUPLICATE-DOC
        r(ok, counterparty_reg_no="ABC", doc_no="D2"),  # W-COUNTERPARTY
        r(ok, doc_no="D3", doc_date=dt.date(2020, 9, 2)),  # W-LIST-DATE
        r(ok, doc_no="D4", value=Dec("-5")),  # E-NEGATIVE
        r(ok, doc_no="D5", type="Sales Return", value=Dec("-5.125")),  # E-AMOUNT-DP
        r(ok, doc_no="D6", type="Gift"),  # E-LIST-TYPE
        r(ok, doc_no="D7", point_of_sale="somewhere"),  # E-POINT-OF-SALE
        r(ok, doc_no=" "),  # E-REQUIRED doc_no
        r(ok, doc_no="D9", doc_date=None),  # E-REQUIRED doc_date
        r(ok, doc_no="D10", tax=Dec("-1"), cess=Dec("0.001")),  # E-NEGATIVE, E-AMOUNT-DP
        r(ok, doc_no="D11", counterparty_reg_no="32123456789\n"),  # stripped: a TIN
        r(ok, doc_no="D12", type="Purchase", counterparty_reg_no="1", value=Dec("-1")),
    ]
    ret.purchase_list = [r(x, type="Purchase" if x.type == "Sales" else x.type)
                         for x in ret.sales_list]  # fmt: skip
    return ret


def _returns() -> list[tuple[str, Form9Return]]:
    files = sorted(GOLDEN.glob("*.json")) + sorted(EXAMPLES.glob("*.json"))
    out = [(p.name, loads(p.read_text(encoding="utf-8"))) for p in files]
    out += [(f"{name} + every list rule", _every_list_finding(copy.deepcopy(ret)))
            for name, ret in out[:]]  # fmt: skip
    return out


@pytest.mark.parametrize(("name", "ret"), _returns(), ids=lambda v: v if isinstance(v, str) else "")
def test_errors_are_validations_errors_in_its_order(name: str, ret: Form9Return) -> None:
    # export-json and export-pdf ask for the errors alone; the passes that can only warn are not
    # made, and what is left must be validate()'s errors exactly, with a pack and without
    c = compute(ret, with_lists=False)
    for pack in (PACK, None):
        expected = [f for f in validate(ret, c, pack) if f.is_error]
        assert errors(ret, c, pack) == expected, name
    if "every list rule" in name:
        every = {"W-DUPLICATE-DOC", "W-LIST-DATE", "W-COUNTERPARTY", "E-NEGATIVE", "E-AMOUNT-DP",
                 "E-LIST-TYPE", "E-POINT-OF-SALE", "E-REQUIRED"}  # fmt: skip
        assert every <= {f.code for f in validate(ret, c, PACK)}
