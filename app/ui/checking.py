"""One validation round of the open return, run off the GUI thread on a snapshot: every figure
(the lists' totals included) and every finding, in the order the editor lists them."""

from __future__ import annotations

import dataclasses

from app.model.compute import Computed, compute
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.lists import summarise
from app.model.ratepack import RatePack
from app.model.validation import validate
from app.model.validation_context import Context

#: The parts in the form's order (findings are listed errors first, then in this order).
PART_ORDER = {
    p: i
    for i, p in enumerate(
        (
            "header",
            "part1a",
            "part1b",
            "part2",
            "inputs",
            "part4",
            "part5",
            "declaration",
            "sales_list",
            "purchase_list",
            "stock",
        )
    )
}


def full_check(
    snap: Form9Return, pack: RatePack | None, context: Context | None
) -> tuple[Computed, list[Finding]]:
    """Every figure (list totals included) and every finding of a snapshot of the return."""
    full = dataclasses.replace(
        compute(snap, with_lists=False),
        sales_summary=summarise(snap.sales_list),
        purchase_summary=summarise(snap.purchase_list),
    )
    return full, validate(snap, full, pack, context)


def finding_order(f: Finding) -> tuple[int, int, int]:
    return (0 if f.is_error else 1, PART_ORDER.get(f.part, 99), f.row if f.row is not None else -1)
