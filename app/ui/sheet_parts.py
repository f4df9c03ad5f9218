"""Which part of the return each sheet of a file holds, as the user says (issue 15 item 7).

Shown when an import recognised no sheet (nothing would be imported), and on the user's asking
from the preview or the error table ("Choose parts…"): one row per sheet of the file with the
header cells the import saw and an "Import as" drop-down (Part 1(a) … Stock, or Not imported).
"Read again" reads the file again with those parts (app.export.excel_import `parts`).
"""

from __future__ import annotations

from app.export.excel_import import ImportResult
from app.export.sheet_recognition import NOT_IMPORTED, part_choices
from app.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PartsDialog(QDialog):
    """A drop-down per sheet; `parts()` gives sheet name → table key ("" = not imported)."""

    COLUMNS = ("Sheet", "What it holds", "Import as")

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle("Import from Excel — which part is each sheet?")
        self.resize(960, 420)
        layout = QVBoxLayout(self)
        name = result.source.name
        if result.brings_nothing:
            what = ("its list is not named" if result.kind == "csv" else
                    "no sheet is a part of the return by its name or its header row")  # fmt: skip
            if any(s.part for s in result.seen):
                what = "no sheet of it holds a row"
            text = (f"<b>Nothing was imported from {name}:</b> {what}. Choose the part each "
                    "sheet holds and read the file again.")  # fmt: skip
        else:
            text = (f"<b>{name}</b>: choose the part each sheet holds and read the file again. "
                    "Nothing changes until you import the preview.")  # fmt: skip
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        specs = result.specs
        if result.kind == "csv":
            specs = tuple(s for s in specs if s.csv)
        choices = part_choices(specs)
        seen = result.seen
        self.table = QTableWidget(len(seen), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(2, 170)
        self.combos: dict[str, QComboBox] = {}
        for r, s in enumerate(seen):
            text = s.header_text()
            holds = text[:1].upper() + text[1:] + (f"\n{s.why}" if s.why else "")
            for c, text in enumerate((s.name, holds)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
            combo = QComboBox()
            combo.setAccessibleName(f"Import sheet {s.name} as")
            for label, key in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(s.part or NOT_IMPORTED), 0))
            combo.currentIndexChanged.connect(lambda _i: self._update())
            holder = QWidget()  # the drop-down at its natural height, centred in a tall row
            box = QVBoxLayout(holder)
            box.setContentsMargins(4, 0, 4, 0)
            box.addWidget(combo, 0, Qt.AlignmentFlag.AlignVCenter)
            self.table.setCellWidget(r, 2, holder)
            self.combos[s.name] = combo
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.read_button = self.buttons.addButton("&Read again",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        if self.combos:
            next(iter(self.combos.values())).setFocus()

    def parts(self) -> dict[str, str]:
        return {name: str(combo.currentData()) for name, combo in self.combos.items()}

    def _update(self) -> None:
        chosen = [k for k in self.parts().values() if k != NOT_IMPORTED]
        twice = {k for k in chosen if chosen.count(k) > 1}
        if not chosen:
            self.status.setText("Choose the part of at least one sheet.")
        elif twice:
            names = ", ".join(label for label, key in part_choices(self.import_result.specs)
                              if key in twice)  # fmt: skip
            self.status.setText(f"Each part comes from one sheet: {names} is chosen twice.")
        else:
            self.status.setText("")
        self.read_button.setEnabled(bool(chosen) and not twice)
