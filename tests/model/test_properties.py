"""Hypothesis properties of the engine (no floats: amounts are drawn as integer paise)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.export.upload_json import dumps, loads
from app.model.compute import compute
from app.model.form9 import ActAmounts, Form9Return, Header, Inputs, Part1aRow, Part2Row

paise = st.integers(min_value=0, max_value=10**12).map(lambda p: Decimal(p).scaleb(-2))
rates = st.integers(min_value=0, max_value=400_0000).map(lambda u: Decimal(u).scaleb(-4))
acts = st.sampled_from(["KGST", "KVAT", "CST"])


@st.composite
def part1_rows(draw: st.DrawFn) -> Part1aRow:
    total = draw(paise)
    exempt = draw(paise.filter(lambda e: True))
    return Part1aRow(
        act=draw(acts), rate=draw(rates), goods="G", total_turnover=max(total, exempt),
        exempt_turnover=min(total, exempt), tax_collected=draw(paise), compounded_tax=draw(paise),
    )  # fmt: skip


@st.composite
def returns(draw: st.DrawFn) -> Form9Return:
    return Form9Return(
        header=Header(
            period="2024-09", date_of_filing=draw(st.dates().filter(lambda d: d.year > 2024))
        ),
        inputs=Inputs(
            advance=ActAmounts(draw(paise), draw(paise), draw(paise)),
            brought_forward=ActAmounts(draw(paise), draw(paise), draw(paise)),
        ),
        part1a=draw(st.lists(part1_rows(), max_size=6)),
        part2=[
            Part2Row(act=draw(acts), tax_paid=draw(paise), itc_eligible=draw(st.booleans()))
            for _ in range(draw(st.integers(0, 4)))
        ],
    )


@settings(max_examples=200, deadline=None)
@given(returns())
def test_part3_invariants(ret: Form9Return) -> None:
    p = compute(ret).part3
    assert not (p.a_iv > 0 and p.a_v > 0)  # payable and excess never both
    assert not (p.h_iv > 0 and p.h_v > 0)
    assert p.g_ix >= 0
    assert p.h_vi <= p.h_iv and p.h_vi <= p.g_vii
    assert p.h_vii >= 0 and p.g_vi >= 0
    # balance identity: (i) − (ii) − (iii) = (iv) − (v)
    assert p.a_i - p.a_ii - p.a_iii == p.a_iv - p.a_v
    for v in p.as_dict().values():
        assert v == v.quantize(Decimal("0.01"))


@settings(max_examples=100, deadline=None)
@given(returns())
def test_recompute_is_idempotent(ret: Form9Return) -> None:
    once = dumps(ret, compute(ret))
    again = loads(once)
    assert dumps(again, compute(again)) == once


@settings(max_examples=100, deadline=None)
@given(returns(), st.integers(0, 400))
def test_interest_never_decreases_with_later_filing(ret: Form9Return, extra: int) -> None:
    import datetime as dt

    ret.header.date_of_filing = None
    early = compute(ret, as_of=dt.date(2024, 10, 20))
    late = compute(ret, as_of=dt.date(2024, 10, 20) + dt.timedelta(days=extra))
    assert late.part3a.kgst_total.interest >= early.part3a.kgst_total.interest
