"""The return lifecycle over the store (spec section 7): status, carry-forward, revisions, the
annual return and history.  Rules live in app.model (status, carry_forward, revision, filing,
annual); this module reads and writes the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from app.model import annual as annual_rules
from app.model import carry_forward as cf_rules
from app.model import filing as filing_rules
from app.model import status as st
from app.model.client import ClientProfile
from app.model.compute import Computed, compute, payable_per_act
from app.model.findings import Finding
from app.model.form9 import ActAmounts, Form9Return
from app.model.numbers import ZERO, fmt_indian
from app.model.periods import Period
from app.model.ratepack import RatePack
from app.model.revision import make_revision, next_revision_no, original_due_date
from app.model.validation import Context, validate


class ReturnInfoLike(Protocol):
    """What the lifecycle reads of app.store's ReturnInfo."""

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
    def payable(self) -> Decimal: ...
    @property
    def rate_pack(self) -> str: ...
    @property
    def updated_at(self) -> Any: ...


class StoreLike(Protocol):
    """The part of app.store.Store the lifecycle uses."""

    def get_client(self, client_id: int) -> ClientProfile: ...
    def list_returns(self, client_id: int) -> Sequence[ReturnInfoLike]: ...
    def create_return(self, client_id: int, ret: Form9Return, *, rate_pack: str = "") -> int: ...
    def load_return(self, return_id: int, *, lists: bool = True) -> Form9Return: ...
    def return_info(self, return_id: int) -> ReturnInfoLike: ...
    def save_return(self, return_id: int, ret: Form9Return) -> Any: ...
    def save_parts(self, return_id: int, ret: Form9Return, parts: set[str]) -> Any: ...
    def set_status(
        self, return_id: int, status: str, *, ack_no: str = "", filed_on: date | None = None
    ) -> Any: ...
    def set_payable(self, return_id: int, payable: Decimal) -> Any: ...
    def latest_filed(self, client_id: int, period: str) -> ReturnInfoLike | None: ...


class LifecycleError(Exception):
    """A lifecycle action that cannot be done; the message says why, in plain words."""


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


# --- helpers ---------------------------------------------------------------------------------


def version_label(info: ReturnInfoLike) -> str:
    return st.describe_version(info.return_type, info.revision_no)


def return_label(info: ReturnInfoLike) -> str:
    """'Revision 1 of September 2024'."""
    return f"{version_label(info)} of {_period(info).label}"


def _period(info: ReturnInfoLike) -> Period:
    return Period.parse(info.period)


def _returns_of(store: StoreLike, client_id: int, period: Period) -> list[ReturnInfoLike]:
    key = str(period)
    rows = [r for r in store.list_returns(client_id) if r.period == key]
    return sorted(rows, key=lambda r: r.revision_no)


def _latest_filed(store: StoreLike, client_id: int, period: Period) -> ReturnInfoLike | None:
    return store.latest_filed(client_id, str(period))


def _first_filed(store: StoreLike, client_id: int, period: Period) -> ReturnInfoLike | None:
    filed = [r for r in _returns_of(store, client_id, period) if r.status == st.FILED]
    return filed[0] if filed else None


def _current(store: StoreLike, client_id: int, period: Period) -> ReturnInfoLike | None:
    """The return that stands for the period: the latest filed one, else the latest unfiled."""
    rows = _returns_of(store, client_id, period)
    filed = [r for r in rows if r.status == st.FILED]
    if filed:
        return filed[-1]
    return rows[-1] if rows else None


def _pack(info: ReturnInfoLike) -> RatePack | None:
    """The rate pack the return records, else the one in force for its period."""
    return _pack_named(info.rate_pack, _period(info))


def _pack_named(version: str, period: Period) -> RatePack | None:
    """The pack a return records, else the one of its period.  A missing or broken pack raises
    RatePackError (never a silent None: validation would quietly lose its rate checks)."""
    from app.ratepacks import pack_by_version, pack_for_period

    return pack_by_version(version) or pack_for_period(period)


