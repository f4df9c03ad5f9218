"""FORM No. 9 as typed dataclasses, field ids exactly as in spec section 4.

Inputs only: computed columns live in app.model.compute's results, never here, so a return can never
hold a stale figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from app.model.numbers import ZERO

ACTS = ("KGST", "KVAT", "CST")
Act = Literal["KGST", "KVAT", "CST"]
#: Part 1(a) col 7 and the lists' col 2.  "first and last": the one sale that is both the first
#: and the last point of levy (KSBC's sale of foreign liquor, KGST s.5(1)(b); docs/decisions.md).
POINTS_OF_SALE = ("first", "subsequent", "last", "first and last")
RETURN_TYPES = ("original", "revision")
CONSTITUTIONS = ("Proprietorship", "Partnership", "Company", "Society", "Other")
NATURES_OF_BUSINESS = ("KSBC", "Petroleum Pump", "Bar Hotel", "LNG", "Oil Company", "Other")
LIST_TYPES = (
    "Sales",
    "Purchase",
    "Sales Return",
    "Purchase Return",
    "Interstate Sale",
    "Interstate Purchase",
    "Interstate Stock Transfer (inward)",
    "Interstate Stock Transfer (outward)",
    "Export",
    "Import",
)
#: List rows that are returns / credit notes and may carry negative amounts (spec section 3).
RETURN_LIST_TYPES = frozenset({"Sales Return", "Purchase Return"})
CESS_IDS = ("b", "c", "d", "e", "f")
ACT_KEYS: dict[str, Act] = {"kgst": "KGST", "kvat": "KVAT", "cst": "CST"}


@dataclass(slots=True)
class Branch:
    """A branch of the dealer (header)."""

    name: str = ""
    address: str = ""
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Header:
    """The return's header: the period, the return type and the dealer's particulars."""

    date_of_filing: date | None = None
    period: str = ""
    return_type: str = "original"
    revision_no: int = 0
    kgst_no: str = ""
    tin: str = ""
    cst_no: str = ""
    tps_division: str = ""
    tps_circle: str = ""
    name: str = ""
    address: str = ""
    trade_name: str = ""
    constitution: str = ""
    nature_of_business: str = ""
    branches: list[Branch] = field(default_factory=list)
    gstin: str = ""
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None

    @property
    def branch_count(self) -> int:
        return len(self.branches)


@dataclass(slots=True)
class ActAmounts:
    """One amount per act: KGST, KVAT, CST."""

    kgst: Decimal = ZERO
    kvat: Decimal = ZERO
    cst: Decimal = ZERO

    def of(self, act: str) -> Decimal:
        return getattr(self, act.lower())  # type: ignore[no-any-return]


@dataclass(slots=True)
class Cess:
    """Part 3 (b)–(f): surcharge, AST s.5D, SSC s.6(1), SSC s.6(2A)(i), SSC s.6(2A)(ii)."""

    b: Decimal = ZERO
    c: Decimal = ZERO
    d: Decimal = ZERO
    e: Decimal = ZERO
    f: Decimal = ZERO


def _twelve() -> dict[str, Decimal]:
    return {"KGST": Decimal(12), "KVAT": Decimal(12), "CST": Decimal(12)}


@dataclass(slots=True)
class Inputs:
    """The entered figures of Parts 3 and 3(A): advance tax, amounts brought forward, cess, interest
    rates, the due date."""

    advance: ActAmounts = field(default_factory=ActAmounts)
    brought_forward: ActAmounts = field(default_factory=ActAmounts)
    cess: Cess = field(default_factory=Cess)
    interest_rate: dict[str, Decimal] = field(default_factory=_twelve)
    large_dealer: bool | None = None
    due_date: date | None = None
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Part1aRow:
    """Part 1(a) particulars of turnover, cols 1–9, 11, 13 (10, 12, 14 are computed)."""

    sl: int = 0
    act: str = "KGST"
    nature: str = ""
    goods: str = ""
    schedule: str = ""
    rate: Decimal = ZERO
    point_of_sale: str = "first"
    total_turnover: Decimal = ZERO
    exempt_turnover: Decimal = ZERO
    tax_collected: Decimal = ZERO
    compounded_tax: Decimal = ZERO
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Part1bRow:
    """Part 1(b): one series of bills or invoices used."""

    series_from: str = ""
    series_to: str = ""
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Part2Row:
    """Part 2 purchases, cols 1–9 and 11 (10 is computed)."""

    sl: int = 0
    act: str = "KVAT"
    nature: str = ""
    goods: str = ""
    schedule: str = ""
    rate: Decimal = ZERO
    purchase_value: Decimal = ZERO
    tax_paid: Decimal = ZERO
    cess_paid: Decimal = ZERO
    itc_eligible: bool = False
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Part5Row:
    """Part 5: one remittance (reference, date, act, head of account, amount)."""

    ref_no: str = ""
    date: date | None = None
    act: str = "KGST"
    head_of_account: str = ""
    amount: Decimal = ZERO
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class Declaration:
    """The declaration: the signatory, place and date."""

    signatory_name: str = ""
    signatory_parent: str = ""
    signatory_status: str = ""
    place: str = ""
    date: date | None = None
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class ListRow:
    """Sales list / purchase list enclosure, one row per document (total is computed)."""

    type: str = "Sales"
    point_of_sale: str = ""
    counterparty_reg_no: str = ""
    counterparty_name: str = ""
    doc_no: str = ""
    doc_date: date | None = None
    value: Decimal = ZERO
    tax: Decimal = ZERO
    cess: Decimal = ZERO
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


@dataclass(slots=True)
class StockRow:
    """Stock inventory as on 31 March (annual return only)."""

    goods: str = ""
    schedule: str = ""
    unit: str = ""
    quantity: Decimal = ZERO
    value: Decimal = ZERO
    #: Fields a later version of the form adds (app.model.catalogue.value_of); None when none.
    extra: dict[str, Any] | None = None


PART3_IDS = (
    "a_i", "a_ii", "a_iii", "a_iv", "a_v", "b", "c", "d", "e", "f",
    "g_i", "g_ii", "g_iii", "g_iv", "g_v", "g_vi", "g_vii", "g_viii", "g_ix",
    "h_i", "h_ii", "h_iii", "h_iv", "h_v", "h_vi", "h_vii",
)  # fmt: skip


@dataclass(slots=True)
class FiledReturnFacts:
    """Part 4 inputs: what the last filed return for the period said (F)."""

    part3: dict[str, Decimal] = field(default_factory=dict)
    due_date: date | None = None
    ack_no: str = ""
    #: The part of F's excess (a_v / g_ix / h_v) carried into a later filed return (instruction 16).
    carried_forward: ActAmounts = field(default_factory=ActAmounts)


@dataclass(slots=True)
class Form9Return:
    """One FORM No. 9 return: every part as entered (computed figures: app.model.compute)."""

    header: Header = field(default_factory=Header)
    inputs: Inputs = field(default_factory=Inputs)
    part1a: list[Part1aRow] = field(default_factory=list)
    part1b: list[Part1bRow] = field(default_factory=list)
    part2: list[Part2Row] = field(default_factory=list)
    filed: FiledReturnFacts | None = None
    part5: list[Part5Row] = field(default_factory=list)
    declaration: Declaration = field(default_factory=Declaration)
    sales_list: list[ListRow] = field(default_factory=list)
    purchase_list: list[ListRow] = field(default_factory=list)
    stock: list[StockRow] = field(default_factory=list)

    @property
    def is_revision(self) -> bool:
        return self.header.return_type == "revision"


#: The row type of each table of the form catalogue (app.model.catalogue.Table.id); a field a
#: later version adds to a table is kept in its row's `extra` dict.
ROW_TYPES: dict[str, type] = {
    "part1a": Part1aRow,
    "part1b": Part1bRow,
    "part2": Part2Row,
    "part5": Part5Row,
    "sales_list": ListRow,
    "purchase_list": ListRow,
    "stock": StockRow,
    "branches": Branch,
}
