"""The Excel workbook's tables as data (spec section 9): sheet, form column number, header, field id.

One `SheetSpec` per table of FORM No. 9 that a dealer fills in.  `number` is the column number the
form prints ("" where the form prints none: Part 1(b), Part 5, stock); `kind` says how a cell is
read and written; `computed` columns are written as live formulas and never read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.model.form9 import ACTS, LIST_TYPES, POINTS_OF_SALE

#: Cell kinds.  Amount-like kinds refuse more than 2 decimals; `signed_amount` allows a negative
#: only on Sales Return / Purchase Return rows (spec section 3).
SERIAL = "serial"
ACT = "act"
TEXT = "text"
RATE = "rate"
AMOUNT = "amount"
SIGNED_AMOUNT = "signed_amount"
DATE = "date"
POINT_OF_SALE = "point_of_sale"
YES_NO = "yes_no"
LIST_TYPE = "list_type"
COMPUTED = "computed"

#: Kinds whose cell may never be blank (a blank amount reads as 0, a blank serial as the row's place).
NEVER_BLANK = frozenset({ACT, RATE, YES_NO, LIST_TYPE})
#: Choices offered as drop-downs, and accepted case-insensitively on import.
CHOICES: dict[str, tuple[str, ...]] = {
    ACT: ACTS,
    POINT_OF_SALE: POINTS_OF_SALE,
    YES_NO: ("yes", "no"),
    LIST_TYPE: LIST_TYPES,
}


@dataclass(frozen=True, slots=True)
class Column:
    number: str  # as printed on the form; "" when the form prints no number
    header: str
    field: str  # the spec's field id
    kind: str
    required: bool = False  # the column must be present; a text/date cell must not be blank
    width: int = 14
    formula: str = ""  # computed columns: Excel formula with {r} for the row, written on export

    @property
    def title(self) -> str:
        """The header cell's text: '(8) Total turnover'."""
        return f"({self.number}) {self.header}" if self.number else self.header


@dataclass(frozen=True, slots=True)
class SheetSpec:
    key: str  # the Form9Return attribute the rows go to
    name: str  # sheet name
    title: str  # what the form calls the table
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()  # other sheet names accepted on import
    csv: bool = False  # may also be imported from a CSV file

    @property
    def inputs(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind != COMPUTED)


def _c(number: str, header: str, field: str, kind: str, required: bool = False, width: int = 14,
       formula: str = "") -> Column:  # fmt: skip
    return Column(number, header, field, kind, required, width, formula)


PART1A = SheetSpec(
    "part1a",
    "Part 1(a)",
    "PART 1 - SALES: (a) Particulars of turnover",
    (
        _c("1", "Sl. No.", "sl", SERIAL, width=7),
        _c("2", "Act", "act", ACT, True, 8),
        _c("3", "Nature of transaction", "nature", TEXT, width=22),
        _c("4", "Name of goods", "goods", TEXT, width=26),
        _c("5", "Schedule", "schedule", TEXT, width=20),
        _c("6", "Rate of tax (%)", "rate", RATE, True, 9),
        _c("7", "Point of sale", "point_of_sale", POINT_OF_SALE, width=11),
        _c("8", "Total turnover", "total_turnover", AMOUNT, True, 16),
        _c("9", "Turnover on which exemption is claimed", "exempt_turnover", AMOUNT, width=16),
        _c(
            "10",
            "Taxable turnover (8)-(9)",
            "taxable_turnover",
            COMPUTED,
            width=16,
            formula="=H{r}-I{r}",
        ),
        _c("11", "Tax collected", "tax_collected", AMOUNT, width=14),
        _c(
            "12",
            "Tax due on taxable turnover",
            "tax_due",
            COMPUTED,
            width=14,
            formula="=ROUND(J{r}*F{r}/100,2)",
        ),
        _c("13", "Compounded tax due", "compounded_tax", AMOUNT, width=14),
        _c(
            "14",
            "Total tax payable",
            "total_tax_payable",
            COMPUTED,
            width=16,
            formula="=MAX(K{r},L{r}+M{r})",
        ),
    ),
    aliases=("part 1a", "part1a", "sales turnover", "turnover"),
)

PART1B = SheetSpec(
    "part1b",
    "Part 1(b)",
    "PART 1 - SALES: (b) Series no. of bills issued",
    (
        _c("", "Series from", "series_from", TEXT, True, 18),
        _c("", "Series to", "series_to", TEXT, True, 18),
    ),
    aliases=("part 1b", "part1b", "bill series", "bills"),
)

PART2 = SheetSpec(
    "part2",
    "Part 2",
    "PART 2 - PURCHASES",
    (
        _c("1", "Sl. No.", "sl", SERIAL, width=7),
        _c("2", "Act", "act", ACT, True, 8),
        _c("3", "Nature of transaction", "nature", TEXT, width=22),
        _c("4", "Name of goods", "goods", TEXT, width=26),
        _c("5", "Schedule", "schedule", TEXT, width=20),
        _c("6", "Rate of tax (%)", "rate", RATE, True, 9),
        _c("7", "Purchase value", "purchase_value", AMOUNT, True, 16),
        _c("8", "Tax paid on purchase", "tax_paid", AMOUNT, True, 14),
        _c("9", "Cess and other levies paid on purchase", "cess_paid", AMOUNT, width=14),
        _c("10", "Total (7+8+9)", "total", COMPUTED, width=16, formula="=G{r}+H{r}+I{r}"),
        _c("11", "Eligible for input tax credit (yes/no)", "itc_eligible", YES_NO, True, 12),
    ),
    aliases=("part2", "purchase details"),
)