def _peek(store: StoreLike, return_id: int) -> Form9Return:
    """A return without its sales / purchase lists, for reading figures (never saved whole)."""
    return store.load_return(return_id, lists=False)


def _figures(ret: Form9Return) -> Computed:
    """Every figure but the list summaries (not needed for carry-forward or payable)."""
    return compute(ret, with_lists=False)


def _payable_total(c: Computed) -> Decimal:
    return sum(payable_per_act(c).values(), ZERO)


def _next_no(store: StoreLike, client_id: int, period: Period) -> int:
    return next_revision_no(r.revision_no for r in _returns_of(store, client_id, period))


# --- status ----------------------------------------------------------------------------------


def ensure_editable(store: StoreLike, return_id: int) -> ReturnInfoLike:
    """Raise ReturnLocked (explaining, and naming the revision to create) if the return is filed."""
    info = store.return_info(return_id)
    if st.is_locked(info.status):
        n = _next_no(store, info.client_id, _period(info))
        msg = st.lock_message(
            version_label(info), _period(info).label, info.ack_no, info.filed_on, n
        )
        raise ReturnLocked(msg, return_id, n)
    return info


def note_edited(store: StoreLike, return_id: int) -> None:
    """An edit of a ready return sends it back to draft (a filed one raises ReturnLocked)."""
    info = ensure_editable(store, return_id)
    if info.status != st.DRAFT:
        store.set_status(return_id, st.status_after_edit(info.status))


def sequence_states(
    store: StoreLike, client_id: int, period: Period
) -> dict[Period, filing_rules.SequenceState]:
    """Instruction 2 facts: is each required earlier return filed?  "unknown" when the app holds
    no return of that kind at or before it (the dealer's records start later)."""
    everything = store.list_returns(client_id)
    out: dict[Period, filing_rules.SequenceState] = {}
    for p in filing_rules.required_previous(period):
        same = [r for r in everything if r.period == str(p)]
        if any(r.status == st.FILED for r in same):
            out[p] = "filed"
            continue
        started = same or [
            r
            for r in everything
            if (q := Period.parse(r.period)).is_annual == p.is_annual and q < p
        ]
        out[p] = "unfiled" if started else "unknown"
    return out


def _registration_renewed(client: ClientProfile, period: Period) -> bool | None:
    if not client.renewed_until.strip():
        return None
    try:
        renewed = Period.parse(client.renewed_until)
    except ValueError:
        return None
    return renewed.financial_year.year >= period.financial_year.year


def validation_context(store: StoreLike, return_id: int) -> Context:
    """The store's facts that validation needs: instructions 1 (renewal) and 2 (sequence)."""
    info = store.return_info(return_id)
    period = _period(info)
    states = sequence_states(store, info.client_id, period)
    return Context(
        previous_filed=all(s != "unfiled" for s in states.values()),
        registration_renewed=_registration_renewed(store.get_client(info.client_id), period),
    )


def check(
    store: StoreLike, return_id: int, ret: Form9Return | None = None, *, as_of: date | None = None
) -> tuple[Computed, list[Finding]]:
    """Compute and validate a return with the store's facts (instructions 1 and 2)."""
    info = store.return_info(return_id)
    ret = ret if ret is not None else store.load_return(return_id)
    computed = compute(ret, as_of=as_of)
    return computed, validate(ret, computed, _pack(info), validation_context(store, return_id))


