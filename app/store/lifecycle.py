"""The return lifecycle over the store (spec section 7): status, filing, carry-forward, revisions
and the annual return.  The rules are in app.model (history, status, carry_forward, revision,
filing, annual); this module reads and writes the store around them.

Every action is one unit of work (`store.transaction()`): all of it is stored, or nothing.  The
heavy checks of "Mark ready" / "Mark as filed" run on a consistent snapshot first; the writes then
run in one write transaction that refuses if the return changed meanwhile.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from app.model import annual as annual_rules
from app.model import carry_forward as cf_rules
from app.model import filing as filing_rules
from app.model import history
from app.model import status as st
from app.model.client import ClientProfile
from app.model.compute import Computed, compute, payable_per_act
from app.model.findings import Finding
from app.model.form9 import ActAmounts, Form9Return
from app.model.history import VersionFacts as ReturnInfoLike
from app.model.history import return_label, version_label
from app.model.numbers import ZERO
from app.model.periods import Period
from app.model.ratepack import RatePack
from app.model.revision import make_revision, original_due_date
from app.model.validation import validate
from app.model.validation_context import Context
from app.store.errors import LifecycleError, StaleReturn, StoreError
from app.store.history import (
    BroughtForwardSource,
    ChainRow,
    TimelineEntry,
    brought_forward_source,
    chain,
    filed_months,
    oil_advance,
    pack_named,
    peek,
    returns_of,
    timeline,
    year_summary,
)
from app.store.history import excess as _excess
from app.store.history import figures as _figures

__all__ = [
    "AnnualPrefill", "BroughtForwardSource", "CarryReport", "ChainRow", "FilingRefused",
    "FilingResult", "LifecycleError", "Period", "ReturnInfoLike", "ReturnLocked", "StoreLike",
    "TimelineEntry", "brought_forward_source", "chain", "check", "create_revision",
    "ensure_editable", "filing_check", "mark_filed", "mark_ready", "new_return", "note_edited",
    "oil_advance", "prefill_annual", "prefill_brought_forward", "refresh_carry_forward",
    "return_label", "revise_with", "sequence_states", "timeline", "validation_context",
    "version_label", "year_summary",
]  # fmt: skip


class StoreLike(Protocol):
    """The part of app.store.Store the lifecycle uses."""

    def transaction(self, *, write: bool = True) -> AbstractContextManager[None]: ...
    def get_client(self, client_id: int) -> ClientProfile: ...
    def list_returns(self, client_id: int) -> Sequence[ReturnInfoLike]: ...
    def create_return(self, client_id: int, ret: Form9Return, *, rate_pack: str = "") -> int: ...
    def load_return(self, return_id: int, *, lists: bool = True) -> Form9Return: ...
    def load_returns(self, return_ids: Sequence[int]) -> dict[int, Form9Return]: ...
    def return_info(self, return_id: int) -> ReturnInfoLike: ...
    def save_return(self, return_id: int, ret: Form9Return) -> Any: ...
    def save_parts(
        self,
        return_id: int,
        ret: Form9Return,
        parts: set[str],
        *,
        expected_version: int | None = None,
    ) -> Any: ...
    def set_status(
        self, return_id: int, status: str, *, ack_no: str = "", filed_on: date | None = None
    ) -> Any: ...
    def set_payable(self, return_id: int, payable: Decimal) -> Any: ...
    def latest_filed(self, client_id: int, period: str) -> ReturnInfoLike | None: ...
    def lock_client(self, client_id: int) -> None: ...


class ReturnLocked(LifecycleError):
    """The return is filed: read-only.  The message explains and offers a revision."""

    def __init__(self, message: str, return_id: int, next_revision_no: int) -> None:
        super().__init__(message)
        self.return_id = return_id
        self.next_revision_no = next_revision_no


class FilingRefused(LifecycleError):
    """ "Mark ready" / "Mark as filed" refused: every failed check is listed."""

    def __init__(self, action: str, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.is_error]
        lines = [f"{action} refused: {len(errors)} problem(s) to fix first:"]
        lines += [f"  {f.code} at {f.location}: {f.message}" for f in errors]
        super().__init__("\n".join(lines))


# --- reading helpers ---------------------------------------------------------------------------


def _period(info: ReturnInfoLike) -> Period:
    return Period.parse(info.period)


def _latest_filed(store: StoreLike, client_id: int, period: Period) -> ReturnInfoLike | None:
    return store.latest_filed(client_id, str(period))


def _pack(info: ReturnInfoLike) -> RatePack | None:
    """The rate pack the return records, else the one in force for its period."""
    return pack_named(info.rate_pack, info.period)


def _payable_total(c: Computed) -> Decimal:
    return sum(payable_per_act(c).values(), ZERO)


@contextmanager
def _checked_against(store: StoreLike, info: ReturnInfoLike, what: str) -> Iterator[None]:
    """The write transaction of an action whose checks ran on a snapshot: refused if the return
    changed after the snapshot was taken (another window or process saved it).  The dealer is
    held first, so two PCs filing or revising the same dealer's returns go one after the other."""
    try:
        with store.transaction():
            store.lock_client(info.client_id)
            now = store.return_info(info.id)
            if getattr(now, "version", None) != getattr(info, "version", None):
                raise LifecycleError(
                    f"{return_label(info)} changed while it was being checked (saved "
                    f"elsewhere); {what} was not done — check it again."
                )
            yield
    except StaleReturn:
        raise LifecycleError(
            f"{return_label(info)} changed while it was being checked (saved elsewhere); "
            f"{what} was not done — check it again."
        ) from None


