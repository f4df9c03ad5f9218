"""Revision N of a filed return (instruction 15, r.22A(3); spec sections 4 and 7).

The revision starts as a copy of the latest filed return of the period with all its data; Part 4
compares it with that return's filed Part 3 (F) and charges interest from the original due date.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from app.model.form9 import ActAmounts, FiledReturnFacts, Form9Return


def next_revision_no(existing: Iterable[int]) -> int:
    """One more than the highest revision number of the period (the original counts as 0)."""
    return max((n for n in existing), default=0) + 1


def original_due_date(filed: Form9Return, filed_due_date: date | None) -> date | None:
    """Part 4 col 6 counts from the original due date: a revision of a revision keeps it."""
    if filed.filed is not None and filed.filed.due_date is not None:
        return filed.filed.due_date
    return filed_due_date


def make_revision(
    filed: Form9Return,
    filed_part3: Mapping[str, Decimal],
    *,
    revision_no: int,
    due_date: date | None,
    ack_no: str,
    carried_forward: ActAmounts | None = None,
) -> Form9Return:
    """Revision `revision_no` of the filed return `filed` (left unchanged).

    Everything is copied except what belongs to the new filing: the date of filing and the
    declaration date are cleared, and Part 5 starts empty because it lists the payment made with
    the revision (Part 4 payable), not what was paid with the filed return.
    """
    rev = copy.deepcopy(filed)
    rev.header.return_type = "revision"
    rev.header.revision_no = revision_no
    rev.header.date_of_filing = None
    rev.declaration.date = None
    rev.part5 = []
    rev.filed = FiledReturnFacts(
        part3=dict(filed_part3),
        due_date=due_date,
        ack_no=ack_no,
        carried_forward=copy.copy(carried_forward) if carried_forward else ActAmounts(),
    )
    return rev