def mark_ready(store: StoreLike, return_id: int) -> list[Finding]:
    """Draft → Ready when there are no validation errors; returns the warnings."""
    info = ensure_editable(store, return_id)
    ret = store.load_return(return_id)
    if ret.is_revision:
        _refresh_revision_facts(store, info, ret)
    computed, findings = check(store, return_id, ret)
    if any(f.is_error for f in findings):
        raise FilingRefused("Mark ready", findings)
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
    figures and every finding (errors refuse the filing)."""
    info = ensure_editable(store, return_id)
    ret = store.load_return(return_id)
    if ret.is_revision:
        _refresh_revision_facts(store, info, ret)
    ret.header.date_of_filing = filed_on
    computed, findings = check(store, return_id, ret)
    result = filing_rules.filing_findings(
        ret,
        computed,
        ack_no=ack_no,
        filed_on=filed_on,
        today=today or date.today(),
        validation=findings,
        sequence=sequence_states(store, info.client_id, _period(info)),
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
    (instructions 3–4) and there are no validation errors."""
    info = store.return_info(return_id)
    ret, computed, result = filing_check(store, return_id, ack_no, filed_on, today=today)
    if any(f.is_error for f in result):
        raise FilingRefused("Mark as filed", result)
    payable = _payable_total(computed)
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
class BroughtForwardSource:
    amounts: ActAmounts
    text: str
    from_return_id: int | None


def brought_forward_source(store: StoreLike, return_id: int) -> BroughtForwardSource:
    """Where the return's brought-forward figures (Part 3 (a)(iii), (g)(ii), (h)(iii)) come from."""
    info = store.return_info(return_id)
    period = _period(info)
    ret = store.load_return(return_id)
    first = _first_filed(store, info.client_id, period)
    if first is not None:
        whose = (
            "As filed"
            if first.id == info.id
            else (f"Kept from the filed {version_label(first).lower()} of {period.label}")
        )
        return BroughtForwardSource(
            ret.inputs.brought_forward,
            f"{whose}: once a period's first return is filed its brought-forward figures are "
            "fixed; later revisions of the previous period do not change them (instruction 17).",
            first.id,
        )
    prev = period.previous()
    src = _latest_filed(store, info.client_id, prev)
    if src is None:
        return BroughtForwardSource(
            ret.inputs.brought_forward,
            f"No filed return for {prev.label} is recorded; brought-forward figures are as "
            "entered.",
            None,
        )
    excess = cf_rules.excess_of(_figures(_peek(store, src.id)).part3.as_dict())
    when = f", filed {src.filed_on:%d-%m-%Y}" if src.filed_on else ""
    ack = f", ack {src.ack_no}" if src.ack_no else ""
    return BroughtForwardSource(
        excess,
        f"Brought forward from {return_label(src)}{when}{ack}: (a)(v), (g)(ix), (h)(v) = "
        f"{cf_rules.describe(excess)}.",
        src.id,
    )


def prefill_brought_forward(store: StoreLike, return_id: int) -> str:
    """Fill Part 3 (a)(iii), (g)(ii), (h)(iii) from the previous period's latest filed return;
    returns where they came from.  A filed return is refused (ReturnLocked)."""
    info = ensure_editable(store, return_id)
    source = brought_forward_source(store, return_id)
    if source.from_return_id is None:
        return source.text
    ret = store.load_return(return_id)
    if ret.inputs.brought_forward != source.amounts:
        ret.inputs.brought_forward = ActAmounts(
            source.amounts.kgst, source.amounts.kvat, source.amounts.cst
        )
        store.save_parts(return_id, ret, {"inputs"})
        store.set_payable(return_id, _payable_total(_figures(ret)))
        if info.status == st.READY:
            store.set_status(return_id, st.DRAFT)
    return source.text


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
    return cf_rules.carried_into(excess, _peek(store, nxt.id).inputs.brought_forward)


def _refresh_revision_facts(store: StoreLike, info: ReturnInfoLike, ret: Form9Return) -> None:
    """Part 4 `carried_forward` of an unfiled revision, as the store stands now (instruction 16)."""
    if ret.filed is None:
        return
    excess = cf_rules.excess_of(ret.filed.part3)
    ret.filed.carried_forward = _carried_from(store, info.client_id, _period(info), excess)


