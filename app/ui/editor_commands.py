"""The return editor's menu commands and why one cannot apply now (it is then disabled, its
tooltip saying why): Mark as filed and Revise ask the model (app.model.history's filing_blocker /
revision_blocker), the year summary needs the year's annual return, and the commands that work on
the stored return need one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.model import history
from app.model.periods import Period, PeriodError
from app.store import Store, StoreError
from app.ui.errors import plain_words

#: Commands that work on the stored return (disabled for a return opened from a file).
STORED_ONLY = frozenset({"mark_filed", "revise", "chain", "history", "year_summary"})
NOT_STORED = "Open the return from the data folder (main window) to do this."
FILED = "This return is filed and cannot be changed; create a revision."


@dataclass(frozen=True, slots=True)
class Action:
    """A menu command of the editor."""

    id: str
    menu: str
    label: str
    run: Callable[[], object]
    keys: str = ""
    toolbar: bool = False


def blockers(
    commands: Iterable[str], store: Store | None, return_id: int | None, *, read_only: bool
) -> dict[str, str | None]:
    """Command id → why it cannot apply now, or None when it can."""
    why: dict[str, str | None] = dict.fromkeys(commands)
    if store is None or return_id is None:
        why.update(dict.fromkeys(STORED_ONLY, NOT_STORED))
    else:
        try:
            info = store.return_info(return_id)
            period = Period.parse(info.period)
            versions = store.list_returns(info.client_id)
        except (StoreError, PeriodError) as exc:
            why.update(dict.fromkeys(STORED_ONLY, plain_words(exc)))
        else:
            rows = history.of_period(versions, period)
            why["mark_filed"] = history.filing_blocker(info, rows)
            why["revise"] = history.revision_blocker(rows, period)
            year = period.financial_year
            if not any(r.period == str(year) for r in versions):
                why["year_summary"] = (
                    f"No annual return for {year} is recorded yet; the year summary compares it "
                    "with the months."
                )
    if read_only:
        why["import"] = FILED
    return why
