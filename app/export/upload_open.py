"""Opening an upload file for import (the GUI's "Open upload JSON"): the return, the schema's
findings, the checksum state and the computed figures the file states that differ from the
recomputed ones (spec section 8).

The file's bytes go through app.export.json_stream: the long lists' rows are read, checked
against the schema and their written totals compared as they are read, and the checksum is
checked on the bytes as read; a file that reader cannot vouch for is read by the careful reader
(json_text.parse_document), which gives the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.export.canonical import RowTable
from app.export.json_layout import LONG_LISTS
from app.export.json_stream import Unusual
from app.export.json_stream import read as read_streaming
from app.export.schema import (
    EDITED_MESSAGE,
    _compiled,
    _finding,
    _plain,
    _structure,
    catalogue_of_document,
    row_problems,
)
from app.export.upload_json import document_checksum_ok, from_document, parse_document, parse_text
from app.model.compute import Computed
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.lists import row_total
from app.model.numbers import decimals, fmt_money


@dataclass(slots=True)
class Opening:
    """Schema findings and W-FILE-COMPUTED differences of the long lists' rows, found as
    app.export.json_stream reads the rows."""

    complete: bool  # the file has a checksum: every field must be present
    limit: int
    problems: Callable[[Any, list[str | int]], Iterator[Finding]]
    findings: list[Finding] = field(default_factory=list)
    differences: list[Finding] = field(default_factory=list)

    def check(self, row: Any, path: list[str | int]) -> None:
        if len(self.findings) < self.limit:
            for f in self.problems(row, path):
                self.findings.append(f)
                if len(self.findings) >= self.limit:
                    break

    def compare(self, written: Any, row: Any, part: str, i: int) -> None:
        """The file's total against value + tax + cess (W-FILE-COMPUTED)."""
        if len(self.differences) >= self.limit or type(written) not in (Decimal, int):
            return
        theirs = row_total(row)
        if written != theirs:
            shown = str(theirs) if decimals(theirs) > 2 else fmt_money(theirs)
            self.differences.append(
                Finding("W-FILE-COMPUTED", "warning", part, i, "total",
                        f"the file says {written}, recomputed {shown}; the recomputed figure "
                        "is used")
            )  # fmt: skip


#: Computed fields a file may carry; the reader ignores them, the opener reports where they differ.
COMPUTED_ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "part1a": ("taxable_turnover", "tax_due", "total_tax_payable"),
    "part2": ("total",),
    "sales_list": ("total",),
    "purchase_list": ("total",),
}


@dataclass(slots=True)
class OpenedFile:
    """An upload file read for import: the return, and everything the user must be shown."""

    ret: Form9Return
    schema_findings: list[Finding] = field(default_factory=list)
    #: True: as generated; False: edited after generation; None: no checksum (made by hand).
    checksum_ok: bool | None = None
    #: The document as parsed; the long lists' rows are left out when they were read from the
    #: bytes (their differences are then in `list_differences`).
    document: dict[str, Any] = field(default_factory=dict)
    list_differences: list[Finding] | None = None

    @property
    def checksum_message(self) -> str:
        if self.checksum_ok is None:
            return "the file has no checksum (made by hand or by another program)"
        return "checksum matches: the file is as generated" if self.checksum_ok else EDITED_MESSAGE

    def differences(self, c: Computed, *, limit: int = 50) -> list[Finding]:
        """W-FILE-COMPUTED against the return's recomputed figures `c`."""
        from app.export.upload_write import unsealed

        doc = unsealed(self.ret, c)
        recomputed = {k: ([] if isinstance(v, RowTable) else _plain(v)) for k, v in doc.items()}
        rows = self.list_differences
        if rows is None:
            rows = _list_differences(self.document, self.ret, limit)
        return computed_differences(self.document, recomputed, limit=limit, list_rows=rows)


