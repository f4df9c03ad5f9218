"""The return status flow as data (spec section 7): Draft → Ready (no errors) → Filed.

A filed return is final: it is never changed again; a correction is a new Revision N (instruction
15, r.22A(3)).  A ready return that is edited goes back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DRAFT = "draft"
READY = "ready"
FILED = "filed"
STATUSES = (DRAFT, READY, FILED)

LABELS = {DRAFT: "Draft", READY: "Ready to file", FILED: "Filed"}


@dataclass(frozen=True, slots=True)
class Transition:
    source: str
    target: str
    action: str  # the command's label in the GUI
    needs: str  # what must hold, in plain words


TRANSITIONS: tuple[Transition, ...] = (
    Transition(DRAFT, READY, "Mark ready", "no validation errors"),
    Transition(READY, DRAFT, "Back to draft", "nothing (any edit of a ready return does this)"),
    Transition(
        READY,
        FILED,
        "Mark as filed",
        "acknowledgement number and filing date; previous period filed (instruction 2); "
        "Part 5 covers the payable per act (instructions 3–4); no validation errors",
    ),
    # Mark as filed on a draft runs the ready checks first, so it passes through READY.
    Transition(DRAFT, FILED, "Mark as filed", "as Draft → Ready, then Ready → Filed"),
)

#: Statuses in which the return's data may not change.
LOCKED = frozenset({FILED})


def transition(source: str, target: str) -> Transition | None:
    for t in TRANSITIONS:
        if t.source == source and t.target == target:
            return t
    return None


def can_transition(source: str, target: str) -> bool:
    return transition(source, target) is not None


def is_locked(status: str) -> bool:
    return status in LOCKED


def status_after_edit(status: str) -> str:
    """Editing a ready return sends it back to draft; a filed one cannot be edited at all."""
    if is_locked(status):
        raise ValueError("a filed return cannot be edited")
    return DRAFT


def describe_version(return_type: str, revision_no: int) -> str:
    """'Original' or 'Revision 2' — how the GUI and the history name a return."""
    return f"Revision {revision_no}" if return_type == "revision" else "Original"


def lock_message(
    version: str, period_label: str, ack_no: str, filed_on: date | None, next_revision_no: int
) -> str:
    """Why a filed return cannot change, and what to do instead (r.22A(3), instruction 15)."""
    when = f" on {filed_on:%d-%m-%Y}" if filed_on else ""
    ack = f" (acknowledgement {ack_no})" if ack_no else ""
    return (
        f"The {version.lower()} return for {period_label} was filed{when}{ack} and is final: "
        "a filed return is never changed. To correct it, create Revision "
        f"{next_revision_no} (Revise), which starts from the filed figures and shows the "
        "difference and interest in Part 4."
    )
