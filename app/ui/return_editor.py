"""The return editor: one page per part of FORM No. 9, a validation panel, undo / redo, autosave.

Other dialogs (lifecycle, Excel, export) are reached from the menus; their modules are imported
only when used, and each exposes `open_<action>(parent, store, return_id, editor)`.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any

from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.ratepack import RatePack
from app.model.status import LABELS as STATUS_LABELS
from app.ui import pages
from app.ui.qt import (
    QAction,
    QDockWidget,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.session import ReturnSession

log = logging.getLogger(__name__)

#: Menu actions served by other modules: (menu, label, module, function, shortcut).
EXTERNAL_ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("&Return", "Mark as &filed…", "app.ui.lifecycle", "open_mark_filed", ""),
    ("&Return", "&Revise (new revision)…", "app.ui.lifecycle", "open_revise", ""),
    ("&Return", "&What if I file on…", "app.ui.lifecycle", "open_what_if", ""),
    ("&Return", "Credit &chain…", "app.ui.lifecycle", "open_credit_chain", ""),
    ("&Return", "&History of the period…", "app.ui.lifecycle", "open_history", ""),
    ("&Return", "&Year summary (annual)…", "app.ui.lifecycle", "open_year_summary", ""),
    ("&Excel", "Download Excel &template…", "app.ui.excel_dialogs", "open_template", ""),
    ("&Excel", "&Import from Excel…", "app.ui.excel_dialogs", "open_import", ""),
    ("E&xport", "Generate upload &JSON…", "app.ui.export_dialogs", "open_generate_json", "Ctrl+J"),
    ("E&xport", "&Print / Save PDF…", "app.ui.export_dialogs", "open_pdf", "Ctrl+P"),
)
#: These take (parent, store, client_id, period) instead of (parent, store, return_id, editor).
BY_PERIOD = frozenset({"open_history", "open_year_summary"})

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
#: Finding part → page id.
PART_PAGE = {"header.branches": "header", "inputs": "part3"}
INPUT_PAGE_3A = ("interest_rate", "due_date", "large_dealer")


def external_action(module: str, function: str) -> Any:
    """The named function of a module, or None when the module or function is not there yet."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, function, None)


