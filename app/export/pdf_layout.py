"""The PDF's layout as data (spec section 10): sections in FORM No. 9's order, the form's own
headings and row labels (SRO 667/2024), column numbers, relative widths and alignment.

pdf_return.py only draws what is listed here.  Widths are relative within a table; the page is
A4 landscape throughout so the 14-column Part 1(a) fits at a readable size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


# ---------------------------------------------------------------- header block

#: (label as on the form, how the value is made: a header field id or a derived key)
HEADER_ROWS: tuple[tuple[str, str], ...] = (
    ("Date of Filing", "date_of_filing"),
    ("Return Period", "period"),
    ("Return Type (Original / Revision 1 / Revision 2 etc.)", "return_type"),
    ("KGST No.", "kgst_no"),
    ("TIN", "tin"),
    ("CST", "cst_no"),
    ("TPS Division / TPS Circle", "tps"),
    ("Name and address of the dealer", "name_address"),
    ("Trade Name (if any)", "trade_name"),
    ("Constitution of business (Proprietorship/Partnership/ Company/ Society etc.)", "constitution"),
    ("Nature of Business (KSBC / Petroleum Pump / Bar Hotel / LNG / Oil Company etc.)",
     "nature_of_business"),
    ("Particulars of branches, if any, with no. of such branches", "branches"),
)  # fmt: skip

# ---------------------------------------------------------------- Part 1, Part 2

PART1_TITLE = "PART 1- SALES"
PART1A_TITLE = "(a) Particulars of Turnover"
PART1A_COLUMNS: tuple[Column, ...] = (
    Column("(1)", "Sl. No.", "sl", 3.2, "R"),
    Column("(2)", "Act", "act", 4.6, "C"),
    Column("(3)", "Nature of Transaction", "nature", 9.5),
    Column("(4)", "Name of Goods", "goods", 11),
    Column("(5)", "Schedule", "schedule", 9),
    Column("(6)", "Rate of Tax", "rate", 5, "R"),
    Column("(7)", "Point of Sale", "point_of_sale", 7.5, "C"),
    Column("(8)", "Total Turnover", "total_turnover", 9.5, "R"),
    Column("(9)", "Turnover on which exemption is claimed", "exempt_turnover", 9, "R"),
    Column("(10)", "Taxable turnover (8) - (9)", "taxable_turnover", 9.5, "R"),
    Column("(11)", "Tax collected", "tax_collected", 8.5, "R"),
    Column("(12)", "Tax due on taxable turnover ((10) x rate of tax in %)", "tax_due", 9, "R"),
    Column("(13)", "Compounded tax due", "compounded_tax", 8, "R"),
    Column("(14)", "Total tax payable ((11) or [(12) + (13)] whichever is higher",
           "total_tax_payable", 9.5, "R"),
)  # fmt: skip
PART1B_TITLE = "(b) Particulars of Turnover"
PART1B_SUBTITLE = "Series no. of bills issued"
PART1B_COLUMNS: tuple[Column, ...] = (
    Column("", "Sl. No.", "sl", 1, "R"),
    Column("", "Series from", "series_from", 4),
    Column("", "Series to", "series_to", 4),
)

PART2_TITLE = "PART 2-PURCHASES"
PART2_SUBTITLE = "Details of Purchase"
PART2_COLUMNS: tuple[Column, ...] = (
    Column("(1)", "Sl. No.", "sl", 3.2, "R"),
    Column("(2)", "Act", "act", 4.6, "C"),
    Column("(3)", "Nature of Transaction", "nature", 12),
    Column("(4)", "Name of goods", "goods", 13),
    Column("(5)", "Schedule", "schedule", 10),
    Column("(6)", "Rate of Tax", "rate", 5, "R"),
    Column("(7)", "Purchase Value", "purchase_value", 10, "R"),
    Column("(8)", "Tax paid on purchase.", "tax_paid", 10, "R"),
    Column("(9)", "Cess and other levies paid on purchase.", "cess_paid", 10, "R"),
    Column("(10)", "Total (7+8+9)", "total", 10, "R"),
    Column("(11)", "Eligible for Input Tax Credit (Yes / No)", "itc_eligible", 7, "C"),
)

#: Rows with these labels close each table with the column sums (not a form row; marked so).
TOTAL_LABEL = "Total"
#: A total that adds rows of all three acts says so (issue 12).
TOTAL_ACTS_LABEL = "Total (KGST + KVAT + CST)"

# ---------------------------------------------------------------- Part 3

PART3_TITLE = "PART 3- TAX SUMMARY"
#: (act heading, letter, [(field id, label as on the form)])
PART3_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("KGST", (
        ("a_i", "(a) (i) Total due for the period of return (PART 1 KGST - col 14)"),
        ("a_ii", "(ii) KGST Advance Tax paid if any (for the current return period)"),
        ("a_iii", "(iii) KGST excess paid if any, carried forward [PART 3 (a)(v)] from previous "
                  "return"),
        ("a_iv", "(iv) Balance KGST payable [(i) - ((ii) - (iii)] †"),
        ("a_v", "(v) Excess KGST Paid if any carried forward to next month [(ii) + (iii) - (i)]"),
        ("b", "(b) Surcharge due"),
        ("c", "(c) AST (Cess on petroleum products to be transferred to KIIFB levied under section "
              "5D of the KGST Act.)"),
        ("d", "(d) Social Security Cess levied and collected as per sub-section (1) of section 6 of "
              "the Kerala Finance Act, 2008"),
        ("e", "(e) Social Security Cess on the sale of Petrol and Diesel levied under clause (i) "
              "sub-section (2A) of section 6 of Kerala Finance Act, 2008"),
        ("f", "(f) Social Security Cess on the sale of IMFL levied under clause (ii) subsection "
              "(2A) of section 6 of Kerala Finance Act, 2008."),
    )),
    ("KVAT", (
        ("g_i", "(g) (i) Total VAT Output Tax due for the period of return (PART 1 KVAT-col 14)"),
        ("g_ii", "(ii) Excess VAT / ITC balance carried forward from previous return [PART 3 KVAT "
                 "(g)(ix) of previous return]"),
        ("g_iii", "(iii) Tax paid on Purchase eligible as Input Tax Credit [PART 2 sum of KVAT col "
                  "8 if eligible for ITC is yes in column 11]"),
        ("g_iv", "(iv) Total VAT due [(i)-(ii)-(iii)]"),
        ("g_v", "(v) VAT Advance Tax Paid if any"),
        ("g_vi", "(vi) Balance VAT payable [(iv) - (v)]"),
        ("g_vii", "(vii) VAT excess paid / ITC balance available for adjustment against CST due "
                  "[(ii)+(iii)+(v)-(i)]"),
        ("g_viii", "(viii) VAT excess paid / ITC balance adjusted towards CST due [PART-3 CST "
                   "(h)(vi)]"),
        ("g_ix", "(ix) VAT excess paid / ITC balance if any carried forward to the next return "
                 "period"),
    )),
    ("CST", (
        ("h_i", "(h) (i) Total CST tax due for the period of return (PART 1 CST - col 14)"),
        ("h_ii", "(ii) CST Advance Tax Paid, if any."),
        ("h_iii", "(iii) Excess CST carried forward from previous return if any [PART 3 - (h)(v) "
                  "of previous return]"),
        ("h_iv", "(iv) Balance CST due [(i)-(ii)-(iii)]"),
        ("h_v", "(v) Excess Paid if Any carried forward to next month [(ii)+(iii)-(i)]"),
        ("h_vi", "(vi) Balance due adjusted from VAT credit available in PART 3 - KVAT (g)(viii)"),
        ("h_vii", "(vii) Balance CST Payable [(iv)-(vi)]"),
    )),
)  # fmt: skip
PART3_HEADINGS = ("Particulars", "Tax Details")
PART3_NOTE = (
    "† The form prints (i) - ((ii) - (iii)); the figure is computed as (i) - ((ii) + (iii)), "
    "consistent with (v)."
)

# ---------------------------------------------------------------- Part 3(A)

PART3A_TITLE = "PART 3(A) - TAX PAYABLE"
PART3A_HEADINGS = ("Particulars", "Tax", "Rate of Interest", "Delay in Days", "Interest due",
                   "Total")  # fmt: skip
PART3A_WIDTHS = (46, 11, 8, 8, 10, 11)
PART3A_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("KGST", (
        ("a", "(a) KGST Payable [Part 3 (a) (iv)]"),
        ("b", "(b) Surcharge Payable [Part 3(b)]"),
        ("c", "(c) AST (Cess on petroleum products to be transferred to KIIFB levied under section "
              "5D of the KGST Act.) [Part 3(c)]"),
        ("d", "(d) Social Security Cess levied and collected as per sub-section (1) of section 6 of "
              "the Kerala Finance Act, 2008 [Part 3(d)]"),
        ("e", "(e) Social Security Cess on the sale of Petrol and Diesel levied under clause (i) "
              "sub-section (2A) of section 6 of Kerala Finance Act, 2008 [Part 3(e)]"),
        ("f", "(f) Social Security Cess on the sale of IMFL levied under clause (ii) sub-section "
              "(2A) of section 6 of Kerala Finance Act, 2008. [Part 3(f)]"),
        ("kgst_total", "TOTAL PAYABLE"),
    )),
    ("KVAT", (("g", "(g) VAT Payable [Part 3(g) (vi)"),)),
    ("CST", (("h", "(h) CST Payable [Part 3(h) (vii)]"),)),
)  # fmt: skip
#: Printed under Part 3(A) of an original (not a form row): the sum of the three acts, in figures
#: and words.  A revision prints PART3A_REVISION_NOTE instead: its one payable is Part 4's.
PART3A_GRAND_TOTAL = "Total amount payable (KGST + KVAT + CST)"
PART3A_REVISION_NOTE = (
    "Revision: Part 3(A) shows the tax on the revised figures, for reference only. The amount "
    "payable with this revision is the Part 4 figure (tax effect with interest), not a sum of "
    "Part 3(A)."
)

# ---------------------------------------------------------------- Part 4

PART4_TITLE = "PART 4 - REVISION OF RETURN"
PART4_HEADINGS = ("Particulars", "Figures as per filed return", "Figures as per revision",
                  "Tax effect (3-2)", "Rate of Interest", "Delay in Days",
                  "Interest due (5x6) \u2021", "Total (4+7)")  # fmt: skip
PART4_NUMBERS = ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)")
PART4_WIDTHS = (40, 9.5, 9.5, 9.5, 6.5, 6, 8, 9.5)
PART4_PREFILLED = "* Prefilled from last filed return for the period"
PART4_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("KGST REVISED", (
        ("a_i", "(a) (i) Total KGST due for the period of return (PART 1 KGST - col 14) *"),
        ("a_ii", "(ii) KGST Balance at credit (Part 3 (a) (v)) * (if not carried forward to the "
                 "next return period)"),
        ("a_iii", "(iii) Balance KGST payable[(i)(ii)] *"),
        ("a_iv", "(iv) Excess KGST Paid if any carried forward to next return period [(ii) - (i)] *"),
        ("b", "(b) Surcharge Payable *"),
        ("c", "(c) AST (Cess on petroleum products to be transferred to KIIFB levied under section "
              "5D of the KGST Act.) *"),
        ("d", "(d) Social Security Cess levied and collected as per sub-section (1) of section 6 of "
              "the Kerala Finance Act, 2008 *"),
        ("e", "(e) Social Security Cess on the sale of Petrol and Diesel levied under clause (i) "
              "subsection (2A) of section 6 of Kerala Finance Act, 2008 *"),
        ("f", "(f) Social Security Cess on the sale of IMFL levied under clause (ii) sub-section "
              "(2A) of section 6 of Kerala Finance Act, 2008 *"),
    )),
    ("KVAT REVISED", (
        ("g_i", "(g) (i) Total VAT OPT due for the period of return (PART 1 KVAT-col 14) *"),
        ("g_ii", "(ii) Tax paid on Purchase eligible as Input Tax Credit [PART 2 sum of KVAT col "
                 "8] *"),
        ("g_iii", "(iii) VAT Balance at credit [PART 3 (g) (ix) from filed return] * (if not "
                  "carried forward to next return period)"),
        ("g_iv", "(iv) Balance VAT payable [(i)-(ii)-(iii)] *"),
        ("g_v", "(v) VAT excess paid / ITC balance available for adjustment against CST due "
                "[(ii)+(iii)-(i)] *"),
        ("g_vi", "(vi) VAT excess paid / ITC balance adjusted towards CST due [PART 3 (g) (viii)] *"),
        ("g_vii", "(vii) VAT excess paid / ITC balance if any carried forward to the next return "
                  "period [(v)-(vi) above] *"),
    )),
    ("CST REVISED", (
        ("h_i", "(h) (i) Total CST due for the period of return (PART 1 CST col 14) *"),
        ("h_ii", "(ii) CST at credit (if not carry forwarded to next return period) [Part 3 CST "
                 "(h)(v)] * (if not carried forward to the next return period)"),
        ("h_iii", "(iii) CST balance due for the period of return [(i)-(ii)] *"),
        ("h_iv", "(iv) CST excess paid if any carry forwarded to next month [(ii)-(i)] *"),
        ("h_v", "(v) CST balance due adjusted from VAT credit available [Part 3 KVAT (g)(viii)] *"),
        ("h_vi", "(vi) Balance CST payable [(iii)-(v) above] *"),
    )),
)  # fmt: skip
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

PART5_TITLE = "PART 5 - TAX REMITTANCE"
PART5_SUBTITLE = "Tax Remittance Particulars"
PART5_COLUMNS: tuple[Column, ...] = (
    Column("", "Treasury / Bank Chalan / Ref. No", "ref_no", 14),
    Column("", "Chalan Date", "date", 7, "C"),
    Column("", "ACT", "act", 5, "C"),
    Column("", "Head of Account", "head_of_account", 10),
    Column("", "Amount Remitted (Rs.)", "amount", 10, "R"),
)
PART5_SUBTOTAL = "SUBTOTAL"
PART5_TOTAL = "TOTAL AMOUNT PAID"
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
SALES_LIST_TITLE = "Annexure 1 (a) - Sales list"
PURCHASE_LIST_TITLE = "Annexure 1 (b) - Purchase list"
LIST_CAPTION = "1. Format of Sales list and Purchase list."
LIST_COLUMNS: tuple[Column, ...] = (
    Column("1", "Type of Transaction", "type", 13),
    Column("2", "Point of Sale", "point_of_sale", 6.5, "C"),
    Column("3", "Counterparty registration number", "counterparty_reg_no", 10),
    Column("4", "Counterparty name", "counterparty_name", 19),
    Column("5", "Document Number", "doc_no", 10),
    Column("6", "Document Date", "doc_date", 7, "C"),
    Column("7", "Value (₹)", "value", 9, "R"),
    Column("8", "Tax (₹)", "tax", 8.5, "R"),
    Column("9", "Cesses and other levies (₹)", "cess", 8.5, "R"),
    Column("10", "Total (₹)", "total", 9, "R"),
)
STOCK_TITLE = "Annexure 2 - Stock inventory"
STOCK_CAPTION = (
    "2. A copy of the stock inventory as on 31st March {year} is annexed (applicable only in case "
    "of annual return)."
)
STOCK_COLUMNS: tuple[Column, ...] = (
    Column("", "Sl. No.", "sl", 2.5, "R"),
    Column("", "Name of Goods", "goods", 16),
    Column("", "Schedule", "schedule", 12),
    Column("", "Unit", "unit", 5, "C"),
    Column("", "Quantity", "quantity", 8, "R"),
    Column("", "Value (₹)", "value", 9, "R"),
)
NO_ROWS = "Nil"
#: The shaded last row of a list annexure (rows of every type and act together).
LIST_TOTAL = "Total of {rows} rows (all types together)"

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