PART5 = SheetSpec(
    "part5",
    "Part 5",
    "PART 5 - TAX REMITTANCE",
    (
        _c("", "Treasury / bank challan / ref. no.", "ref_no", TEXT, True, 22),
        _c("", "Challan date", "date", DATE, True, 12),
        _c("", "Act", "act", ACT, True, 8),
        _c("", "Head of account", "head_of_account", TEXT, width=20),
        _c("", "Amount remitted (Rs.)", "amount", AMOUNT, True, 16),
    ),
    aliases=("part5", "remittance", "remittances", "payments"),
)


def _list_columns() -> tuple[Column, ...]:
    return (
        _c("1", "Type of transaction", "type", LIST_TYPE, True, 24),
        _c("2", "Point of sale", "point_of_sale", POINT_OF_SALE, width=11),
        _c("3", "Counterparty registration number", "counterparty_reg_no", TEXT, width=17),
        _c("4", "Counterparty name", "counterparty_name", TEXT, width=28),
        _c("5", "Document number", "doc_no", TEXT, True, 16),
        _c("6", "Document date", "doc_date", DATE, True, 12),
        _c("7", "Value", "value", SIGNED_AMOUNT, True, 15),
        _c("8", "Tax", "tax", SIGNED_AMOUNT, True, 13),
        _c("9", "Cesses and other levies", "cess", SIGNED_AMOUNT, width=13),
        _c("10", "Total", "total", COMPUTED, width=15, formula="=G{r}+H{r}+I{r}"),
    )


SALES_LIST = SheetSpec(
    "sales_list", "Sales list", "Enclosure 1: Sales list", _list_columns(),
    aliases=("sales", "sale list", "sales register"), csv=True,
)  # fmt: skip
PURCHASE_LIST = SheetSpec(
    "purchase_list", "Purchase list", "Enclosure 1: Purchase list", _list_columns(),
    aliases=("purchases list", "purchase register"), csv=True,
)  # fmt: skip

STOCK = SheetSpec(
    "stock",
    "Stock",
    "Enclosure 2: Stock inventory as on 31 March (annual return only)",
    (
        _c("", "Name of goods", "goods", TEXT, True, 28),
        _c("", "Schedule", "schedule", TEXT, width=20),
        _c("", "Unit", "unit", TEXT, width=9),
        _c("", "Quantity", "quantity", AMOUNT, True, 13),
        _c("", "Value", "value", AMOUNT, True, 16),
    ),
    aliases=("stock inventory", "inventory", "closing stock"),
)

SHEETS: tuple[SheetSpec, ...] = (PART1A, PART1B, PART2, PART5, SALES_LIST, PURCHASE_LIST, STOCK)
INSTRUCTIONS_SHEET = "Instructions"

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm(text: str) -> str:
    """Case-, space- and punctuation-insensitive form used to match sheet names and headers."""
    return _NON_ALNUM.sub("", text.lower())


#: Other header texts seen in dealers' and billing software's files, accepted on import by field id.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "sl": ("sl no", "s no", "serial", "serial no", "sl"),
    "act": ("act",),
    "goods": ("goods", "commodity", "item", "description of goods"),
    "rate": ("rate", "rate of tax", "tax rate", "rate %"),
    "total_turnover": ("turnover",),
    "exempt_turnover": ("exempt turnover", "exempted turnover", "exemption claimed"),
    "itc_eligible": ("itc", "itc eligible", "eligible for itc", "input tax credit"),
    "type": ("type", "transaction type", "type of transaction"),
    "counterparty_reg_no": ("tin", "gstin", "registration number", "reg no", "party tin",
                            "party gstin", "tin gstin"),
    "counterparty_name": ("party name", "name", "customer name", "supplier name", "party"),
    "doc_no": ("invoice no", "invoice number", "bill no", "bill number", "doc no",
               "document no", "voucher no"),
    "doc_date": ("invoice date", "bill date", "doc date", "date"),
    "value": ("taxable value", "amount", "value"),
    "tax": ("tax amount", "tax"),
    "cess": ("cess", "cess amount", "other levies"),
    "ref_no": ("challan no", "challan number", "reference no", "ref no", "cin"),
    "date": ("date", "challan date", "date of payment"),
    "head_of_account": ("head", "head of account"),
    "amount": ("amount", "amount remitted", "amount paid"),
    "series_from": ("from", "series from", "bill from"),
    "series_to": ("to", "series to", "bill to"),
    "quantity": ("qty", "quantity"),
    "unit": ("unit", "uom"),
}  # fmt: skip

#: Normalised sheet name or alias -> sheet.
SHEET_BY_NAME: dict[str, SheetSpec] = {
    norm(n): s for s in SHEETS for n in (s.name, s.key, *s.aliases)
}
