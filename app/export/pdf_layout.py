"""The PDF's layout (spec section 10): what the form's catalogue does not say — how the header
block joins fields, footnotes and their marks, the statements' widths, captions, page furniture.

The parts' headings, every table's columns (the form's own wording, column numbers, relative
widths, alignment) and the statements' row labels are those of the return's version of the form
(app/model/catalogue.py, resources/forms), so an amendment prints with no change here.  Widths are
relative within a table; the page is A4 landscape throughout so the 14-column Part 1(a) fits at a
readable size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.model.catalogue import Table

Align = Literal["L", "R", "C"]

TITLE = "FORM No.9"
SUBTITLE = (
    "[See rule 10,11,18 & 30 under KGST Rules / rule 22 & 25 under KVAT Rules / "
    "rule 6(1) & (1A) under CST Rules]"
)
KIND = {"month": "MONTHLY RETURN", "year": "ANNUAL RETURN"}
FILED_ELECTRONICALLY = "(to be filed in electronic form)"


@dataclass(frozen=True, slots=True)
class Column:
    no: str  # the form's column number, printed under the heading: "(8)"
    heading: str
    field: str  # field id (spec section 4) or a computed id
    width: float  # relative
    align: Align = "L"


#: Tables whose column numbers the form prints bare ("1"), not in brackets ("(1)"): the enclosures'
#: format of the sales and purchase lists.
BARE_NUMBERS = frozenset({"sales_list", "purchase_list"})


def columns_of(table: Table) -> tuple[Column, ...]:
    """The printed columns of a table (those with a PDF width), as its catalogue lists them."""
    bare = table.id in BARE_NUMBERS

    def number(n: str) -> str:
        return n if bare or not n else f"({n})"

    return tuple(
        Column(number(f.number), f.heading, f.id, f.width.pdf, f.align) for f in table.pdf_columns
    )


def title_of(heading: str) -> tuple[str, str]:
    """A part's heading printed as a title and a subtitle: 'PART 2-PURCHASES: Details of
    Purchase' → ('PART 2-PURCHASES', 'Details of Purchase')."""
    title, _, sub = heading.partition(": ")
    return title, sub


# ---------------------------------------------------------------- header block

#: The header block, row by row: the header fields a row prints and its label where the form
#: joins fields under one ("" = the catalogue's heading of the first field).  "branches" is the
#: branches table (its heading is the label).  A header field of a later version of the form that
#: no row lists prints in a row of its own after these.
HEADER_ROWS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("date_of_filing",), ""),
    (("period",), ""),
    (("return_type", "revision_no"), ""),
    (("kgst_no",), ""),
    (("tin", "gstin"), ""),
    (("cst_no",), ""),
    (("tps_division", "tps_circle"), "TPS Division / TPS Circle"),
    (("name", "address"), "Name and address of the dealer"),
    (("trade_name",), ""),
    (("constitution",), ""),
    (("nature_of_business",), ""),
    (("branches",), ""),
)

# ---------------------------------------------------------------- Part 1, Part 2

#: Rows with these labels close each table with the column sums (not a form row; marked so).
TOTAL_LABEL = "Total"
#: A total that adds rows of all three acts says so (issue 12).
TOTAL_ACTS_LABEL = "Total (KGST + KVAT + CST)"

# ---------------------------------------------------------------- Part 3

#: Marks after a row's label that point to a note under the table.
PART3_MARKS = {"a_iv": " †"}
PART3_NOTE = (
    "† The form prints (i) - ((ii) - (iii)); the figure is computed as (i) - ((ii) + (iii)), "
    "consistent with (v)."
)

# ---------------------------------------------------------------- Part 3(A)

PART3A_WIDTHS = (46, 11, 8, 8, 10, 11)
#: Printed under Part 3(A) of an original (not a form row): the sum of the three acts, in figures
#: and words.  A revision prints PART3A_REVISION_NOTE instead: its one payable is Part 4's.
PART3A_GRAND_TOTAL = "Total amount payable (KGST + KVAT + CST)"
PART3A_REVISION_NOTE = (
    "Revision: Part 3(A) shows the tax on the revised figures, for reference only. The amount "
    "payable with this revision is the Part 4 figure (tax effect with interest), not a sum of "
    "Part 3(A)."
)

# ---------------------------------------------------------------- Part 4