def _refresh_previous_revisions(store: StoreLike, client_id: int, period: Period) -> None:
    """A filing in `period` may carry the previous period's excess: update the previous period's
    unfiled revisions' Part 4 `carried_forward`."""
    for r in _returns_of(store, client_id, period.previous()):
        if r.status != st.FILED and r.return_type == "revision":
            ret = store.load_return(r.id)
            _refresh_revision_facts(store, r, ret)
            store.save_parts(r.id, ret, {"part4"})
            store.set_payable(r.id, _payable_total(_figures(ret)))


def refresh_carry_forward(store: StoreLike, return_id: int) -> CarryReport:
    """After `return_id` (a filed return) is filed: instruction 16 — if the next period has no
    filed return, its unfiled returns take this return's excess as brought forward; instruction
    17 — if the next period's return was already filed, nothing changes there and a revision's
    excess beyond what was carried may be claimed as refund."""
    info = store.return_info(return_id)
    period = _period(info)
    nxt = period.next()
    ret = store.load_return(return_id)
    excess = cf_rules.excess_of(_figures(ret).part3.as_dict())
    next_first = _first_filed(store, info.client_id, nxt)
    next_latest = _latest_filed(store, info.client_id, nxt)
    is_rev = ret.is_revision and ret.filed is not None
    if next_first is not None and next_latest is not None:
        bf = _peek(store, next_latest.id).inputs.brought_forward
        carried = ret.filed.carried_forward if ret.filed else bf
        if not is_rev:
            return CarryReport(
                None, nxt, [], ActAmounts(),
                f"{nxt.label} is already filed; its brought-forward figures stay as filed.",
            )  # fmt: skip
        outcome = cf_rules.revision_outcome(
            excess, carried, next_filed=True, next_brought_forward=bf, next_label=nxt.label
        )
        return CarryReport(17, nxt, [], outcome.refund, outcome.message)
    updated: list[int] = []
    for r in _returns_of(store, info.client_id, nxt):
        if r.status == st.FILED:
            continue
        other = store.load_return(r.id)
        if other.inputs.brought_forward != excess:
            other.inputs.brought_forward = ActAmounts(excess.kgst, excess.kvat, excess.cst)
            store.save_parts(r.id, other, {"inputs"})
            store.set_payable(r.id, _payable_total(_figures(other)))
            if r.status == st.READY:
                store.set_status(r.id, st.DRAFT)
            updated.append(r.id)
    outcome = cf_rules.revision_outcome(
        excess, ActAmounts(), next_filed=False, next_brought_forward=excess, next_label=nxt.label
    )
    msg = (
        outcome.message if is_rev else f"Excess ({cf_rules.describe(excess)}) goes to {nxt.label}."
    )
    if updated:
        msg += f" Updated the brought-forward figures of {len(updated)} unfiled return(s)."
    return CarryReport(16 if is_rev else None, nxt, updated, ActAmounts(), msg)


# --- revisions -------------------------------------------------------------------------------


def create_revision(store: StoreLike, return_id: int) -> int:
    """Revision N from the latest filed return of the period, with all its data (instruction 15);
    Part 4 gets the filed figures, the original due date and what was carried forward."""
    info = store.return_info(return_id)
    period = _period(info)
    rows = _returns_of(store, info.client_id, period)
    latest = _latest_filed(store, info.client_id, period)
    if latest is None:
        raise LifecycleError(
            f"No return for {period.label} is filed yet; there is nothing to revise "
            "(file the original first)."
        )
    pending = [r for r in rows if r.status != st.FILED]
    if pending:
        p = pending[-1]
        raise LifecycleError(
            f"{return_label(p)} is not filed yet ({st.LABELS[p.status].lower()}); finish or "
            "file it before starting another revision."
        )
    filed = store.load_return(latest.id)
    c = _figures(filed)
    part3 = c.part3.as_dict()
    excess = cf_rules.excess_of(part3)
    rev = make_revision(
        filed,
        part3,
        revision_no=_next_no(store, info.client_id, period),
        due_date=original_due_date(filed, c.due_date),
        ack_no=latest.ack_no,
        carried_forward=_carried_from(store, info.client_id, period, excess),
    )
    new_id = store.create_return(info.client_id, rev, rate_pack=latest.rate_pack)
    store.set_payable(new_id, _payable_total(_figures(rev)))
    return new_id