# --- status ------------------------------------------------------------------------------------


def ensure_editable(store: StoreLike, return_id: int) -> ReturnInfoLike:
    """Raise ReturnLocked (explaining, and naming the revision to create) if the return is filed."""
    info = store.return_info(return_id)
    if st.is_locked(info.status):
        versions = returns_of(store, info.client_id, _period(info))
        reason = history.edit_blocker(info, versions) or ""
        raise ReturnLocked(reason, return_id, history.next_revision_no(versions))
    return info


def note_edited(store: StoreLike, return_id: int) -> None:
    """An edit of a ready return sends it back to draft (a filed one raises ReturnLocked)."""
    with store.transaction():
        info = ensure_editable(store, return_id)
        if info.status != st.DRAFT:
            store.set_status(return_id, st.status_after_edit(info.status))


def sequence_states(
    store: StoreLike, client_id: int, period: Period
) -> dict[Period, filing_rules.SequenceState]:
    """Instruction 2 facts: is each required earlier return filed?"""
    return history.sequence_states(store.list_returns(client_id), period)


def validation_context(store: StoreLike, return_id: int) -> Context:
    """The store's facts that validation needs: instructions 1 (renewal) and 2 (sequence)."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        period = _period(info)
        states = sequence_states(store, info.client_id, period)
        renewed_until = store.get_client(info.client_id).renewed_until
    return Context(
        previous_filed=history.previous_filed(states),
        registration_renewed=history.registration_renewed(renewed_until, period),
    )


def check(
    store: StoreLike, return_id: int, ret: Form9Return | None = None, *, as_of: date | None = None
) -> tuple[Computed, list[Finding]]:
    """Compute and validate a return with the store's facts (instructions 1 and 2)."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        ret = ret if ret is not None else store.load_return(return_id)
        context = validation_context(store, return_id)
    computed = compute(ret, as_of=as_of)
    return computed, validate(ret, computed, _pack(info), context)


def mark_ready(store: StoreLike, return_id: int) -> list[Finding]:
    """Draft → Ready when there are no validation errors; returns the warnings."""
    with store.transaction(write=False):
        info = ensure_editable(store, return_id)
        ret = store.load_return(return_id)
        if ret.is_revision:
            _refresh_revision_facts(store, info, ret)
        computed, findings = check(store, return_id, ret)
    if any(f.is_error for f in findings):
        raise FilingRefused("Mark ready", findings)
    with _checked_against(store, info, "Mark ready"):
        _same_revision_facts(store, info, ret, "Mark ready")
        store.save_parts(return_id, ret, {"part4"})
        store.set_payable(return_id, _payable_total(computed))
        if info.status != st.READY:
            store.set_status(return_id, st.READY)
    return findings


@dataclass(frozen=True, slots=True)
class FilingResult:
    warnings: list[Finding]
    payable: Decimal
    carry: CarryReport | None  # what happened to the next period's brought-forward


