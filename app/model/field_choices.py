"""The list of a choice field supplied at runtime (catalogue `choices_from`), not by the catalogue.

"rate_pack.heads": Part 5's head of account offers the rate pack's heads for the row's act (every
head when the act is none of the three); the field is `open`, so any head written on the challan
is kept (W-HEAD-UNKNOWN warns of one the pack does not know).
"""

from __future__ import annotations

from typing import Any

from app.model.catalogue import Field, value_of
from app.model.ratepack import RatePack


def choices_for(field: Field, row: Any = None, pack: RatePack | None = None) -> tuple[str, ...]:
    """The choices offered for `field` of `row` (a table row, or a section for a form field)."""
    if field.choices_from == "rate_pack.heads":
        if pack is None:
            return ()
        heads = pack.heads_for(str(value_of(row, "act", "") or "")) or list(pack.heads)
        return tuple(h.text for h in heads)
    return field.choices
