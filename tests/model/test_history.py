"""app.model.history: which return stands for a period, which revision comes next, whether an
action is allowed, and what a filing does to the next period (instructions 2, 15–17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.model import history as h
from app.model.form9 import ActAmounts
from app.model.periods import Period

D = Decimal
SEP, OCT = Period(2024, 9), Period(2024, 10)


@dataclass
class V:
    id: int
    period: str
    revision_no: int
    status: str
    filed_on: date | None = None
    ack_no: str = ""
    client_id: int = 1
    payable: Decimal = D(0)
    rate_pack: str = ""
    updated_at: datetime | None = None

    @property
    def return_type(self) -> str:
        return "revision" if self.revision_no else "original"


def test_which_return_stands_for_the_period() -> None:
    rows = [V(3, "2024-09", 2, "draft"), V(1, "2024-09", 0, "filed"), V(2, "2024-09", 1, "filed"),
            V(9, "2024-10", 0, "draft")]  # fmt: skip
    sep = h.of_period(rows, SEP)
    assert [v.id for v in sep] == [1, 2, 3]
    assert h.latest_filed(sep).id == 2 and h.first_filed(sep).id == 1  # type: ignore[union-attr]
    assert h.unfiled(sep).id == 3 and h.standing(sep).id == 2  # type: ignore[union-attr]
    assert h.standing(h.of_period(rows, OCT)).id == 9  # type: ignore[union-attr]
    assert h.standing([]) is None and h.next_revision_no(sep) == 3


def test_blockers_say_why_in_plain_words() -> None:
    filed = V(1, "2024-09", 0, "filed", date(2024, 10, 15), "ACK-9")
    draft = V(2, "2024-09", 1, "draft")
    assert h.edit_blocker(draft) is None and h.filing_blocker(draft) is None
    assert h.edit_blocker(filed, [filed]) == (
        "The original return for September 2024 was filed on 15-10-2024 (acknowledgement ACK-9) "
        "and is final: a filed return is never changed. To correct it, create Revision 1 "
        "(Revise), which starts from the filed figures and shows the difference and interest "
        "in Part 4."
    )
    assert h.filing_blocker(filed, [filed, draft]) == (
        "The original return for September 2024 was filed on 15-10-2024 with acknowledgement "
        "ACK-9; a filing is recorded once. To correct it, create Revision 2 (Revise)."
    )
    assert h.revision_blocker([], SEP) == (
        "No return for September 2024 is filed yet; there is nothing to revise (file the "
        "original first)."
    )
    assert h.revision_blocker([filed, draft], SEP) == (
        "Revision 1 of September 2024 is not filed yet (draft); finish or file it before "
        "starting another revision."
    )
    assert h.revision_blocker([filed], SEP) is None
    year = Period.parse("2024-25")
    assert h.annual_blocker([V(5, "2024-25", 0, "filed")], year) == (
        "The annual return for 2024-25 is filed; create a revision to change it."
    )
    assert h.annual_blocker([], year) is None


def test_sequence_states_and_renewal() -> None:
    rows = [V(1, "2024-08", 0, "filed"), V(2, "2024-09", 0, "draft")]
    assert h.sequence_states(rows, OCT) == {SEP: "unfiled"}
    assert h.sequence_states(rows, SEP) == {Period(2024, 8): "filed"}
    assert h.sequence_states([], OCT) == {SEP: "unknown"}
    assert not h.previous_filed({SEP: "unfiled"}) and h.previous_filed({SEP: "unknown"})
    assert h.registration_renewed("2024-25", OCT) is True
    assert h.registration_renewed("2024-25", Period(2025, 10)) is False
    assert h.registration_renewed("", OCT) is None


def test_carry_plan_follows_instructions_16_and_17() -> None:
    excess = ActAmounts(D(0), D("14500.00"), D(0))
    plan = h.carry_plan(
        SEP, excess, is_revision=False, carried=None, next_filed_brought_forward=None
    )
    assert plan.update_unfiled and plan.brought_forward == excess and plan.instruction is None
    assert plan.report(2) == (
        "Excess (KGST 0.00; KVAT 14,500.00; CST 0.00) goes to October 2024. Updated the "
        "brought-forward figures of 2 unfiled return(s)."
    )
    kept = ActAmounts(D(0), D("14000.00"), D(0))
    late = h.carry_plan(
        SEP, excess, is_revision=True, carried=kept, next_filed_brought_forward=kept
    )
    assert (late.instruction, late.update_unfiled, late.refund) == (
        17, False, ActAmounts(D(0), D("500.00"), D(0))
    )  # fmt: skip
    on_time = h.carry_plan(SEP, excess, is_revision=True, carried=ActAmounts(),
                           next_filed_brought_forward=None)  # fmt: skip
    assert on_time.instruction == 16 and on_time.update_unfiled
    original = h.carry_plan(SEP, excess, is_revision=False, carried=None,
                            next_filed_brought_forward=kept)  # fmt: skip
    assert not original.update_unfiled and "already filed" in original.message
    assert h.filed_after_next(date(2024, 11, 20), date(2024, 11, 15))
    assert not h.filed_after_next(date(2024, 11, 10), date(2024, 11, 15))
    assert h.revision_carry_note(SEP, excess, kept, after_next=True) == (
        "filed after October 2024: excess not carried forward (instruction 17); refund may be "
        "claimed: KVAT 500.00"
    )