def filing_check(
    store: StoreLike,
    return_id: int,
    ack_no: str,
    filed_on: date,
    *,
    today: date | None = None,
) -> tuple[Form9Return, Computed, list[Finding]]:
    """What "Mark as filed" would decide, without changing anything: the return as it would be
    filed (date of filing = `filed_on`, Part 4 `carried_forward` as the store stands), its
    figures and every finding (errors refuse the filing).  A filed return raises ReturnLocked."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        versions = returns_of(store, info.client_id, _period(info))
        blocker = history.filing_blocker(info, versions)
        if blocker is not None:
            raise ReturnLocked(blocker, return_id, history.next_revision_no(versions))
        ret = store.load_return(return_id)
        if ret.is_revision:
            _refresh_revision_facts(store, info, ret)
        ret.header.date_of_filing = filed_on
        computed, findings = check(store, return_id, ret)
        sequence = sequence_states(store, info.client_id, _period(info))
    result = filing_rules.filing_findings(
        ret,
        computed,
        ack_no=ack_no,
        filed_on=filed_on,
        today=today or date.today(),
        validation=findings,
        sequence=sequence,
    )
    return ret, computed, result


def mark_filed(
    store: StoreLike,
    return_id: int,
    ack_no: str,
    filed_on: date,
    *,
    today: date | None = None,
) -> FilingResult:
    """Ready (or Draft) → Filed, recording the acknowledgement and filing date, which becomes the
    return's date of filing (interest is that of the real date).  Refused, with every failed check,
    unless the previous period is filed (instruction 2), Part 5 covers the payable per act
    (instructions 3–4) and there are no validation errors.  One unit of work: the filing, the
    next period's brought-forward figures (instruction 16) and the previous period's unfiled
    revisions' Part 4 are stored together, or nothing is."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        ret, computed, result = filing_check(store, return_id, ack_no, filed_on, today=today)
    if any(f.is_error for f in result):
        raise FilingRefused("Mark as filed", result)
    payable = _payable_total(computed)
    with _checked_against(store, info, "Mark as filed"):
        _same_revision_facts(store, info, ret, "Mark as filed")
        store.save_parts(return_id, ret, {"header", "part4"})
        store.set_payable(return_id, payable)
        if info.status == st.DRAFT:
            store.set_status(return_id, st.READY)
        store.set_status(return_id, st.FILED, ack_no=ack_no.strip(), filed_on=filed_on)
        carry = refresh_carry_forward(store, return_id)
        _refresh_previous_revisions(store, info.client_id, _period(info))
    return FilingResult([f for f in result if not f.is_error], payable, carry)


# --- carry-forward -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CarryReport:
    """Effect of a filing on the next period (instructions 16–17)."""

    instruction: int | None  # 16 / 17 for a revision, None for an original
    next_period: Period
    updated_return_ids: list[int]
    refund: ActAmounts
    message: str


def _carried_from(
    store: StoreLike, client_id: int, period: Period, excess: ActAmounts
) -> ActAmounts:
    """How much of `excess` (of a filed return of `period`) the next period's filed return took."""
    nxt = _latest_filed(store, client_id, period.next())
    if nxt is None:
        return ActAmounts()
    return cf_rules.carried_into(excess, peek(store, nxt.id).inputs.brought_forward)


def _refresh_revision_facts(store: StoreLike, info: ReturnInfoLike, ret: Form9Return) -> None:
    """Part 4 `carried_forward` of an unfiled revision, as the store stands now (instruction 16)."""
    if ret.filed is None:
        return
    excess = cf_rules.excess_of(ret.filed.part3)
    ret.filed.carried_forward = _carried_from(store, info.client_id, _period(info), excess)


def _same_revision_facts(
    store: StoreLike, info: ReturnInfoLike, ret: Form9Return, what: str
) -> None:
    """Inside the write transaction: a revision's Part 4 facts still as checked (the next period
    may have been filed meanwhile, which changes what was carried forward)."""
    if ret.filed is None:
        return
    now = copy.deepcopy(ret)
    _refresh_revision_facts(store, info, now)
    if now.filed is not None and now.filed.carried_forward != ret.filed.carried_forward:
        raise LifecycleError(
            f"{_period(info).next().label} was filed while {return_label(info)} was being "
            f"checked; {what} was not done — check it again."
        )


