"""What the store says about a dealer's returns over time, for reading only (spec section 7): where
a return's brought-forward figures come from, the credit chain of a year, the history of a period,
the annual year summary and the oil-company advance reminder.  Each reads one consistent snapshot
(`store.transaction(write=False)`); the rules are in app.model.history and friends.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from app.model import annual as annual_rules
from app.model import carry_forward as cf_rules
from app.model import filing as filing_rules
from app.model import history
from app.model import status as st
from app.model.client import ClientProfile
from app.model.compute import Computed, compute
from app.model.form9 import ActAmounts, Form9Return
from app.model.history import VersionFacts, return_label, version_label
from app.model.numbers import fmt_indian
from app.model.periods import Period
from app.model.ratepack import RatePack
from app.store.errors import LifecycleError


class StoreReader(Protocol):
    """The reading part of app.store.Store."""

    def transaction(self, *, write: bool = True) -> AbstractContextManager[None]: ...
    def get_client(self, client_id: int) -> ClientProfile: ...
    def list_returns(self, client_id: int) -> Sequence[VersionFacts]: ...
    def load_return(self, return_id: int, *, lists: bool = True) -> Form9Return: ...
    def load_returns(self, return_ids: Sequence[int]) -> dict[int, Form9Return]: ...
    def return_info(self, return_id: int) -> VersionFacts: ...
    def latest_filed(self, client_id: int, period: str) -> VersionFacts | None: ...


def period_of(info: VersionFacts) -> Period:
    return Period.parse(info.period)


def returns_of(store: StoreReader, client_id: int, period: Period) -> list[VersionFacts]:
    return history.of_period(store.list_returns(client_id), period)


def peek(store: StoreReader, return_id: int) -> Form9Return:
    """A return without its sales / purchase lists, for reading figures (never saved whole)."""
    return store.load_return(return_id, lists=False)


def figures(ret: Form9Return) -> Computed:
    """Every figure but the list summaries (not needed for carry-forward or payable)."""
    return compute(ret, with_lists=False)


def excess(ret: Form9Return) -> ActAmounts:
    """The return's excess carried forward: (a)(v), (g)(ix), (h)(v)."""
    return cf_rules.excess_of(figures(ret).part3.as_dict())


# --- brought forward ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BroughtForwardSource:
    amounts: ActAmounts
    text: str
    from_return_id: int | None


def brought_forward_source(store: StoreReader, return_id: int) -> BroughtForwardSource:
    """Where the return's brought-forward figures (Part 3 (a)(iii), (g)(ii), (h)(iii)) come from."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        period = period_of(info)
        ret = peek(store, return_id)
        first = history.first_filed(returns_of(store, info.client_id, period))
        if first is not None:
            whose = (
                "As filed"
                if first.id == info.id
                else f"Kept from the filed {version_label(first).lower()} of {period.label}"
            )
            return BroughtForwardSource(
                ret.inputs.brought_forward,
                f"{whose}: once a period's first return is filed its brought-forward figures are "
                "fixed; later revisions of the previous period do not change them (instruction "
                "17).",
                first.id,
            )
        prev = period.previous()
        src = store.latest_filed(info.client_id, str(prev))
        if src is None:
            return BroughtForwardSource(
                ret.inputs.brought_forward,
                f"No filed return for {prev.label} is recorded; brought-forward figures are as "
                "entered.",
                None,
            )
        amounts = excess(peek(store, src.id))
    when = f", filed {src.filed_on:%d-%m-%Y}" if src.filed_on else ""
    ack = f", ack {src.ack_no}" if src.ack_no else ""
    return BroughtForwardSource(
        amounts,
        f"Brought forward from {return_label(src)}{when}{ack}: (a)(v), (g)(ix), (h)(v) = "
        f"{cf_rules.describe(amounts)}.",
        src.id,
    )


# --- chain and history -------------------------------------------------------------------------


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


def chain(store: StoreReader, client_id: int, financial_year: str) -> list[ChainRow]:
    """Credit flowing month to month through a financial year (latest filed return per month,
    else the unfiled one)."""
    year = Period.parse(financial_year).financial_year
    months = annual_rules.months_of_year(year)
    with store.transaction(write=False):
        everything = store.list_returns(client_id)
        current = {
            m: history.standing(history.of_period(everything, m))
            for m in [*months, months[-1].next()]
        }
        loaded = {i.id: peek(store, i.id) for i in current.values() if i is not None}
    rows: list[ChainRow] = []
    for m in months:
        info = current[m]
        if info is None:
            rows.append(ChainRow(m, None, "", "", ActAmounts(), ActAmounts(), None, "no return"))
            continue
        ret = loaded[info.id]
        out = excess(ret)
        nxt = current[m.next()]
        carried = loaded[nxt.id].inputs.brought_forward if nxt is not None else None
        note = ""
        if carried is not None:
            nxt_first = history.first_filed(history.of_period(everything, m.next()))
            note = history.chain_note(
                m, out, carried, is_revision=ret.is_revision,
                after_next=history.filed_after_next(
                    info.filed_on, nxt_first.filed_on if nxt_first else None
                ),
            )  # fmt: skip
        rows.append(
            ChainRow(
                m,
                info.id,
                version_label(info),
                info.status,
                ret.inputs.brought_forward,
                out,
                carried,
                note,
            )
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


def timeline(store: StoreReader, client_id: int, period: str) -> list[TimelineEntry]:
    """Every return of the client's period, original first, each with what it did."""
    p = Period.parse(period)
    out: list[TimelineEntry] = []
    with store.transaction(write=False):
        everything = store.list_returns(client_id)
        next_first = history.first_filed(history.of_period(everything, p.next()))
        for r in history.of_period(everything, p):
            notes: list[str] = []
            if r.status == st.FILED:
                notes.append(
                    f"Filed{f' on {r.filed_on:%d-%m-%Y}' if r.filed_on else ''}"
                    f"{f', ack {r.ack_no}' if r.ack_no else ''}"
                )
            else:
                notes.append(st.LABELS[r.status])
            if r.return_type == "revision":
                ret = peek(store, r.id)
                c = figures(ret)
                if c.part4 is not None:
                    notes.append(f"Part 4 payable ₹{fmt_indian(c.part4.payable)}")
                if ret.filed is not None:
                    notes.append(f"revises the return filed with ack {ret.filed.ack_no or '—'}")
                if r.status == st.FILED and r.filed_on:
                    carried = ret.filed.carried_forward if ret.filed else ActAmounts()
                    after = history.filed_after_next(
                        r.filed_on, next_first.filed_on if next_first else None
                    )
                    notes.append(
                        history.revision_carry_note(
                            p, cf_rules.excess_of(c.part3.as_dict()), carried, after_next=after
                        )
                    )
            updated = r.updated_at if isinstance(r.updated_at, datetime) else None
            out.append(
                TimelineEntry(
                    r.id,
                    version_label(r),
                    r.status,
                    r.filed_on,
                    r.ack_no,
                    r.payable,
                    updated,
                    notes,
                )
            )
    return out


