"""The pages of the return editor, one per part of FORM No. 9 in the form's order: the header,
the parts that are one table, and the declaration (the statements are in statement_pages, the
lists in list_page).

Fields and columns are the return's form version's (app/model/catalogue.py): each page places the
fields it knows where a dealer expects them; a field a later version adds to a section and no page
places appears under "Other fields" on that section's page.
"""

from __future__ import annotations

from typing import Any

from app.model.form9 import ACTS
from app.model.identifiers import gstin_problem, tin_problem
from app.model.numbers import ZERO
from app.model.ratepack import RatePack
from app.model.values import fmt_date
from app.ui.forms import BoundForm, Check
from app.ui.list_page import ListPage
from app.ui.page_base import (
    Page,
    RowButtons,
    field_of,
    focus_field,
    hint_label,
    other_fields,
    rupees,
    title_label,
)
from app.ui.qt import QGridLayout, QLabel, Qt, QWidget
from app.ui.session import ReturnSession
from app.ui.statement_pages import Part3APage, Part3Page, Part4Page
from app.ui.table_model import RowsModel
from app.ui.table_view import FormTable


def _check_tin(v: Any) -> str | None:
    return tin_problem(v)


def _check_gstin(v: Any) -> str | None:
    return gstin_problem(v) if v else None


#: The header's two columns of fields, in the form's order.  The period and the return's type are
#: shown, not edited (a return is made for a period, a revision from the filed return).
HEADER_LEFT = (
    "date_of_filing",
    "period",
    "return_type",
    "kgst_no",
    "tin",
    "cst_no",
    "tps_division",
    "tps_circle",
)
HEADER_RIGHT = ("name", "address", "trade_name", "constitution", "nature_of_business", "gstin")
HEADER_SHOWN = ("period", "return_type", "revision_no")
HEADER_CHECKS: dict[str, Check] = {"tin": _check_tin, "gstin": _check_gstin}
DECLARATION_FIELDS = ("signatory_name", "signatory_parent", "signatory_status", "place", "date")
PLACEHOLDERS = {
    "date_of_filing": "DD-MM-YYYY",
    "date": "DD-MM-YYYY",
    "signatory_status": "Proprietor, Partner, Director, Secretary …",
}


