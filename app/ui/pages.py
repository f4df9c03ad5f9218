"""The pages of the return editor, one per part of FORM No. 9 in the form's order."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from app.model.form9 import ACTS, CONSTITUTIONS, LIST_TYPES, NATURES_OF_BUSINESS
from app.model.identifiers import gstin_problem, tin_problem
from app.model.numbers import ZERO, fmt_indian
from app.model.periods import rectification_deadline
from app.model.ratepack import RatePack
from app.ui.forms import BoundField, BoundForm
from app.ui.qt import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from app.ui.session import ReturnSession
from app.ui.statements import Part3AView, Part3View, Part4View
from app.ui.table_model import RowsModel
from app.ui.table_view import FormTable
from app.ui.values import fmt_date

HINT = (
    "Type to edit · Tab / Enter move · Insert adds a row · Ctrl+D copies the row above · "
    "Ctrl+V pastes a block from Excel · Delete clears · Ctrl+Delete deletes rows · Ctrl+Z undo"
)


def _title(text: str, sub: str = "") -> QLabel:
    label = QLabel(
        f"<b style='font-size:14px'>{text}</b>"
        + (f"&nbsp;&nbsp;<span style='color:#555'>{sub}</span>" if sub else "")
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _hint(text: str = HINT) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #5f6368;")
    label.setWordWrap(True)
    return label


def _rs(v: Decimal) -> str:
    return "₹ " + fmt_indian(v)


class Page(QWidget):
    """Base: a page knows how to show a finding's row and field."""

    page_id = ""
    title = ""

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 8, 10, 8)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return False


def focus_field(forms: Iterable[Any], part: str, field: str | None) -> bool:
    """Put the cursor in the form field of a finding; False when these forms do not hold it."""
    for form in forms:
        f = form.fields.get((part, field or ""))
        if f is not None:
            f.focus()
            return True
    return False


def _check_tin(v: Any) -> str | None:
    return tin_problem(v)


def _check_gstin(v: Any) -> str | None:
    return gstin_problem(v) if v else None


class HeaderPage(Page):
    page_id, title = "header", "Header"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        h = session.ret.header
        kind = f"Revision {h.revision_no}" if h.return_type == "revision" else "Original"
        p = session.period
        period = f"{p.label} ({p})" if p else h.period
        self.layout_.addWidget(_title("Header", f"{period} · {kind}"))
        grid = QGridLayout()
        left, right = BoundForm(session), BoundForm(session)
        self.forms = (left, right)
        left.add("Date of filing", "header", "date_of_filing", "date", placeholder="DD-MM-YYYY")
        left.add_row("Return period", QLabel(period))
        left.add_row("Return type", QLabel(kind))
        left.add("KGST No.", "header", "kgst_no", "upper")
        left.add("TIN", "header", "tin", "upper", check=_check_tin)
        left.add("CST No.", "header", "cst_no", "upper")
        left.add("TPS Division", "header", "tps_division")
        left.add("TPS Circle", "header", "tps_circle")
        right.add("Name of the dealer", "header", "name")
        right.add("Address", "header", "address")
        right.add("Trade name (if any)", "header", "trade_name")
        right.add("Constitution", "header", "constitution", "choice", choices=("", *CONSTITUTIONS))
        right.add(
            "Nature of business",
            "header",
            "nature_of_business",
            "choice",
            choices=("", *NATURES_OF_BUSINESS),
        )
        right.add("GSTIN (optional)", "header", "gstin", "upper", check=_check_gstin)
        grid.addWidget(left, 0, 0)
        grid.addWidget(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        self.branch_label = QLabel()
        self.layout_.addWidget(self.branch_label)
        self.branches = FormTable(RowsModel(session, "branches"))
        self.branches.horizontalHeader().setStretchLastSection(True)
        self.branches.setMaximumHeight(170)
        self.layout_.addWidget(self.branches)
        self.layout_.addWidget(_hint("Insert adds a branch · Ctrl+Delete removes it"))
        self.layout_.addStretch(1)
        session.rows_inserted.connect(self._count)
        session.rows_removed.connect(self._count)
        session.reloaded.connect(lambda: self._count("branches"))
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
        self.layout_.addWidget(_title(title, sub))
        self.model = RowsModel(session, part)
        self.table = FormTable(self.model, pack=pack)
        self.layout_.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.footer)
        self.layout_.addWidget(_hint())

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
            f"Total tax payable, col (14): KGST <b>{_rs(p3.a_i)}</b> · "
            f"KVAT <b>{_rs(p3.g_i)}</b> · CST <b>{_rs(p3.h_i)}</b>"
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
        self.footer.setText(
            f"Input tax credit, Part 3 (g)(iii) — KVAT col (8) with ITC Yes: <b>{_rs(p3.g_iii)}</b>"
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
                f" <span style='color:#b3261e'>(short by {_rs(short)})</span>" if short > 0 else ""
            )
            bits.append(f"{act}: subtotal <b>{_rs(paid[act])}</b> of {_rs(due[act])} due{mark}")
        total = sum(paid.values(), ZERO)
        text = " · ".join(bits) + f"<br>TOTAL AMOUNT PAID: <b>{_rs(total)}</b>"
        cess_due = due_per_group(self.session.computed)["KGST", CESS]
        if self.pack is not None and cess_due > 0:
            by_group, unsure = paid_per_group(self.session.ret.part5, self.pack)
            got = by_group.get(("KGST", CESS), ZERO)
            note = " (some heads are not in the rate pack)" if "KGST" in unsure else ""
            text += (
                f" · KGST cess (b)–(f) under cess heads: <b>{_rs(got)}</b> of {_rs(cess_due)}{note}"
            )
        self.footer.setText(text)


