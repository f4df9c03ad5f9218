"""Rate pack: goods, schedules, rates, CST eligibility, points of sale, heads of account, cesses,
interest and due-date rules (spec section 6).  Pure data; app.ratepacks reads the dated TOML files
in resources/rates/ (and the user's own in <data dir>/rates/).

Every entry names its source (the Act, Schedule entry, SRO or trade circular, with its date); the
loader refuses an entry without one.  `confidence` is empty when the cited text itself was read,
"secondary" when the figure was found only in reports of it, and "verify" when it could not be
confirmed or sources disagree; then `note` says what is unconfirmed.  docs/rates-sources.md lists
where each source was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.model import interpretations as rules
from app.model.form9 import ACTS, CESS_IDS, POINTS_OF_SALE
from app.model.numbers import D
from app.model.periods import DEFAULT_DUE_RULES, DueRules, Period

#: Levels of `confidence` (see the module docstring); "" = the cited text itself was read.
CONFIDENCE = ("", "secondary", "verify")
#: What a head of account receives: the tax, the interest on it, or one of the cesses (b)–(f).
HEAD_GROUPS = ("tax", "interest", "cess")

_TOP_KEYS = frozenset({"pack", "interest_rate", "due_rules", "goods", "heads", "cess", "cst"})
_PACK_KEYS = frozenset({"version", "effective_from", "title", "notes"})
_PROVENANCE = frozenset({"source", "confidence", "note"})
_GOODS_KEYS = frozenset({"goods", "aliases", "act", "schedule", "rate", "points_of_sale",
                         "cst_eligible", "fifth_schedule", "unit"}) | _PROVENANCE  # fmt: skip
_HEAD_KEYS = frozenset({"act", "group", "cess", "code", "label", "aliases"}) | _PROVENANCE
_CESS_KEYS = frozenset({"id", "levy", "rate", "from_date"}) | _PROVENANCE
_CST_KEYS = frozenset({"form_c_rate"}) | _PROVENANCE


class RatePackError(ValueError):
    pass


_NOT_A_LETTER = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)  # the same few goods names, row after row
def name_key(text: str) -> str:
    """Names compared ignoring case, spaces and punctuation: 'SSC s.6(2A)(i)' ~ 'ssc s 6 2a i'."""
    return _NOT_A_LETTER.sub("", text.casefold())


@dataclass(frozen=True, slots=True)
class GoodsRule:
    """A rate pack's rule for one goods under one act: schedule, rate, points of sale."""

    goods: str
    act: str
    schedule: str
    rate: Decimal
    points_of_sale: tuple[str, ...] = POINTS_OF_SALE
    cst_eligible: bool = False
    fifth_schedule: bool = False
    unit: str = ""
    source: str = ""
    aliases: tuple[str, ...] = ()
    confidence: str = ""
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.goods, *self.aliases)


@dataclass(frozen=True, slots=True)
class HeadOfAccount:
    """A head of account of Part 5: per act the tax and interest heads, and the heads of cess
    (b)–(f) (Trade Circular 15/2023 gives the cesses their own sub-heads)."""

    act: str
    group: str  # one of HEAD_GROUPS
    label: str
    code: str = ""  # the treasury code when a published source gives it
    cess: str = ""  # b–f for a cess head
    aliases: tuple[str, ...] = ()
    source: str = ""
    confidence: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        """What the editor and the Excel template offer (and what matching accepts)."""
        return f"{self.code} {self.label}" if self.code else self.label

    def matches(self, typed: str) -> bool:
        key = name_key(typed)
        return bool(key) and key in {
            name_key(t) for t in (self.text, self.label, self.code, *self.aliases) if t
        }