def _refresh_previous_revisions(store: StoreLike, client_id: int, period: Period) -> None:
    """A filing in `period` may carry the previous period's excess: update the previous period's
    unfiled revisions' Part 4 `carried_forward`."""
    for r in returns_of(store, client_id, period.previous()):
        if r.status != st.FILED and r.return_type == "revision":
            ret = peek(store, r.id)
            _refresh_revision_facts(store, r, ret)
            store.save_parts(r.id, ret, {"part4"})
            store.set_payable(r.id, _payable_total(_figures(ret)))


def _bring_forward(store: StoreLike, info: ReturnInfoLike, amounts: ActAmounts) -> bool:
    """An unfiled return's brought-forward figures set to `amounts` (a ready one goes back to
    draft); False when they already were."""
    ret = peek(store, info.id)
    if ret.inputs.brought_forward == amounts:
        return False
    ret.inputs.brought_forward = ActAmounts(amounts.kgst, amounts.kvat, amounts.cst)
    store.save_parts(info.id, ret, {"inputs"})
    store.set_payable(info.id, _payable_total(_figures(ret)))
    if info.status == st.READY:
        store.set_status(info.id, st.DRAFT)
    return True


def refresh_carry_forward(store: StoreLike, return_id: int) -> CarryReport:
    """After `return_id` (a filed return) is filed: instruction 16 — if the next period has no
    filed return, its unfiled returns take this return's excess as brought forward; instruction
    17 — if the next period's return was already filed, nothing changes there and a revision's
    excess beyond what was carried may be claimed as refund."""
    with store.transaction():
        info = store.return_info(return_id)
        store.lock_client(info.client_id)
        period = _period(info)
        ret = peek(store, return_id)
        next_versions = returns_of(store, info.client_id, period.next())
        next_first = history.first_filed(next_versions)
        next_latest = history.latest_filed(next_versions)
        next_bf = (
            peek(store, next_latest.id).inputs.brought_forward
            if next_first is not None and next_latest is not None
            else None
        )
        plan = history.carry_plan(
            period,
            _excess(ret),
            is_revision=ret.is_revision and ret.filed is not None,
            carried=ret.filed.carried_forward if ret.filed else None,
            next_filed_brought_forward=next_bf,
        )
        updated: list[int] = []
        if plan.update_unfiled:
            for r in next_versions:
                if r.status != st.FILED and _bring_forward(store, r, plan.brought_forward):
                    updated.append(r.id)
    return CarryReport(
        plan.instruction, plan.next_period, updated, plan.refund, plan.report(len(updated))
    )


# --- creating returns --------------------------------------------------------------------------


def prefill_brought_forward(store: StoreLike, return_id: int) -> str:
    """Fill Part 3 (a)(iii), (g)(ii), (h)(iii) from the previous period's latest filed return;
    returns where they came from.  A filed return is refused (ReturnLocked)."""
    with store.transaction():
        info = ensure_editable(store, return_id)
        source = brought_forward_source(store, return_id)
        if source.from_return_id is not None:
            _bring_forward(store, info, source.amounts)
    return source.text


def new_return(
    store: StoreLike, client_id: int, ret: Form9Return, *, rate_pack: str = ""
) -> tuple[int, str]:
    """A new return (a month: its brought-forward figures prefilled) as one unit of work;
    returns its id and where the prefilled figures came from."""
    with store.transaction():
        rid = int(store.create_return(client_id, ret, rate_pack=rate_pack))
        store.set_payable(rid, _payable_total(_figures(ret)))
        try:  # a savepoint: a failed prefill leaves the new return as created
            note = prefill_brought_forward(store, rid)
        except (LifecycleError, StoreError) as exc:
            note = f"Brought-forward figures not prefilled: {exc}"
    return rid, note


