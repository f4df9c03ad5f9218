"""Dealers from a sheet (issue 15 item 6): what each row of a dealers' sheet does to the dealers
of this data folder (`plan_dealers`, nothing changes), and importing it (`import_dealers`) in one
unit of work (`store.transaction()`): every dealer added and updated, or — when the store
refuses one — none.

The rules per row are app.model.client_rows (added / updated / unchanged / refused); here they
meet the store: a TIN here is looked up, and a GSTIN that another dealer here already has is an
error of its cell, as a TIN given twice in the file is.  Which existing dealers are updated is
the user's: `update=True` (CLI --update) for all, or the TINs confirmed in the window.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from app.desk import DeskError
from app.export.client_sheet import ClientRow, ClientSheetResult, labels, read_clients
from app.export.excel_headers import CellError
from app.export.sheet_recognition import SheetSeen
from app.model.client import ClientProfile
from app.model.client_rows import (
    ACTIONS,
    ADDED,
    REFUSED,
    UPDATED,
    Action,
    Outcome,
    decide,
    merged,
    new_profile,
)
from app.store import Store, StoreError

Update = bool | Collection[str]  # True / False for every row, or the TINs confirmed


@dataclass(frozen=True, slots=True)
class RowLine:
    """What happened (or would happen) to one row of the sheet."""

    sheet: str
    row: int
    tin: str
    name: str
    action: Action
    reason: str
    changed: tuple[str, ...] = ()
    updatable: bool = False  # here and different: the user may confirm updating it
    client_id: int | None = None

    def text(self) -> str:
        who = " ".join(x for x in (f"TIN {self.tin}" if self.tin else "no TIN", self.name) if x)
        return f"{self.sheet}, row {self.row}: {who} — {self.action}: {self.reason}"


@dataclass(slots=True)
class DealerImport:
    source: Path
    lines: list[RowLine] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)  # every cell that cannot be taken
    file_errors: list[CellError] = field(default_factory=list)  # nothing can be imported
    notices: list[str] = field(default_factory=list)
    seen: list[SheetSeen] = field(default_factory=list)
    done: bool = False  # False: a plan (nothing written yet)
    kind: str = "xlsx"  # of the file: xlsx or csv

    def count(self, action: Action) -> int:
        return sum(line.action == action for line in self.lines)

    @property
    def refused(self) -> list[RowLine]:
        return [line for line in self.lines if line.action == REFUSED]

    @property
    def blocked(self) -> bool:
        """A missing TIN or name column: the file cannot be imported at all."""
        return bool(self.file_errors)

    @property
    def writes(self) -> bool:
        """Importing would add or update a dealer."""
        return any(line.action in (ADDED, UPDATED) for line in self.lines)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(a)} {a}" for a in ACTIONS)
        return f"{self.source.name}: {len(self.lines)} dealer row(s) — {counts}"


def _refused_for_cells(row: ClientRow, errors: list[CellError]) -> RowLine:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    col = f"column {first.column} {first.header}" if first.column else first.header
    reason = f"{col}: found {first.value}; expected {first.expected}{more}"
    return RowLine(row.sheet, row.row, row.tin, row.name, REFUSED, reason)


def _gstins_here(store: Store, profiles: dict[int, ClientProfile]) -> dict[str, tuple[str, str]]:
    """GSTIN → (TIN, name) of the dealers here (their profiles kept in `profiles`)."""
    out: dict[str, tuple[str, str]] = {}
    for info in store.list_clients():
        p = profiles[info.id] = store.get_client(info.id)
        if p.gstin:
            out.setdefault(p.gstin.strip().upper(), (p.tin, p.name))
    return out


def _gstin_taken(row: ClientRow, here: dict[str, tuple[str, str]], letter: str) -> CellError | None:
    """A GSTIN that another dealer here (another TIN) already has."""
    gstin = row.values.get("gstin")
    owner = here.get(gstin) if gstin else None
    if owner is None or owner[0] == row.values.get("tin"):
        return None
    return CellError(row.sheet, row.row, letter, repr(gstin),
                     f"a GSTIN no other dealer here has (it is {owner[1] or 'the dealer'}'s, "
                     f"TIN {owner[0]})", "GSTIN")  # fmt: skip


def _walk(store: Store, result: ClientSheetResult, update: Update, write: bool) -> DealerImport:
    report = DealerImport(result.source, file_errors=list(result.file_errors),
                          notices=list(result.notices), seen=list(result.seen), done=write,
                          kind=result.kind)  # fmt: skip
    report.errors.extend(result.file_errors)
    if report.blocked:
        return report
    words = labels()
    ids = {c.tin: c.id for c in store.list_clients()}
    profiles: dict[int, ClientProfile] = {}
    gstins = _gstins_here(store, profiles) if any("gstin" in r.values for r in result.rows) else {}
    for row in result.rows:
        errors = list(row.errors)
        if not errors:
            letter = result.letters.get(row.sheet, {}).get("gstin", "")
            taken = _gstin_taken(row, gstins, letter)
            errors += [taken] if taken is not None else []
        report.errors.extend(errors)
        if errors:
            report.lines.append(_refused_for_cells(row, errors))
            continue
        tin = row.values["tin"]
        client_id = ids.get(tin)
        here = None
        if client_id is not None:
            here = profiles.get(client_id) or store.get_client(client_id)
        allowed = update if isinstance(update, bool) else tin in update
        outcome: Outcome = decide(here, row.values, update=allowed, labels=words)
        if write and outcome.action == ADDED:
            client_id = int(store.add_client(new_profile(row.values)))
            ids[tin] = client_id
        elif write and outcome.action == UPDATED and here is not None and client_id is not None:
            store.update_client(client_id, merged(here, row.values))
        report.lines.append(RowLine(row.sheet, row.row, tin, row.values.get("name", row.name),
                                    outcome.action, outcome.reason, outcome.changed,
                                    outcome.updatable, client_id))  # fmt: skip
    return report


def plan_dealers(
    store: Store, result: ClientSheetResult, *, update: Update = False
) -> DealerImport:
    """What importing the read sheet would do to each row, from one snapshot; nothing changes."""
    with store.transaction(write=False):
        return _walk(store, result, update, write=False)


def import_dealers(
    store: Store, result: ClientSheetResult, *, update: Update = False
) -> DealerImport:
    """Add and update the dealers of the read sheet in one unit of work (nothing when the store
    refuses one: DeskError saying why).  Rows with cell errors, and dealers here whose update was
    not confirmed, are refused; the report lists every row."""
    if result.file_errors:
        return _walk(store, result, update, write=False)
    try:
        with store.transaction():
            return _walk(store, result, update, write=True)
    except StoreError as exc:
        raise DeskError(f"{result.source.name}: nothing was imported: {exc}") from None


def read_and_plan(
    store: Store, path: Path, *, update: Update = False
) -> tuple[ClientSheetResult, DealerImport]:
    """Read a dealers' sheet and plan its import (ImportRefused for a file that cannot be read)."""
    result = read_clients(path)
    return result, plan_dealers(store, result, update=update)


def profiles_here(store: Store) -> list[ClientProfile]:
    """Every dealer of the data folder, for a filled template (by name, as listed)."""
    with store.transaction(write=False):
        return [store.get_client(c.id) for c in store.list_clients()]


def describe(report: DealerImport) -> list[str]:
    """The report as lines: one per row, then the summary."""
    lines = [line.text() for line in report.lines]
    lines.append(report.summary() + ("" if report.done else " (not imported yet)"))
    return lines
