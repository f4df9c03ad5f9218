"""Every rule where the form is silent or self-contradictory, in one place (spec: **Interpretation**).

Each entry names the rule it settles; docs/decisions.md explains them to dealers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from app.model.numbers import ZERO

if TYPE_CHECKING:
    from app.model.periods import Period

# SRO 667/2024: FORM No. 9 from the August 2024 month and the 2024-25 year.
FIRST_MONTH = (2024, 8)
FIRST_YEAR = 2024

# r.22A(3): revision within two months from the last day of the return period.  A period ends on a
# month's last day, so the window ends on the last day of the second month after it
# (28/29 Feb → 30 Apr, 30 Jun → 31 Aug, 30 Nov → 31 Jan, 31 Dec → 28/29 Feb).
RECTIFICATION_MONTHS = 2


def part3_a_iv(a_i: Decimal, a_ii: Decimal, a_iii: Decimal) -> Decimal:
    """Part 3 (a)(iv): the form prints "(i) − ((ii) − (iii))"; read as max(0, (i) − ((ii) + (iii))),
    consistent with (a)(v) = (ii) + (iii) − (i)."""
    return max(ZERO, a_i - (a_ii + a_iii))


# Part 1 col 14: "(11) or [(12) + (13)] whichever is higher".
# Part 3(A) rows b–f take the KGST interest rate.
CESS_ROWS_ACT = "KGST"

# The form prints "Eligible for Input Tax Credit (Yes / No)"; the upload JSON writes "yes" / "no"
# (as the spec's worked examples do) and reads true / false as well.
ITC_WRITTEN = {True: "yes", False: "no"}


def part4_row_charged(payable_row: bool, effect: Decimal) -> bool:
    """Part 4 col 7: the form prints "(5x6)"; read as round(effect × rate / 100 × days / 365) on a
    payable row whose effect is an increase, else 0.  The amount payable with the revision is the
    Σ col 8 of the charged rows."""
    return payable_row and effect > 0


def first_period(annual: bool) -> Period:
    from app.model.periods import Period

    return Period(FIRST_YEAR, 0) if annual else Period(*FIRST_MONTH)


Act = Literal["KGST", "KVAT", "CST"]


@dataclass(frozen=True, slots=True)
class Part4Row:
    """One row of the Part 4 table (spec section 4): its id, act and whether it is payable.  Its
    number and wording are the form catalogue's (statement "part4")."""

    id: str
    act: Act
    payable: bool


# Part 4 rows in the form's order; the values are computed in app.model.part4 (one function per row).
PART4_ROWS: tuple[Part4Row, ...] = (
    Part4Row("a_i", "KGST", False),
    Part4Row("a_ii", "KGST", False),
    Part4Row("a_iii", "KGST", True),  # balance KGST payable
    Part4Row("a_iv", "KGST", False),
    Part4Row("b", "KGST", True),  # surcharge
    Part4Row("c", "KGST", True),  # AST s.5D
    Part4Row("d", "KGST", True),  # SSC s.6(1)
    Part4Row("e", "KGST", True),  # SSC on petrol and diesel s.6(2A)(i)
    Part4Row("f", "KGST", True),  # SSC on IMFL s.6(2A)(ii)
    Part4Row("g_i", "KVAT", False),
    Part4Row("g_ii", "KVAT", False),
    Part4Row("g_iii", "KVAT", False),
    Part4Row("g_iv", "KVAT", True),  # balance VAT payable
    Part4Row("g_v", "KVAT", False),
    Part4Row("g_vi", "KVAT", False),
    Part4Row("g_vii", "KVAT", False),
    Part4Row("h_i", "CST", False),
    Part4Row("h_ii", "CST", False),
    Part4Row("h_iii", "CST", False),
    Part4Row("h_iv", "CST", False),
    Part4Row("h_v", "CST", False),
    Part4Row("h_vi", "CST", True),  # balance CST payable
)


# W-LIST-MISMATCH (spec section 5 "totals per act vs Part 1 / Part 2"): list rows carry a type, not
# an act.  The lists are compared with the form by group: the State acts (KGST + KVAT) against the
# intra-state types, CST against the inter-state types; returns count negative.  Turnover (Part 1
# col 8 / Part 2 col 7) is compared with the list's value column.  Stock transfers, exports and
# imports are not sales or purchases under the acts and are left out.
LIST_GROUPS: dict[str, dict[str, tuple[tuple[str, ...], dict[str, int]]]] = {
    "sales_list": {
        "KGST + KVAT": (("KGST", "KVAT"), {"Sales": 1, "Sales Return": -1}),
        "CST": (("CST",), {"Interstate Sale": 1}),
    },
    "purchase_list": {
        "KGST + KVAT": (("KGST", "KVAT"), {"Purchase": 1, "Purchase Return": -1}),
        "CST": (("CST",), {"Interstate Purchase": 1}),
    },
}
#: A list total may differ from the form by this much (rupees) before W-LIST-MISMATCH.
LIST_TOLERANCE = 1
#: W-TAX-COLLECTED: tax collected may differ from tax due by this much (rupees).
TAX_COLLECTED_TOLERANCE = 1


# ---- Checks against the rate pack and the form's instructions (issue 12; docs/decisions.md) ----

#: W-SIGNATORY, instruction 9: "signed by the proprietors, in the case of the firm by any partner,
#: in the case of the company by any Director, in the case of the Co-operative Society by its
#: President or Secretary or by any other person who is duly authorised in this behalf in Form
#: No. II".  Constitution → (who signs, words the signatory's status must contain: any word
#: starting with one of them, so "Managing Partner" is a partner); "Other" is not checked.
SIGNATORY_STATUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Proprietorship": ("the proprietor", ("proprietor", "proprietrix", "proprietress")),
    "Partnership": ("a partner", ("partner",)),
    "Company": ("a director", ("director",)),
    "Society": ("the president or secretary", ("president", "secretary")),
}
#: A person authorised in Form No. II may sign for any constitution.
SIGNATORY_AUTHORISED = ("authorised", "authorized")

#: W-CST-RATE: the nature of transaction says the sale is against Form C (CST Act s.8(1), (4)) —
#: "against Form C", "C form", "Form-C" — unless it says "without" / "no" / "not against" it.
FORM_C = r"\bform[\s\-–]*c\b|\bc[\s\-–]*form\b"
FORM_C_NEGATED = r"\b(without|no|not\s+against|non)\b[^,;]*?(form[\s\-–]*c\b|\bc[\s\-–]*form)"

#: W-FIFTH-SCHEDULE, instruction 10: "the turnover on the first sale and last sale shall be shown
#: separately".  The KGST Schedule now taxes liquor at KSBC's sale and at the first sale
#: (s.5(1)(b)); KSBC's sale is the single deemed first-and-last point.
FIFTH_SCHEDULE_POINTS = ("first", "last", "first and last")

#: W-REV-CF-INTEREST: the Part 4 payable row whose credit loses the carried excess, per act.
PAYABLE_AFTER_CREDIT: dict[str, str] = {"KGST": "a_iii", "KVAT": "g_iv", "CST": "h_vi"}