class Part3Page(Page):
    page_id, title = "part3", "Part 3 — Tax summary"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(
            _title(
                "Part 3 — Tax summary",
                "computed from Parts 1 and 2 · hover a figure for its formula",
            )
        )
        row = QHBoxLayout()
        self.view = Part3View()
        row.addWidget(self.view, 1)
        box = QGroupBox("Figures you enter")
        form = BoundForm(session)
        self.form = form
        for act, key, num in (
            ("KGST", "kgst", "(a)(ii)"),
            ("KVAT", "kvat", "(g)(v)"),
            ("CST", "cst", "(h)(ii)"),
        ):
            form.add(f"{act} advance tax paid {num}", "inputs", f"advance.{key}", "amount")
        for act, key, num in (
            ("KGST", "kgst", "(a)(iii)"),
            ("KVAT", "kvat", "(g)(ii)"),
            ("CST", "cst", "(h)(iii)"),
        ):
            form.add(f"{act} brought forward {num}", "inputs", f"brought_forward.{key}", "amount")
        for cid, label in (
            ("b", "(b) Surcharge"),
            ("c", "(c) AST, s.5D"),
            ("d", "(d) SSC s.6(1)"),
            ("e", "(e) SSC petrol/diesel"),
            ("f", "(f) SSC IMFL"),
        ):
            form.add(label, "inputs", f"cess.{cid}", "amount")
        lay = QVBoxLayout(box)
        lay.addWidget(form)
        lay.addWidget(
            _hint("Brought-forward figures come from the previous period's filed return.")
        )
        lay.addStretch(1)
        box.setFixedWidth(360)
        row.addWidget(box)
        self.layout_.addLayout(row, 1)
        session.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.view.show_figures(self.session.computed)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return focus_field([self.form], part, field)