@dataclass(frozen=True, slots=True)
class CessRule:
    """Part 3 (b)–(f): what the levy is and at what rate (rates of cess are per litre / bottle
    or a percentage of tax, so they are kept as text; the return takes the amounts)."""

    id: str
    levy: str
    rate: str
    from_date: date | None = None
    source: str = ""
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class RatePack:
    """A dated rate pack (spec section 6): goods rules, interest rates, due dates, heads."""

    version: str
    effective_from: date
    title: str = ""
    goods: tuple[GoodsRule, ...] = ()
    interest_rate: dict[str, Decimal] = field(default_factory=dict)
    due_rules: DueRules = DEFAULT_DUE_RULES
    notes: tuple[str, ...] = ()
    heads: tuple[HeadOfAccount, ...] = ()
    cess: tuple[CessRule, ...] = ()
    #: CST Act s.8(1): the rate against Form C (None when the pack does not say).
    cst_form_c_rate: Decimal | None = None
    cst_source: str = ""
    #: name_key of every name and alias → its entries (built once: validation asks per row).
    _by_name: dict[str, list[GoodsRule]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for g in self.goods:
            for key in dict.fromkeys(name_key(n) for n in g.names):
                self._by_name.setdefault(key, []).append(g)

    @property
    def goods_names(self) -> list[str]:
        return sorted({g.goods for g in self.goods})

    def goods_named(self, goods: str) -> list[GoodsRule]:
        """Entries for the goods, by name or alias (ignoring case, spaces and punctuation)."""
        return list(self._by_name.get(name_key(goods), ()))

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

    def heads_for(self, act: str) -> list[HeadOfAccount]:
        return [h for h in self.heads if h.act == act]

    def head_of(self, act: str, typed: str) -> HeadOfAccount | None:
        """The act's head of account the typed text names, if the pack knows it."""
        return next((h for h in self.heads_for(act) if h.matches(typed)), None)

    def head_anywhere(self, typed: str) -> HeadOfAccount | None:
        """A head of any act the text names (to say "that is a KGST head" on a CST row)."""
        return next((h for h in self.heads if h.matches(typed)), None)

    def head(self, act: str, group: str, cess: str = "") -> HeadOfAccount | None:
        """The first head of the act for a group (and cess id)."""
        return next(
            (h for h in self.heads if h.act == act and h.group == group and h.cess == cess), None
        )


def _need(d: dict[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise RatePackError(f"{where}: missing {key!r}")
    return d[key]


def _table(d: Any, where: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise RatePackError(f"{where}: must be a table")
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise RatePackError(f"{where}: unknown key {unknown[0]!r}")
    return d


def _text(d: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = d.get(key, default) if default is not None else _need(d, key, where)
    if not isinstance(value, str):
        raise RatePackError(f"{where}: {key!r} must be text")
    return value


def _texts(d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RatePackError(f"{where}: {key!r} must be a list of texts")
    return tuple(value)


def _provenance(d: dict[str, Any], where: str) -> dict[str, str]:
    """source (required: an entry without a source is refused), confidence, note."""
    source = _text(d, "source", where, "").strip()
    if not source:
        raise RatePackError(f"{where}: no source; every entry must name the Act, Schedule entry, "
                            "SRO or circular it comes from")  # fmt: skip
    confidence = _text(d, "confidence", where, "")
    if confidence not in CONFIDENCE:
        raise RatePackError(f'{where}: confidence must be "secondary" or "verify" (or absent)')
    note = _text(d, "note", where, "").strip()
    if confidence and not note:
        raise RatePackError(
            f"{where}: confidence {confidence!r} needs a note saying what is unconfirmed"
        )
    return {"source": source, "confidence": confidence, "note": note}


def _rate(raw: Any, where: str) -> Decimal:
    if isinstance(raw, float):
        raise RatePackError(f'{where}: write the rate as text ("30.08"), not a float')
    try:
        return D(raw)
    except ValueError as exc:
        raise RatePackError(f"{where}: {exc}") from None


def _goods(g: Any, where: str) -> GoodsRule:
    g = _table(g, where, _GOODS_KEYS)
    act = _text(g, "act", where)
    if act not in ACTS:
        raise RatePackError(f"{where}: unknown act {act!r}")
    pos = _texts(g, "points_of_sale", where) or POINTS_OF_SALE
    if any(p not in POINTS_OF_SALE for p in pos):
        raise RatePackError(f"{where}: points_of_sale must be among {POINTS_OF_SALE}")
    return GoodsRule(
        goods=_text(g, "goods", where),
        act=act,
        schedule=_text(g, "schedule", where, ""),
        rate=_rate(_need(g, "rate", where), where),
        points_of_sale=pos,
        cst_eligible=bool(g.get("cst_eligible", False)),
        fifth_schedule=bool(g.get("fifth_schedule", False)),
        unit=_text(g, "unit", where, ""),
        aliases=_texts(g, "aliases", where),
        **_provenance(g, where),
    )


def _head(h: Any, where: str) -> HeadOfAccount:
    h = _table(h, where, _HEAD_KEYS)
    act, group, cess = _text(h, "act", where), _text(h, "group", where), _text(h, "cess", where, "")
    if act not in ACTS:
        raise RatePackError(f"{where}: unknown act {act!r}")
    if group not in HEAD_GROUPS:
        raise RatePackError(f"{where}: group must be one of {', '.join(HEAD_GROUPS)}")
    if (group == "cess") != (cess in CESS_IDS):
        raise RatePackError(f"{where}: a cess head names its row (cess = \"b\" … \"f\"), "
                            "other heads name none")  # fmt: skip
    label = _text(h, "label", where).strip()
    if not label:
        raise RatePackError(f"{where}: 'label' must not be empty")
    return HeadOfAccount(
        act=act,
        group=group,
        label=label,
        code=_text(h, "code", where, "").strip(),
        cess=cess,
        aliases=_texts(h, "aliases", where),
        **_provenance(h, where),
    )


def _cess(c: Any, where: str) -> CessRule:
    c = _table(c, where, _CESS_KEYS)
    cid = _text(c, "id", where)
    if cid not in CESS_IDS:
        raise RatePackError(f"{where}: id must be one of {', '.join(CESS_IDS)}")
    raw = c.get("from_date")
    try:
        start = date.fromisoformat(str(raw)) if raw is not None else None
    except ValueError:
        raise RatePackError(f"{where}: from_date {raw!r} is not a date") from None
    return CessRule(
        id=cid,
        levy=_text(c, "levy", where),
        rate=_text(c, "rate", where, ""),
        from_date=start,
        **_provenance(c, where),
    )


def _entries(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RatePackError(f"{key}: must be an array of tables ([[{key}]])")
    return value


def rate_pack_from_dict(data: dict[str, Any]) -> RatePack:
    """Build a pack from its parsed TOML (rates given as strings or integers, never floats)."""
    _table(data, "rate pack", _TOP_KEYS)
    meta = _table(_need(data, "pack", "rate pack"), "pack", _PACK_KEYS)
    goods = [_goods(g, f"goods[{i}]") for i, g in enumerate(_entries(data, "goods"))]
    heads = [_head(h, f"heads[{i}]") for i, h in enumerate(_entries(data, "heads"))]
    cess = [_cess(c, f"cess[{i}]") for i, c in enumerate(_entries(data, "cess"))]
    rates = {
        act: _rate(v, f"interest_rate.{act}") for act, v in data.get("interest_rate", {}).items()
    }
    for act in ACTS:
        rates.setdefault(act, Decimal(12))
    due = data.get("due_rules", {})
    form_c: Decimal | None = None
    cst_source = ""
    if "cst" in data:
        cst = _table(data["cst"], "cst", _CST_KEYS)
        form_c = _rate(_need(cst, "form_c_rate", "cst"), "cst.form_c_rate")
        cst_source = _provenance(cst, "cst")["source"]
    try:
        effective = date.fromisoformat(str(_need(meta, "effective_from", "pack")))
        due_rules = DueRules(**{k: int(v) for k, v in due.items()}) if due else DEFAULT_DUE_RULES
    except (TypeError, ValueError) as exc:
        raise RatePackError(f"pack: {exc}") from None
    return RatePack(
        version=str(_need(meta, "version", "pack")),
        effective_from=effective,
        title=str(meta.get("title", "")),
        goods=tuple(goods),
        interest_rate=rates,
        due_rules=due_rules,
        notes=tuple(str(n) for n in meta.get("notes", [])),
        heads=tuple(heads),
        cess=tuple(cess),
        cst_form_c_rate=form_c,
        cst_source=cst_source,
    )


def pack_for(packs: list[RatePack], on: date) -> RatePack:
    """The latest pack in force on a date (packs are dated by effective_from)."""
    usable = [p for p in packs if p.effective_from <= on]
    if not usable:
        raise RatePackError(f"no rate pack in force on {on.isoformat()}")
    return max(usable, key=lambda p: p.effective_from)


def pack_for_period(packs: list[RatePack], period: Period) -> RatePack:
    """The pack of a return period: the one in force on its first day.  The 2024-25 annual return
    covers months before FORM No. 9 (and before the first pack); it takes the pack in force on
    the first FORM No. 9 day, 1 August 2024."""
    return pack_for(packs, max(period.first_day, rules.first_period(False).first_day))