def read_upload(data: str | bytes, *, limit: int = 100) -> OpenedFile:
    """Read an upload file: InputError when it cannot be read at all, else the return with the
    schema findings and the checksum state (nothing in the return is changed to fit the schema)."""
    if isinstance(data, bytes):
        try:
            return _streamed(data, limit)
        except Unusual:
            pass  # the careful reader
    doc, escaped = parse_document(data)  # every row checked (depth, surrogates) before the walks
    from app.export.schema import check

    findings = check(doc, limit=limit)
    ok = document_checksum_ok(doc) if isinstance(doc.get("checksum"), str) else None
    if "checksum" in doc and not isinstance(doc.get("checksum"), str):
        ok = False
    ret = from_document(doc, escaped=escaped, rows_guarded=True)
    return OpenedFile(ret, findings, ok, doc)


def _streamed(data: bytes, limit: int) -> OpenedFile:
    def opening(doc: dict[str, Any]) -> Opening:
        complete = "checksum" in doc
        return Opening(complete, limit, row_problems(catalogue_of_document(doc), complete))

    s = read_streaming(data, opening=opening)
    assert s.opening is not None
    c = _compiled(catalogue_of_document(s.doc))
    found = _structure(s.doc, limit, c)
    found = (found + s.opening.findings)[:limit]
    ok = s.checksum_ok
    if ok is False and isinstance(s.doc.get("checksum"), str):
        ok = document_checksum_ok(parse_text(data))  # not in the canonical form as written
    return OpenedFile(s.ret, found, ok, s.doc, s.opening.differences)


def _list_differences(doc: dict[str, Any], ret: Form9Return, limit: int) -> list[Finding]:
    """The written totals of the long lists' rows against the return's rows."""
    out = Opening(False, limit, lambda row, path: iter(()))
    for part in LONG_LISTS:
        rows = doc.get(part)
        if isinstance(rows, list):
            for i, (a, row) in enumerate(zip(rows, getattr(ret, part), strict=False)):
                if isinstance(a, dict):
                    out.compare(a.get("total"), row, part, i)
    return out.differences


def computed_differences(
    doc: dict[str, Any],
    recomputed: dict[str, Any],
    *,
    limit: int = 50,
    list_rows: list[Finding] | None = None,
) -> list[Finding]:
    """W-FILE-COMPUTED: computed figures written in the file that differ from the recomputed ones
    (the file's figures are not used; the user sees each difference).  `list_rows`: the long
    lists' differences, already found."""
    out: list[Finding] = []

    def cmp(path: list[str | int], mine: Any, theirs: Any) -> None:
        if len(out) >= limit or mine is None or not isinstance(mine, (int, Decimal)):
            return
        if isinstance(mine, bool) or not isinstance(theirs, (int, Decimal)):
            return
        if Decimal(mine) != Decimal(theirs):
            f = _finding(path, f"the file says {mine}, recomputed {theirs}; the recomputed figure "
                         "is used", "W-FILE-COMPUTED")  # fmt: skip
            out.append(Finding(f.code, "warning", f.part, f.row, f.field, f.message))

    for part, keys in COMPUTED_ROW_FIELDS.items():
        if list_rows is not None and part in LONG_LISTS:
            if part == LONG_LISTS[0]:
                out.extend(list_rows[: limit - len(out)])
            continue
        mine_rows, new_rows = doc.get(part), recomputed.get(part)
        if not isinstance(mine_rows, list) or not isinstance(new_rows, list):
            continue
        for i, (a, b) in enumerate(zip(mine_rows, new_rows, strict=False)):
            if isinstance(a, dict) and isinstance(b, dict):
                for k in keys:
                    cmp([part, i, k], a.get(k), b.get(k))
    for part in ("part3", "part3a", "part4"):
        for path, mine, theirs in _pairs([part], doc.get(part), recomputed.get(part)):
            cmp(path, mine, theirs)
    return out


def _pairs(path: list[str | int], a: Any, b: Any) -> Iterator[tuple[list[str | int], Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        for k, v in a.items():
            if k in b:
                yield from _pairs([*path, k], v, b[k])
    elif not isinstance(a, (dict, list)):
        yield path, a, b
