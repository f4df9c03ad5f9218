"""Cross-checks of a return against the rate pack in force for its period (spec section 5;
issue 12).  Warnings name the row, what was typed and what the pack says; only E-CST-GOODS is an
error.  docs/decisions.md lists each check with its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.model import interpretations as rules
from app.model.findings import Finding, error, warning
from app.model.form9 import ACTS, Form9Return, Part1aRow
from app.model.numbers import fmt_rate
from app.model.periods import DEFAULT_DUE_RULES, Period, due_date
from app.model.ratepack import GoodsRule, RatePack

_FORM_C = re.compile(rules.FORM_C, re.IGNORECASE)
_FORM_C_NEGATED = re.compile(rules.FORM_C_NEGATED, re.IGNORECASE)


def says_form_c(nature: str) -> bool:
    """Does the nature of transaction say the sale is against Form C?"""
    return bool(_FORM_C.search(nature)) and not _FORM_C_NEGATED.search(nature)


def _rates(rules_: list[GoodsRule]) -> str:
    return ", ".join(f"{fmt_rate(g.rate)}% ({g.schedule})" for g in rules_)


def _cst_rate(p: str, n: int, r: Part1aRow, pack: RatePack) -> Finding | None:
    """W-CST-RATE: above the s.8(1) rate on a sale the nature says is against Form C."""
    limit = pack.cst_form_c_rate
    if r.act != "CST" or limit is None or r.rate <= limit or not says_form_c(r.nature):
        return None
    return warning(
        "W-CST-RATE", p, n, "rate",
        f"row {n + 1}: {r.goods or 'this sale'} is against Form C ({r.nature!r}) but the rate is "
        f"{fmt_rate(r.rate)}%; CST Act s.8(1) allows {fmt_rate(limit)}% (or the State rate if "
        "lower) — rate pack " + pack.version,
    )  # fmt: skip


def _rate_pack(p: str, n: int, r: Part1aRow, pack: RatePack) -> Finding | None:
    """W-RATE-PACK: goods, act or rate not as in the pack for the period."""
    known = pack.goods_named(r.goods)
    where = f"rate pack {pack.version}"
    if not known:
        return warning(
            "W-RATE-PACK", p, n, "goods",
            f"row {n + 1}: goods {r.goods!r} are not in the {where}; check the name (the pack "
            f"knows {', '.join(pack.goods_names)})",
        )  # fmt: skip
    same_act = [g for g in known if g.act == r.act]
    if not same_act:
        acts = sorted({g.act for g in known}, key=ACTS.index)
        return warning(
            "W-RATE-PACK", p, n, "act",
            f"row {n + 1}: {known[0].goods} typed under {r.act}, but the {where} taxes it under "
            f"{' and '.join(acts)} only ({_rates(known)})",
        )  # fmt: skip
    if any(g.rate == r.rate for g in same_act):
        return None
    return warning(
        "W-RATE-PACK", p, n, "rate",
        f"row {n + 1}: {same_act[0].goods} under {r.act} at {fmt_rate(r.rate)}%, but the {where} "
        f"gives {_rates(same_act)}",
    )  # fmt: skip


def _cst_goods(p: str, n: int, r: Part1aRow, pack: RatePack) -> Finding | None:
    """E-CST-GOODS: goods the pack does not allow under CST (on a row with goods and an act)."""
    if r.act != "CST" or pack.cst_allowed(r.goods) is not False:
        return None
    return error(
        "E-CST-GOODS", p, n, "goods",
        f"row {n + 1}: the rate pack does not allow {r.goods} under CST",
    )  # fmt: skip


def _checked(ret: Form9Return) -> Iterator[tuple[int, Part1aRow]]:
    """The Part 1(a) rows checked against the pack: those with goods and a known act (on the
    others E-REQUIRED / E-ACT say it)."""
    for n, r in enumerate(ret.part1a):
        if r.goods.strip() and r.act in ACTS:
            yield n, r


def _part1a(ret: Form9Return, pack: RatePack) -> Iterator[Finding]:
    p = "part1a"
    for n, r in _checked(ret):
        if pack.is_fifth_schedule(r.goods) and r.point_of_sale not in rules.FIFTH_SCHEDULE_POINTS:
            yield warning(
                "W-FIFTH-SCHEDULE", p, n, "point_of_sale",
                f"row {n + 1}: {r.goods} is liquor, taxed at KSBC's sale and at the first sale "
                f"(KGST s.5(1)(b)); point of sale {r.point_of_sale!r} is neither — show first-sale "
                "and last-sale turnover separately, or 'first and last' for KSBC's sale "
                "(instruction 10)",
            )  # fmt: skip
        cst_goods = _cst_goods(p, n, r, pack)
        if cst_goods is not None:
            yield cst_goods
        cst = _cst_rate(p, n, r, pack)
        if cst is not None:
            yield cst  # the more precise finding: no W-RATE-PACK on the rate as well
            continue
        found = _rate_pack(p, n, r, pack)
        if found is not None:
            yield found


def _heads(ret: Form9Return, pack: RatePack) -> Iterator[Finding]:
    """W-HEAD-UNKNOWN: a Part 5 head of account the pack does not know for the row's act."""
    for n, r in enumerate(ret.part5):
        if r.act not in ACTS or pack.head_of(r.act, r.head_of_account) is not None:
            continue
        other = pack.head_anywhere(r.head_of_account)
        if not r.head_of_account.strip():
            what = "no head of account is given"
        elif other is not None:
            what = f"{r.head_of_account!r} is a {other.act} head, not a {r.act} one"
        else:
            what = f"{r.head_of_account!r} is not a {r.act} head of account in the rate pack"
        heads = pack.heads_for(r.act)
        offered = "; ".join(h.text for h in heads if h.group != "cess")
        if any(h.group == "cess" for h in heads):
            offered += "; the heads of cess (b)–(f)"
        yield warning(
            "W-HEAD-UNKNOWN", "part5", n, "head_of_account",
            f"remittance {n + 1}: {what} (rate pack {pack.version}: {offered}); pick a head from "
            "the list, or add its confirmed code to a rate pack in the data folder's rates/",
        )  # fmt: skip


