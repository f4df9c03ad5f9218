"""Issue 12: the annual return's advance is prefilled from tax heads only — interest and cess
payments are not advance tax (else the cesses are charged again in the annual return)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as Dec

from app.model.annual import left_out, remittances_by_head_group, remittances_per_act
from app.model.form9 import ActAmounts, Form9Return, Part5Row
from app.model.periods import Period
from app.ratepacks import pack_for_period

_PACK = pack_for_period(Period(2024, 0))
assert _PACK is not None
PACK = _PACK
ON = dt.date(2024, 9, 15)


def text(act: str, group: str, cess: str = "") -> str:
    h = PACK.head(act, group, cess)
    assert h is not None
    return h.text


def paid(*rows: tuple[str, str, str]) -> Form9Return:
    ret = Form9Return()
    ret.part5 = [Part5Row(f"CIN{n}", ON, act, head, Dec(amount)) for n, (act, head, amount)
                 in enumerate(rows)]  # fmt: skip
    return ret


def test_advance_counts_tax_heads_only() -> None:
    august = paid(
        ("KGST", text("KGST", "tax"), "10000.00"),
        ("KGST", text("KGST", "interest"), "120.55"),
        ("KGST", text("KGST", "cess", "c"), "1500.00"),  # AST s.5D
        ("KGST", "0040-00-102-89", "3000.00"),  # SSC on petrol and diesel, its short code
        ("KVAT", text("KVAT", "tax"), "2000.00"),
        ("KVAT", text("KVAT", "interest"), "10.00"),
        ("CST", text("CST", "tax"), "500.00"),
    )
    august_revision = paid(
        ("KGST", text("KGST", "tax"), "1000.00"),
        ("KGST", text("KGST", "interest"), "6.90"),
        ("KGST", "0040-00-102-99", "99.00"),  # a code the pack does not know
    )
    # Hand-worked: KGST tax 10,000 + 1,000 = 11,000.00; KVAT 2,000.00; CST 500.00.
    assert remittances_per_act([august, august_revision], PACK) == ActAmounts(
        Dec("11000.00"), Dec("2000.00"), Dec("500.00"))  # fmt: skip
    groups = remittances_by_head_group([august, august_revision], PACK)
    # Interest KGST 120.55 + 6.90 = 127.45, KVAT 10.00; cess 1,500 + 3,000 = 4,500.00.
    assert groups["interest"] == ActAmounts(Dec("127.45"), Dec("10.00"), Dec("0"))
    assert groups["cess"] == ActAmounts(Dec("4500.00"), Dec("0"), Dec("0"))
    assert groups["unknown"] == ActAmounts(Dec("99.00"), Dec("0"), Dec("0"))
    assert left_out(groups) == (
        " Not counted as advance tax: interest heads KGST 127.45; KVAT 10.00; cess heads KGST "
        "4,500.00; heads not in the rate pack KGST 99.00."
    )
    assert left_out(remittances_by_head_group([paid(("KGST", "KGST tax", "5.00"))], PACK)) == ""
