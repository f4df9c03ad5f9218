"""Writing a return's parts into the store, inside the caller's transaction (app.store.Store).

Every value is encoded first (app.store.rowcodec, from the catalogue), so a refused value leaves
before anything is deleted; then each part's old rows are deleted and the new ones inserted in
bulk (executemany on SQLite, COPY on PostgreSQL).  Header, inputs and declaration are columns of
the return row; the fields a later form version adds to them share the row's `extra` JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, delete, insert

from app.model.form9 import Form9Return
from app.store import schema as s
from app.store.backend import Backend
from app.store.codec import money
from app.store.errors import StoreError
from app.store.list_rows import SEQ_GAP
from app.store.rowcodec import CODECS, VersionRef, encode_section, to_json

#: Parts of a return that save_parts() rewrites.
PARTS = ("header", "inputs", "part1a", "part1b", "part2", "part4", "part5", "declaration", "stock",
         "sales_list", "purchase_list")  # fmt: skip
PART_ALIASES = {"filed": "part4", "branches": "header"}
SECTIONS = ("header", "inputs", "declaration")
ROW_PARTS = ("part1a", "part1b", "part2", "part5", "stock")
LIST_PARTS = ("sales_list", "purchase_list")
ROW_TABLES = {"part1a": s.PART1A, "part1b": s.PART1B, "part2": s.PART2, "part5": s.PART5,
              "stock": s.STOCK}  # fmt: skip


def wanted_parts(parts: set[str]) -> set[str]:
    wanted = {PART_ALIASES.get(p, p) for p in parts}
    unknown = wanted - set(PARTS)
    if unknown:
        raise StoreError(
            f"{sorted(unknown)[0]!r} is not a part of a return (expected one of {', '.join(PARTS)})"
        )
    return wanted


def section_values(
    ret: Form9Return, parts: set[str], version: VersionRef
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The return row's columns of the sections among `parts`, and each one's extra (or None)."""
    values: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    for section in SECTIONS:
        if section in parts:
            columns, extras[section] = encode_section(section, getattr(ret, section), version)
            values.update(columns)
    return values, extras


def merged_extra(stored: str | None, extras: dict[str, Any]) -> str | None:
    """The return row's `extra` with the sections written now replaced (the others kept)."""
    current: dict[str, Any] = json.loads(stored) if stored else {}
    for section, values in extras.items():
        if values is None:
            current.pop(section, None)
        else:
            current[section] = values
    return to_json(current) if current else None


class Encoded:
    """Every row of the parts to write, encoded (nothing written yet), each tuple led by the
    return's id and the row's place (or the list's kind and sort key)."""

    def __init__(
        self, return_id: int, ret: Form9Return, parts: set[str], version: VersionRef
    ) -> None:
        self.parts = parts
        self.rows: dict[str, list[tuple[Any, ...]]] = {}

        def encode(part: str, rows: list[Any]) -> None:
            lead: list[Iterable[Any]] = [repeat(return_id)]
            if part in LIST_PARTS:
                lead += [repeat(s.LIST_KINDS[part]), range(SEQ_GAP, (len(rows) + 1) * SEQ_GAP,
                                                           SEQ_GAP)]  # fmt: skip
            else:
                lead.append(range(len(rows)))
            self.rows[part] = CODECS[part].encode(rows, version, lead=lead)

        if "header" in parts:
            encode("branches", ret.header.branches)
        for part in (*ROW_PARTS, *LIST_PARTS):
            if part in parts:
                encode(part, getattr(ret, part))
        self.filed = ret.filed
        self.filed_values: dict[str, Any] = {}
        self.filed_part3: list[tuple[Any, ...]] = []
        if "part4" in parts and self.filed is not None:
            f = self.filed
            for act in ("kgst", "kvat", "cst"):
                self.filed_values[f"carried_forward_{act}"] = money(
                    getattr(f.carried_forward, act), "part4", None, f"carried_forward.{act}"
                )
            self.filed_part3 = [
                (return_id, n, k, money(v, "part4", None, f"filed.part3.{k}"))
                for n, (k, v) in enumerate(f.part3.items())
            ]


def write_parts(
    conn: Connection, backend: Backend, return_id: int, encoded: Encoded, *, new: bool
) -> None:
    """The encoded parts replace the stored ones (`new`: the return has no rows yet)."""
    parts = encoded.parts

    def replace(table: Any, part: str) -> None:
        if not new:
            where = [table.c.return_id == return_id]
            if table is s.LIST:
                where.append(table.c.kind == s.LIST_KINDS[part])
            conn.execute(delete(table).where(*where))
        lead = ("return_id", "kind", "seq") if table is s.LIST else ("return_id", "position")
        backend.insert_rows(conn, table, (*lead, *CODECS[part].names), encoded.rows[part])

    if "header" in parts:
        replace(s.RETURN_BRANCH, "branches")
    for part in ROW_PARTS:
        if part in parts:
            replace(ROW_TABLES[part], part)
    for part in LIST_PARTS:
        if part in parts:
            replace(s.LIST, part)
    if "part4" in parts:
        if not new:
            conn.execute(delete(s.FILED).where(s.FILED.c.return_id == return_id))
        filed = encoded.filed
        if filed is not None:
            conn.execute(
                insert(s.FILED).values(
                    return_id=return_id,
                    due_date=filed.due_date,
                    ack_no=filed.ack_no,
                    **encoded.filed_values,
                )
            )
            backend.insert_rows(
                conn,
                s.FILED_PART3,
                ("return_id", "position", "field", "amount"),
                encoded.filed_part3,
            )
