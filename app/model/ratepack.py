"""Rate pack: goods, schedules, rates, CST eligibility, points of sale, interest and due-date rules
(spec section 6).  Pure data; app.ratepacks reads the dated TOML files in resources/rates/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.model.form9 import ACTS, POINTS_OF_SALE
from app.model.numbers import D
from app.model.periods import DEFAULT_DUE_RULES, DueRules


class RatePackError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class GoodsRule:
    goods: str
    act: str
    schedule: str
    rate: Decimal
    points_of_sale: tuple[str, ...] = POINTS_OF_SALE
    cst_eligible: bool = False
    fifth_schedule: bool = False
    unit: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class RatePack:
    version: str
    effective_from: date
    title: str = ""
    goods: tuple[GoodsRule, ...] = ()
    interest_rate: dict[str, Decimal] = field(default_factory=dict)
    due_rules: DueRules = DEFAULT_DUE_RULES
    notes: tuple[str, ...] = ()

    def goods_named(self, goods: str) -> list[GoodsRule]:
        key = goods.strip().casefold()
        return [g for g in self.goods if g.goods.casefold() == key]

    def suggest(self, text: str, act: str | None = None) -> list[GoodsRule]:
        """Entries whose goods name contains `text` (case-insensitive), for the editors' completer."""
        key = text.strip().casefold()
        return [
            g for g in self.goods if key in g.goods.casefold() and (act is None or g.act == act)
        ]

    def cst_allowed(self, goods: str) -> bool | None:
        """May the goods be sold under CST?  None when the pack does not know the goods."""
        rules = self.goods_named(goods)
        if not rules:
            return None
        return any(g.cst_eligible for g in rules)

    def is_fifth_schedule(self, goods: str) -> bool:
        return any(g.fifth_schedule for g in self.goods_named(goods))


def _need(d: dict[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise RatePackError(f"{where}: missing {key!r}")
    return d[key]


def rate_pack_from_dict(data: dict[str, Any]) -> RatePack:
    """Build a pack from its parsed TOML (rates given as strings or integers, never floats)."""
    meta = _need(data, "pack", "rate pack")
    goods = []
    for i, g in enumerate(data.get("goods", [])):
        where = f"goods[{i}]"
        act = str(_need(g, "act", where))
        if act not in ACTS:
            raise RatePackError(f"{where}: unknown act {act!r}")
        pos = tuple(g.get("points_of_sale", POINTS_OF_SALE))
        if any(p not in POINTS_OF_SALE for p in pos):
            raise RatePackError(f"{where}: points_of_sale must be among {POINTS_OF_SALE}")
        raw_rate = _need(g, "rate", where)
        if isinstance(raw_rate, float):
            raise RatePackError(f'{where}: write the rate as text ("30.08"), not a float')
        goods.append(
            GoodsRule(
                goods=str(_need(g, "goods", where)),
                act=act,
                schedule=str(g.get("schedule", "")),
                rate=D(raw_rate),
                points_of_sale=pos,
                cst_eligible=bool(g.get("cst_eligible", False)),
                fifth_schedule=bool(g.get("fifth_schedule", False)),
                unit=str(g.get("unit", "")),
                source=str(g.get("source", "")),
            )
        )
    rates = {act: D(str(v)) for act, v in data.get("interest_rate", {}).items()}
    for act in ACTS:
        rates.setdefault(act, Decimal(12))
    due = data.get("due_rules", {})
    return RatePack(
        version=str(_need(meta, "version", "pack")),
        effective_from=date.fromisoformat(str(_need(meta, "effective_from", "pack"))),
        title=str(meta.get("title", "")),
        goods=tuple(goods),
        interest_rate=rates,
        due_rules=DueRules(**{k: int(v) for k, v in due.items()}) if due else DEFAULT_DUE_RULES,
        notes=tuple(str(n) for n in meta.get("notes", [])),
    )


def pack_for(packs: list[RatePack], on: date) -> RatePack:
    """The latest pack in force on a date (packs are dated by effective_from)."""
    usable = [p for p in packs if p.effective_from <= on]
    if not usable:
        raise RatePackError(f"no rate pack in force on {on.isoformat()}")
    return max(usable, key=lambda p: p.effective_from)
