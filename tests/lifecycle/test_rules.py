"""The lifecycle's pure rules: status flow, carry-forward, sequence, oil-company advance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.model import status as st
from app.model.carry_forward import carried_into, excess_of, revision_outcome
from app.model.filing import oil_advance_reminder, rectification_finding, required_previous
from app.model.form9 import PART3_IDS, ActAmounts, Form9Return
from app.model.periods import Period
from app.model.revision import make_revision, next_revision_no

D = Decimal


def p3(**given: str) -> dict[str, Decimal]:
    out = dict.fromkeys(PART3_IDS, D("0.00"))
    out.update({k: D(v) for k, v in given.items()})
    return out


def test_status_flow() -> None:
    assert st.can_transition("draft", "ready") and st.can_transition("ready", "filed")
    assert not st.can_transition("filed", "draft") and not st.can_transition("filed", "ready")
    assert st.is_locked("filed") and not st.is_locked("ready")
    assert st.status_after_edit("ready") == "draft"
    with pytest.raises(ValueError):
        st.status_after_edit("filed")
    msg = st.lock_message("Original", "August 2024", "ACK1", date(2024, 9, 15), 1)
    assert "filed on 15-09-2024 (acknowledgement ACK1)" in msg and "Revision 1" in msg


def test_excess_and_carried() -> None:
    e = excess_of(p3(a_v="100.00", g_ix="200.00", h_v="3.50", g_vii="999.00"))
    assert e == ActAmounts(D("100.00"), D("200.00"), D("3.50"))
    # Carried = min(excess, next brought-forward), never negative.
    got = carried_into(e, ActAmounts(D("150.00"), D("50.00"), D("0.00")))
    assert got == ActAmounts(D("100.00"), D("50.00"), D("0.00"))


def test_instruction_17_refund_counts_what_was_already_carried() -> None:
    # Original excess 1,000 carried into the next month.  R1 cut it to 700 (Part 4 charged the
    # 300 shortfall; carried_forward 1,000); R2 raises it to 900 with carried_forward
    # min(700, 1,000) = 700: refund 900 − 700 = 200.00.
    out = revision_outcome(
        ActAmounts(D("900.00")), ActAmounts(D("700.00")), next_filed=True,
        next_brought_forward=ActAmounts(D("1000.00")), next_label="October 2024",
    )  # fmt: skip
    assert (out.instruction, out.refund.kgst) == (17, D("200.00"))
    assert "refund of KGST 200.00" in out.message
    out16 = revision_outcome(
        ActAmounts(D("900.00")), ActAmounts(), next_filed=False,
        next_brought_forward=ActAmounts(D("1000.00")), next_label="October 2024",
    )  # fmt: skip
    assert (out16.instruction, out16.brought_forward.kgst, out16.refund) == (
        16, D("900.00"), ActAmounts())  # fmt: skip


def test_required_previous() -> None:
    assert required_previous(Period(2024, 8)) == []  # first FORM No. 9 month
    assert required_previous(Period(2025, 1)) == [Period(2024, 12)]
    assert required_previous(Period(2024, 0)) == [Period(2025, 3)]
    assert required_previous(Period(2025, 0)) == [Period(2024, 0), Period(2026, 3)]


def test_rectification_window() -> None:
    # September 2024 ends 30-09-2024: revision due by 30-11-2024.
    assert rectification_finding(Period(2024, 9), date(2024, 11, 30)) is None
    late = rectification_finding(Period(2024, 9), date(2024, 12, 1))
    assert late is not None and late.code == "W-REV-LATE" and "30-11-2024" in late.message


def test_oil_company_advance_reminder() -> None:
    # Preceding month (September): KGST a_i 1,00,000.00; KVAT g_i 50,000 − ITC 20,000 = 30,000;
    # CST h_i 1,234.57.  70%: 70,000.00; 21,000.00; 864.199 → 864.20.  Due 07-11-2024 for the
    # October return.
    prev = p3(a_i="100000.00", g_i="50000.00", g_iii="20000.00", h_i="1234.57")
    r = oil_advance_reminder(Period(2024, 10), "Oil Company", prev)
    assert r is not None
    assert (r.due, r.based_on) == (date(2024, 11, 7), Period(2024, 9))
    assert r.amount == {"KGST": D("70000.00"), "KVAT": D("21000.00"), "CST": D("864.20")}
    assert r.total == D("91864.20") and "91,864.20" in r.message
    assert oil_advance_reminder(Period(2025, 3), "Oil Company", prev) is None  # not March
    assert oil_advance_reminder(Period(2024, 10), "Other", prev) is None


def test_make_revision_copies_and_clears_filing_facts() -> None:
    filed = Form9Return()
    filed.header.period, filed.header.date_of_filing = "2024-09", date(2024, 10, 15)
    rev = make_revision(filed, p3(a_i="5.00"), revision_no=next_revision_no([0, 1]),
                        due_date=date(2024, 10, 15), ack_no="A1")  # fmt: skip
    assert (rev.header.return_type, rev.header.revision_no, rev.header.date_of_filing) == (
        "revision", 2, None)  # fmt: skip
    assert rev.filed is not None and rev.filed.part3["a_i"] == D("5.00") and rev.part5 == []
    assert filed.header.return_type == "original" and filed.filed is None