# --- chain and history -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainRow:
    """One month of the carry-forward chain: what came in, the excess, what went on."""

    period: Period
    return_id: int | None
    version: str  # "Original", "Revision 1", or "" when no return is recorded
    status: str
    brought_forward: ActAmounts
    excess: ActAmounts
    carried: ActAmounts | None  # the next month's brought-forward; None until it exists
    note: str = ""


def chain(store: StoreLike, client_id: int, financial_year: str) -> list[ChainRow]:
    """Credit flowing month to month through a financial year (latest filed return per month,
    else the unfiled one)."""
    year = Period.parse(financial_year).financial_year
    months = annual_rules.months_of_year(year)
    current = {m: _current(store, client_id, m) for m in [*months, months[-1].next()]}
    loaded: dict[int, Form9Return] = {}

    def load(i: ReturnInfoLike) -> Form9Return:
        if i.id not in loaded:
            loaded[i.id] = _peek(store, i.id)
        return loaded[i.id]

    rows: list[ChainRow] = []
    for m in months:
        info = current[m]
        if info is None:
            rows.append(ChainRow(m, None, "", "", ActAmounts(), ActAmounts(), None, "no return"))
            continue
        ret = load(info)
        excess = cf_rules.excess_of(_figures(ret).part3.as_dict())
        nxt = current[m.next()]
        carried = load(nxt).inputs.brought_forward if nxt is not None else None
        note = ""
        if carried is not None and carried != excess:
            left = cf_rules.not_carried(excess, carried)
            if not cf_rules.is_zero(left) and ret.is_revision and nxt is not None:
                nxt_first = _first_filed(store, client_id, m.next())
                if (
                    nxt_first is not None
                    and info.filed_on
                    and nxt_first.filed_on
                    and (nxt_first.filed_on <= info.filed_on)
                ):
                    note = (
                        f"not carried forward (instruction 17): {cf_rules.describe(left, nonzero_only=True)}; "
                        "refund may be claimed"
                    )
            if not note:
                note = f"{m.next().label} brought forward differs from this excess"
        rows.append(
            ChainRow(
                m,
                info.id,
                version_label(info),
                info.status,
                ret.inputs.brought_forward,
                excess,
                carried,
                note,
            )  # fmt: skip
        )
    return rows


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    return_id: int
    version: str
    status: str
    filed_on: date | None
    ack_no: str
    payable: Decimal
    updated_at: datetime | None
    notes: list[str] = field(default_factory=list)


def timeline(store: StoreLike, client_id: int, period: str) -> list[TimelineEntry]:
    """Every return of the client's period, original first, each with what it did."""
    p = Period.parse(period)
    out: list[TimelineEntry] = []
    for r in _returns_of(store, client_id, p):
        notes: list[str] = []
        if r.status == st.FILED:
            notes.append(
                f"Filed{f' on {r.filed_on:%d-%m-%Y}' if r.filed_on else ''}"
                f"{f', ack {r.ack_no}' if r.ack_no else ''}"
            )
        else:
            notes.append(st.LABELS[r.status])
        if r.return_type == "revision":
            ret = _peek(store, r.id)
            c = _figures(ret)
            if c.part4 is not None:
                notes.append(f"Part 4 payable ₹{fmt_indian(c.part4.payable)}")
            if ret.filed is not None:
                notes.append(f"revises the return filed with ack {ret.filed.ack_no or '—'}")
            if r.status == st.FILED and r.filed_on:
                nxt = _first_filed(store, client_id, p.next())
                if nxt is not None and nxt.filed_on and nxt.filed_on <= r.filed_on:
                    excess = cf_rules.excess_of(c.part3.as_dict())
                    carried = ret.filed.carried_forward if ret.filed else ActAmounts()
                    refund = cf_rules.not_carried(excess, carried)
                    text = (
                        f"filed after {p.next().label}: excess not carried forward (instruction 17)"
                    )
                    if not cf_rules.is_zero(refund):
                        text += f"; refund may be claimed: {cf_rules.describe(refund, nonzero_only=True)}"
                    notes.append(text)
                else:
                    notes.append(f"excess brought forward to {p.next().label} (instruction 16)")
        updated = r.updated_at if isinstance(r.updated_at, datetime) else None
        out.append(
            TimelineEntry(
                r.id, version_label(r), r.status, r.filed_on, r.ack_no, r.payable, updated, notes
            )
        )
    return out


