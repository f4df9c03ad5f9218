"""Main window: dealers (clients) with search, and the selected dealer's returns.

Every action is one op (app.ui.ops); the lists follow the store (app.ui.events), so a return
saved, filed or created anywhere — an editor, the overview, an import — shows here by itself,
without F5, and the selection and scroll position stay where the user left them.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from app.model.numbers import fmt_indian
from app.model.periods import Period, PeriodError
from app.model.status import LABELS as STATUS_LABELS
from app.model.status import describe_version
from app.store.errors import StoreError
from app.ui import desk_menu
from app.ui.errors import plain_words
from app.ui.events import AppEvents
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QCloseEvent,
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
    QTimer,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.status_colours import STATUS_COLOURS
from app.ui.tables import Cell, Line, fit_to_screen, selected_key, show_lines

if TYPE_CHECKING:  # the windows and the store load when first used: the window paints first
    from app.store import ClientInfo, ReturnInfo, Store
    from app.store.changes import Changes
    from app.ui.overview import OverviewWindow
    from app.ui.return_editor import ReturnEditor

log = logging.getLogger(__name__)

#: The returns list's columns; those marked key are never cut ("…"): their width is their text's.
RETURN_COLUMNS = ("Period", "Type", "Status", "Payable (₹)", "Ack. no.", "Last change")
#: The nature of business is in the name's tooltip (and the dealer form): at 1024 pixels the two
#: lists then show every key text whole side by side.
CLIENT_COLUMNS = ("Name", "TIN", "Returns")
#: Why File ▸ Back up / Restore are off on an office database (docs/office.md, section 4).
OFFICE_BACKUP_TIP = (
    "The office database is backed up on its server with pg_dump (docs/office.md); these back "
    "up only a PC's own data folder"
)


def _table(headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return t


def period_label(period: str) -> str:
    try:
        return Period.parse(period).label
    except PeriodError:
        return period


def _about(c: ClientInfo) -> str:
    """A dealer's name, trade name and nature of business (the name cell's tooltip)."""
    lines = [c.name, f"Trade name: {c.trade_name}" if c.trade_name else ""]
    lines.append(f"Nature of business: {c.nature_of_business}" if c.nature_of_business else "")
    return "\n".join(line for line in lines if line)


def return_line(i: ReturnInfo) -> Line:
    status = STATUS_COLOURS.get(i.status, STATUS_COLOURS[""])[0]
    when = i.updated_at.strftime("%d-%m-%Y %H:%M") if i.updated_at else ""
    return Line(
        i.id,
        (
            Cell(period_label(i.period), tip=f"{period_label(i.period)} ({i.period})"),
            Cell(describe_version(i.return_type, i.revision_no)),
            Cell(STATUS_LABELS.get(i.status, i.status), colour=status),
            Cell(fmt_indian(i.payable), right=True),
            Cell(i.ack_no or ""),
            Cell(when),
        ),
    )


class MainWindow(QMainWindow):
    def __init__(self, store: Store | None, parent: QWidget | None = None) -> None:
        """`store` None: the window is shown empty at once and set_store() fills it (app.ui.main
        paints it before opening the store)."""
        super().__init__(parent)
        self.store: Store = store  # type: ignore[assignment]  # None only until set_store()
        self.overview: OverviewWindow | None = None
        self.setWindowTitle("FORM No. 9 Offline Utility — KGST / KVAT / CST returns")
        fit_to_screen(self, 1280, 720)
        split = QSplitter()
        split.addWidget(self._dealers_panel())
        split.addWidget(self._returns_panel())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([500, 780])
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)
        self._build_menu()
        desk_menu.install(self)  # issue 15: client files, due-date board, problem report, settings
        if store is None:
            self.statusBar().showMessage("Opening the store…")
            self._usable(False)
            return
        self.statusBar().showMessage("Double-click a return to open it.")
        self._listen()
        self.refresh_clients()

    def _listen(self) -> None:
        AppEvents.of(self.store).changed.connect(self._store_changed)

    def _store_changed(self, _changes: Changes) -> None:
        """A change anywhere in the app: both lists show it (cells that differ are redrawn)."""
        if isValid(self):
            self.refresh_quietly()

    def refresh_quietly(self) -> None:
        """Both lists read again from a notice or a timer: a store that cannot be read (the
        office's server gone meanwhile) is said in the status bar, never raised; the lists
        refresh by themselves when it is back."""
        try:
            self.refresh_clients()
        except StoreError as exc:
            log.warning("the lists could not be refreshed: %s", exc)
            self.statusBar().showMessage(f"Not refreshed: {plain_words(exc)}", 15000)

    def _build_menu(self) -> None:
        file = self.menuBar().addMenu("&File")
        file.setToolTipsVisible(True)  # why backups are off on an office database
        self.backup_action = QAction("&Back up now…", self)
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
        self._backups_follow_store()
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About FORM No. 9…", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _backups_follow_store(self) -> None:
        """The app's backups copy the SQLite file; an office database is backed up on its server
        with pg_dump (docs/office.md), so they are off there, and say why."""
        has_file = self.store is not None and self.store.path is not None
        tips = {self.backup_action: "Copy every dealer and return into the backups folder",
                self.restore_action: "Put back a backup of this PC's store"}  # fmt: skip
        for action, tip in tips.items():
            action.setEnabled(has_file)
            action.setToolTip(tip if has_file else OFFICE_BACKUP_TIP)

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
    def backup_now(self) -> Path | None:
        from app.ui.backup_dialogs import backup_now

        written = backup_now(self, self.store)
        if written is not None:
            self.statusBar().showMessage(f"Backed up to {written}", 15000)
        return written

    def restore_backup(self) -> bool:
        from app.ui.backup_dialogs import restore_from_backup

        return restore_from_backup(self)

    def set_store(self, store: Store) -> None:
        """Work on another store object (after a restore reopened it)."""
        first = self.store is None
        if not first:
            AppEvents.of(self.store).close()
        self.store = store
        self._backups_follow_store()
        if first:
            self._usable(True)
            self.statusBar().showMessage("Double-click a return to open it.")
        self._listen()
        self.clients.clearSelection()
        self.clients.setRowCount(0)
        self.returns.setRowCount(0)
        self.search.clear()
        self.refresh_clients()

    def _usable(self, on: bool) -> None:
        """The lists, buttons and menus (off while the store is being opened)."""
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(on)
        self.menuBar().setEnabled(on)

    @property
    def editors(self) -> dict[int, ReturnEditor]:
        """The return windows open on this window's store, by return id."""
        from app.ui.return_editor import open_editors

        return open_editors(self.store)

    def close_side_windows(self) -> None:
        if self.overview is not None and isValid(self.overview):
            self.overview.close()

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
        self._search_timer.timeout.connect(lambda: self.refresh_quietly())
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        lay.addWidget(self.search)
        self.clients = _table(CLIENT_COLUMNS)
        h = self.clients.horizontalHeader()
        # The name takes the room (a trade name after it may be cut: the tooltip has it all);
        # the TIN and the count are never cut.
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.clients.itemSelectionChanged.connect(lambda: self.refresh_returns())
        self.clients.itemDoubleClicked.connect(lambda _i: self.edit_client())
        lay.addWidget(self.clients, 1)
        row = QHBoxLayout()
        self.new_client_btn = QPushButton("New dealer…")
        self.edit_client_btn = QPushButton("Edit dealer…")
        self.delete_client_btn = QPushButton("Delete dealer")
        self.new_client_btn.clicked.connect(lambda: self.new_client())
        self.edit_client_btn.clicked.connect(lambda: self.edit_client())
        self.delete_client_btn.clicked.connect(lambda: self.delete_client())
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
        self.returns = _table(RETURN_COLUMNS)
        h = self.returns.horizontalHeader()
        # Every column as wide as its widest text, never "…" (the list scrolls sideways when the
        # window is narrower than that).
        for c in range(len(RETURN_COLUMNS)):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        h.setStretchLastSection(False)
        self.returns.itemDoubleClicked.connect(lambda _i: self.open_return())
        lay.addWidget(self.returns, 1)
        row = QHBoxLayout()
        self.new_return_btn = QPushButton("New return…")
        self.open_return_btn = QPushButton("Open")
        self.open_return_btn.setDefault(True)
        self.new_return_btn.clicked.connect(lambda: self.new_return())
        # clicked(bool) would pass False as the return id: Open always opens the selected return
        self.open_return_btn.clicked.connect(lambda: self.open_return())
        self.open_json_btn = QPushButton("Open upload JSON…")
        self.open_json_btn.setToolTip("Read a FORM No. 9 upload JSON file into this dealer")
        self.open_json_btn.clicked.connect(lambda: self.open_upload_json())
        row.addWidget(self.new_return_btn)
        row.addWidget(self.open_return_btn)
        row.addWidget(self.open_json_btn)
        self.overview_btn = QPushButton("Practitioner overview…")
        self.overview_btn.setToolTip("All dealers × periods of a year (Ctrl+Shift+O)")
        self.overview_btn.clicked.connect(lambda: self.open_overview())
        QShortcut(QKeySequence("Ctrl+Shift+O"), self).activated.connect(self.open_overview)
        row.addWidget(self.overview_btn)
        row.addStretch(1)
        lay.addLayout(row)
        return w

    # ---- dealers -------------------------------------------------------------------------------
    def selected_client(self) -> int | None:
        return selected_key(self.clients)

    def refresh_clients(self, select: int | None = None) -> None:
        if self.store is None:  # not opened yet
            return
        infos = self.store.list_clients(self.search.text().strip())
        lines = [
            Line(c.id, (
                Cell(c.name + (f" ({c.trade_name})" if c.trade_name else ""), tip=_about(c)),
                Cell(c.tin), Cell(str(c.return_count), right=True),
            ))
            for c in infos
        ]  # fmt: skip
        self.clients.blockSignals(True)
        try:
            show_lines(self.clients, lines, select)
        finally:
            self.clients.blockSignals(False)
        self.refresh_returns()

    def new_client(self) -> None:
        from app.ui.client_editor import ClientDialog

        dlg = ClientDialog(self.store, parent=self)
        accepted = dlg.exec()
        dlg.deleteLater()
        if accepted and dlg.saved_id is not None:
            self.search.clear()
            self.refresh_clients(select=dlg.saved_id)
            self.statusBar().showMessage(f"Dealer {dlg.profile().name} added.", 8000)

    def edit_client(self) -> None:
        cid = self.selected_client()
        if cid is None:
            return
        from app.ui.client_editor import ClientDialog

        dlg = ClientDialog(self.store, cid, parent=self)
        dlg.exec()
        dlg.deleteLater()

    def delete_client(self) -> None:
        cid = self.selected_client()
        if cid is None:
            return
        p = self.store.get_client(cid)
        returns = self.store.list_returns(cid)
        from app.model import history

        filed = len(history.filed(returns))
        backed_up = bool(filed) and self.store.path is not None
        text = f"Delete {p.name} (TIN {p.tin}) and its {len(returns)} return(s)?"
        if backed_up:
            text += (
                f"\n\n{filed} of them are filed. A backup of everything is taken first, so "
                "they can be restored (File ▸ Restore from backup…)."
            )
        else:
            text += " This cannot be undone."
        answer = QMessageBox.question(self, "Delete dealer", text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if backed_up and self.store.path is not None:
            from app.store.backup import backup_store

            try:
                kept = backup_store(self.store.path, why="before-delete")
            except StoreError as exc:
                QMessageBox.warning(self, "Delete dealer", f"Not deleted: {plain_words(exc)}")
                return
            self.statusBar().showMessage(f"Backed up to {kept} before deleting.", 15000)
        from app.ui.ops import Op

        Op(self, self.store, lambda s: s.delete_client(cid), title="Delete dealer").run()

    # ---- returns -------------------------------------------------------------------------------
    def selected_return(self) -> int | None:
        return selected_key(self.returns)

    def refresh_returns(self, select: int | None = None) -> None:
        cid = self.selected_client()
        infos = self.store.list_returns(cid) if cid is not None else []
        infos = sorted(infos, key=lambda i: (i.period, i.revision_no), reverse=True)
        if cid is not None:
            try:
                name = self.store.get_client(cid).name
            except StoreError:  # gone meanwhile (deleted elsewhere, or a restore)
                name, infos = "", []
            self.returns_title.setText(f"<b style='font-size:14px'>Returns of {name}</b>")
        show_lines(self.returns, [return_line(i) for i in infos], select)
        has_client = cid is not None
        self.new_return_btn.setEnabled(has_client)
        self.open_json_btn.setEnabled(has_client)
        self.open_return_btn.setEnabled(bool(infos))
        self.edit_client_btn.setEnabled(has_client)
        self.delete_client_btn.setEnabled(has_client)

    def new_return(self) -> None:
        cid = self.selected_client()
        if cid is None:
            return
        from app.ui.new_return import NewReturnDialog, create_return
        from app.ui.ops import Op

        dlg = NewReturnDialog(
            self.store.get_client(cid).name, self, store=self.store, client_id=cid
        )
        accepted = dlg.exec()
        dlg.deleteLater()
        if not accepted:
            return
        period, options = dlg.period(), dlg.options()
        op = Op(
            self, self.store, lambda s: create_return(s, cid, period, **options), title="New return"
        )
        if not op.run() or op.result is None:
            return
        rid, note = op.result
        self.refresh_clients(select=cid)
        self.refresh_returns(select=rid)
        editor = self.open_return(rid)
        if note and editor is not None:
            editor.show_message(note)

    def open_upload_json(self) -> None:
        cid = self.selected_client()
        if cid is not None:
            from app.ui.export_dialogs import open_upload_json

            open_upload_json(self, self.store, cid)

    def open_overview(self) -> OverviewWindow:
        from app.ui.overview import OverviewWindow

        self.overview = OverviewWindow(self.store, self)
        self.overview.show()
        return self.overview

    def open_return(self, return_id: int | None = None) -> ReturnEditor | None:
        """The return's window (the selected return's when no id is given)."""
        rid = return_id if return_id is not None else self.selected_return()
        if rid is None:
            return None
        from app.ui.return_editor import open_editor

        try:
            return open_editor(self.store, rid)
        except Exception as exc:  # e.g. deleted meanwhile, or no rate pack: said plainly
            log.exception("opening return %s failed", rid)
            QMessageBox.warning(self, "Open", f"The return cannot be opened: {plain_words(exc)}")
            return None

    def close_editors(self) -> bool:
        """Close every return window; False when one stays open (the user kept an unsaved edit)."""
        if self.store is None:
            return True
        from app.ui.return_editor import close_editors

        return close_editors(self.store)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_editors():
            event.ignore()
            return
        super().closeEvent(event)
