"""The due-date board's rules (issue 15 item 4): which periods are due or overdue, and the
interest running on an overdue return if filed today — hand-worked, and the engine's own figures."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from spec_examples import EXAMPLES

from app.export.upload_json import loads
from app.model.compute import compute, payable_per_act
from app.model.due_board import DealerFacts, board, candidates, if_filed_on, shown, totals
from app.model.form9 import Form9Return
from app.model.periods import DEFAULT_DUE_RULES, DueRules, Period


@dataclass
class V:
    id: int
    period: str
    status: str = "filed"
    revision_no: int = 0
    return_type: str = "original"
    client_id: int = 1
    ack_no: str = ""
    filed_on: date | None = None
    payable: Decimal = Decimal(0)
    rate_pack: str = ""
    updated_at: object = None


def rules(_p: Period) -> DueRules:
    return DEFAULT_DUE_RULES


SMALL = DealerFacts(1, "Small Traders", "32000000011", False, "Other")
LARGE = DealerFacts(2, "Large Fuels", "32000000022", True, "Petroleum Pump")
OIL = DealerFacts(3, "Oil Co", "32000000033", True, "Oil Company")


def example() -> Form9Return:
    return loads((EXAMPLES / "original.in.json").read_bytes())


def test_interest_if_filed_today_hand_worked() -> None:
    """The worked original (October 2025, due 10-11-2025 as its inputs say; KGST tax
    4,23,67,375.08, cess (c) 16,94,695 and (e) 33,89,390, 12%) filed on 10-12-2025: 30 days late.
    (a) 42367375.08 × 12% × 30/365 = 4,17,870.00; (c) 16,94,695 × 12% × 30/365 = 16,714.80;
    (e) 33,89,390 × 12% × 30/365 = 33,429.60; interest 4,68,014.40; payable 4,79,19,474.48."""
    ret = example()
    assert ret.header.date_of_filing is not None  # a typed date of filing is set aside
    f = if_filed_on(ret, date(2025, 12, 10))
    assert f.due == date(2025, 11, 10) and f.delay_days == 30
    assert f.interest == Decimal("468014.40")
    assert f.tax == Decimal("47451460.08")
    assert f.payable == Decimal("47919474.48")
    # the engine's "what if I file on" path gives the same
    probe = copy.deepcopy(ret)
    probe.header.date_of_filing = None
    c = compute(probe, as_of=date(2025, 12, 10))
    assert c.part3a.kgst_total.interest == f.interest
    assert sum(payable_per_act(c).values()) == f.payable
    assert ret.header.date_of_filing == date(2025, 11, 24)  # the return itself is untouched


def test_due_and_overdue_periods_of_each_dealer() -> None:
    today = date(2025, 11, 20)
    versions = {
        1: [V(1, "2025-08"), V(2, "2025-09", "ready"), V(3, "2025-10", "draft")],
        2: [V(4, "2025-10"), V(5, "2025-09", "draft", client_id=2)],
        3: [],
    }
    got = board([SMALL, LARGE, OIL], versions, today, 30, rules, lambda c: None)
    table = [(r.tin[-2:], str(r.period), f"{r.due:%d-%m}", r.days, r.state, r.status) for r in got]
    assert table == [  # by due date, then dealer
        # the oil company has no return: last month and last year are asked for
        ("33", "2024-25", "30-04", -204, "overdue", ""),
        ("22", "2025-09", "10-10", -41, "overdue", "draft"),  # a large dealer: the 10th
        ("11", "2025-09", "15-10", -36, "overdue", "ready"),  # ready is not filed
        ("33", "2025-10", "15-11", -5, "overdue", ""),  # an oil company: the 15th (r.18(1))
        ("11", "2025-10", "15-11", -5, "overdue", "draft"),
        ("22", "2025-11", "10-12", 20, "due", ""),  # not started, due within 30 days
        ("33", "2025-11", "15-12", 25, "due", ""),
        ("11", "2025-11", "15-12", 25, "due", ""),
    ]
    assert [r.days_text for r in got[1:2]] == ["41 day(s) late"]
    assert got[-1].days_text == "in 25 day(s)"
    # the filter: dealer text and due / overdue
    assert {r.tin for r in shown(got, text="large")} == {"32000000022"}
    assert {r.tin for r in shown(got, text="0033")} == {"32000000033"}
    assert all(r.state == "due" for r in shown(got, show="due"))
    assert len(shown(got, show="overdue")) == 5
    t = totals(got)
    assert (t.overdue, t.due) == (5, 3)


def test_annual_returns_and_the_window() -> None:
    today = date(2025, 4, 20)
    versions = {1: [V(1, "2024-08"), *[V(i, f"2024-{m:02d}") for i, m in ((2, 9), (3, 10))]]}
    versions[1] += [V(10 + m, f"2025-{m:02d}") for m in (1, 2, 3)]
    versions[1] += [V(20 + m, f"2024-{m:02d}") for m in (11, 12)]
    got = board([SMALL], versions, today, 10, rules, lambda c: None)
    assert [(str(r.period), r.days, r.state) for r in got] == [("2024-25", 10, "due")]
    assert candidates(SMALL, versions[1], today, 30, rules)[0].period == Period(2024, 0)
    assert board([SMALL], versions, today, 9, rules, lambda c: None) == []


def test_an_unfiled_returns_own_due_date_and_figures() -> None:
    """A return whose inputs give another due date is on the board by that date, with the
    engine's figures when overdue (none for a period whose return is not started)."""
    ret = example()  # October 2025, due 10-11-2025 per its inputs (the rule says 15-11)
    versions = {1: [V(7, "2025-10", "draft")]}
    today = date(2025, 11, 12)
    got = board([SMALL], versions, today, 0, rules,
                lambda c: if_filed_on(ret, today) if c.unfiled is not None else None)  # fmt: skip
    october = next(r for r in got if r.period == Period(2025, 10))
    assert (october.due, october.days, october.state, october.return_id) == (
        date(2025, 11, 10),
        -2,
        "overdue",
        7,
    )
    assert october.figures is not None and october.figures.delay_days == 2
    # 2 days: (a) 42367375.08 × 12% × 2/365 = 27,858.00; (c) 1,114.32; (e) 2,228.64
    assert october.figures.interest == Decimal("31200.96")
