"""Part 5 tax remittance: which head of account each payment went to, and what each group of heads
must cover (instructions 3–4; Trade Circular 15/2023 gives the cesses their own heads).

Payments are classified by the rate pack's heads of account.  E-UNPAID compares, per act, all
that was paid with what is payable, and per group the payments under tax and interest heads with
Part 3(A) row (a) / (g) / (h), and the payments under cess heads with rows (b)–(f) (for a
revision: the Part 4 payable rows that increased).  Interest counts with the tax: KGST Rules
r.31(1) lets it be remitted with the tax.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from app.model import interpretations as rules
from app.model.compute import Computed, payable_per_act
from app.model.findings import Finding, error
from app.model.form9 import ACT_KEYS, ACTS, CESS_IDS, ActAmounts, Form9Return, Part5Row
from app.model.numbers import ZERO, fmt_rupees
from app.model.ratepack import RatePack

TAX_AND_INTEREST = "tax and interest"
CESS = "cess (b)–(f)"
#: The groups E-UNPAID compares, and which of the pack's head groups fall in each.
GROUPS: dict[str, tuple[str, ...]] = {TAX_AND_INTEREST: ("tax", "interest"), CESS: ("cess",)}
#: Part 5 rows whose head the pack does not know (or that name another act's head).
UNKNOWN = "unknown"


def group_of(head_group: str) -> str:
    return next(g for g, members in GROUPS.items() if head_group in members)


def head_group(row: Part5Row, pack: RatePack | None) -> str:
    """The pack's group of the row's head ("tax", "interest", "cess"), or UNKNOWN."""
    head = pack.head_of(row.act, row.head_of_account) if pack is not None else None
    return head.group if head is not None else UNKNOWN


def due_per_group(c: Computed) -> dict[tuple[str, str], Decimal]:
    """What Part 5 must cover per (act, group): Part 3(A) rows (a)/(g)/(h) with their interest
    and rows (b)–(f) with theirs; for a revision the Part 4 payable rows that increased."""
    due = {(act, TAX_AND_INTEREST): ZERO for act in ACTS}
    due["KGST", CESS] = ZERO
    if c.part4 is None:
        rows = c.part3a.rows
        due["KGST", TAX_AND_INTEREST] = rows["a"].total
        due["KGST", CESS] = sum((rows[cid].total for cid in CESS_IDS), ZERO)
        due["KVAT", TAX_AND_INTEREST] = rows["g"].total
        due["CST", TAX_AND_INTEREST] = rows["h"].total
        return due
    for spec in rules.PART4_ROWS:
        line = c.part4.rows[spec.id]
        if rules.part4_row_charged(spec.payable, line.effect):
            due[spec.act, CESS if spec.id in CESS_IDS else TAX_AND_INTEREST] += line.total
    return due


def paid_per_act(part5: Iterable[Part5Row]) -> dict[str, Decimal]:
    """Part 5 remittances per act."""
    paid = dict.fromkeys(ACTS, ZERO)
    for r in part5:
        if r.act in paid:
            paid[r.act] += r.amount
    return paid


def paid_per_group(
    part5: Iterable[Part5Row], pack: RatePack | None
) -> tuple[dict[tuple[str, str], Decimal], set[str]]:
    """Σ Part 5 per (act, group), and the acts with a payment whose head the pack does not know
    (their split between the groups cannot be told)."""
    paid: dict[tuple[str, str], Decimal] = {}
    unsure: set[str] = set()
    for r in part5:
        if r.act not in ACTS:
            continue
        hg = head_group(r, pack)
        if hg == UNKNOWN:
            unsure.add(r.act)
            continue
        key = (r.act, group_of(hg))
        paid[key] = paid.get(key, ZERO) + r.amount
    return paid, unsure


def by_head_group(part5: Iterable[Part5Row], pack: RatePack) -> dict[str, ActAmounts]:
    """Σ Part 5 per act under tax heads, interest heads, cess heads and unknown heads."""
    out = {g: ActAmounts() for g in ("tax", "interest", "cess", UNKNOWN)}
    keys = {act: key for key, act in ACT_KEYS.items()}
    for r in part5:
        if r.act in keys:
            total, key = out[head_group(r, pack)], keys[r.act]
            setattr(total, key, total.of(key) + r.amount)
    return out


def unpaid_findings(ret: Form9Return, c: Computed, pack: RatePack | None) -> list[Finding]:
    """E-UNPAID (instructions 3–4): per act, and — when every payment of the act is under a head
    the pack knows — per group, naming the group that is short."""
    out: list[Finding] = []
    what = "Part 4 payable" if c.part4 is not None else "Part 3(A) total"
    paid, due = paid_per_act(ret.part5), payable_per_act(c)
    short_acts = set()
    for act in ACTS:
        if paid[act] < due[act]:
            short_acts.add(act)
            out.append(error(
                "E-UNPAID", "part5", None, None,
                f"{act}: paid {fmt_rupees(paid[act])} but {what} is {fmt_rupees(due[act])}; "
                f"shortfall {fmt_rupees(due[act] - paid[act])} (instructions 3–4)",
            ))  # fmt: skip
    if pack is None:
        return out
    by_group, unsure = paid_per_group(ret.part5, pack)
    for (act, group), owed in due_per_group(c).items():
        got = by_group.get((act, group), ZERO)
        if act in unsure or act in short_acts or got >= owed:
            continue
        heads = ", ".join(h.text for h in pack.heads_for(act) if group_of(h.group) == group)
        out.append(error(
            "E-UNPAID", "part5", None, "head_of_account",
            f"{act} {group}: paid {fmt_rupees(got)} under its heads but {fmt_rupees(owed)} is "
            f"due ({what}); shortfall {fmt_rupees(owed - got)} — pay it under {heads} "
            "(instructions 3–4; Trade Circular 15/2023)",
        ))  # fmt: skip
    return out
