"""Typing into table cells as a user does (imported by the GUI tests)."""

from __future__ import annotations

from typing import Any


def type_cell(qtbot: Any, table: Any, row: int, column: int, text: str) -> None:
    """Select a cell, type over it and press Enter — as a user does."""
    from app.ui.qt import QApplication, Qt

    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    if editor is None or editor.parent() is not table.viewport():
        from app.ui.qt import QComboBox, QLineEdit, QWidget

        found = [
            w
            for w in table.viewport().findChildren(QWidget)
            if isinstance(w, (QLineEdit, QComboBox))
            and w.isVisible()
            and w.parent() is table.viewport()
        ]
        assert len(found) == 1, f"no cell editor opened at row {row}, column {column}"
        editor = found[0]
        editor.setFocus()
    if hasattr(editor, "selectAll"):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on a queued call, as in the app
