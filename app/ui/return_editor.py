"""The return editor: one page per part of FORM No. 9, a validation panel, undo / redo, autosave.

The menus call the dialogs directly (lifecycle, year_dialogs, excel_dialogs, export_dialogs), each
`open_<action>(parent, store, return_id, session)`.  The editor follows the store (app.ui.events):
when its return is changed elsewhere — another window, a background op, an import — it shows the
newer version, unless an edit of the user's is pending (then the next save is refused and the
conflict bar offers the choices, app.ui.conflict).  `open_editor(store, return_id)` opens a
stored return in its one window (the main window, the overview and a new revision use it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from weakref import WeakKeyDictionary

from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.ratepack import RatePack
from app.model.status import FILED
from app.ratepacks import pack_for_period
from app.store import Store, StoreError
from app.store.changes import Changes
from app.store.errors import StoreUnreachable
from app.ui import excel_dialogs, export_dialogs, lifecycle, pages, year_dialogs
from app.ui.conflict import LATER, ConflictDialog, SyncBanner, resolve
from app.ui.editor_commands import NOT_STORED, Action, blockers
from app.ui.editor_status import StatusLine
from app.ui.errors import plain_words
from app.ui.events import AppEvents
from app.ui.findings_dock import FindingsDock
from app.ui.forms import BoundField
from app.ui.nav import PAGE_LABELS, PAGE_ROLE, make_nav, nav_item, plain, shortcut
from app.ui.office import LastChange, SaveRetry
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QCloseEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.session import ReturnSession
from app.ui.table_view import FormTable
from app.ui.tables import fit_to_screen

log = logging.getLogger(__name__)

#: Finding part → page id.
PART_PAGE = {"header.branches": "header", "inputs": "part3"}
INPUT_PAGE_3A = ("interest_rate", "due_date", "large_dealer")


class ReturnEditor(QMainWindow):
    def __init__(
        self,
        ret: Form9Return,
        *,
        store: Store | None = None,
        return_id: int | None = None,
        status: str = "draft",
        pack: RatePack | None = None,
        version: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.pack = store, return_id, pack
        self.session = ReturnSession(
            ret, store=store, return_id=return_id, status=status, pack=pack, version=version,
            parent=self,
        )  # fmt: skip
        self.conflict_dialog: ConflictDialog | None = None
        self.client_id: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 1340, 720)
        self._build_pages()
        self._build_findings()
        self._build_menus()
        self._build_status()
        self.session.message.connect(self.show_message)
        self.session.findings_changed.connect(self._show_findings)
        self.session.saved.connect(self._saved)
        self.session.reloaded.connect(self._rebuild)
        self.session.sync_changed.connect(self._sync_changed)
        self.session.status_changed.connect(self._status_changed)
        self.session.outdated.connect(self.follow_store)
        self.retry = SaveRetry(self.session)  # the office's server down: tried until it answers
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(1000)
        self._follow_timer.timeout.connect(self.follow_store)
        if store is not None and return_id is not None:
            self.client_id = store.return_info(return_id).client_id
            AppEvents.of(store).changed.connect(self._store_changed)
        self._update_title()
        self._update_actions()

    # ---- building ------------------------------------------------------------------------------
    def _page_factories(self) -> dict[str, Callable[[], pages.Page]]:
        """Page id → how to build it, in the form's order (built when first shown)."""
        s, ret, pack = self.session, self.session.ret, self.pack
        out: dict[str, Callable[[], pages.Page]] = {
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

    def _build_pages(self) -> None:
        self.nav = make_nav()
        self.stack = QStackedWidget()
        self._fill_pages()
        self.nav.currentRowChanged.connect(self._nav_changed)
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
            self.nav.addItem(nav_item(page_id))

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
        self._build_go_menu()
        self.show_page(current if current in self.factories else "header")
        self._update_title()
        self._update_status_label()
        self._update_actions()

    def _build_findings(self) -> None:
        self.findings_dock = FindingsDock(self)
        self.findings_tree = self.findings_dock.tree
        self.findings_dock.chosen.connect(self.jump_to)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [120], Qt.Orientation.Vertical)

    def _commands(self) -> list[Action]:
        """The editor's commands, menu by menu, calling the dialogs directly."""
        return [
            Action("mark_filed", "&Return", "Mark as &filed…", self._mark_filed, toolbar=True),
            Action("revise", "&Return", "&Revise (new revision)…", self._revise, toolbar=True),
            Action("what_if", "&Return", "&What if I file on…", self._what_if),
            Action("chain", "&Return", "Credit &chain…", self._chain),
            Action("history", "&Return", "&History of the period…", self._history),
            Action("year_summary", "&Return", "&Year summary (annual)…", self._year_summary),
            Action("template", "Exce&l", "Download Excel &template…", self._template),
            Action("import", "Exce&l", "&Import from Excel…", self._import, toolbar=True),
            Action("json", "E&xport", "Generate upload &JSON…", self._json, "Ctrl+J", True),
            Action("pdf", "E&xport", "&Print / Save PDF…", self._pdf, "Ctrl+P", True),
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        edit = bar.addMenu("&Edit")
        stack = self.session.undo_stack
        undo = stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        menus: dict[str, QMenu] = {}
        self.menu_actions: dict[str, QAction] = {}
        self.tool_actions: dict[str, QAction] = {}
        commands = self._commands()
        for c in commands:
            menu = menus.get(c.menu)
            if menu is None:
                menu = menus[c.menu] = bar.addMenu(c.menu)
                menu.setToolTipsVisible(True)  # a disabled command says why
            act = QAction(c.label, self)
            if c.keys:
                act.setShortcut(QKeySequence(c.keys))
            act.triggered.connect(lambda _c=False, cmd=c: self.run_command(cmd))
            menu.addAction(act)
            self.menu_actions[c.id] = act
        view = bar.addMenu("&View")
        view.addAction(self.findings_dock.toggleViewAction())
        self.go_menu = bar.addMenu("&Go")
        self._build_go_menu()
        tools = self.addToolBar("Return")
        tools.setObjectName("return-tools")
        tools.setMovable(False)
        self.tool_undo = QAction("Undo", self)
        self.tool_redo = QAction("Redo", self)
        self.tool_undo.triggered.connect(stack.undo)
        self.tool_redo.triggered.connect(stack.redo)
        tools.addAction(self.tool_undo)
        tools.addAction(self.tool_redo)
        stack.indexChanged.connect(self._undo_state)
        self._undo_state()
        tools.addSeparator()
        for c in commands:
            if c.toolbar:
                act = QAction(c.label.replace("&", "").replace("…", ""), self)
                act.triggered.connect(lambda _c=False, cmd=c: self.run_command(cmd))
                tools.addAction(act)
                self.tool_actions[c.id] = act

    def _build_go_menu(self) -> None:
        """One command per page, with the page's Alt shortcut (shown underlined in the list)."""
        self.go_menu.clear()
        self.page_actions: dict[str, QAction] = {}
        for page_id in self.page_ids:
            label = PAGE_LABELS.get(page_id, page_id)
            act = QAction(plain(label), self)
            keys = shortcut(label)
            if keys:
                act.setShortcut(QKeySequence(keys))
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _c=False, p=page_id: self.show_page(p))
            self.go_menu.addAction(act)
            self.page_actions[page_id] = act

    def _undo_state(self, *_: object) -> None:
        stack = self.session.undo_stack
        if not (isValid(self) and isValid(stack)):
            return  # closing
        self.tool_undo.setEnabled(stack.canUndo())
        self.tool_redo.setEnabled(stack.canRedo())
        self.tool_undo.setToolTip(f"Undo {stack.undoText()}  (Ctrl+Z)")
        self.tool_redo.setToolTip(f"Redo {stack.redoText()}  (Ctrl+Y)")

    # ---- commands ------------------------------------------------------------------------------
    def run_command(self, command: Action) -> None:
        """Run a menu command; a failure is said in plain words."""
        name = plain(command.label).replace("…", "")
        try:
            command.run()
        except Exception as exc:  # shown to the user, logged with its traceback
            log.exception("%s failed", name)
            QMessageBox.warning(self, name, f"{name}: {plain_words(exc)}")

    def trigger(self, action_id: str) -> None:
        """Run a command as its menu item would (it does nothing while the item is disabled)."""
        self.menu_actions[action_id].trigger()

    def _stored(self) -> tuple[Store, int]:
        if self.store is None or self.return_id is None:
            raise StoreError(NOT_STORED)
        return self.store, self.return_id

    def _mark_filed(self) -> object:
        store, rid = self._stored()
        return lifecycle.open_mark_filed(self, store, rid, self.session)

    def _revise(self) -> object:
        store, rid = self._stored()
        dlg = lifecycle.open_revise(self, store, rid, self.session)
        dlg.created.connect(self.open_other)
        return dlg

    def _what_if(self) -> object:
        return lifecycle.open_what_if(self, self.store, self.return_id, self.session)

    def _chain(self) -> object:
        store, rid = self._stored()
        return year_dialogs.open_credit_chain(self, store, rid)

    def _history(self) -> object:
        store, rid = self._stored()
        info = store.return_info(rid)
        return year_dialogs.open_history(self, store, info.client_id, info.period)

    def _year_summary(self) -> object:
        store, rid = self._stored()
        info = store.return_info(rid)
        return year_dialogs.open_year_summary(self, store, info.client_id, info.period)

    def _template(self) -> object:
        return excel_dialogs.open_template(self, self.store, self.return_id, self.session)

    def _import(self) -> object:
        return excel_dialogs.open_import(self, self.store, self.return_id, self.session)

    def _json(self) -> object:
        return export_dialogs.open_generate_json(self, self.store, self.return_id, self.session)

    def _pdf(self) -> object:
        return export_dialogs.open_pdf(self, self.store, self.return_id, self.session)

    def open_other(self, return_id: int) -> ReturnEditor | None:
        """Show another return of the store (a revision just created) in its own window."""
        if self.store is None:
            return None
        return open_editor(self.store, return_id)

    def _update_actions(self) -> None:
        """Commands only when they can apply; a disabled one says why (app.ui.editor_commands)."""
        why = blockers(
            self.menu_actions, self.store, self.return_id, read_only=self.session.read_only
        )
        for action_id, reason in why.items():
            for act in (self.menu_actions[action_id], self.tool_actions.get(action_id)):
                if act is None:
                    continue
                act.setEnabled(reason is None)
                act.setToolTip(reason or plain(act.text()).replace("…", ""))
                act.setStatusTip(reason or "")

    # ---- following the store -------------------------------------------------------------------
    def _store_changed(self, changes: Changes) -> None:
        if self.return_id is None:
            return
        if changes.touches_return(self.return_id):
            self.last_change.refresh()
            self.follow_store()
        elif self.client_id is not None and changes.touches_client(self.client_id):
            self._update_actions()  # another version of the period filed or revised

    def follow_store(self) -> None:
        """Show the stored return when it is newer than the one on screen — unless an edit is
        being typed (tried again a second later) or not saved (the conflict bar has the choice)."""
        if self.store is None or self.return_id is None or not isValid(self):
            return
        try:
            info = self.store.return_info(self.return_id)
        except StoreUnreachable:  # the office's server: everything is announced when it is back
            return
        except StoreError:  # deleted meanwhile (with its dealer, or by a restore)
            self.save_label.setText("This return is no longer in the data folder")
            return
        if info.version == self.session.version:
            self._update_actions()
            return  # the window's own save, or already shown
        if self.session.has_unsaved:
            return
        if self.is_typing():
            self._follow_timer.start()
            return
        self.session.reload_from_store()
        what = "filed" if info.status == FILED else "changed"
        self.save_label.setText(f"Updated {datetime.now():%H:%M:%S} — {what} elsewhere")

    def is_typing(self) -> bool:
        """Is a cell or a field of this window being typed into (text not yet committed)?"""
        editing = QAbstractItemView.State.EditingState
        if any(t.state() == editing for t in self.findChildren(FormTable)):
            return True
        return any(
            f.edit is not None and f.edit.isModified() for f in self.findChildren(BoundField)
        )

    # ---- status bar ----------------------------------------------------------------------------
    def _build_status(self) -> None:
        self.save_label = QLabel()
        self.status_label = StatusLine()
        self.last_change = LastChange(self.store, self.return_id)
        sb = self.statusBar()
        sb.addPermanentWidget(self.last_change)
        sb.addPermanentWidget(self.save_label)
        sb.addPermanentWidget(self.status_label)
        self._update_status_label()

    def status_text(self) -> str:
        """The status bar's line about the return (app.ui.editor_status)."""
        return self.status_label.text_now

    def _update_status_label(self) -> None:
        self.status_label.show_for(self.session)

    def _status_changed(self) -> None:
        if isValid(self):
            self._update_status_label()
            self._update_actions()
            self._update_title()

    # ---- refused saves -------------------------------------------------------------------------
    def _sync_changed(self) -> None:
        if not isValid(self):
            return
        self.banner.refresh()
        if self.session.conflict is not None:  # who changed it: the trail has them now
            self.last_change.refresh()
        self._update_status_label()
        self._update_title()
        self._update_actions()
        if self.session.conflict is not None and self.conflict_dialog is None:
            self.open_conflict_dialog()

    def open_conflict_dialog(self, *, closing: bool = False) -> ConflictDialog:
        """The choices after a refused save, window-modal; the edit stays on screen meanwhile."""
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
        if not self.session.has_unsaved:
            return True
        dlg = ConflictDialog(self, self.session, closing=True)
        dlg.exec()
        dlg.deleteLater()
        return dlg.choice != LATER and resolve(self, dlg.choice)

    # ---- pages and findings --------------------------------------------------------------------
    def current_page_id(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(PAGE_ROLE)) if item is not None else "header"

    def show_page(self, page_id: str) -> pages.Page | None:
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            if item is not None and item.data(PAGE_ROLE) == page_id:
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

    def _show_findings(self) -> None:
        self.findings_dock.show_findings(self.session.findings)
        self._update_status_label()

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

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every accepted edit is already in the store; a field still being typed is committed
        # by losing focus here.
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        if not self.ask_before_closing():
            event.ignore()
            return
        super().closeEvent(event)


