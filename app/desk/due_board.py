"""The due-date board over the store (issue 15 item 4): the rules are app.model.due_board; this
reads the dealers and their returns from one snapshot, and each unfiled return the board needs
for the engine's "if filed today" figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache

from app.model import history
from app.model.due_board import BoardRow, Candidate, DealerFacts, IfFiled, board, if_filed_on
from app.model.history import VersionFacts
from app.model.periods import DEFAULT_DUE_RULES, DueRules, Period
from app.ratepacks import pack_for_period
from app.store import Store

DEFAULT_DAYS = 30


@cache
def _rules(period: Period) -> DueRules:
    pack = pack_for_period(period)
    return pack.due_rules if pack is not None else DEFAULT_DUE_RULES


def due_rules_for(period: Period) -> DueRules:
    """The due rules of the rate pack in force for the period (spec section 6)."""
    return _rules(period)


def unfiled_ids(versions: Iterable[Sequence[VersionFacts]]) -> list[int]:
    """Each period's unfiled version where the period has no filed return (a board candidate)."""
    ids = []
    for vs in versions:
        by_period: dict[str, list[VersionFacts]] = {}
        for v in vs:
            by_period.setdefault(v.period, []).append(v)
        for same in by_period.values():
            unfiled = history.unfiled(same)
            if unfiled is not None and not history.filed(same):
                ids.append(unfiled.id)
    return ids


def load_board(store: Store, today: date | None = None, days: int = DEFAULT_DAYS,
               progress: Callable[[int, int, str], None] | None = None) -> list[BoardRow]:  # fmt: skip
    """Every dealer's overdue returns and those due within `days` of `today`."""
    today = today or date.today()
    with store.transaction(write=False):
        dealers = [DealerFacts(c.id, c.name, c.tin, c.large_dealer, c.nature_of_business)
                   for c in store.list_clients()]  # fmt: skip
        versions: dict[int, list[VersionFacts]] = {}
        for info in store.all_returns():
            versions.setdefault(info.client_id, []).append(info)
        # The drafts whose "if filed today" figures the board may show, read in a few queries.
        drafts = store.load_returns(unfiled_ids(versions.values()))

        def figures(c: Candidate) -> IfFiled | None:
            if c.unfiled is None:
                return None
            ret = drafts.get(c.unfiled.id) or store.load_return(c.unfiled.id, lists=False)
            return if_filed_on(ret, today, due_rules_for(c.period))

        return board(dealers, versions, today, days, due_rules_for, figures)
