"""Merging a dealer carried from another PC (issue 15 item 2): what happens to each return of a
client file in a store that may already hold the dealer.

Pure rules.  Returns are matched by period and version (original / revision N):
- not here → added;
- the same return (same data, same status facts) → skipped;
- filed here: a filed return is final (spec section 7) — the file's is skipped when it is the same
  return (still unfiled there, or filed with the same acknowledgement), otherwise refused: it is
  never overwritten, a correction is a revision;
- unfiled here, filed in the file → updated to the filed return (the filing happened on the other
  PC), unless the one here was changed after it: then refused, so no edit is lost unseen;
- unfiled in both and different → the newer one wins (`prefer="newer"`), or as the user chose
  (`prefer="file"` takes the file's, `prefer="here"` keeps this PC's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal, Protocol

from app.model import status as st

Action = Literal["added", "updated", "skipped", "refused"]
ADDED: Final = "added"
UPDATED: Final = "updated"
SKIPPED: Final = "skipped"
REFUSED: Final = "refused"
ACTIONS: tuple[Action, ...] = (ADDED, UPDATED, SKIPPED, REFUSED)
Prefer = Literal["newer", "file", "here"]
PREFER: tuple[Prefer, ...] = ("newer", "file", "here")


class ReturnFacts(Protocol):
    """What the rules read of a return here or in the file."""

    @property
    def status(self) -> str: ...
    @property
    def ack_no(self) -> str: ...
    @property
    def filed_on(self) -> date | None: ...
    @property
    def updated_at(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    reason: str
    #: Both unfiled and different: a choice the GUI may put to the user (`prefer`).
    conflict: bool = False


def _when(t: datetime | None) -> str:
    return f"{t:%d-%m-%Y %H:%M}" if t is not None else "an unknown time"


def _filing(f: ReturnFacts) -> str:
    on = f" on {f.filed_on:%d-%m-%Y}" if f.filed_on else ""
    ack = f" (ack {f.ack_no})" if f.ack_no else ""
    return f"filed{on}{ack}"


def _newer(a: datetime | None, b: datetime | None) -> bool:
    """Was `a` changed after `b`?  An unknown time is never newer."""
    return a is not None and (b is None or a > b)


def decide(
    incoming: ReturnFacts, here: ReturnFacts | None, same_data: bool, *, prefer: Prefer = "newer"
) -> Decision:
    """What to do with one return of the file (`incoming`) given the one here with the same period
    and version (`here`, None when there is none) and whether their data are the same."""
    if here is None:
        return Decision(ADDED, "new here")
    same_filing = (incoming.ack_no.strip(), incoming.filed_on) == (
        here.ack_no.strip(),
        here.filed_on,
    )
    if here.status == st.FILED:
        if same_data and (incoming.status != st.FILED or same_filing):
            why = "the same return" if incoming.status == st.FILED else "already filed here"
            return Decision(SKIPPED, why)
        if same_data:
            return Decision(
                REFUSED, f"{_filing(here)} here, {_filing(incoming)} in the file: a filing is "
                "recorded once; check which is right")  # fmt: skip
        return Decision(
            REFUSED, f"{_filing(here)} here and the file's differs: a filed return is never "
            "overwritten (a correction is a revision)")  # fmt: skip
    if incoming.status == st.FILED:
        if not same_data and _newer(here.updated_at, incoming.updated_at):
            return Decision(
                REFUSED, f"{_filing(incoming)} on the other PC, but changed here since "
                f"({_when(here.updated_at)}): compare the two, then delete the one here and "
                "import again")  # fmt: skip
        return Decision(UPDATED, f"{_filing(incoming)} on the other PC")
    if same_data and incoming.status == here.status:
        return Decision(SKIPPED, "the same return")
    file_newer = _newer(incoming.updated_at, here.updated_at)
    take = prefer == "file" or (prefer == "newer" and file_newer)
    if take:
        why = "the file's is newer" if prefer == "newer" else "the file's taken, as chosen"
        return Decision(UPDATED, f"{why} ({_when(incoming.updated_at)})", conflict=True)
    why = "the one here is newer" if prefer == "newer" else "this PC's kept, as chosen"
    return Decision(SKIPPED, f"{why} ({_when(here.updated_at)})", conflict=True)
