"""Helpers for the Excel tests (imported as `excel_helpers`): workbooks built cell by cell, as a dealer's file would be."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from spec_examples import EXAMPLES

from app.export.excel_columns import SHEETS
from app.export.upload_json import loads

LIST_HEADER = [
    "(1) Type of transaction", "(2) Point of sale", "(3) Counterparty registration number",
    "(4) Counterparty name", "(5) Document number", "(6) Document date", "(7) Value", "(8) Tax",
    "(9) Cesses and other levies", "(10) Total",
]  # fmt: skip


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook with the given sheets and cells (numbers go in as Decimal / int, never float)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def example(name: str):  # type: ignore[no-untyped-def]
    return loads((EXAMPLES / f"{name}.out.json").read_bytes())


def cleared(ret):  # type: ignore[no-untyped-def]
    """The same return with every table the workbook holds emptied."""
    for spec in SHEETS:
        setattr(ret, spec.key, [])
    return ret


def patch_member(path: Path, member: str, old: str, new: str) -> None:
    """Replace text inside one part of an .xlsx (to plant exact doubles or malformed parts)."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        parts = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == member:
                assert old.encode() in data, (member, old)
                data = data.replace(old.encode(), new.encode())
            zout.writestr(info, data)


class Shown:
    """A return open in an editor but not in a store (opened from a file): the session the
    dialogs work on, what an import replaced, and what they said to the editor's status bar."""

    def __init__(self, ret: Any) -> None:
        from app.ui.session import ReturnSession

        self.session = ReturnSession(ret)
        self.replaced: list[Any] = []
        self.messages: list[str] = []
        self.session.reloaded.connect(lambda: self.replaced.append(self.session.ret))
        self.session.message.connect(self.messages.append)

    @property
    def ret(self) -> Any:
        return self.session.ret
