"""A row of the dealers' sheet (issue 15 item 6): what its values must be, and what importing it
does to the dealers already in the data folder.  Pure rules; the sheet's columns are data
(resources/sheets/clients.toml), the reading is app.export.client_sheet.

- TIN: a Kerala TIN (11 digits starting with 32, spec section 1), kept without spaces and in
  capitals as the dealer editor keeps it; GSTIN, when given: a valid GSTIN, check character
  included; registration renewed up to: a financial year such as 2025-26 (instruction 1).
- Due day: "10th" for a dealer whose tax liability in the preceding year was ₹10 lakh or more
  (Trade Circular 14/2024: `large_dealer`), "15th" for every other dealer.
- A blank cell says nothing: a new dealer takes the blank value (15th for the due day), a dealer
  already here keeps what it has.  Columns the sheet does not have are never touched, nor the
  dealer's branches.
- Outcome per row: a TIN not here is added; a TIN here whose given particulars are the same is
  unchanged; one that differs is updated only where the user confirmed updating (CLI
  `--update`, the GUI's tick), else refused — nothing is overwritten unasked; a row with a cell
  that cannot be read is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from app.model.client import ClientProfile
from app.model.identifiers import gstin_check_char, gstin_problem, tin_problem
from app.model.periods import Period, PeriodError

Action = Literal["added", "updated", "unchanged", "refused"]
ADDED: Final = "added"
UPDATED: Final = "updated"
UNCHANGED: Final = "unchanged"
REFUSED: Final = "refused"
ACTIONS: tuple[Action, ...] = (ADDED, UPDATED, UNCHANGED, REFUSED)

#: The due-day choice → large_dealer (Trade Circular 14/2024).
DUE_DAYS: Mapping[str, bool] = {"15th": False, "10th": True}
TIN_EXPECTED = "a Kerala TIN: 11 digits starting with 32"


def renewed_problem(text: str) -> str | None:
    """Why `text` is not a financial year such as 2025-26 (None when it is one, or blank)."""
    if not text:
        return None
    try:
        p = Period.parse(text)
    except PeriodError as exc:
        return str(exc)
    return None if p.is_annual else f"{text}: give a financial year such as 2025-26"


def expected_for(field: str, value: Any) -> str | None:
    """What a cell of `field` should hold when `value` is not acceptable (None when it is)."""
    if field == "tin":
        if tin_problem(value) is None:
            return None
        if not value.isdigit():
            return f"{TIN_EXPECTED} (digits only)"
        if len(value) != 11:
            return f"{TIN_EXPECTED} (this has {len(value)})"
        return f"{TIN_EXPECTED} (Kerala's state code)"
    if field == "gstin" and value:
        if gstin_problem(value) is None:
            return None
        if len(value) != 15:
            return f"a GSTIN of 15 characters (this has {len(value)})"
        if value[:14].isalnum() and all(c.isdigit() or c.isupper() for c in value[:14]):
            check = gstin_check_char(value[:14])
            if gstin_problem(value[:14] + check) is None:
                return f"a GSTIN whose check character (the 15th) is {check}"
        return "a GSTIN in the form 99AAAAA9999A9Z9"
    if field == "renewed_until" and renewed_problem(value) is not None:
        return "a financial year such as 2025-26 (or a blank cell)"
    return None


def new_profile(values: Mapping[str, Any]) -> ClientProfile:
    """A dealer not here yet: the row's values, blank values for the rest."""
    return ClientProfile(**values)


def changes(here: ClientProfile, values: Mapping[str, Any]) -> list[str]:
    """The fields whose value in the row differs from the dealer's here, in the row's order."""
    return [f for f, v in values.items() if f != "tin" and getattr(here, f) != v]


def merged(here: ClientProfile, values: Mapping[str, Any]) -> ClientProfile:
    """The dealer here with the row's values (branches and every other field kept)."""
    return dataclasses.replace(here, **{f: v for f, v in values.items() if f != "tin"})


@dataclass(frozen=True, slots=True)
class Outcome:
    action: Action
    reason: str
    changed: tuple[str, ...] = ()  # the fields an update changes (or would)
    updatable: bool = False  # here and different: an update the user may confirm


def decide(
    here: ClientProfile | None,
    values: Mapping[str, Any],
    *,
    update: bool,
    labels: Mapping[str, str],
) -> Outcome:
    """What importing a readable row does.  `labels` names the fields in words."""
    if here is None:
        return Outcome(ADDED, "a new dealer")
    changed = tuple(changes(here, values))
    shown = ", ".join(labels.get(f, f) for f in changed)
    if not changed:
        return Outcome(UNCHANGED, "the same particulars are here already")
    if update:
        return Outcome(UPDATED, f"changes {shown}", changed, True)
    return Outcome(
        REFUSED,
        f"this TIN is here already as {here.name or '(no name)'!r}, with another {shown}; "
        "confirm updating it to take the file's",
        changed,
        True,
    )