# ---- the open return windows of a store ---------------------------------------------------------

_open: WeakKeyDictionary[Store, dict[int, ReturnEditor]] = WeakKeyDictionary()


def open_editors(store: Store) -> dict[int, ReturnEditor]:
    """The return windows open on a store, by return id."""
    return _open.setdefault(store, {})


def open_editor(store: Store, return_id: int) -> ReturnEditor:
    """Show a stored return in its window (one per return): raised when it is open, else read
    from the store (the data and the version it is, in one snapshot) with its period's rate pack."""
    editors = open_editors(store)
    ed = editors.get(return_id)
    if ed is not None and isValid(ed):
        ed.show()
        ed.raise_()
        ed.activateWindow()
        return ed
    with store.transaction(write=False):
        info = store.return_info(return_id)
        ret = store.load_return(return_id)
    ed = ReturnEditor(
        ret, store=store, return_id=return_id, status=info.status,
        pack=pack_for_period(info.period), version=info.version,
    )  # fmt: skip
    editors[return_id] = ed
    ed.destroyed.connect(lambda *_: editors.pop(return_id, None))
    ed.show()
    return ed


def close_editors(store: Store) -> bool:
    """Close every return window of the store; False when one stays open (the user kept an
    unsaved edit)."""
    still_open = [ed for ed in list(open_editors(store).values()) if isValid(ed) and not ed.close()]
    return not still_open