#: Marks after a column heading (by position) that point to a note under the table.
PART4_HEADING_MARKS = {6: " \u2021"}
#: Each act's section of Part 4: "KGST REVISED".
PART4_SECTION = "{act} REVISED"
PART4_NUMBERS = ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)")
PART4_WIDTHS = (40, 9.5, 9.5, 9.5, 6.5, 6, 8, 9.5)
PART4_PREFILLED = "* Prefilled from last filed return for the period"
PART4_PAYABLE = (
    "Amount payable with this revision (KGST + KVAT + CST: col 8 of the payable rows with a tax "
    "effect above zero)"
)
#: Col (7) as computed (interpretations.part4_row_charged).
PART4_INTEREST_NOTE = (
    '\u2021 Col (7) "(5x6)" is computed as (4) \u00d7 (5) \u00d7 (6) \u00f7 36,500: tax effect '
    "\u00d7 rate of interest (% a year) \u00d7 delay in days \u00f7 36,500, rounded to the paisa; "
    "only on the payable rows (a)(iii), (b)-(f), (g)(iv) and (h)(vi) whose tax effect is an "
    "increase, else 0."
)
#: Part 4 rows whose figure is not the cell their label cross-refers to (spec section 4, Part 4
#: table): the label gets " \u2020" and the note is printed under the act's table.
PART4_NOTES: dict[str, str] = {
    "a_ii": "(a)(ii) is the KGST credit: advance tax + excess brought forward [Part 3 (a)(ii) + "
            "(a)(iii)], not Part 3 (a)(v); for the revision, less any excess of the filed return "
            "already carried into a later filed return (instruction 16).",
    "a_iii": "(a)(iii): the form prints [(i)(ii)]; computed as (i) - (ii), not below zero.",
    "g_ii": "(g)(ii) counts only KVAT purchases marked eligible for input tax credit (Part 3 "
            "(g)(iii)), not every KVAT row of Part 2 col 8.",
    "g_iii": "(g)(iii) is the VAT credit: excess brought forward + VAT advance tax [Part 3 (g)(ii) "
             "+ (g)(v)], not Part 3 (g)(ix); for the revision, less any excess already carried "
             "into a later filed return (instruction 16).",
    "g_vi": "(g)(vi) is this table's CST row (h)(v), not Part 3 (g)(viii).",
    "h_ii": "(h)(ii) is the CST credit: advance tax + excess brought forward [Part 3 (h)(ii) + "
            "(h)(iii)], not Part 3 (h)(v); for the revision, less any excess already carried "
            "into a later filed return (instruction 16).",
    "h_v": "(h)(v) is the lesser of this table's (h)(iii) and (g)(v), not Part 3 (g)(viii).",
}  # fmt: skip

# ---------------------------------------------------------------- Part 5, declaration

PART5_SUBTOTAL = "SUBTOTAL"
PART5_TOTAL_ACTS = "TOTAL AMOUNT PAID (KGST + KVAT + CST)"
PART5_WORDS = "Total amount paid in words: {words}"

DECLARATION_TITLE = "DECLARATION"
#: The form's wording with the blanks filled: {name}, {relation} (Son/daughter, one struck when
#: known), {parent}, {period_end}.  `signatory_parent` is printed as entered ("Sri. Abdul Rahman"),
#: so the form's "Sri/Smt." is not repeated.  The Acts' years are the correct ones, marked "*".
DECLARATION_TEXT = (
    "I, {name} {relation} of {parent} do hereby solemnly declare that to the best of my "
    "knowledge and belief, the information furnished in the return and the annexures and "
    "statements. Accompanying it relevant to the month /quarter/half year/year ending {period_end}, "
    "are correct complete and truly stated and in accordance with the provisions of the Kerala "
    "General Sales Tax Act, 1963 / Central Sales Tax Act, 1956* / Kerala Value Added Tax Act, "
    "2003* and the Rules made thereunder."
)
DECLARATION_NOTE = (
    '* The notified form (SRO 667/2024) misprints these as "Central Sales Tax Act, 1963" and '
    '"Kerala Value Added Tax Act, 2005"; the Acts are the Central Sales Tax Act, 1956 (Central '
    "Act 74 of 1956) and the Kerala Value Added Tax Act, 2003 (30 of 2004), as the notification's "
    "own explanatory note names them."
)
PARENT_BLANK = "Sri/Smt. .........................."
NAME_BLANK = "...................."
#: Honorifics at the start of the signatory's name that tell which of "Son/daughter" applies;
#: with none, both words print plainly and the signatory strikes one by hand, as on paper.
SON_PREFIXES = ("sri", "shri", "sree", "mr", "master")
DAUGHTER_PREFIXES = ("smt", "shrimati", "srimathi", "kum", "kumari", "ms", "mrs", "miss")
#: The signature block: left (label, field) pairs; right: the signature space and its captions.
SIGNATURE_LEFT = (("Place:", "place"), ("Date:", "date"))
SIGNATURE_CAPTION = "Name & Signature of Authorised Signatory"
SIGNATURE_RIGHT = (("Name:", "signatory_name"), ("Status of Authorised Signatory:",
                                                   "signatory_status"))  # fmt: skip

# ---------------------------------------------------------------- enclosures (annexures)

ENCLOSURES_TITLE = "Enclosures:"
LIST_CAPTION = "1. Format of Sales list and Purchase list."
STOCK_CAPTION = (
    "2. A copy of the stock inventory as on 31st March {year} is annexed (applicable only in case "
    "of annual return)."
)
NO_ROWS = "Nil"
#: The shaded last row of a list annexure (rows of every type and act together), its label
#: starting in the column of this field.
LIST_TOTAL = "Total of {rows} rows (all types together)"
LIST_TOTAL_AT = "counterparty_name"

# ---------------------------------------------------------------- page furniture

PAGE_MARGIN = 28  # points (about 1 cm)
HEADER_HEIGHT = 22
FOOTER_HEIGHT = 22
FONT_SIZE = 7.5
SMALL_FONT_SIZE = 6.5
LIST_FONT_SIZE = 7
LIST_ROW_HEIGHT = 10.5
WATERMARK = "DRAFT"
DRAFT_NOTE = "DRAFT - the return has errors and is not ready to file"
