"""The columns of each table of FORM No. 9, titled and numbered as the form prints them.

Computed columns name a function of (row, computed figures) and are read-only; their formula text
is the form's own wording, shown on hover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.model.form9 import (
    ACTS,
    LIST_TYPES,
    POINTS_OF_SALE,
    Branch,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)
from app.model.lists import row_total


@dataclass(frozen=True, slots=True)
class Column:
    id: str  # field id as in the spec
    title: str  # the form's wording, "\n" where the header wraps
    number: str = ""  # the form's column number, "8"
    kind: str = "text"  # see app.ui.values.KINDS
    choices: tuple[str, ...] = ()
    #: computed columns: value from (row index, row, editor's figures); None for input columns
    computed: Callable[[int, Any, Any], Any] | None = None
    formula: str = ""  # hover text of a computed column
    width: int = 90

    @property
    def header(self) -> str:
        return f"({self.number})\n{self.title}" if self.number else self.title

    @property
    def editable(self) -> bool:
        return self.computed is None


def _serial(i: int, _row: Any, _c: Any) -> int:
    return i + 1


def _p1(attr: str) -> Callable[[int, Any, Any], Any]:
    def get(i: int, _row: Any, computed: Any) -> Any:
        figs = computed.part1a if computed is not None else []
        return getattr(figs[i], attr) if i < len(figs) else None

    return get


def _p2_total(i: int, _row: Any, computed: Any) -> Any:
    totals = computed.part2_totals if computed is not None else []
    return totals[i] if i < len(totals) else None


def _list_total(_i: int, row: ListRow, _c: Any) -> Any:
    return row_total(row)


SL = Column("sl", "Sl.\nNo.", "1", "int", computed=_serial, formula="Serial number", width=36)

PART1A = (
    SL,
    Column("act", "Act", "2", "choice", ACTS, width=48),
    Column("nature", "Nature of\ntransaction", "3", width=96),
    Column("goods", "Name of\ngoods", "4", width=120),
    Column("schedule", "Schedule", "5", width=96),
    Column("rate", "Rate of\ntax %", "6", "rate", width=52),
    Column("point_of_sale", "Point of\nsale", "7", "choice", POINTS_OF_SALE, width=74),
    Column("total_turnover", "Total\nturnover", "8", "amount", width=92),
    Column("exempt_turnover", "Turnover\nexempt", "9", "amount", width=92),
    Column(
        "taxable_turnover",
        "Taxable\nturnover",
        "10",
        "amount",
        computed=_p1("taxable_turnover"),
        formula="(8) − (9)",
        width=92,
    ),
    Column("tax_collected", "Tax\ncollected", "11", "amount", width=92),
    Column(
        "tax_due",
        "Tax due",
        "12",
        "amount",
        computed=_p1("tax_due"),
        formula="(10) × rate of tax (6) / 100, rounded to the paisa",
        width=92,
    ),
    Column("compounded_tax", "Compounded\ntax due", "13", "amount", width=92),
    Column(
        "total_tax_payable",
        "Total tax\npayable",
        "14",
        "amount",
        computed=_p1("total_tax_payable"),
        formula="(11) or [(12) + (13)], whichever is higher",
        width=92,
    ),
)

PART1B = (
    SL,
    Column("series_from", "Series from", "", width=200),
    Column("series_to", "Series to", "", width=200),
)

PART2 = (
    SL,
    Column("act", "Act", "2", "choice", ACTS, width=48),
    Column("nature", "Nature of\ntransaction", "3", width=140),
    Column("goods", "Name of\ngoods", "4", width=170),
    Column("schedule", "Schedule", "5", width=130),
    Column("rate", "Rate of\ntax %", "6", "rate", width=52),
    Column("purchase_value", "Purchase\nvalue", "7", "amount", width=120),
    Column("tax_paid", "Tax paid on\npurchase", "8", "amount", width=112),
    Column("cess_paid", "Cess and other\nlevies paid", "9", "amount", width=112),
    Column(
        "total",
        "Total",
        "10",
        "amount",
        computed=_p2_total,
        formula="(7) + (8) + (9)",
        width=120,
    ),
    Column("itc_eligible", "Eligible\nfor ITC", "11", "bool", width=70),
)

PART5 = (
    Column("ref_no", "Treasury / Bank\nchalan / Ref. No", "", width=190),
    Column("date", "Chalan\ndate", "", "date", width=96),
    Column("act", "Act", "", "choice", ACTS, width=62),
    # Free text; the editor offers the rate pack's heads for the row's act (W-HEAD-UNKNOWN).
    Column("head_of_account", "Head of account", "", "suggest", width=320),
    Column("amount", "Amount\nremitted (Rs.)", "", "amount", width=130),
)

LIST_POINTS = ("", *POINTS_OF_SALE)

LIST = (
    Column("type", "Type of\ntransaction", "1", "choice", LIST_TYPES, width=150),
    Column("point_of_sale", "Point of\nsale", "2", "choice", LIST_POINTS, width=84),
    Column("counterparty_reg_no", "Counterparty\nreg. no.", "3", "upper", width=130),
    Column("counterparty_name", "Counterparty\nname", "4", width=190),
    Column("doc_no", "Document\nnumber", "5", width=100),
    Column("doc_date", "Document\ndate", "6", "date", width=92),
    Column("value", "Value (₹)", "7", "signed", width=112),
    Column("tax", "Tax (₹)", "8", "signed", width=100),
    Column("cess", "Cesses and\nother levies (₹)", "9", "signed", width=110),
    Column(
        "total",
        "Total (₹)",
        "10",
        "signed",
        computed=_list_total,
        formula="(7) + (8) + (9)",
        width=116,
    ),
)

STOCK = (
    Column("goods", "Name of goods", "", width=240),
    Column("schedule", "Schedule", "", width=150),
    Column("unit", "Unit", "", width=90),
    Column("quantity", "Quantity", "", "qty", width=110),
    Column("value", "Value (₹)", "", "amount", width=130),
)

BRANCHES = (
    Column("name", "Branch name", "", width=200),
    Column("address", "Branch address", "", width=340),
)

#: part id → (columns, row factory)
TABLES: dict[str, tuple[tuple[Column, ...], Callable[[], Any]]] = {
    "part1a": (PART1A, Part1aRow),
    "part1b": (PART1B, Part1bRow),
    "part2": (PART2, Part2Row),
    "part5": (PART5, Part5Row),
    "sales_list": (LIST, ListRow),
    "purchase_list": (LIST, lambda: ListRow(type="Purchase")),
    "stock": (STOCK, StockRow),
    "branches": (BRANCHES, Branch),
}


def column_index(columns: tuple[Column, ...], field: str | None) -> int:
    """The column showing a field id (0 when not shown, e.g. a whole-row finding)."""
    for i, c in enumerate(columns):
        if c.id == field:
            return i
    return 0
