"""Creating a dealer's next return (issue 15 item 1): blank, or started from the previous return
(app.model.roll_forward), with brought-forward figures from the filing chain
(app.store.lifecycle) — one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.model.client import ClientProfile
from app.model.form9 import Form9Return
from app.model.history import return_label
from app.model.periods import Period
from app.model.roll_forward import previous_return, proposed_period, roll_forward
from app.ratepacks import pack_for_period
from app.store import Store, lifecycle


def blank_return(profile: ClientProfile, period: Period) -> Form9Return:
    """A blank return carrying the dealer's particulars and the rate pack's interest rates."""
    ret = Form9Return(header=profile.header_for(str(period)))
    ret.inputs.large_dealer = profile.large_dealer
    pack = pack_for_period(period)
    if pack is not None:
        ret.inputs.interest_rate = dict(pack.interest_rate)
    return ret


@dataclass(frozen=True, slots=True)
class NextReturn:
    """What "New return" proposes for a dealer."""

    period: Period
    previous: str  # "Original of October 2025" — the return it can start from; "" when none


def next_return(store: Store, client_id: int, today: date, *, annual: bool = False) -> NextReturn:
    versions = store.list_returns(client_id)
    period = proposed_period(versions, today, annual=annual)
    source = previous_return(versions, period)
    return NextReturn(period, return_label(source) if source is not None else "")


def previous_label(store: Store, client_id: int, period: Period) -> str:
    source = previous_return(store.list_returns(client_id), period)
    return return_label(source) if source is not None else ""


def create_return(
    store: Store, client_id: int, period: Period, *, from_previous: bool = False,
    amounts: bool = False,
) -> tuple[int, str]:  # fmt: skip
    """Create the return as one unit of work, its brought-forward figures (and, for a year, the
    advance paid from the months' remittances) prefilled; with `from_previous`, started from the
    dealer's previous return (amounts too with `amounts`).  Returns the id and a note saying
    where prefilled figures came from."""
    with store.transaction():
        profile = store.get_client(client_id)
        ret = blank_return(profile, period)
        started = ""
        if from_previous:
            source = previous_return(store.list_returns(client_id), period)
            if source is None:
                started = "No earlier return to start from: the return starts blank."
            else:
                prev = store.load_return(source.id, lists=False)
                ret, copied = roll_forward(prev, ret, amounts=amounts)
                started = copied.describe(return_label(source))
        if period.is_annual:
            result = lifecycle.prefill_annual(store, client_id, str(period),
                                              make=lambda _p, _s: ret)  # fmt: skip
            rid, note = result.return_id, result.text
        else:
            pack = pack_for_period(period)
            rid, note = lifecycle.new_return(store, client_id, ret,
                                             rate_pack=pack.version if pack else "")  # fmt: skip
    return rid, " ".join(t for t in (started, note) if t)
