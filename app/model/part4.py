"""Part 4 revision of return (FORM No. 9; spec section 4, the Part 4 table).

Values per row come from one function per act; which rows are payable is in
app.model.interpretations.PART4_ROWS.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model import interpretations as rules
from app.model.form9 import ActAmounts
from app.model.numbers import ZERO, simple_interest


@dataclass(frozen=True, slots=True)
class Part4Line:
    """One line of Part 4: as filed, as revised, the effect, interest and total."""

    filed: Decimal
    revised: Decimal
    effect: Decimal
    interest_rate: Decimal
    delay_days: int
    interest: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class Part4:
    """Part 4 (a revised return): its lines and the amount payable."""

    rows: dict[str, Part4Line]
    payable: Decimal


def column_values(p3: dict[str, Decimal], cf: ActAmounts | None) -> dict[str, Decimal]:
    """One column (F or R) of Part 4 from a Part 3; `cf` is subtracted from credits for R only."""
    cf_kgst = cf.kgst if cf else ZERO
    cf_kvat = cf.kvat if cf else ZERO
    cf_cst = cf.cst if cf else ZERO
    v: dict[str, Decimal] = {}
    # KGST: credit rows are not clamped after subtracting cf (spec).
    v["a_i"] = p3["a_i"]
    v["a_ii"] = p3["a_ii"] + p3["a_iii"] - cf_kgst
    v["a_iii"] = max(ZERO, v["a_i"] - v["a_ii"])
    v["a_iv"] = max(ZERO, v["a_ii"] - v["a_i"])
    for cess in ("b", "c", "d", "e", "f"):
        v[cess] = p3[cess]
    # KVAT
    v["g_i"] = p3["g_i"]
    v["g_ii"] = p3["g_iii"]
    v["g_iii"] = p3["g_ii"] + p3["g_v"] - cf_kvat
    v["g_iv"] = max(ZERO, v["g_i"] - v["g_ii"] - v["g_iii"])
    v["g_v"] = max(ZERO, v["g_ii"] + v["g_iii"] - v["g_i"])
    # CST
    v["h_i"] = p3["h_i"]
    v["h_ii"] = p3["h_ii"] + p3["h_iii"] - cf_cst
    v["h_iii"] = max(ZERO, v["h_i"] - v["h_ii"])
    v["h_iv"] = max(ZERO, v["h_ii"] - v["h_i"])
    v["h_v"] = min(v["h_iii"], v["g_v"])
    v["h_vi"] = v["h_iii"] - v["h_v"]
    v["g_vi"] = v["h_v"]
    v["g_vii"] = v["g_v"] - v["g_vi"]
    return v


def compute_part4(
    filed_part3: dict[str, Decimal],
    revised_part3: dict[str, Decimal],
    carried_forward: ActAmounts,
    rates: dict[str, Decimal],
    delay: int,
) -> Part4:
    """F from the filed Part 3, R from this return's; interest on payable increases only."""
    f = column_values(filed_part3, None)
    r = column_values(revised_part3, carried_forward)
    rows: dict[str, Part4Line] = {}
    payable = ZERO
    for spec in rules.PART4_ROWS:
        effect = r[spec.id] - f[spec.id]
        rate = rates[spec.act]
        charged = rules.part4_row_charged(spec.payable, effect)
        interest = simple_interest(effect, rate, delay) if charged else ZERO
        line = Part4Line(f[spec.id], r[spec.id], effect, rate, delay, interest, effect + interest)
        rows[spec.id] = line
        if charged:
            payable += line.total
    return Part4(rows, payable)
