"""The return editor's validation panel: every finding, errors first; clicking one asks the editor
to show its page, row and field (`chosen`)."""

from __future__ import annotations

from app.model.findings import Finding
from app.ui.part_names import PART_LABELS
from app.ui.qt import QDockWidget, Qt, QTreeWidget, QTreeWidgetItem, QWidget, Signal

SHOWN = 2000  # findings listed; the count of the rest is said


def where(f: Finding) -> str:
    """'Part 1(a) row 3 · rate': the page, row and field a finding is about, as the user sees them."""
    text = PART_LABELS.get(f.part, f.part)
    if f.row is not None:
        text += f" row {f.row + 1}"
    if f.field:
        text += f" · {f.field}"
    return text


class FindingsDock(QDockWidget):
    chosen = Signal(object)  # the Finding clicked

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Validation — click a finding to go to it", parent)
        self.setObjectName("findings")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["", "Where", "Code", "Finding"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 64)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(2, 150)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemClicked.connect(self._clicked)
        self.setWidget(self.tree)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )

    def _clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        f = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(f, Finding):
            self.chosen.emit(f)

    def show_findings(self, findings: list[Finding]) -> None:
        tree = self.tree
        tree.clear()
        items = []
        for f in findings[:SHOWN]:
            it = QTreeWidgetItem(
                ["Error" if f.is_error else "Warning", where(f), f.code, f.message]
            )
            it.setData(0, Qt.ItemDataRole.UserRole, f)
            it.setToolTip(3, f.message)
            it.setForeground(0, Qt.GlobalColor.red if f.is_error else Qt.GlobalColor.darkYellow)
            items.append(it)
        tree.addTopLevelItems(items)
        if len(findings) > SHOWN:
            tree.addTopLevelItem(
                QTreeWidgetItem(["", "", "", f"… and {len(findings) - SHOWN} more"])
            )
        e = sum(1 for f in findings if f.is_error)
        self.setWindowTitle(
            f"Validation — {e} error(s), {len(findings) - e} warning(s) — click a finding to go to it"
        )
