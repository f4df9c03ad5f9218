"""Roll forward (issue 15 item 1): the period "New return" proposes, the return it starts from and
what is copied from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.form9 import Form9Return, Header, Part1bRow, Part5Row
from app.model.periods import Period
from app.model.roll_forward import (
    next_in_series,
    previous_return,
    proposed_period,
    roll_forward,
)


@dataclass
class V:
    period: str
    revision_no: int = 0
    status: str = "filed"
    return_type: str = "original"
    id: int = 0
    client_id: int = 1
    ack_no: str = ""
    filed_on: date | None = None
    payable: Decimal = Decimal(0)
    rate_pack: str = ""
    updated_at: object = None


def test_the_month_after_the_latest_return_else_the_month_before_today() -> None:
    today = date(2025, 11, 20)
    assert proposed_period([], today) == Period(2025, 10)
    assert proposed_period([], date(2026, 1, 5)) == Period(2025, 12)
    versions = [V("2025-07"), V("2025-08"), V("2025-08", 1, "draft", "revision"), V("2024-25")]
    assert proposed_period(versions, today) == Period(2025, 9)
    assert proposed_period([V("2025-12")], today) == Period(2026, 1)  # ahead of today: still next
    # an annual return: the year after the latest, else the year before this month's
    assert proposed_period(versions, today, annual=True) == Period(2025, 0)
    assert proposed_period([V("2025-08")], today, annual=True) == Period(2024, 0)


def _id(facts: object) -> int:
    assert facts is not None
    return int(facts.id)  # type: ignore[attr-defined]


def test_starts_from_the_standing_version_of_the_latest_earlier_period() -> None:
    versions = [V("2025-07", id=1), V("2025-08", id=2), V("2025-08", 1, "filed", "revision", 3),
                V("2025-08", 2, "draft", "revision", 4), V("2025-10", id=5), V("2024-25", id=9)]  # fmt: skip
    assert _id(previous_return(versions, Period(2025, 9))) == 3  # latest filed revision of August
    assert _id(previous_return(versions, Period(2025, 11))) == 5
    assert previous_return(versions, Period(2025, 7)) is None
    assert _id(previous_return(versions, Period(2025, 0))) == 9  # a year starts from a year
    only_draft = [V("2025-06", status="draft", id=7)]
    assert _id(previous_return(only_draft, Period(2025, 7))) == 7


def test_bill_series_continue_after_the_last_number() -> None:
    assert next_in_series("A/0450") == "A/0451"
    assert next_in_series("A/0999") == "A/1000"
    assert next_in_series("99") == "100"
    assert next_in_series("INV-9/B") == "INV-10/B"
    assert next_in_series("  B/007 ") == "B/008"
    assert next_in_series("CASH") == ""


def _example() -> Form9Return:
    return loads((EXAMPLES / "original.in.json").read_bytes())


def test_rows_signatory_and_heads_copied_amounts_only_when_asked() -> None:
    prev = _example()
    prev.part1b = [Part1bRow("A/0001", "A/0450"), Part1bRow("B/1", ""), Part1bRow("CASH", "")]
    prev.part5 = [
        Part5Row("CIN1", date(2025, 11, 20), "KGST", "0040-00-102-99", Decimal("100.00")),
        Part5Row("CIN2", date(2025, 11, 21), "KGST", "0040-00-102-99", Decimal("50.00")),
        Part5Row("CIN3", date(2025, 11, 21), "KVAT", "0040-00-101-99", Decimal("5.00")),
        Part5Row("", None, "CST", "", Decimal("1.00")),  # no head: nothing to carry
    ]
    blank = Form9Return(header=Header(period="2025-11", tin=prev.header.tin))
    new, copied = roll_forward(prev, blank)
    assert blank.part1a == []  # the blank given is not changed
    assert new.header.period == "2025-11"
    assert [
        (r.act, r.goods, r.schedule, r.rate, r.point_of_sale, r.nature) for r in new.part1a
    ] == [(r.act, r.goods, r.schedule, r.rate, r.point_of_sale, r.nature) for r in prev.part1a]
    assert all(r.total_turnover == r.exempt_turnover == r.tax_collected == r.compounded_tax == 0
               for r in new.part1a)  # fmt: skip
    assert [(r.goods, r.rate, r.itc_eligible) for r in new.part2] == [
        (r.goods, r.rate, r.itc_eligible) for r in prev.part2
    ]
    assert all(r.purchase_value == r.tax_paid == r.cess_paid == 0 for r in new.part2)
    assert [(r.series_from, r.series_to) for r in new.part1b] == [
        ("A/0451", ""),
        ("B/1", ""),
        ("CASH", ""),
    ]
    assert [(r.act, r.head_of_account, r.ref_no, r.date, r.amount) for r in new.part5] == [
        ("KGST", "0040-00-102-99", "", None, 0),
        ("KVAT", "0040-00-101-99", "", None, 0),
    ]
    d = new.declaration
    assert (d.signatory_name, d.signatory_parent, d.signatory_status, d.place) == (
        "Rajesh Pillai",
        "Sri. Abdul Rahman",
        "Secretary",
        "Alappuzha",
    )
    assert d.date is None
    assert new.inputs.brought_forward == blank.inputs.brought_forward  # the chain fills it
    assert new.sales_list == [] and new.purchase_list == []
    assert copied.describe("Original of October 2025") == (
        "Started from Original of October 2025: 6 Part 1(a) row(s), 3 bill series (Part 1(b)), "
        "3 Part 2 row(s), 2 Part 5 head(s), the signatory (amounts left blank)."
    )

    with_amounts, copied = roll_forward(prev, blank, amounts=True)
    assert [r.total_turnover for r in with_amounts.part1a] == [
        r.total_turnover for r in prev.part1a
    ]
    assert [r.tax_paid for r in with_amounts.part2] == [r.tax_paid for r in prev.part2]
    assert all(r.amount == 0 for r in with_amounts.part5)  # never Part 5 amounts
    assert copied.amounts and "with their amounts" in copied.describe("x")
