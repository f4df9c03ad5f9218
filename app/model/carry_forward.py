"""Carry-forward of excess tax / credit between returns (spec section 7; instructions 16–17).

A return's brought-forward inputs come from the previous period's latest filed return:

    KGST Part 3 (a)(iii) ← previous (a)(v)
    KVAT Part 3 (g)(ii)  ← previous (g)(ix)
    CST  Part 3 (h)(iii) ← previous (h)(v)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.model.form9 import ACT_KEYS, ActAmounts
from app.model.numbers import ZERO, fmt_indian

#: act key (inputs.brought_forward) → (Part 3 field it fills, previous return's Part 3 field).
BROUGHT_FORWARD: dict[str, tuple[str, str]] = {
    "kgst": ("a_iii", "a_v"),
    "kvat": ("g_ii", "g_ix"),
    "cst": ("h_iii", "h_v"),
}


def excess_of(part3: Mapping[str, Decimal]) -> ActAmounts:
    """A return's excess carried forward: (a)(v), (g)(ix), (h)(v) of its computed Part 3."""
    return ActAmounts(**{k: part3[src] for k, (_, src) in BROUGHT_FORWARD.items()})


def carried_into(excess: ActAmounts, next_brought_forward: ActAmounts) -> ActAmounts:
    """How much of a filed return's excess a later filed return took (Part 4 `carried_forward`).

    Instruction 16: what the next period's filed return brought forward is no longer available
    to a revision.  It cannot exceed the excess itself (a revision that already paid for a
    smaller excess is not charged twice) nor be negative.
    """
    return ActAmounts(
        **{k: max(ZERO, min(excess.of(k), next_brought_forward.of(k))) for k in ACT_KEYS}
    )


def not_carried(excess: ActAmounts, carried: ActAmounts) -> ActAmounts:
    """Excess left over after what was carried: the refund figure under instruction 17."""
    return ActAmounts(**{k: max(ZERO, excess.of(k) - carried.of(k)) for k in ACT_KEYS})


def is_zero(amounts: ActAmounts) -> bool:
    return all(amounts.of(k) == 0 for k in ACT_KEYS)


def describe(amounts: ActAmounts, *, nonzero_only: bool = False) -> str:
    """'KGST 1,000.00; KVAT 0.00; CST 25.50' — for source notes and messages."""
    keys = [k for k in ACT_KEYS if amounts.of(k) != 0] if nonzero_only else list(ACT_KEYS)
    return "; ".join(f"{ACT_KEYS[k]} {fmt_indian(amounts.of(k))}" for k in keys) or "nil"


@dataclass(frozen=True, slots=True)
class CarryOutcome:
    """What happens to a filed revision's excess (instructions 16–17)."""

    instruction: int  # 16 or 17
    brought_forward: ActAmounts  # what the next period's return now brings forward
    refund: ActAmounts  # excess the dealer may claim as refund (instruction 17 only)
    message: str


def revision_outcome(
    revision_excess: ActAmounts,
    carried: ActAmounts,
    *,
    next_filed: bool,
    next_brought_forward: ActAmounts,
    next_label: str,
) -> CarryOutcome:
    """Instruction 16: a revision filed before the next period's return is filed passes its
    excess on (the next return's brought-forward figures are replaced).  Instruction 17: filed
    after the next period's return, its excess is not carried forward; what the next return
    already brought forward stays, and the excess beyond what was already carried (`carried`,
    the revision's Part 4 `carried_forward`) may be claimed as refund."""
    if not next_filed:
        return CarryOutcome(
            16,
            revision_excess,
            ActAmounts(),
            f"Instruction 16: the revised excess ({describe(revision_excess)}) is brought "
            f"forward to {next_label}.",
        )
    refund = not_carried(revision_excess, carried)
    msg = (
        f"Instruction 17: {next_label} was already filed, so this revision's excess is not "
        f"carried forward; {next_label} keeps what it brought forward "
        f"({describe(next_brought_forward)})."
    )
    if not is_zero(refund):
        msg += f" The dealer may apply for a refund of {describe(refund, nonzero_only=True)}."
    return CarryOutcome(17, next_brought_forward, refund, msg)