class Part3APage(Page):
    page_id, title = "part3a", "Part 3(A) — Tax payable"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(_title("Part 3(A) — Tax payable", "with interest for delay"))
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.layout_.addWidget(self.info)
        self.view = Part3AView()
        self.layout_.addWidget(self.view, 1)
        box = QGroupBox("Due date and interest")
        grid = QHBoxLayout(box)
        left, right = BoundForm(session), BoundForm(session)
        self.forms = (left, right)
        left.add(
            "Due on the 10th (liability ≥ ₹10 lakh last year)",
            "inputs",
            "large_dealer",
            "bool",
        )
        left.add(
            "Due date (leave blank for the rule)",
            "inputs",
            "due_date",
            "date",
            placeholder="DD-MM-YYYY",
        )
        for act in ACTS:
            right.add(f"Interest rate {act} % a year", "inputs", f"interest_rate.{act}", "rate")
        grid.addWidget(left)
        grid.addWidget(right)
        self.layout_.addWidget(box)
        session.recomputed.connect(self.refresh)
        session.values_changed.connect(self._on_values)
        self.refresh()

    def _on_values(self, part: str, _rows: Any) -> None:
        if part == "header":
            self.refresh()

    def refresh(self) -> None:
        c = self.session.computed
        self.view.show_figures(c)
        h = self.session.ret.header
        filed = (
            fmt_date(h.date_of_filing) if h.date_of_filing else "not entered (delay counted as 0)"
        )
        total = sum((c.part3a.total_for(a) for a in ACTS), ZERO)
        self.info.setText(
            f"Due date: <b>{fmt_date(c.due_date) or '—'}</b> · Date of filing: <b>{filed}</b> · "
            f"Delay: <b>{c.delay_days} day(s)</b> · Total payable (KGST + KVAT + CST): "
            f"<b>{_rs(total)}</b>"
        )

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        return focus_field(self.forms, part, field)


