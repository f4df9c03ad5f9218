"""A period's returns over time (spec section 7; instructions 2, 15–17): which return stands for a
period, which revision comes next, whether an action is allowed, and what a filing does to the
next period's brought-forward figures.

Pure rules over facts the store supplies (`VersionFacts`: one stored return).  app.store.lifecycle
reads and writes the store around them; the GUI asks the `*_blocker()` functions whether an action
is allowed (None: allowed; else the reason, in plain words) instead of re-deriving it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from app.model import carry_forward as cf
from app.model import filing as filing_rules
from app.model import status as st
from app.model.form9 import ActAmounts
from app.model.periods import Period
from app.model.revision import next_revision_no as _next_after


class VersionFacts(Protocol):
    """What the rules read of a stored return (app.store's ReturnInfo)."""

    @property
    def id(self) -> int: ...
    @property
    def client_id(self) -> int: ...
    @property
    def period(self) -> str: ...
    @property
    def return_type(self) -> str: ...
    @property
    def revision_no(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def ack_no(self) -> str: ...
    @property
    def filed_on(self) -> date | None: ...
    @property
    def payable(self) -> Any: ...
    @property
    def rate_pack(self) -> str: ...
    @property
    def updated_at(self) -> Any: ...


V = TypeVar("V", bound=VersionFacts)


# --- naming ----------------------------------------------------------------------------------


def version_label(v: VersionFacts) -> str:
    """'Original' or 'Revision 2'."""
    return st.describe_version(v.return_type, v.revision_no)


def period_of(v: VersionFacts) -> Period:
    return Period.parse(v.period)


def return_label(v: VersionFacts) -> str:
    """'Revision 1 of September 2024'."""
    return f"{version_label(v)} of {period_of(v).label}"


# --- which return ----------------------------------------------------------------------------


def of_period(versions: Iterable[V], period: Period | str) -> list[V]:
    """The returns of one period, original first."""
    key = str(period)
    return sorted((v for v in versions if v.period == key), key=lambda v: v.revision_no)


def filed(period_versions: Iterable[V]) -> list[V]:
    return [v for v in period_versions if v.status == st.FILED]


def latest_filed(period_versions: Sequence[V]) -> V | None:
    """The filed return with the highest revision number: what the period stands at."""
    done = filed(period_versions)
    return max(done, key=lambda v: v.revision_no) if done else None


def first_filed(period_versions: Sequence[V]) -> V | None:
    """The period's first filed return: its brought-forward figures are fixed (instruction 17)."""
    done = filed(period_versions)
    return min(done, key=lambda v: v.revision_no) if done else None


def unfiled(period_versions: Sequence[V]) -> V | None:
    """The newest return of the period that is not filed yet (draft or ready)."""
    rest = [v for v in period_versions if v.status != st.FILED]
    return max(rest, key=lambda v: v.revision_no) if rest else None


def standing(period_versions: Sequence[V]) -> V | None:
    """The return that stands for the period: the latest filed one, else the newest unfiled."""
    return latest_filed(period_versions) or unfiled(period_versions)


def next_revision_no(period_versions: Sequence[VersionFacts]) -> int:
    """Revision N to create next: one more than the period's highest (instruction 15)."""
    return _next_after(v.revision_no for v in period_versions)


# --- whether an action is allowed ------------------------------------------------------------


def edit_blocker(v: VersionFacts, period_versions: Sequence[VersionFacts] = ()) -> str | None:
    """Why the return cannot be edited (it is filed: final, r.22A(3)), naming the revision to
    create; None when it can."""
    if not st.is_locked(v.status):
        return None
    n = next_revision_no(period_versions or [v])
    return st.lock_message(version_label(v), period_of(v).label, v.ack_no, v.filed_on, n)


def ready_blocker(v: VersionFacts, period_versions: Sequence[VersionFacts] = ()) -> str | None:
    """Why "Mark ready" cannot run (validation errors are checked by the action itself)."""
    return edit_blocker(v, period_versions)


def filing_blocker(v: VersionFacts, period_versions: Sequence[VersionFacts] = ()) -> str | None:
    """Why "Mark as filed" cannot run before any figure is checked: the return is filed already
    (a filing is recorded once; a correction is a revision)."""
    if not st.is_locked(v.status):
        return None
    when = f" on {v.filed_on:%d-%m-%Y}" if v.filed_on else ""
    ack = f" with acknowledgement {v.ack_no}" if v.ack_no else ""
    n = next_revision_no(period_versions or [v])
    return (
        f"The {version_label(v).lower()} return for {period_of(v).label} was filed{when}{ack}; "
        f"a filing is recorded once. To correct it, create Revision {n} (Revise)."
    )


def revision_blocker(period_versions: Sequence[VersionFacts], period: Period) -> str | None:
    """Why no revision of the period can be started now (instruction 15: a revision revises a
    filed return, one at a time); None when Revision N may be created."""
    latest = latest_filed(period_versions)
    if latest is None:
        return (
            f"No return for {period.label} is filed yet; there is nothing to revise "
            "(file the original first)."
        )
    waiting = unfiled(period_versions)
    if waiting is not None:
        return (
            f"{return_label(waiting)} is not filed yet ({st.LABELS[waiting.status].lower()}); "
            "finish or file it before starting another revision."
        )
    return None


def annual_blocker(year_versions: Sequence[VersionFacts], year: Period) -> str | None:
    """Why the year's annual return cannot be (re)prefilled: it is filed."""
    if year_versions and unfiled(year_versions) is None:
        return f"The annual return for {year} is filed; create a revision to change it."
    return None


# --- instruction 2 facts ---------------------------------------------------------------------


def sequence_states(
    everything: Sequence[VersionFacts], period: Period
) -> dict[Period, filing_rules.SequenceState]:
    """Instruction 2: is each required earlier return filed?  "unknown" when the dealer's returns
    held here start after it (earlier ones were filed outside the app)."""
    out: dict[Period, filing_rules.SequenceState] = {}
    for p in filing_rules.required_previous(period):
        same = of_period(everything, p)
        if filed(same):
            out[p] = "filed"
            continue
        started = same or [
            v
            for v in everything
            if (q := Period.parse(v.period)).is_annual == p.is_annual and q < p
        ]
        out[p] = "unfiled" if started else "unknown"
    return out


def previous_filed(states: Mapping[Period, filing_rules.SequenceState]) -> bool:
    """Validation's context: no required earlier return is known to be unfiled."""
    return all(s != "unfiled" for s in states.values())


def registration_renewed(renewed_until: str, period: Period) -> bool | None:
    """Instruction 1: the registration is renewed up to the period's year (None: not recorded)."""
    if not renewed_until.strip():
        return None
    try:
        renewed = Period.parse(renewed_until)
    except ValueError:
        return None
    return renewed.financial_year.year >= period.financial_year.year


# --- what a filing does to the next period (instructions 16–17) ------------------------------


@dataclass(frozen=True, slots=True)
class CarryPlan:
    """What filing a return does to the next period's brought-forward figures."""

    instruction: int | None  # 16 / 17 for a revision, None for an original
    next_period: Period
    update_unfiled: bool  # the next period's unfiled returns take `brought_forward`
    brought_forward: ActAmounts
    refund: ActAmounts
    message: str

    def report(self, updated: int) -> str:
        """The message, with how many unfiled returns of the next period were updated."""
        if not updated:
            return self.message
        return f"{self.message} Updated the brought-forward figures of {updated} unfiled return(s)."


def carry_plan(
    period: Period,
    excess: ActAmounts,
    *,
    is_revision: bool,
    carried: ActAmounts | None,
    next_filed_brought_forward: ActAmounts | None,
) -> CarryPlan:
    """After a return of `period` with this `excess` is filed.  Instruction 16: when the next
    period has no filed return, its unfiled returns bring this excess forward.  Instruction 17:
    when it has, nothing changes there; a revision's excess beyond what was carried (`carried`,
    its Part 4 carried_forward) may be claimed as refund."""
    nxt = period.next()
    if next_filed_brought_forward is not None:
        if not is_revision:
            return CarryPlan(
                None, nxt, False, next_filed_brought_forward, ActAmounts(),
                f"{nxt.label} is already filed; its brought-forward figures stay as filed.",
            )  # fmt: skip
        outcome = cf.revision_outcome(
            excess,
            carried if carried is not None else next_filed_brought_forward,
            next_filed=True,
            next_brought_forward=next_filed_brought_forward,
            next_label=nxt.label,
        )
        return CarryPlan(17, nxt, False, next_filed_brought_forward, outcome.refund,
                         outcome.message)  # fmt: skip
    if is_revision:
        message = cf.revision_outcome(
            excess, ActAmounts(), next_filed=False, next_brought_forward=excess,
            next_label=nxt.label,
        ).message  # fmt: skip
    else:
        message = f"Excess ({cf.describe(excess)}) goes to {nxt.label}."
    return CarryPlan(16 if is_revision else None, nxt, True, excess, ActAmounts(), message)


def filed_after_next(filed_on: date | None, next_first_filed_on: date | None) -> bool:
    """A revision filed on or after the next period's first filing: instruction 17 applies."""
    return bool(filed_on and next_first_filed_on and next_first_filed_on <= filed_on)


def revision_carry_note(
    period: Period, excess: ActAmounts, carried: ActAmounts, *, after_next: bool
) -> str:
    """The history's note on what a filed revision's excess did (instructions 16–17)."""
    nxt = period.next().label
    if not after_next:
        return f"excess brought forward to {nxt} (instruction 16)"
    text = f"filed after {nxt}: excess not carried forward (instruction 17)"
    refund = cf.not_carried(excess, carried)
    if not cf.is_zero(refund):
        text += f"; refund may be claimed: {cf.describe(refund, nonzero_only=True)}"
    return text


def chain_note(
    period: Period,
    excess: ActAmounts,
    carried: ActAmounts,
    *,
    is_revision: bool,
    after_next: bool,
) -> str:
    """The credit chain's note when the next month brought forward something else than this
    month's excess ('' when they agree)."""
    if carried == excess:
        return ""
    left = cf.not_carried(excess, carried)
    if not cf.is_zero(left) and is_revision and after_next:
        return (
            f"not carried forward (instruction 17): {cf.describe(left, nonzero_only=True)}; "
            "refund may be claimed"
        )
    return f"{period.next().label} brought forward differs from this excess"
