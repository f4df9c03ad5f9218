"""The return's parts as the screen names them: one table, with each place's few differences
spelt out beside it (errors name a store place, lists title their rows, the editor its pages)."""

from __future__ import annotations

#: A finding's or an unsaved edit's part, as the editor names it.
PART_LABELS = {
    "header": "Header",
    "header.branches": "Header · branches",
    "inputs": "Part 3 inputs",
    "part1a": "Part 1(a)",
    "part1b": "Part 1(b)",
    "part2": "Part 2",
    "part4": "Part 4",
    "part5": "Part 5",
    "declaration": "Declaration",
    "sales_list": "Sales list",
    "purchase_list": "Purchase list",
    "stock": "Stock",
}

#: A table's rows in messages: 'Stock inventory row 3, …'.
PART_TITLES = {**PART_LABELS, "stock": "Stock inventory", "branches": "Branches"}

#: The store's part names in its refusals (app.ui.errors.screen_place): the dealer form's and
#: the header's fields speak for themselves.
PART_NAMES = {
    **PART_TITLES, "client": "", "header": "", "inputs": "Part 3", "payable": "Payable",
}  # fmt: skip