class Part4Page(Page):
    page_id, title = "part4", "Part 4 — Revision of return"

    def __init__(self, session: ReturnSession, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.layout_.addWidget(
            _title(
                "Part 4 — Revision of return",
                "column (2) prefilled from the last filed return for the period",
            )
        )
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.layout_.addWidget(self.info)
        self.view = Part4View()
        self.layout_.addWidget(self.view, 1)
        self.payable = QLabel()
        self.payable.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.payable)
        session.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        c = s.computed
        self.view.show_figures(c)
        f = s.ret.filed
        if f is None:
            self.info.setText(
                "<span style='color:#b3261e'>The figures of the filed return are missing; "
                "create the revision from the filed return (Return ▸ Revise).</span>"
            )
        else:
            cf = f.carried_forward
            bits = [f"Filed return: acknowledgement <b>{f.ack_no or '—'}</b>"]
            if f.due_date:
                bits.append(f"original due date <b>{fmt_date(f.due_date)}</b>")
            p = s.period
            if p is not None:
                bits.append(f"revise by <b>{fmt_date(rectification_deadline(p))}</b> (r.22A(3))")
            bits.append(
                f"excess already carried into a later filed return (instruction 16): KGST "
                f"{_rs(cf.kgst)}, KVAT {_rs(cf.kvat)}, CST {_rs(cf.cst)}"
            )
            self.info.setText(" · ".join(bits))
        pay = c.part4.payable if c.part4 is not None else ZERO
        self.payable.setText(
            f"Amount payable with this revision (Σ col (8) of payable rows with a positive effect): "
            f"<b>{_rs(pay)}</b>"
        )


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
        self.layout_.addWidget(_title("Declaration"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setStyleSheet("background: #f7f8fa; padding: 10px; border: 1px solid #dde1e7;")
        self.layout_.addWidget(self.text)
        self.form = BoundForm(session)
        self.form.add("Name of authorised signatory", "declaration", "signatory_name")
        self.form.add("Son / daughter of", "declaration", "signatory_parent")
        self.form.add("Status of authorised signatory", "declaration", "signatory_status",
                      placeholder="Proprietor, Partner, Director, Secretary …")  # fmt: skip
        self.form.add("Place", "declaration", "place")
        self.form.add("Date", "declaration", "date", "date", placeholder="DD-MM-YYYY")
        self.layout_.addWidget(self.form)
        self.layout_.addWidget(_hint(
            "Instruction 9: signed by the proprietor; for a firm any partner; for a company any "
            "director; for a co-operative society its President or Secretary; or a person "
            "authorised in Form No. II."
        ))  # fmt: skip
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
        return focus_field([self.form], part, field)


class ListPage(Page):
    """Sales or purchase list: lazy table, filter / search, totals per type above the table."""

    def __init__(self, session: ReturnSession, part: str, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.page_id = part
        self.title = "Sales list" if part == "sales_list" else "Purchase list"
        self.layout_.addWidget(_title(self.title, "enclosure: one row per document"))
        self.totals = QTableWidget(0, 6)
        self.totals.setHorizontalHeaderLabels(
            ["Type", "Rows", "Value (₹)", "Tax (₹)", "Cess (₹)", "Total (₹)"]
        )
        self.totals.verticalHeader().setVisible(False)
        self.totals.verticalHeader().setDefaultSectionSize(20)
        self.totals.setEditTriggers(self.totals.EditTrigger.NoEditTriggers)
        self.totals.setMaximumHeight(128)
        th = self.totals.horizontalHeader()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 6):
            th.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.totals.setColumnWidth(c, 70 if c == 1 else 140)
        self.layout_.addWidget(self.totals)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search counterparty, reg. no. or document number…")
        self.search.setClearButtonEnabled(True)
        self.type_filter = QComboBox()
        self.type_filter.addItems(["All types", *LIST_TYPES])
        self.shown = QLabel()
        bar.addWidget(QLabel("Filter:"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.shown)
        self.layout_.addLayout(bar)
        self.model = RowsModel(session, part)
        self.table = FormTable(self.model)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(_hint())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.type_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        session.summaries_changed.connect(self.show_totals)
        for sig in (session.rows_inserted, session.rows_removed):
            sig.connect(self._on_rows)
        self.show_totals()
        self._count()

    def apply_filter(self) -> None:
        text = self.search.text().strip().casefold()
        kind = self.type_filter.currentText()
        if not text and kind == "All types":
            self.model.set_filter(None)
        else:

            def keep(r: Any) -> bool:
                if kind != "All types" and r.type != kind:
                    return False
                return not text or (
                    text in r.counterparty_name.casefold()
                    or text in r.counterparty_reg_no.casefold()
                    or text in r.doc_no.casefold()
                )

            self.model.set_filter(keep)
        self._count()

    def _on_rows(self, part: str) -> None:
        if part == self.page_id:
            self._count()

    def _count(self) -> None:
        n = len(self.session.rows(self.page_id))
        shown = self.model.rowCount()
        self.shown.setText(f"{shown:,} of {n:,} rows" if self.model.filtered else f"{n:,} rows")

    def show_totals(self) -> None:
        s = self.session
        summary = s.sales_summary if self.page_id == "sales_list" else s.purchase_summary
        lines = list(summary.by_type.items())
        if not s.validated:
            self.totals.setRowCount(1)
            self.totals.setItem(0, 0, QTableWidgetItem("Totals are being worked out…"))
            return
        self.totals.setRowCount(len(lines) + 1)
        for r, (name, t) in enumerate([*lines, ("All types", summary.all)]):
            cells = [
                name,
                f"{t.count:,}",
                fmt_indian(t.value),
                fmt_indian(t.tax),
                fmt_indian(t.cess),
                fmt_indian(t.total),
            ]
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if name == "All types":
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.totals.setItem(r, c, it)

    def jump(self, part: str, row: int | None, field: str | None) -> bool:
        if part != self.page_id:
            return False
        if row is not None and self.model.view_row(row) is None:
            self.search.clear()
            self.type_filter.setCurrentIndex(0)
            self.apply_filter()
        return self.table.jump_to(row, field)


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


def scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


__all__ = [
    "BoundField",
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