def due_date_finding(ret: Form9Return, pack: RatePack | None) -> Finding | None:
    """W-DUE-DATE: inputs.due_date differs from the rule's date (Trade Circular 14/2024,
    r.18(1)) for the period, dealer class and nature of business."""
    given = ret.inputs.due_date
    if given is None:
        return None
    try:
        period = Period.parse(ret.header.period)
    except ValueError:
        return None
    large = bool(ret.inputs.large_dealer)
    rule = due_date(
        period,
        large_dealer=large,
        nature_of_business=ret.header.nature_of_business,
        due_rules=pack.due_rules if pack is not None else DEFAULT_DUE_RULES,
    )
    if given == rule:
        return None
    if period.is_annual:
        why = "30 April after the year, r.18(1)"
    elif large and ret.header.nature_of_business != "Oil Company":
        why = "the 10th for a dealer with ₹10 lakh or more tax, Trade Circular 14/2024"
    else:
        why = "the 15th, Trade Circular 14/2024" + (
            "; the 10th applies when 'large dealer' is set" if not large else ""
        )
    return warning(
        "W-DUE-DATE", "inputs", None, "due_date",
        f"due date {given:%d-%m-%Y} differs from the rule's {rule:%d-%m-%Y} ({why}); interest "
        f"runs from {given:%d-%m-%Y} as entered — keep it only if the date was extended",
    )  # fmt: skip


def pack_findings(ret: Form9Return, pack: RatePack | None, warnings: bool = True) -> list[Finding]:
    """Every check against the pack (W-DUE-DATE uses the default rules when there is none);
    without `warnings`, its one error rule alone (E-CST-GOODS), on the CST rows."""
    if not warnings:
        if pack is None:
            return []
        found = (_cst_goods("part1a", n, r, pack) for n, r in _checked(ret) if r.act == "CST")
        return [f for f in found if f is not None]
    out: list[Finding] = []
    due = due_date_finding(ret, pack)
    if due is not None:
        out.append(due)
    if pack is not None:
        out += [*_part1a(ret, pack), *_heads(ret, pack)]
    return out
