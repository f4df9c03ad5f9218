"""Main window: dealers (clients) with search, and the selected dealer's returns."""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from app.model import history
from app.model.numbers import fmt_indian
from app.model.periods import Period
from app.model.status import LABELS as STATUS_LABELS
from app.model.status import describe_version
from app.store import StoreError
from app.ui import desk_menu
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.status_colours import STATUS_COLOURS

log = logging.getLogger(__name__)


def _item(text: str, data: Any = None, right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    return t


class MainWindow(QMainWindow):
    def __init__(self, store: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.editors: dict[int, Any] = {}
        self.setWindowTitle("FORM No. 9 Offline Utility — KGST / KVAT / CST returns")
        self.resize(1280, 720)
        split = QSplitter()
        split.addWidget(self._dealers_panel())
        split.addWidget(self._returns_panel())
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        split.setSizes([560, 700])
        self.setCentralWidget(split)
        self._build_menu()
        desk_menu.install(self)  # issue 15: client files, due-date board, problem report, settings
        self.statusBar().showMessage("Double-click a return to open it.")
        self.refresh_clients()

    def _build_menu(self) -> None:
        file = self.menuBar().addMenu("&File")
        self.backup_action = QAction("&Back up now…", self)
        self.backup_action.setToolTip("Copy every dealer and return into the backups folder")
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.triggered.connect(self.restore_backup)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file.addAction(self.backup_action)
        file.addAction(self.restore_action)
        file.addSeparator()
        file.addAction(quit_action)
        has_file = getattr(self.store, "path", None) is not None
        self.backup_action.setEnabled(has_file)
        self.restore_action.setEnabled(has_file)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About FORM No. 9…", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def show_about(self) -> QMessageBox:
        """Help ▸ About: the app's version, its rate packs and form catalogues (app.about, as
        `form9 --version` shows them)."""
        from app.about import APP_NAME, about

        info = about()
        lines = info.lines()
        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_NAME}",
                          f"<b>{escape(lines[0])}</b>", QMessageBox.StandardButton.Ok,
                          self)  # fmt: skip
        versions = "<br>".join(escape(line[0].upper() + line[1:]) for line in lines[1:])
        box.setInformativeText(
            "<p>Prepare, check and export Kerala FORM No. 9 returns (KGST / KVAT / CST) offline."
            f'</p><p style="white-space:pre">{versions}</p>'
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, without blocking the caller
        return box

    # ---- the store as a whole ------------------------------------------------------------------
    def backup_now(self) -> Any:
        from app.ui.backup_dialogs import backup_now

        written = backup_now(self, self.store)
        if written is not None:
            self.statusBar().showMessage(f"Backed up to {written}", 15000)
        return written

    def restore_backup(self) -> bool:
        from app.ui.backup_dialogs import restore_from_backup

        return restore_from_backup(self)

    def set_store(self, store: Any) -> None:
        """Work on another store object (after a restore reopened it)."""
        self.store = store
        self.editors.clear()
        self.clients.clearSelection()
        self.clients.setRowCount(0)
        self.returns.setRowCount(0)
        self.search.clear()
        self.refresh_clients()

    def close_side_windows(self) -> None:
        overview = getattr(self, "overview", None)
        if overview is not None and isValid(overview):
            overview.close()

    # ---- panels --------------------------------------------------------------------------------
    def _dealers_panel(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("<b style='font-size:14px'>Dealers</b>"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, TIN or trade name…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh_clients)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        lay.addWidget(self.search)
        self.clients = _table(["Name", "TIN", "Nature of business", "Returns"])
        h = self.clients.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, width in ((1, 104), (2, 130), (3, 64)):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.clients.setColumnWidth(c, width)
        self.clients.itemSelectionChanged.connect(self.refresh_returns)
        self.clients.itemDoubleClicked.connect(lambda _i: self.edit_client())
        lay.addWidget(self.clients, 1)
        row = QHBoxLayout()
        self.new_client_btn = QPushButton("New dealer…")
        self.edit_client_btn = QPushButton("Edit dealer…")
        self.delete_client_btn = QPushButton("Delete dealer")
        self.new_client_btn.clicked.connect(self.new_client)
        self.edit_client_btn.clicked.connect(self.edit_client)
        self.delete_client_btn.clicked.connect(self.delete_client)
        for b in (self.new_client_btn, self.edit_client_btn, self.delete_client_btn):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        return w

    def _returns_panel(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.returns_title = QLabel("<b style='font-size:14px'>Returns</b>")
        lay.addWidget(self.returns_title)
        self.returns = _table(
            ["Period", "Type", "Status", "Payable (₹)", "Ack. no.", "Last change"]
        )
        h = self.returns.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c, width in ((1, 92), (2, 100), (3, 130), (4, 100), (5, 120)):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.returns.setColumnWidth(c, width)
        self.returns.itemDoubleClicked.connect(lambda _i: self.open_return())
        lay.addWidget(self.returns, 1)
        row = QHBoxLayout()
        self.new_return_btn = QPushButton("New return…")
        self.open_return_btn = QPushButton("Open")
        self.open_return_btn.setDefault(True)
        self.new_return_btn.clicked.connect(self.new_return)
        self.open_return_btn.clicked.connect(self.open_return)
        self.open_json_btn = QPushButton("Open upload JSON…")
        self.open_json_btn.setToolTip("Read a FORM No. 9 upload JSON file into this dealer")
        self.open_json_btn.clicked.connect(self.open_upload_json)
        row.addWidget(self.new_return_btn)
        row.addWidget(self.open_return_btn)
        row.addWidget(self.open_json_btn)
        self.overview_btn = QPushButton("Practitioner overview…")
        self.overview_btn.setToolTip("All dealers × periods of a year (Ctrl+Shift+O)")
        self.overview_btn.clicked.connect(self.open_overview)
        QShortcut(QKeySequence("Ctrl+Shift+O"), self).activated.connect(self.open_overview)
        row.addWidget(self.overview_btn)
        row.addStretch(1)
        lay.addLayout(row)
        return w

    # ---- dealers -------------------------------------------------------------------------------
    def selected_client(self) -> int | None:
        items = self.clients.selectedItems()
        if not items:
            return None
        item = self.clients.item(items[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def refresh_clients(self, select: int | None = None) -> None:
        keep = select if select is not None else self.selected_client()
        infos = self.store.list_clients(self.search.text().strip())
        self.clients.setRowCount(len(infos))
        target = 0
        for r, c in enumerate(infos):
            name = c.name + (f" ({c.trade_name})" if c.trade_name else "")
            self.clients.setItem(r, 0, _item(name, c.id))
            self.clients.setItem(r, 1, _item(c.tin))
            self.clients.setItem(r, 2, _item(c.nature_of_business))
            self.clients.setItem(r, 3, _item(str(c.return_count), right=True))
            if c.id == keep:
                target = r
        if infos:
            self.clients.selectRow(target)
        self.refresh_returns()

    def new_client(self) -> None:
        from app.ui.client_editor import ClientDialog

        dlg = ClientDialog(parent=self)
        created: list[int] = []
        dlg.on_save = lambda p: created.append(int(self.store.add_client(p)))
        accepted = dlg.exec()
        dlg.deleteLater()
        if accepted and created:
            self.search.clear()
            self.refresh_clients(select=created[0])
            self.statusBar().showMessage(f"Dealer {dlg.profile().name} added.", 8000)

    def edit_client(self) -> None:
        from app.ui.client_editor import ClientDialog

        cid = self.selected_client()
        if cid is None:
            return
        dlg = ClientDialog(self.store.get_client(cid), parent=self)
        dlg.on_save = lambda p: self.store.update_client(cid, p)
        accepted = dlg.exec()
        dlg.deleteLater()
        if accepted:
            self.refresh_clients(select=cid)

    def delete_client(self) -> None:
        cid = self.selected_client()
        if cid is None:
            return
        p = self.store.get_client(cid)
        returns = self.store.list_returns(cid)
        filed = len(history.filed(returns))
        backed_up = filed and getattr(self.store, "path", None) is not None
        text = f"Delete {p.name} (TIN {p.tin}) and its {len(returns)} return(s)?"
        if backed_up:
            text += (
                f"\n\n{filed} of them are filed. A backup of everything is taken first, so "
                "they can be restored (File ▸ Restore from backup…)."
            )
        else:
            text += " This cannot be undone."
        answer = QMessageBox.question(self, "Delete dealer", text)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                if backed_up:
                    from app.store.backup import backup_store

                    kept = backup_store(self.store.path, why="before-delete")
                    self.statusBar().showMessage(f"Backed up to {kept} before deleting.", 15000)
                self.store.delete_client(cid)
            except Exception as exc:
                QMessageBox.warning(self, "Delete dealer", f"Not deleted: {exc}")
            self.refresh_clients()

    # ---- returns -------------------------------------------------------------------------------
    def selected_return(self) -> int | None:
        items = self.returns.selectedItems()
        if not items:
            return None
        item = self.returns.item(items[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def refresh_returns(self, select: int | None = None) -> None:
        cid = self.selected_client()
        keep = select if select is not None else self.selected_return()
        infos = self.store.list_returns(cid) if cid is not None else []
        infos = sorted(infos, key=lambda i: (i.period, i.revision_no), reverse=True)
        if cid is not None:
            try:
                name = self.store.get_client(cid).name
            except StoreError:  # gone meanwhile (deleted elsewhere, or a restore)
                name, infos = "", []
            self.returns_title.setText(f"<b style='font-size:14px'>Returns of {name}</b>")
        self.returns.setRowCount(len(infos))
        target = 0
        for r, i in enumerate(infos):
            try:
                label = Period.parse(i.period).label
            except ValueError:
                label = i.period
            self.returns.setItem(r, 0, _item(f"{label}  ({i.period})", i.id))
            self.returns.setItem(r, 1, _item(describe_version(i.return_type, i.revision_no)))
            st = _item(STATUS_LABELS.get(i.status, i.status))
            from app.ui.qt import QColor

            st.setForeground(QColor(STATUS_COLOURS.get(i.status, STATUS_COLOURS[""])[0]))
            self.returns.setItem(r, 2, st)
            self.returns.setItem(r, 3, _item(fmt_indian(i.payable), right=True))
            self.returns.setItem(r, 4, _item(i.ack_no or ""))
            when = (
                i.updated_at.strftime("%d-%m-%Y %H:%M")
                if hasattr(i.updated_at, "strftime")
                else str(i.updated_at or "")
            )
            self.returns.setItem(r, 5, _item(when))
            if i.id == keep:
                target = r
        if infos:
            self.returns.selectRow(target)
        has_client = cid is not None
        self.new_return_btn.setEnabled(has_client)
        self.open_json_btn.setEnabled(has_client)
        self.open_return_btn.setEnabled(bool(infos))
        self.edit_client_btn.setEnabled(has_client)
        self.delete_client_btn.setEnabled(has_client)

    def new_return(self) -> None:
        from app.ui.new_return import NewReturnDialog, create_return

        cid = self.selected_client()
        if cid is None:
            return
        dlg = NewReturnDialog(
            self.store.get_client(cid).name, self, store=self.store, client_id=cid
        )
        accepted = dlg.exec()
        dlg.deleteLater()
        if not accepted:
            return
        period = dlg.period()
        try:
            rid, note = create_return(self.store, cid, period, **dlg.options())
        except Exception as exc:  # e.g. the period's return exists already
            log.exception("create return failed")
            QMessageBox.warning(self, "New return", f"Could not create the return: {exc}")
            return
        self.refresh_clients(select=cid)
        self.refresh_returns(select=rid)
        editor = self.open_return(rid)
        if note and editor is not None:
            editor.show_message(note)

    def open_upload_json(self) -> None:
        from app.ui.return_editor import external_action

        cid = self.selected_client()
        fn = external_action("app.ui.export_dialogs", "open_upload_json")
        if cid is None:
            return
        if fn is None:
            QMessageBox.information(self, "Open upload JSON", "Not available yet in this version.")
            return
        dlg = fn(self, self.store, cid)
        finished = getattr(dlg, "finished", None)
        if finished is not None:
            finished.connect(lambda *_: self.refresh_clients(select=cid))

    def open_overview(self) -> Any:
        from app.ui.overview import OverviewWindow

        self.overview = OverviewWindow(self.store, self)
        self.overview.show()
        return self.overview

    def open_return(self, return_id: int | None = None) -> Any:
        from app.ui.return_editor import ReturnEditor

        rid = return_id if return_id is not None else self.selected_return()
        if rid is None:
            return None
        if rid in self.editors:
            ed = self.editors[rid]
            ed.show()
            ed.raise_()
            ed.activateWindow()
            return ed
        with self.store.transaction(write=False):  # the data and the version it is
            info = self.store.return_info(rid)
            ret = self.store.load_return(rid)
        from app.ratepacks import pack_for_period

        pack = pack_for_period(info.period)
        ed = ReturnEditor(ret, store=self.store, return_id=rid, status=info.status, pack=pack,
                          version=info.version)  # fmt: skip
        self.editors[rid] = ed
        ed.destroyed.connect(lambda *_: self._editor_closed(rid))
        ed.session.findings_changed.connect(lambda: self._returns_timer_start())
        ed.show()
        return ed

    def _returns_timer_start(self) -> None:
        if not hasattr(self, "_returns_timer"):
            self._returns_timer = QTimer(self)
            self._returns_timer.setSingleShot(True)
            self._returns_timer.setInterval(300)
            self._returns_timer.timeout.connect(lambda: self.refresh_returns())
        self._returns_timer.start()

    def _editor_closed(self, rid: int) -> None:
        self.editors.pop(rid, None)
        if isValid(self) and isValid(self.open_json_btn):  # not while the app is shutting down
            self.refresh_clients()

    def close_editors(self) -> bool:
        """Close every return window; False when one stays open (the user kept an unsaved edit)."""
        still_open = [ed for ed in list(self.editors.values()) if isValid(ed) and not ed.close()]
        return not still_open

    def closeEvent(self, event: Any) -> None:
        if not self.close_editors():
            event.ignore()
            return
        super().closeEvent(event)
