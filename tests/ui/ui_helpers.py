"""Opening a return's editor and typing into its fields and table cells as a user does (imported
by the GUI tests)."""

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


#: Room Qt leaves around a cell's text (its focus frame margin and a pixel, both sides).
CELL_MARGIN = 6


def cut_texts(view: Any, columns: Any = None) -> list[str]:
    """Texts of a table view (cells and header) wider than their column — what Qt would show
    cut with "…".  `columns`: which columns matter (default all)."""
    from app.ui.qt import QStyle, Qt

    model = view.model()
    fm = view.fontMetrics()
    header = view.horizontalHeader()
    hfm = header.fontMetrics()
    head_margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cols = range(model.columnCount()) if columns is None else columns
    grid = 1 if getattr(view, "showGrid", lambda: False)() else 0  # a cell gives up its grid line
    out = []
    for c in cols:
        width = view.columnWidth(c)
        head = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        for line in head.split("\n"):
            if hfm.horizontalAdvance(line) + head_margin > width:
                out.append(f"header {line!r} in {width}px")
        for r in range(min(model.rowCount(), 200)):
            text = model.index(r, c).data()
            for line in str(text or "").split("\n"):
                if fm.horizontalAdvance(line) + CELL_MARGIN + grid > width:
                    out.append(f"row {r + 1} {line!r} in {width}px")
    return out


def open_editor(qtbot: Any, store: Any, rid: int) -> Any:
    """The stored return `rid` in its editor, shown at 1024×700, as the main window opens it."""
    from app.ui.return_editor import ReturnEditor

    with store.transaction(write=False):
        info, ret = store.return_info(rid), store.load_return(rid)
    ed = ReturnEditor(ret, store=store, return_id=rid, status=info.status, version=info.version)
    qtbot.addWidget(ed)
    ed.resize(1024, 700)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def type_field(qtbot: Any, ed: Any, path: str, text: str) -> None:
    """Type over a Declaration field and press Enter."""
    from app.ui.qt import Qt

    page: Any = ed.show_page("declaration")
    edit = page.form.fields[("declaration", path)].edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
