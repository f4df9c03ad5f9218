"""Issue 12 through the store: each payment under its head of account; "Mark as filed" refuses
a cess paid under the tax head; the annual advance is prefilled from tax heads only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lifecycle_builders import month_return, pay
from lifecycle_year import edit, file, new

from app.model.compute import compute
from app.model.form9 import ActAmounts
from app.store import lifecycle as lc

D = Decimal


def month_with_cess(period: str, on: date) -> Any:
    """KGST 50,000 at 10 % = 5,000.00 and SSC on petrol and diesel (e) 1,000.00."""
    ret = month_return(period, kgst="50000.00", on=on)
    ret.inputs.cess.e = D("1000.00")
    return ret


def test_payments_by_head_and_the_annual_advance(store: Any, client_id: int) -> None:
    s, cid = store, client_id
    aug_on = date(2024, 9, 15)  # on time
    aug = month_with_cess("2024-08", aug_on)
    pay(aug, "KGST", "5000.00", aug_on)
    pay(aug, "KGST", "1000.00", aug_on, group="cess", cess="e")
    file(s, new(s, cid, aug), "ACK-AUG", aug_on)

    # September, 10 days late (due 15-10-2024): interest 5,000 × 12 × 10 / 36,500 = 16.438… →
    # 16.44 on the tax and 1,000 × 12 × 10 / 36,500 = 3.287… → 3.29 on the cess (e).
    sep_on = date(2024, 10, 25)
    sep = month_with_cess("2024-09", sep_on)
    pay(sep, "KGST", "6019.73", sep_on)  # everything under the tax head
    rid = new(s, cid, sep)
    c = compute(s.load_return(rid))
    assert (c.part3a.rows["a"].total, c.part3a.rows["e"].total) == (D("5016.44"), D("1003.29"))
    with pytest.raises(lc.FilingRefused) as refused:
        file(s, rid, "ACK-SEP", sep_on)
    (short,) = [f for f in refused.value.findings if f.is_error]
    assert (short.code, short.field) == ("E-UNPAID", "head_of_account")
    assert "KGST cess (b)–(f): paid ₹0.00 under its heads but ₹1,003.29 is due" in short.message

    def by_head(r: Any) -> None:
        r.part5.clear()
        pay(r, "KGST", "5000.00", sep_on)
        pay(r, "KGST", "16.44", sep_on, group="interest")
        pay(r, "KGST", "1003.29", sep_on, group="cess", cess="e")

    edit(s, rid, by_head)
    assert file(s, rid, "ACK-SEP", sep_on).payable == D("6019.73")

    # Advance = tax heads only: 5,000 + 5,000 = 10,000.00.  Interest 16.44 and the cess
    # 1,000 + 1,003.29 = 2,003.29 are not advance tax.
    pre = lc.prefill_annual(s, cid, "2024-25")
    assert pre.advance == ActAmounts(D("10000.00"), D("0.00"), D("0.00"))
    assert pre.text.startswith(
        "Advance paid set to the year's Part 5 remittances under tax heads of 2 filed monthly "
        "return(s): KGST 10,000.00; KVAT 0.00; CST 0.00. Not counted as advance tax: interest "
        "heads KGST 16.44; cess heads KGST 2,003.29."
    )
    assert s.load_return(pre.return_id).inputs.advance == pre.advance


def test_without_a_rate_pack_the_prefill_is_refused_and_creates_nothing(
    store: Any, client_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lc, "pack_named", lambda version, period: None)
    with pytest.raises(lc.LifecycleError, match="No rate pack for 2024-25"):
        lc.prefill_annual(store, client_id, "2024-25")
    assert list(store.list_returns(client_id)) == []