def create_revision(store: StoreLike, return_id: int) -> int:
    """Revision N from the latest filed return of the period, with all its data (instruction 15);
    Part 4 gets the filed figures, the original due date and what was carried forward."""
    with store.transaction():
        info = store.return_info(return_id)
        store.lock_client(info.client_id)  # a second Revision N waits, then finds this one
        period = _period(info)
        rows = returns_of(store, info.client_id, period)
        blocker = history.revision_blocker(rows, period)
        latest = history.latest_filed(rows)
        if blocker is not None or latest is None:
            raise LifecycleError(blocker or "nothing to revise")
        filed = store.load_return(latest.id)
        c = _figures(filed)
        part3 = c.part3.as_dict()
        rev = make_revision(
            filed,
            part3,
            revision_no=history.next_revision_no(rows),
            due_date=original_due_date(filed, c.due_date),
            ack_no=latest.ack_no,
            carried_forward=_carried_from(store, info.client_id, period, cf_rules.excess_of(part3)),
        )
        new_id = store.create_return(info.client_id, rev, rate_pack=latest.rate_pack)
        store.set_payable(new_id, _payable_total(_figures(rev)))
    return new_id


#: What a revision keeps of its own when an edit is applied to it: its type, number and date of
#: filing (header), and Part 4 (the filed return's facts).
_REVISION_KEEPS = ("return_type", "revision_no", "date_of_filing")


def revise_with(
    store: StoreLike, return_id: int, apply_edits: Callable[[Form9Return], set[str]]
) -> int:
    """'Save mine as a new revision': an edit made on a return that was filed meanwhile becomes
    Revision N of its period — created from the filed return, then `apply_edits(revision)`
    (which returns the parts it changed) — in one unit of work.  Returns the revision's id."""
    with store.transaction():
        new_id = create_revision(store, return_id)
        rev = store.load_return(new_id)
        kept = copy.deepcopy(rev.header), rev.filed
        parts = apply_edits(rev) - {"part4"}
        for name in _REVISION_KEEPS:
            setattr(rev.header, name, getattr(kept[0], name))
        rev.filed = kept[1]
        if parts:
            store.save_parts(new_id, rev, parts)
            store.set_payable(new_id, _payable_total(_figures(rev)))
    return new_id


# --- annual return -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnnualPrefill:
    return_id: int
    advance: ActAmounts
    months_missing: list[Period]
    text: str


def prefill_annual(
    store: StoreLike,
    client_id: int,
    year: str,
    *,
    make: Callable[[ClientProfile, str], Form9Return] | None = None,
) -> AnnualPrefill:
    """The year's annual return (created from the client profile when there is none) with its
    advance-paid inputs set to the year's monthly Part 5 remittances per act (editable after)."""
    fy = Period.parse(year).financial_year
    with store.transaction():
        store.lock_client(client_id)
        rows = returns_of(store, client_id, fy)
        blocker = history.annual_blocker(rows, fy)
        if blocker is not None:
            raise LifecycleError(blocker)
        waiting = history.unfiled(rows)
        pack = pack_named(waiting.rate_pack if waiting is not None else "", fy)
        if pack is None:  # checked first: nothing is created without it
            raise LifecycleError(f"No rate pack for {fy}: the tax heads of Part 5 cannot be told.")
        if waiting is not None:
            rid = waiting.id
            ensure_editable(store, rid)
        else:
            client = store.get_client(client_id)
            ret = make(client, str(fy)) if make else _blank_return(client, str(fy))
            rid = store.create_return(client_id, ret)
            prefill_brought_forward(store, rid)
        ret = peek(store, rid)
        every, latest = filed_months(store, client_id, fy)
        by_group = annual_rules.remittances_by_head_group(every, pack)
        advance = by_group["tax"]
        ret.inputs.advance = advance
        store.save_parts(rid, ret, {"inputs"})
        store.set_payable(rid, _payable_total(_figures(ret)))
        if store.return_info(rid).status == st.READY:
            store.set_status(rid, st.DRAFT)
    missing = [m for m, v in latest.items() if v is None]
    text = (
        f"Advance paid set to the year's Part 5 remittances under tax heads of {len(every)} "
        f"filed monthly return(s): {cf_rules.describe(advance)}." + annual_rules.left_out(by_group)
    )
    if missing:
        text += " No filed return for " + ", ".join(m.label for m in missing) + "."
    return AnnualPrefill(rid, advance, missing, text)


def _blank_return(client: ClientProfile, period: str) -> Form9Return:
    ret = Form9Return(header=client.header_for(period))
    ret.inputs.large_dealer = client.large_dealer
    return ret