# --- annual return -----------------------------------------------------------------------------


def filed_months(
    store: StoreReader, client_id: int, year: Period
) -> tuple[list[Form9Return], dict[Period, tuple[Form9Return, Computed] | None]]:
    """Every filed version of each month of the year, and the latest filed one per month."""
    everything: list[Form9Return] = []
    latest: dict[Period, tuple[Form9Return, Computed] | None] = {}
    with store.transaction(write=False):
        all_returns = store.list_returns(client_id)
        ids = {m: [r.id for r in history.filed(history.of_period(all_returns, m))]
               for m in annual_rules.months_of_year(year)}  # fmt: skip
        loaded = store.load_returns([rid for month in ids.values() for rid in month])
    for m, month in ids.items():
        rets = [loaded[rid] for rid in month]
        everything.extend(rets)
        latest[m] = (rets[-1], figures(rets[-1])) if rets else None
    return everything, latest


def pack_named(version: str, period: Period | str) -> RatePack | None:
    """The rate pack a return records, else the one of its period.  A missing or broken pack
    raises RatePackError (never a silent None: validation would quietly lose its rate checks)."""
    from app.ratepacks import pack_by_version, pack_for_period

    return pack_by_version(version) or pack_for_period(period)


def year_summary(store: StoreReader, client_id: int, year: str) -> annual_rules.YearSummary:
    """The annual return's figures against the sum of the year's monthly returns."""
    fy = Period.parse(year).financial_year
    with store.transaction(write=False):
        info = history.standing(returns_of(store, client_id, fy))
        if info is None:
            raise LifecycleError(f"No annual return for {fy} is recorded yet.")
        annual = peek(store, info.id)
        every, latest = filed_months(store, client_id, fy)
        pack = pack_named(info.rate_pack, fy)
    if pack is None:
        raise LifecycleError(f"No rate pack for {fy}: the tax heads of Part 5 cannot be told.")
    return annual_rules.year_summary(
        fy, annual, figures(annual), latest, annual_rules.remittances_per_act(every, pack)
    )


# --- reminders ---------------------------------------------------------------------------------


def oil_advance(store: StoreReader, return_id: int) -> filing_rules.OilAdvance | None:
    """r.21(7) reminder for an oil company's monthly return, from the preceding month's return."""
    with store.transaction(write=False):
        info = store.return_info(return_id)
        period = period_of(info)
        if period.is_annual:
            return None
        ret = store.load_return(return_id, lists=False)
        prev = history.standing(returns_of(store, info.client_id, period.previous()))
        part3 = figures(peek(store, prev.id)).part3.as_dict() if prev is not None else None
    return filing_rules.oil_advance_reminder(period, ret.header.nature_of_business, part3)
