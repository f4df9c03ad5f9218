"""The return editor's page list: one item per page of the form, each with its Alt shortcut shown
as an underlined letter (a mnemonic, as menus show theirs) and named in its tooltip.

The shortcuts are the part numbers where the form numbers its parts (Alt+1 Part 1(a), Alt+2
Part 2 …) and a letter of the page's name elsewhere; none is a letter the menu bar uses (Edit,
Return, Excel, Export, View, Go: E R L X V G).
"""

from __future__ import annotations

from app.ui.qt import (
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

#: Page id → its label with "&" before the shortcut's letter (Qt's mnemonic mark).
PAGE_LABELS = {
    "header": "&Header",
    "part1a": "Part &1(a)  Sales",
    "part1b": "Part 1(&b)  Bill series",
    "part2": "Part &2  Purchases",
    "part3": "Part &3  Tax summary",
    "part3a": "Part 3(&A)  Tax payable",
    "part4": "Part &4  Revision",
    "part5": "Part &5  Remittances",
    "declaration": "&Declaration",
    "sales_list": "&Sales list",
    "purchase_list": "&Purchase list",
    "stock": "Stoc&k inventory",
}
#: Letters the editor's menu bar takes (Alt+letter opens that menu).
MENU_LETTERS = frozenset("ERLXVG")
MNEMONIC_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_ROLE = Qt.ItemDataRole.UserRole


def plain(label: str) -> str:
    """The label without its mnemonic mark."""
    return label.replace("&", "", 1)


def mnemonic(label: str) -> str:
    """The shortcut's key ("H", "1"), or "" when the label marks none."""
    at = label.find("&")
    return label[at + 1].upper() if 0 <= at < len(label) - 1 else ""


def shortcut(label: str) -> str:
    """ "Alt+H" for "&Header"."""
    key = mnemonic(label)
    return f"Alt+{key}" if key else ""


class MnemonicDelegate(QStyledItemDelegate):
    """Draws an item's label with its mnemonic letter underlined."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        label = str(index.data(MNEMONIC_ROLE) or opt.text)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        flags |= int(Qt.TextFlag.TextShowMnemonic)
        style.drawItemText(painter, rect, flags, opt.palette, True, label, role)


def nav_item(page_id: str) -> QListWidgetItem:
    """The page's item: plain text (what screen readers and searches see), the marked label for
    drawing, and the shortcut in the tooltip."""
    label = PAGE_LABELS.get(page_id, page_id)
    item = QListWidgetItem(plain(label))
    item.setData(PAGE_ROLE, page_id)
    item.setData(MNEMONIC_ROLE, label)
    keys = shortcut(label)
    if keys:
        item.setToolTip(f"{plain(label).split('  ')[0]} ({keys})")
    return item


def make_nav() -> QListWidget:
    nav = QListWidget()
    nav.setItemDelegate(MnemonicDelegate(nav))
    nav.setFixedWidth(176)
    nav.setStyleSheet(
        "QListWidget { background: #f3f5f8; border: 0; font-size: 13px; }"
        " QListWidget::item { padding: 6px 8px; }"
        " QListWidget::item:selected { background: #cfe3ff; color: black; }"
    )
    return nav