# --- annual return ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnnualPrefill:
    return_id: int
    advance: ActAmounts
    months_missing: list[Period]
    text: str


def _filed_months(
    store: StoreLike, client_id: int, year: Period
) -> tuple[list[Form9Return], dict[Period, tuple[Form9Return, Computed] | None]]:
    """Every filed version of each month of the year, and the latest filed one per month."""
    everything: list[Form9Return] = []
    latest: dict[Period, tuple[Form9Return, Computed] | None] = {}
    for m in annual_rules.months_of_year(year):
        filed = [r for r in _returns_of(store, client_id, m) if r.status == st.FILED]
        rets = [_peek(store, r.id) for r in filed]
        everything.extend(rets)
        latest[m] = (rets[-1], _figures(rets[-1])) if rets else None
    return everything, latest


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
    rows = _returns_of(store, client_id, fy)
    unfiled = [r for r in rows if r.status != st.FILED]
    if rows and not unfiled:
        raise LifecycleError(
            f"The annual return for {fy} is filed; create a revision to change it."
        )
    pack = _pack_named(unfiled[-1].rate_pack if unfiled else "", fy)
    if pack is None:  # checked first: nothing is created without it
        raise LifecycleError(f"No rate pack for {fy}: the tax heads of Part 5 cannot be told.")
    if unfiled:
        rid = unfiled[-1].id
        ensure_editable(store, rid)
        ret = store.load_return(rid)
    else:
        client = store.get_client(client_id)
        ret = make(client, str(fy)) if make else _new_return(client, str(fy))
        rid = store.create_return(client_id, ret)
        prefill_brought_forward(store, rid)
        ret = store.load_return(rid)
    every, latest = _filed_months(store, client_id, fy)
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


def _new_return(client: ClientProfile, period: str) -> Form9Return:
    ret = Form9Return(header=client.header_for(period))
    ret.inputs.large_dealer = client.large_dealer
    return ret


def year_summary(store: StoreLike, client_id: int, year: str) -> annual_rules.YearSummary:
    """The annual return's figures against the sum of the year's monthly returns."""
    fy = Period.parse(year).financial_year
    info = _current(store, client_id, fy)
    if info is None:
        raise LifecycleError(f"No annual return for {fy} is recorded yet.")
    annual = _peek(store, info.id)
    every, latest = _filed_months(store, client_id, fy)
    pack = _pack(info)
    if pack is None:
        raise LifecycleError(f"No rate pack for {fy}: the tax heads of Part 5 cannot be told.")
    return annual_rules.year_summary(
        fy,
        annual,
        _figures(annual),
        latest,
        annual_rules.remittances_per_act(every, pack),
    )


# --- "what if I file on…" and reminders ------------------------------------------------------


def oil_advance(store: StoreLike, return_id: int) -> filing_rules.OilAdvance | None:
    """r.21(7) reminder for an oil company's monthly return, from the preceding month's return."""
    info = store.return_info(return_id)
    period = _period(info)
    if period.is_annual:
        return None
    ret = store.load_return(return_id)
    prev = _current(store, info.client_id, period.previous())
    part3 = _figures(_peek(store, prev.id)).part3.as_dict() if prev is not None else None
    return filing_rules.oil_advance_reminder(period, ret.header.nature_of_business, part3)
