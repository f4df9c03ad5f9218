"""Who did what (issue 14): the audit trail of a period's returns, as the History view shows it —
when, who (the database user: each member of staff's own PostgreSQL role in an office, the
operating-system user on one PC), which return, the part, the action and a short summary, newest
first (app.store.audit keeps it; this only reads)."""

from __future__ import annotations

from app.model import history
from app.store import Store
from app.store.audit import AuditEntry
from app.ui.part_names import PART_LABELS
from app.ui.qt import QHeaderView, QTableWidget
from app.ui.tables import cell, read_only_table, set_row

HEADERS = ["When", "Who", "Return", "Part", "Action", "Summary"]
PART, SUMMARY = 3, 5
#: The Part column's width: a save of the whole return names eight parts, which wrap in it
#: instead of pushing the summary off the screen.
PART_WIDTH = 190
#: The trail's actions (app.store.audit.ACTIONS) in the screen's words.
ACTION_WORDS = {
    "add": "Added", "edit": "Edited", "delete": "Deleted", "create": "Created", "save": "Saved",
    "rows": "Rows changed", "status": "Status", "payable": "Payable", "export": "Exported",
}  # fmt: skip
#: Parts of the trail that are not pages of the return.
OTHER_PARTS = {"status": "Status", "return": "Return", "payable": "Payable", "client": "Dealer"}
#: Entries read per return (the newest).
LIMIT = 500


def part_words(part: str) -> str:
    names = [p.strip() for p in part.split(",") if p.strip()]
    return ", ".join(PART_LABELS.get(p) or OTHER_PARTS.get(p, p) for p in names)


def period_trail(
    store: Store, client_id: int, period: str
) -> tuple[list[AuditEntry], dict[int, str]]:
    """The entries of every return of the period, newest first, and each return's label."""
    versions = history.of_period(store.list_returns(client_id), period)
    labels = {v.id: history.version_label(v) for v in versions}
    entries = [e for rid in labels for e in store.audit(rid, limit=LIMIT)]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries, labels


def trail_table() -> QTableWidget:
    table = read_only_table(HEADERS, stretch=SUMMARY)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(PART, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(PART, PART_WIDTH)
    return table


def show_trail(table: QTableWidget, entries: list[AuditEntry], labels: dict[int, str]) -> None:
    table.setRowCount(len(entries))
    for n, e in enumerate(entries):
        label = labels.get(e.return_id, "") if e.return_id is not None else ""
        set_row(table, n, [
            cell(f"{e.at:%d-%m-%Y %H:%M:%S}"), cell(e.user, bold=True), cell(label),
            cell(part_words(e.part)), cell(ACTION_WORDS.get(e.action, e.action)),
            cell(e.summary, tip=e.summary),
        ])  # fmt: skip
    table.resizeRowsToContents()
