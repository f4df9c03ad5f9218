"""Merging a client file (issue 15 item 2): each rule of app.model.client_merge.decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.model.client_merge import decide


@dataclass
class F:
    status: str = "draft"
    ack_no: str = ""
    filed_on: date | None = None
    updated_at: datetime | None = None


T1, T2 = datetime(2025, 11, 1, 10, 0), datetime(2025, 11, 2, 9, 30)
FILED = F("filed", "ACK-1", date(2025, 11, 10), T1)


def test_new_here_is_added_and_the_same_is_skipped() -> None:
    assert decide(F(), None, False).action == "added"
    assert decide(F("draft", updated_at=T2), F("draft", updated_at=T1), True).action == "skipped"
    assert decide(FILED, FILED, True).action == "skipped"


def test_a_filed_return_is_never_overwritten() -> None:
    d = decide(F("draft", updated_at=T2), FILED, False)
    assert (d.action, d.conflict) == ("refused", False)
    assert "filed on 10-11-2025 (ack ACK-1) here" in d.reason and "never overwritten" in d.reason
    other_filing = F("filed", "ACK-2", date(2025, 11, 11), T2)
    assert decide(other_filing, FILED, False).action == "refused"
    same_data_other_ack = decide(other_filing, FILED, True)
    assert same_data_other_ack.action == "refused" and "recorded once" in same_data_other_ack.reason
    # the other PC still has it as a draft: nothing to do here
    stale = decide(F("draft", updated_at=T2), FILED, True)
    assert (stale.action, stale.reason) == ("skipped", "already filed here")


def test_filed_on_the_other_pc_updates_an_unchanged_draft_here() -> None:
    assert decide(FILED, F("draft", updated_at=datetime(2025, 10, 30)), False).action == "updated"
    assert decide(FILED, F("ready", updated_at=T2), True).action == "updated"  # same data: file it
    late_edit = decide(FILED, F("draft", updated_at=T2), False)
    assert (
        late_edit.action == "refused"
        and "changed here since (02-11-2025 09:30)" in late_edit.reason
    )


def test_two_different_drafts_newer_wins_or_as_chosen() -> None:
    mine, theirs = F("draft", updated_at=T1), F("draft", updated_at=T2)
    d = decide(theirs, mine, False)
    assert (d.action, d.conflict) == ("updated", True) and "newer" in d.reason
    d = decide(mine, theirs, False)
    assert (d.action, d.conflict) == ("skipped", True) and "the one here is newer" in d.reason
    assert decide(mine, theirs, False, prefer="file").action == "updated"
    assert decide(theirs, mine, False, prefer="here").action == "skipped"
    assert decide(F("ready", updated_at=T2), F("draft", updated_at=T1), True).action == "updated"
    assert (
        decide(F("draft", updated_at=None), F("draft", updated_at=None), False).action == "skipped"
    )