class ReturnEditor(QMainWindow):
    def __init__(
        self,
        ret: Form9Return,
        *,
        store: Any = None,
        return_id: int | None = None,
        status: str = "draft",
        pack: RatePack | None = None,
        version: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.return_id, self.pack = store, return_id, pack
        self.session = ReturnSession(
            ret, store=store, return_id=return_id, status=status, pack=pack, version=version,
            parent=self,
        )  # fmt: skip
        self.conflict_dialog: Any = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1340, 720)
        self._build_pages()
        self._build_findings()
        self._build_menus()
        self._build_status()
        self.session.message.connect(self.show_message)
        self.session.findings_changed.connect(self._show_findings)
        self.session.saved.connect(self._saved)
        self.session.reloaded.connect(self._rebuild)
        self.session.sync_changed.connect(self._sync_changed)
        self._update_title()

    # ---- building ------------------------------------------------------------------------------
    def _page_factories(self) -> dict[str, Any]:
        """Page id → how to build it, in the form's order (built when first shown)."""
        s, ret, pack = self.session, self.session.ret, self.pack
        out: dict[str, Any] = {
            "header": lambda: pages.HeaderPage(s),
            "part1a": lambda: pages.Part1aPage(s, pack),
            "part1b": lambda: pages.TablePage(
                s, "part1b", "Part 1 — Sales: (b) Series no. of bills issued"
            ),
            "part2": lambda: pages.Part2Page(s, pack),
            "part3": lambda: pages.Part3Page(s),
            "part3a": lambda: pages.Part3APage(s),
        }
        if ret.is_revision:
            out["part4"] = lambda: pages.Part4Page(s)
        out["part5"] = lambda: pages.Part5Page(s, pack)
        out["declaration"] = lambda: pages.DeclarationPage(s)
        out["sales_list"] = lambda: pages.ListPage(s, "sales_list")
        out["purchase_list"] = lambda: pages.ListPage(s, "purchase_list")
        p = s.period
        if p is not None and p.is_annual:
            out["stock"] = lambda: pages.StockPage(s)
        return out

    NAV_LABELS = {
        "header": "Header",
        "part1a": "Part 1(a)  Sales",
        "part1b": "Part 1(b)  Bill series",
        "part2": "Part 2  Purchases",
        "part3": "Part 3  Tax summary",
        "part3a": "Part 3(A)  Tax payable",
        "part4": "Part 4  Revision",
        "part5": "Part 5  Remittances",
        "declaration": "Declaration",
        "sales_list": "Sales list",
        "purchase_list": "Purchase list",
        "stock": "Stock inventory",
    }

    def _build_pages(self) -> None:
        self.nav = QListWidget()
        self.nav.setFixedWidth(168)
        self.nav.setStyleSheet(
            "QListWidget { background: #f3f5f8; border: 0; font-size: 13px; }"
            " QListWidget::item { padding: 6px 8px; }"
            " QListWidget::item:selected { background: #cfe3ff; color: black; }"
        )
        self.stack = QStackedWidget()
        self._fill_pages()
        self.nav.currentRowChanged.connect(self._nav_changed)
        from app.ui.conflict import SyncBanner

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = SyncBanner(self)
        column.addWidget(self.banner)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)
        self.nav.setCurrentRow(0)
        self._nav_changed(0)

    def _fill_pages(self) -> None:
        self.factories = self._page_factories()
        self.page_ids = list(self.factories)
        self.pages: dict[str, pages.Page] = {}
        for page_id in self.page_ids:
            self.stack.addWidget(QWidget())  # placeholder until first shown
            item = QListWidgetItem(self.NAV_LABELS.get(page_id, page_id))
            item.setData(Qt.ItemDataRole.UserRole, page_id)
            self.nav.addItem(item)

    def page(self, page_id: str) -> pages.Page:
        """The page, built on first use (opening a return builds only what is shown)."""
        built = self.pages.get(page_id)
        if built is None:
            built = self.factories[page_id]()
            i = self.page_ids.index(page_id)
            old = self.stack.widget(i)
            self.stack.insertWidget(i, built)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.pages[page_id] = built
        return built

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.page_ids):
            self.page(self.page_ids[row])
            self.stack.setCurrentIndex(row)

    def _rebuild(self) -> None:
        """The return was replaced (import, reload): rebuild the pages on the new data."""
        current = self.current_page_id()
        self.nav.blockSignals(True)
        while self.stack.count():
            w = self.stack.widget(0)
            if w is None:
                break
            self.stack.removeWidget(w)
            w.deleteLater()
        self.nav.clear()
        self._fill_pages()
        self.nav.blockSignals(False)
        self.show_page(current if current in self.factories else "header")
        self._update_title()

    def _build_findings(self) -> None:
        self.findings_tree = QTreeWidget()
        self.findings_tree.setHeaderLabels(["", "Where", "Code", "Finding"])
        self.findings_tree.setRootIsDecorated(False)
        self.findings_tree.setColumnWidth(0, 64)
        self.findings_tree.setColumnWidth(1, 170)
        self.findings_tree.setColumnWidth(2, 150)
        self.findings_tree.setAlternatingRowColors(True)
        self.findings_tree.itemActivated.connect(self._finding_clicked)
        self.findings_tree.itemClicked.connect(self._finding_clicked)
        dock = QDockWidget("Validation — click a finding to go to it", self)
        dock.setObjectName("findings")
        dock.setWidget(self.findings_tree)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.resizeDocks([dock], [120], Qt.Orientation.Vertical)
        self.findings_dock = dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        edit = bar.addMenu("&Edit")
        undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        menus: dict[str, Any] = {}
        for menu_name, label, module, function, shortcut in EXTERNAL_ACTIONS:
            menu = menus.get(menu_name) or bar.addMenu(menu_name)
            menus[menu_name] = menu
            act = QAction(label.replace("…", "") + "…" if label.endswith("…") else label, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(
                lambda _c=False, m=module, f=function, lab=label: self.run_action(m, f, lab)
            )
            menu.addAction(act)
        view = bar.addMenu("&View")
        view.addAction(self.findings_dock.toggleViewAction())
        go = bar.addMenu("&Go")
        for i, page_id in enumerate(self.page_ids):
            act = QAction(self.NAV_LABELS.get(page_id, page_id), self)
            if i < 9:
                act.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            act.triggered.connect(lambda _c=False, p=page_id: self.show_page(p))
            go.addAction(act)
        tools = self.addToolBar("Return")
        tools.setObjectName("return-tools")
        tools.setMovable(False)
        stack = self.session.undo_stack
        self.tool_undo = QAction("Undo", self)
        self.tool_redo = QAction("Redo", self)
        self.tool_undo.triggered.connect(stack.undo)
        self.tool_redo.triggered.connect(stack.redo)
        tools.addAction(self.tool_undo)
        tools.addAction(self.tool_redo)
        stack.indexChanged.connect(self._undo_state)
        self._undo_state()
        tools.addSeparator()
        for _menu, label, module, function, _sc in EXTERNAL_ACTIONS:
            if function in (
                "open_mark_filed",
                "open_revise",
                "open_import",
                "open_generate_json",
                "open_pdf",
            ):
                act = QAction(label.replace("&", "").replace("…", ""), self)
                act.triggered.connect(
                    lambda _c=False, m=module, f=function, lab=label: self.run_action(m, f, lab)
                )
                tools.addAction(act)

    def _undo_state(self, *_: Any) -> None:
        stack = self.session.undo_stack
        if not (isValid(self) and isValid(stack)):
            return  # closing
        self.tool_undo.setEnabled(stack.canUndo())
        self.tool_redo.setEnabled(stack.canRedo())
        self.tool_undo.setToolTip(f"Undo {stack.undoText()}  (Ctrl+Z)")
        self.tool_redo.setToolTip(f"Redo {stack.redoText()}  (Ctrl+Y)")

    def run_action(self, module: str, function: str, label: str) -> None:
        fn = external_action(module, function)
        name = label.replace("&", "").replace("…", "")
        if fn is None:
            QMessageBox.information(self, name, f"{name}: not available yet in this version.")
            return
        try:
            if function in BY_PERIOD:
                if self.store is None or self.return_id is None:
                    raise RuntimeError("the return is not in the database")
                info = self.store.return_info(self.return_id)
                fn(self, self.store, info.client_id, info.period)
            else:
                fn(self, self.store, self.return_id, self)
        except Exception as exc:  # shown to the user, logged with its traceback
            log.exception("%s failed", name)
            QMessageBox.critical(self, name, f"{name} failed: {exc}")

    def _build_status(self) -> None:
        self.counts = QLabel()
        self.save_label = QLabel()
        self.status_label = QLabel()
        sb = self.statusBar()
        sb.addPermanentWidget(self.save_label)
        sb.addPermanentWidget(self.status_label)
        sb.addPermanentWidget(self.counts)
        self.counts.setText("Checking…")
        # room for the longest summary, so the status never shows cut off while it changes
        self.counts.setMinimumWidth(
            self.counts.fontMetrics().horizontalAdvance("Ready to file · 999 warnings") + 16
        )
        self._update_status_label()

    # ---- API used by other dialogs -------------------------------------------------------------
    def current_return(self) -> Form9Return:
        return self.session.ret

    def computed(self) -> Any:
        return self.session.computed

    def findings(self) -> list[Finding]:
        return list(self.session.findings)

    def reload(self) -> None:
        """Read the return again from the store (after an import or a status change)."""
        if self.store is None or self.return_id is None:
            return
        self.session.reload_from_store()
        self._update_status_label()

    # ---- refused saves -------------------------------------------------------------------------
    def _sync_changed(self) -> None:
        if not isValid(self):
            return
        self.banner.refresh()
        self._update_status_label()
        self._update_title()
        if self.session.conflict is not None and self.conflict_dialog is None:
            self.open_conflict_dialog()

    def open_conflict_dialog(self, *, closing: bool = False) -> Any:
        """The choices after a refused save, window-modal; the edit stays on screen meanwhile."""
        from app.ui.conflict import LATER, ConflictDialog, resolve

        dlg = ConflictDialog(self, self.session, closing=closing)
        self.conflict_dialog = dlg

        def finished(_code: int) -> None:
            self.conflict_dialog = None
            dlg.deleteLater()
            if dlg.choice != LATER:
                resolve(self, dlg.choice)

        dlg.finished.connect(finished)
        dlg.open()
        return dlg

    def ask_before_closing(self) -> bool:
        """Closing with something unsaved: the user chooses (True: nothing is left unsaved)."""
        from app.ui.conflict import LATER, ConflictDialog, resolve

        if not self.session.has_unsaved:
            return True
        dlg = ConflictDialog(self, self.session, closing=True)
        dlg.exec()
        dlg.deleteLater()
        return dlg.choice != LATER and resolve(self, dlg.choice)

    # ---- pages and findings --------------------------------------------------------------------
    def current_page_id(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "header"

    def show_page(self, page_id: str) -> pages.Page | None:
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == page_id:
                page = self.page(page_id)
                self.nav.setCurrentRow(i)
                return page
        return None

    def jump_to(self, finding: Finding) -> bool:
        """Show the finding's page, row and field."""
        page_id = PART_PAGE.get(finding.part, finding.part)
        if finding.part == "inputs" and (finding.field or "").split(".")[0] in INPUT_PAGE_3A:
            page_id = "part3a"
        page = self.show_page(page_id)
        if page is None:
            self.show_message(f"{finding.location}: {finding.message}")
            return False
        ok = page.jump(finding.part, finding.row, finding.field)
        self.show_message(f"{finding.code}: {finding.message}")
        return ok

    def _finding_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        f = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(f, Finding):
            self.jump_to(f)

    def _show_findings(self) -> None:
        tree = self.findings_tree
        tree.clear()
        items = []
        for f in self.session.findings[:2000]:
            where = PART_LABELS.get(f.part, f.part)
            if f.row is not None:
                where += f" row {f.row + 1}"
            if f.field:
                where += f" · {f.field}"
            it = QTreeWidgetItem(["Error" if f.is_error else "Warning", where, f.code, f.message])
            it.setData(0, Qt.ItemDataRole.UserRole, f)
            it.setToolTip(3, f.message)
            it.setForeground(0, Qt.GlobalColor.red if f.is_error else Qt.GlobalColor.darkYellow)
            items.append(it)
        tree.addTopLevelItems(items)
        if len(self.session.findings) > 2000:
            more = QTreeWidgetItem(["", "", "", f"… and {len(self.session.findings) - 2000} more"])
            tree.addTopLevelItem(more)
        e, w = self.session.error_count(), self.session.warning_count()
        if e == 0 and w == 0:
            self.counts.setText("<b style='color:#137333'>✔ Ready to file</b>")
        elif e == 0:
            self.counts.setText(
                f"<b style='color:#137333'>Ready to file</b> · {w} warning{'s' * (w != 1)}"
            )
        else:
            self.counts.setText(
                f"<b style='color:#b3261e'>{e} error{'s' * (e != 1)}</b> · "
                f"{w} warning{'s' * (w != 1)}"
            )
        self.findings_dock.setWindowTitle(
            f"Validation — {e} error(s), {w} warning(s) — click a finding to go to it"
        )
        self._update_status_label()

    def _update_status_label(self) -> None:
        unsaved = " · <b style='color:#b3261e'>not saved</b>" if self.session.has_unsaved else ""
        self.status_label.setText(
            f"Status: {STATUS_LABELS.get(self.session.status, self.session.status)}{unsaved}"
        )

    def _saved(self, part: str) -> None:
        self.save_label.setText(f"Saved {datetime.now():%H:%M:%S}")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def _update_title(self) -> None:
        h = self.session.ret.header
        p = self.session.period
        kind = f"Revision {h.revision_no}" if h.return_type == "revision" else "Original"
        period = p.label if p else h.period
        lock = " — filed, read-only" if self.session.read_only else ""
        self.setWindowTitle(f"{h.name or 'Return'} — {period} — {kind}{lock} — FORM No. 9")

    def closeEvent(self, event: Any) -> None:
        # Every accepted edit is already in the store; a field still being typed is committed
        # by losing focus here.
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        if not self.ask_before_closing():
            event.ignore()
            return
        super().closeEvent(event)
