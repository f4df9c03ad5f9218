"""Part 3 tax summary (FORM No. 9; spec section 4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from app.model import interpretations as rules
from app.model.form9 import Inputs, Part2Row
from app.model.numbers import ZERO


@dataclass(frozen=True, slots=True)
class Part3:
    """Part 3 tax payable, (a)(i) to (h)(vii), per act."""

    a_i: Decimal
    a_ii: Decimal
    a_iii: Decimal
    a_iv: Decimal
    a_v: Decimal
    b: Decimal
    c: Decimal
    d: Decimal
    e: Decimal
    f: Decimal
    g_i: Decimal
    g_ii: Decimal
    g_iii: Decimal
    g_iv: Decimal
    g_v: Decimal
    g_vi: Decimal
    g_vii: Decimal
    g_viii: Decimal
    g_ix: Decimal
    h_i: Decimal
    h_ii: Decimal
    h_iii: Decimal
    h_iv: Decimal
    h_v: Decimal
    h_vi: Decimal
    h_vii: Decimal

    def as_dict(self) -> dict[str, Decimal]:
        return asdict(self)


def itc_kvat(part2: Iterable[Part2Row]) -> Decimal:
    """Part 3 (g)(iii): Σ Part 2 col 8 where act = KVAT and col 11 = Yes."""
    return sum((r.tax_paid for r in part2 if r.act == "KVAT" and r.itc_eligible), ZERO)


def compute_part3(col14_by_act: dict[str, Decimal], itc: Decimal, inputs: Inputs) -> Part3:
    adv, bf, cess = inputs.advance, inputs.brought_forward, inputs.cess
    # KGST (a)
    a_i, a_ii, a_iii = col14_by_act["KGST"], adv.kgst, bf.kgst
    a_iv = rules.part3_a_iv(a_i, a_ii, a_iii)
    a_v = max(ZERO, a_ii + a_iii - a_i)
    # CST (h), before KVAT (g)(viii) which takes (h)(vi)
    h_i, h_ii, h_iii = col14_by_act["CST"], adv.cst, bf.cst
    h_iv = max(ZERO, h_i - h_ii - h_iii)
    h_v = max(ZERO, h_ii + h_iii - h_i)
    # KVAT (g)
    g_i, g_ii, g_iii, g_v = col14_by_act["KVAT"], bf.kvat, itc, adv.kvat
    g_iv = max(ZERO, g_i - g_ii - g_iii)
    g_vi = max(ZERO, g_iv - g_v)
    g_vii = max(ZERO, g_ii + g_iii + g_v - g_i)
    h_vi = min(h_iv, g_vii)
    h_vii = h_iv - h_vi
    g_viii = h_vi
    g_ix = g_vii - g_viii
    return Part3(
        a_i, a_ii, a_iii, a_iv, a_v, cess.b, cess.c, cess.d, cess.e, cess.f,
        g_i, g_ii, g_iii, g_iv, g_v, g_vi, g_vii, g_viii, g_ix,
        h_i, h_ii, h_iii, h_iv, h_v, h_vi, h_vii,
    )  # fmt: skip