class HeaderPage(Page):
    page_id, title = "header", "Header"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        h = session.ret.header
        kind = f"Revision {h.revision_no}" if h.return_type == "revision" else "Original"
        p = session.period
        period = f"{p.label} ({p})" if p else h.period
        self.layout_.addWidget(title_label("Header", f"{period} · {kind}"))
        grid = QGridLayout()
        left, right = BoundForm(session), BoundForm(session)
        self.forms: list[BoundForm] = [left, right]
        shown = {"period": period, "return_type": kind}
        for form, ids in ((left, HEADER_LEFT), (right, HEADER_RIGHT)):
            for fid in ids:
                f = field_of(session, "header", fid)
                if fid in shown:
                    form.add_row(f.title, QLabel(shown[fid]))
                else:
                    check, hint = HEADER_CHECKS.get(fid), PLACEHOLDERS.get(fid, "")
                    form.add("header", f, check=check, placeholder=hint)
        grid.addWidget(left, 0, 0)
        grid.addWidget(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        other = other_fields(session, "header", (*HEADER_LEFT, *HEADER_RIGHT, *HEADER_SHOWN))
        if other is not None:
            self.layout_.addWidget(other)
            self.forms.append(other.form)
        self.branch_label = QLabel()
        self.layout_.addWidget(self.branch_label)
        self.branches = FormTable(RowsModel(session, "branches"))
        self.branches.horizontalHeader().setStretchLastSection(True)
        self.branches.setMaximumHeight(170)
        self.layout_.addWidget(self.branches)
        self.branch_buttons = RowButtons(self.branches, "branch")
        self.layout_.addWidget(self.branch_buttons)
        self.layout_.addStretch(1)
        session.rows_inserted.connect(self._count)
        session.rows_removed.connect(self._count)
        session.reloaded.connect(self._count_branches)
        self._count("branches")

    def _count_branches(self) -> None:
        self._count("branches")

    def _count(self, part: str) -> None:
        if part == "branches":
            n = len(self.session.ret.header.branches)
            self.branch_label.setText(f"<b>Particulars of branches</b> — number of branches: {n}")

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        if part == "header.branches":
            return self.branches.jump_to(row, field)
        return focus_field(self.forms, "header", field)


class TablePage(Page):
    """A part that is one table (Part 1(a), 1(b), 2, 5, stock)."""

    def __init__(
        self,
        session: ReturnSession,
        part: str,
        title: str,
        sub: str = "",
        pack: RatePack | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(session, parent)
        self.page_id, self.title = part, title
        self.layout_.addWidget(title_label(title, sub))
        self.model = RowsModel(session, part)
        self.table = FormTable(self.model, pack=pack)
        self.layout_.addWidget(self.table, 1)
        self.row_buttons = RowButtons(self.table)
        self.layout_.addWidget(self.row_buttons)
        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.footer)
        self.layout_.addWidget(hint_label())

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return part == self.page_id and self.table.jump_to(row, field)


class Part1aPage(TablePage):
    def __init__(
        self, session: ReturnSession, pack: RatePack | None, parent: QWidget | None = None
    ):
        super().__init__(
            session,
            "part1a",
            "Part 1 — Sales: (a) Particulars of turnover",
            "one row per act × goods × rate × point of sale (instruction 8)",
            pack,
            parent,
        )
        session.recomputed.connect(self._totals)
        self._totals()

    def _totals(self) -> None:
        p3 = self.session.computed.part3
        self.footer.setText(
            f"Total tax payable, col (14): KGST <b>{rupees(p3.a_i)}</b> · "
            f"KVAT <b>{rupees(p3.g_i)}</b> · CST <b>{rupees(p3.h_i)}</b>"
        )


class Part2Page(TablePage):
    def __init__(
        self, session: ReturnSession, pack: RatePack | None, parent: QWidget | None = None
    ):
        super().__init__(
            session, "part2", "Part 2 — Purchases", "details of purchase", pack, parent
        )
        session.recomputed.connect(self._totals)
        self._totals()

    def _totals(self) -> None:
        p3 = self.session.computed.part3
        itc = rupees(p3.g_iii)
        self.footer.setText(
            f"Input tax credit, Part 3 (g)(iii) — KVAT col (8) with ITC Yes: <b>{itc}</b>"
        )


class Part5Page(TablePage):
    def __init__(
        self, session: ReturnSession, pack: RatePack | None = None, parent: QWidget | None = None
    ):
        super().__init__(
            session, "part5", "Part 5 — Tax remittance", "treasury / bank chalans", pack, parent
        )
        self.pack = pack
        self.table.horizontalHeader().setStretchLastSection(False)
        for part_signal in (session.values_changed, session.rows_inserted, session.rows_removed):
            part_signal.connect(self._totals)
        session.recomputed.connect(self._totals)
        session.reloaded.connect(self._totals)
        self._totals()

    def _totals(self, *_: Any) -> None:
        from app.model.compute import payable_per_act
        from app.model.part5 import CESS, due_per_group, paid_per_act, paid_per_group

        paid = paid_per_act(self.session.ret.part5)
        due = payable_per_act(self.session.computed)
        bits = []
        for act in ACTS:
            short = due[act] - paid[act]
            mark = (
                f" <span style='color:#b3261e'>(short by {rupees(short)})</span>"
                if short > 0
                else ""
            )
            bits.append(
                f"{act}: subtotal <b>{rupees(paid[act])}</b> of {rupees(due[act])} due{mark}"
            )
        total = sum(paid.values(), ZERO)
        text = " · ".join(bits) + f"<br>TOTAL AMOUNT PAID: <b>{rupees(total)}</b>"
        cess_due = due_per_group(self.session.computed)["KGST", CESS]
        if self.pack is not None and cess_due > 0:
            by_group, unsure = paid_per_group(self.session.ret.part5, self.pack)
            got = by_group.get(("KGST", CESS), ZERO)
            note = " (some heads are not in the rate pack)" if "KGST" in unsure else ""
            text += (
                f" · KGST cess (b)–(f) under cess heads: <b>{rupees(got)}</b> of "
                f"{rupees(cess_due)}{note}"
            )
        self.footer.setText(text)


DECLARATION_TEXT = (
    "I, <b>{name}</b>, son/daughter of Sri/Smt <b>{parent}</b>, do hereby solemnly declare that "
    "to the best of my knowledge and belief, the information furnished in the return and the "
    "annexures and statements accompanying it are correct, complete and truly stated and in "
    "accordance with the provisions of the Kerala General Sales Tax Act, 1963 / Central Sales Tax "
    "Act, 1956 / Kerala Value Added Tax Act, 2003 and the Rules made thereunder."
)


class DeclarationPage(Page):
    page_id, title = "declaration", "Declaration"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(title_label("Declaration"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setStyleSheet("background: #f7f8fa; padding: 10px; border: 1px solid #dde1e7;")
        self.layout_.addWidget(self.text)
        self.form = BoundForm(session)
        for fid in DECLARATION_FIELDS:
            f = field_of(session, "declaration", fid)
            self.form.add("declaration", f, placeholder=PLACEHOLDERS.get(fid, ""))
        self.layout_.addWidget(self.form)
        self.other = other_fields(session, "declaration", DECLARATION_FIELDS)
        if self.other is not None:
            self.layout_.addWidget(self.other)
        self.layout_.addWidget(
            hint_label(
                "Instruction 9: signed by the proprietor; for a firm any partner; for a company "
                "any director; for a co-operative society its President or Secretary; or a person "
                "authorised in Form No. II."
            )
        )
        self.layout_.addStretch(1)
        session.values_changed.connect(self._on_values)
        session.reloaded.connect(self.refresh)
        self.refresh()

    def _on_values(self, part: str, _rows: Any) -> None:
        if part == "declaration":
            self.refresh()

    def refresh(self) -> None:
        d = self.session.ret.declaration
        self.text.setText(
            DECLARATION_TEXT.format(
                name=d.signatory_name or "…………", parent=d.signatory_parent or "…………"
            )
        )

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        forms = [self.form] + ([self.other.form] if self.other is not None else [])
        return focus_field(forms, part, field)


class StockPage(TablePage):
    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        p = session.period
        year_end = fmt_date(p.last_day) if p is not None else "31 March"
        super().__init__(
            session,
            "stock",
            "Stock inventory",
            f"as on {year_end} (annual return only)",
            None,
            parent,
        )


__all__ = [
    "DeclarationPage",
    "HeaderPage",
    "ListPage",
    "Page",
    "Part1aPage",
    "Part2Page",
    "Part3APage",
    "Part3Page",
    "Part4Page",
    "Part5Page",
    "StockPage",
    "TablePage",
]
