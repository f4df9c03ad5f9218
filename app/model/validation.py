"""Validation of one return (spec section 5).  Filled in by the foundation work."""

from __future__ import annotations

from dataclasses import dataclass

from app.model.compute import Computed
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.ratepack import RatePack


@dataclass(frozen=True, slots=True)
class Context:
    """Facts from outside the return (the store) that some rules need; all optional."""

    previous_filed: bool | None = None  # instruction 2
    registration_renewed: bool | None = None  # instruction 1


def validate(
    ret: Form9Return,
    computed: Computed,
    pack: RatePack | None = None,
    context: Context | None = None,
) -> list[Finding]:
    return []
