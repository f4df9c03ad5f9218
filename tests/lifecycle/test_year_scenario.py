"""One dealer's year 2024-25 through the lifecycle; the year, its table of months and the
hand-worked figures are described in lifecycle_year.py, and each test shows its arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lifecycle_builders import month_return, pay, stock
from lifecycle_year import TODAY, Year, edit, file

from app.model.compute import compute
from app.model.form9 import ActAmounts
from app.store import lifecycle as lc

D = Decimal


@pytest.fixture
def year(store: Any, client_id: int) -> Year:
    return Year(store, client_id)


def bf(store: Any, rid: int) -> ActAmounts:
    return store.load_return(rid).inputs.brought_forward


def test_excess_credit_carried_through_three_months(year: Year) -> None:
    year.august()
    year.september()
    year.october_draft()
    s = year.s
    # October brings forward September's g_ix = 14,500 − 8,700 = 5,800.00.
    assert bf(s, year.ids["oct"]) == ActAmounts(D("0"), D("5800.00"), D("0"))
    text = lc.brought_forward_source(s, year.ids["oct"]).text
    assert "Original of September 2024" in text and "ACK-SEP" in text and "5,800.00" in text
    year.october()
    year.november()
    # November brings forward October's g_ix = 5,800 − 2,900 = 2,900.00; g_iv = 5,800 − 2,900
    # = 2,900.00 payable; Part 5 paid 4,350.00 so it files.
    assert bf(s, year.ids["nov"]).kvat == D("2900.00")
    c = compute(s.load_return(year.ids["nov"]))
    assert (c.part3.g_iv, c.part3.g_ix) == (D("2900.00"), D("0.00"))
    rows = {str(r.period): r for r in lc.chain(s, year.cid, "2024-25")}
    assert [rows[m].excess.kvat for m in ("2024-08", "2024-09", "2024-10", "2024-11")] == [
        D("14500.00"), D("5800.00"), D("2900.00"), D("0.00")]  # fmt: skip
    assert [rows[m].carried.kvat for m in ("2024-08", "2024-09", "2024-10")] == [  # type: ignore[union-attr]
        D("14500.00"), D("5800.00"), D("2900.00")]  # fmt: skip
    assert rows["2024-12"].return_id is None and rows["2024-12"].note == "no return"


def test_late_filing_interest_to_the_paisa_and_unpaid_refused(year: Year) -> None:
    year.august()
    year.september(pay_interest=False)
    s, rid = year.s, year.ids["sep"]
    # Filing date 25-10-2024, due 15-10-2024: 10 days; 5,000 × 12 × 10 / 36,500 = 16.438… → 16.44.
    with pytest.raises(lc.FilingRefused) as refused:
        file(s, rid, "ACK-SEP", date(2024, 10, 25))
    codes = [f.code for f in refused.value.findings if f.is_error]
    assert codes == ["E-UNPAID"]
    assert "shortfall ₹16.44" in str(refused.value)
    assert s.return_info(rid).status != "filed"
    # Filing a day later grows the interest: 11 days → 5,000 × 12 × 11 / 36,500 = 18.082… → 18.08;
    # shortfall 18.08 with 5,016.44 − 5,000 … only 5,000 paid.
    with pytest.raises(lc.FilingRefused) as later:
        file(s, rid, "ACK-SEP", date(2024, 10, 26))
    assert "shortfall ₹18.08" in str(later.value)
    edit(s, rid, lambda r: pay(r, "KGST", "16.44", date(2024, 10, 25), group="interest"))
    result = file(s, rid, "ACK-SEP", date(2024, 10, 25))
    assert result.payable == D("5016.44")
    c = compute(s.load_return(rid))
    assert (c.delay_days, c.part3a.rows["a"].interest) == (10, D("16.44"))
    info = s.return_info(rid)
    assert (info.status, info.ack_no, info.filed_on) == ("filed", "ACK-SEP", date(2024, 10, 25))


def test_refuses_out_of_sequence_and_lists_every_failed_check(year: Year) -> None:
    year.august()
    year.september(pay_interest=False)  # September stays unfiled
    year.october_draft()
    with pytest.raises(lc.FilingRefused) as refused:
        lc.mark_filed(year.s, year.ids["oct"], "", date(2024, 11, 15), today=TODAY)
    codes = {f.code for f in refused.value.findings if f.is_error}
    # No acknowledgement number; September 2024 not filed (instruction 2); and with nothing
    # brought forward from an unfiled September, KVAT 14.5% × 20,000 = 2,900.00 is unpaid.
    assert codes == {"E-ACK", "E-PREVIOUS-NOT-FILED", "E-UNPAID"}
    assert "September 2024" in str(refused.value) and "shortfall ₹2,900.00" in str(refused.value)
    assert year.s.return_info(year.ids["oct"]).status == "draft"


def test_filed_return_is_locked_and_offers_a_revision(year: Year) -> None:
    year.august()
    with pytest.raises(lc.ReturnLocked) as locked:
        lc.ensure_editable(year.s, year.ids["aug"])
    msg = str(locked.value)
    assert "filed on 15-09-2024" in msg and "ACK-AUG" in msg and "Revision 1" in msg
    assert locked.value.next_revision_no == 1
    with pytest.raises(lc.ReturnLocked):
        lc.prefill_brought_forward(year.s, year.ids["aug"])
    with pytest.raises(lc.ReturnLocked):
        file(year.s, year.ids["aug"], "AGAIN", date(2024, 9, 16))


def test_revision_before_next_month_is_filed_instruction_16(year: Year) -> None:
    year.august()
    year.september()
    year.october_draft()
    s = year.s
    result = year.revise_september()
    rev = s.load_return(year.ids["sep_r1"])
    assert (rev.header.return_type, rev.header.revision_no) == ("revision", 1)
    assert rev.filed is not None and rev.filed.ack_no == "ACK-SEP"
    assert rev.filed.due_date == date(2024, 10, 15)
    c = compute(rev)
    assert c.part4 is not None
    a = c.part4.rows["a_iii"]
    assert (a.filed, a.revised, a.effect, a.delay_days, a.interest, a.total) == (
        D("5000.00"), D("6000.00"), D("1000.00"), 21, D("6.90"), D("1006.90"))  # fmt: skip
    assert c.part4.payable == D("1006.90") and result.payable == D("1006.90")
    assert not [w for w in result.warnings if w.code == "W-REV-LATE"]  # within 30-11-2024
    # Instruction 16: September's excess is now 14,500 − 10,150 = 4,350.00, and the October
    # draft's (g)(ii) follows it.
    assert result.carry is not None and result.carry.instruction == 16
    assert result.carry.updated_return_ids == [year.ids["oct"]]
    assert bf(s, year.ids["oct"]).kvat == D("4350.00")
    assert "Revision 1 of September 2024" in lc.brought_forward_source(s, year.ids["oct"]).text
    # October: g_ix = 4,350 − 2,900 = 1,450.00.
    assert compute(s.load_return(year.ids["oct"])).part3.g_ix == D("1450.00")


def test_revision_after_next_month_is_filed_instruction_17(year: Year) -> None:
    year.august()
    year.september()
    year.october_draft()
    year.revise_september()
    s = year.s
    result = year.revise_august()
    rev = s.load_return(year.ids["aug_r1"])
    # September was filed with (g)(ii) = 14,500.00: all of August's excess was carried, so
    # Part 4 carried_forward KVAT = min(14,500, 14,500) = 14,500.00.
    assert rev.filed is not None and rev.filed.carried_forward.kvat == D("14500.00")
    c = compute(rev)
    assert c.part4 is not None
    # R: ITC 30,000; credit 0 − 14,500 = −14,500 (not clamped); g_v = 30,000 − 14,500 − 14,500
    # = 1,000.00; F: g_v = 14,500.00; effect −13,500.00.  Nothing payable.
    assert (c.part4.rows["g_iii"].revised, c.part4.rows["g_v"].revised) == (
        D("-14500.00"), D("1000.00"))  # fmt: skip
    assert c.part4.rows["g_v"].effect == D("-13500.00") and c.part4.payable == D("0.00")
    # August ended 31-08-2024; rectification window to 31-10-2024; filed 10-11-2024.
    assert [w.code for w in result.warnings if w.code == "W-REV-LATE"] == ["W-REV-LATE"]
    # Instruction 17: August R1's excess 15,500.00 is not carried forward; September keeps
    # 14,500.00; refund 15,500 − 14,500 = 1,000.00.
    assert result.carry is not None and result.carry.instruction == 17
    assert result.carry.refund == ActAmounts(D("0"), D("1000.00"), D("0"))
    assert "refund" in result.carry.message
    assert bf(s, year.ids["sep_r1"]).kvat == D("14500.00")
    assert bf(s, year.ids["oct"]).kvat == D("4350.00")
    history = lc.timeline(s, year.cid, "2024-08")
    assert [e.version for e in history] == ["Original", "Revision 1"]
    assert any("instruction 17" in n and "KVAT 1,000.00" in n for n in history[1].notes)
    row = lc.chain(s, year.cid, "2024-25")[0]
    assert (row.version, row.excess.kvat, row.carried.kvat if row.carried else None) == (
        "Revision 1", D("15500.00"), D("14500.00"))  # fmt: skip
    assert "instruction 17" in row.note and "1,000.00" in row.note


def test_second_revision_is_numbered_and_only_one_pending(year: Year) -> None:
    year.august()
    year.september()
    s = year.s
    first = lc.create_revision(s, year.ids["sep"])
    with pytest.raises(lc.LifecycleError, match="Revision 1 of September 2024 is not filed"):
        lc.create_revision(s, year.ids["sep"])
    assert s.load_return(first).header.revision_no == 1
    with pytest.raises(lc.LifecycleError, match="nothing to revise"):
        year.october_draft()
        lc.create_revision(s, year.ids["oct"])


def test_year_timeline_chain_and_annual_return(year: Year) -> None:
    year.through_march()
    s, cid = year.s, year.cid
    sep = lc.timeline(s, cid, "2024-09")
    assert [(e.version, e.status, e.ack_no) for e in sep] == [
        ("Original", "filed", "ACK-SEP"), ("Revision 1", "filed", "ACK-SEP-R1")]  # fmt: skip
    assert any("₹1,006.90" in n for n in sep[1].notes)
    assert any("instruction 16" in n for n in sep[1].notes)
    rows = lc.chain(s, cid, "2024-25")
    assert [str(r.period) for r in rows] == [
        "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]  # fmt: skip
    # KVAT credit: Aug R1 15,500 (14,500 carried) → Sep R1 4,350 → Oct 1,450 → Nov 0.
    assert [r.excess.kvat for r in rows[:4]] == [
        D("15500.00"), D("4350.00"), D("1450.00"), D("0.00")]  # fmt: skip
    assert [r.brought_forward.kvat for r in rows[:4]] == [
        D("0"), D("14500.00"), D("4350.00"), D("1450.00")]  # fmt: skip
    assert rows[-1].carried is None  # April 2025 not started

    # Annual: advance = Σ Part 5 under tax heads per act of every filed monthly return:
    # KGST 5,000 (Aug) + 5,000 (Sep) + 1,000 (Sep R1) + 5,000 × 6 (Oct–Mar) = 41,000.00;
    # KVAT 4,350.00 (Nov); CST 0.  The interest paid under the interest head, 16.44 (Sep) +
    # 6.90 (Sep R1) = 23.34, is not advance tax.
    pre = lc.prefill_annual(s, cid, "2024-25")
    assert pre.advance == ActAmounts(D("41000.00"), D("4350.00"), D("0.00"))
    assert "Not counted as advance tax: interest heads KGST 23.34." in pre.text
    assert pre.months_missing == []
    annual = s.load_return(pre.return_id)
    assert annual.header.period == "2024-25" and annual.inputs.advance == pre.advance
    on = date(2025, 4, 30)

    def fill(r: Any) -> None:
        # KGST 4,10,000 = the months' 50,000 × 7 + 60,000 (Sep R1); KVAT 2,40,000 against the
        # months' 1,00,000 + 70,000 + 20,000 + 40,000 = 2,30,000: a 10,000.00 difference.
        m = month_return("2024-25", kgst="410000.00", kvat="240000.00", itc="30000.00", on=on)
        r.part1a, r.part2, r.declaration = m.part1a, m.part2, m.declaration
        r.header.date_of_filing = on

    edit(s, pre.return_id, fill)
    summary = lc.year_summary(s, cid, "2024-25")
    diffs = {d.item: (d.annual, d.months, d.difference) for d in summary.differences}
    assert diffs == {
        "KVAT total turnover (Part 1 col 8)": (D("240000.00"), D("230000.00"), D("10000.00")),
        "KVAT taxable turnover (Part 1 col 10)": (D("240000.00"), D("230000.00"), D("10000.00")),
        # 14.5% × 2,40,000 = 34,800.00; months 14,500 + 10,150 + 2,900 + 5,800 = 33,350.00.
        "KVAT tax payable (Part 1 col 14)": (D("34800.00"), D("33350.00"), D("1450.00")),
    }
    assert len(summary.months_included) == 8
    # Annual Part 3: g_i 34,800; ITC 30,000; g_iv 4,800; advance 4,350; g_vi = 450.00 payable.
    # KGST: a_i 41,000 = advance 41,000 → nothing payable, no excess (counting the interest as
    # advance tax would have shown a false excess of 23.34).
    c = compute(s.load_return(pre.return_id))
    assert (c.part3.g_vi, c.part3.a_iv, c.part3.a_v) == (D("450.00"), D("0.00"), D("0.00"))
    with pytest.raises(lc.FilingRefused) as refused:
        file(s, pre.return_id, "ACK-ANNUAL", on)
    assert {f.code for f in refused.value.findings if f.is_error} == {"E-STOCK-MISSING", "E-UNPAID"}

    def finish(r: Any) -> None:
        r.stock = stock()
        pay(r, "KVAT", "450.00", on)

    edit(s, pre.return_id, finish)
    assert file(s, pre.return_id, "ACK-ANNUAL", on).payable == D("450.00")
    with pytest.raises(lc.LifecycleError, match="annual return for 2024-25 is filed"):
        lc.prefill_annual(s, cid, "2024-25")


def test_annual_needs_march_filed(year: Year) -> None:
    year.august()
    pre = lc.prefill_annual(year.s, year.cid, "2024-25")
    # Only August's 5,000.00 was remitted so far; seven months have no filed return.
    assert pre.advance.kgst == D("5000.00") and len(pre.months_missing) == 7
    states = lc.sequence_states(year.s, year.cid, lc.Period.parse("2024-25"))
    assert states == {lc.Period(2025, 3): "unfiled"}


def test_mark_ready_needs_no_errors_and_an_edit_returns_to_draft(year: Year) -> None:
    s, cid = year.s, year.cid
    ret = month_return("2024-08", kgst="50000.00", on=date(2024, 9, 15))
    rid = s.create_return(cid, ret)
    # KGST 5,000.00 payable and nothing in Part 5: E-UNPAID blocks "ready".
    with pytest.raises(lc.FilingRefused) as refused:
        lc.mark_ready(s, rid)
    assert "E-UNPAID" in str(refused.value) and s.return_info(rid).status == "draft"
    edit(s, rid, lambda r: pay(r, "KGST", "5000.00", date(2024, 9, 15)))
    lc.mark_ready(s, rid)
    assert s.return_info(rid).status == "ready" and s.return_info(rid).payable == D("5000.00")
    lc.note_edited(s, rid)
    assert s.return_info(rid).status == "draft"
