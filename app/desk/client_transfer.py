"""Moving a client to another PC (issue 15 item 2): `export_client` writes one dealer with every
return into a client file (app.export.client_file), `plan_import` / `import_client` merge one into
this store by period and version (rules: app.model.client_merge).

An import is one unit of work (`store.transaction()`): a file refused half way (a damaged return,
a store error) changes nothing.  Returns the rules refuse (a filed return never overwritten) are
listed with the rest; the others are imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app import __version__
from app.desk import DeskError
from app.export.client_file import (
    CarriedReturn,
    ClientFileReader,
    ExportRecord,
    Manifest,
    open_client_file,
    write_client_file,
)
from app.model import status as st
from app.model.client import ClientProfile
from app.model.client_merge import (
    ACTIONS,
    ADDED,
    REFUSED,
    UPDATED,
    Action,
    Decision,
    Prefer,
    decide,
)
from app.model.form9 import Form9Return
from app.model.periods import Period, PeriodError
from app.store import ReturnInfo, Store

Key = tuple[str, str, int]
Progress = Callable[[int, int, str], None]


def client_id_by_tin(store: Store, tin: str) -> int | None:
    tin = tin.strip()
    return next((c.id for c in store.list_clients(tin) if c.tin == tin), None)


def _order(key: Key) -> tuple[int, int, int]:
    try:
        p = Period.parse(key[0])
    except PeriodError:
        return (0, 0, key[2])
    return (p.last_day.toordinal(), p.is_annual, key[2])


def form_version(period: str) -> str:
    """The FORM No. 9 version (catalogue) a period's return is on; "" when it cannot be told."""
    from app.forms import catalogue_of
    from app.model.catalogue import CatalogueError

    try:
        return catalogue_of(period).version
    except (CatalogueError, PeriodError):
        return ""


def carried(info: ReturnInfo, exports: list[tuple[str, str, str, datetime]]) -> CarriedReturn:
    """A stored return's facts as a client file carries them."""
    return CarriedReturn(
        period=info.period, return_type=info.return_type, revision_no=info.revision_no,
        status=info.status, ack_no=info.ack_no, filed_on=info.filed_on, rate_pack=info.rate_pack,
        form_version=form_version(info.period), version=info.version,
        updated_at=info.updated_at, payable=info.payable,
        exports=tuple(ExportRecord(k, p, c, at) for k, p, c, at in exports),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    dealer: str
    tin: str
    returns: int
    filed: int


def export_client(store: Store, tin: str, target: Path, *, now: datetime | None = None,
                  progress: Progress | None = None) -> Exported:  # fmt: skip
    """Write the dealer with TIN `tin` and every return (all versions, filed ones included) to
    `target`, from one consistent snapshot of the store."""
    client_id = client_id_by_tin(store, tin)
    if client_id is None:
        raise DeskError(f"TIN {tin.strip()}: no such dealer in this data folder")
    with store.transaction(write=False):
        profile = store.get_client(client_id)
        infos = sorted(store.list_returns(client_id),
                       key=lambda i: _order((i.period, i.return_type, i.revision_no)))  # fmt: skip
        items = [
            (carried(i, store.exports(i.id)), lambda rid=i.id: store.load_return(rid))
            for i in infos
        ]
        manifest = write_client_file(target, profile, items, app_version=__version__,
                                     now=now or datetime.now(), progress=progress)  # fmt: skip
    filed = sum(r.status == st.FILED for r in manifest.returns)
    return Exported(target, profile.name, profile.tin, len(manifest.returns), filed)


# ---------------------------------------------------------------- importing


@dataclass(frozen=True, slots=True)
class ImportLine:
    """What happened (or would happen) to one return of the file."""

    key: Key
    label: str  # "October 2025, original"
    action: Action
    reason: str
    conflict: bool = False
    return_id: int | None = None


@dataclass(slots=True)
class ImportReport:
    dealer: str
    tin: str
    dealer_added: bool
    lines: list[ImportLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    done: bool = False  # False: a plan (nothing written yet)

    def count(self, action: Action) -> int:
        return sum(line.action == action for line in self.lines)

    @property
    def refused(self) -> list[ImportLine]:
        return [line for line in self.lines if line.action == REFUSED]

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(a)} {a}" for a in ACTIONS)
        head = f"{self.dealer} (TIN {self.tin})"
        if self.dealer_added:
            head += ", a new dealer here"
        return f"{head}: {len(self.lines)} return(s) — {counts}"


def label(key: Key) -> str:
    period, rtype, rev = key
    try:
        shown = Period.parse(period).label
    except PeriodError:
        shown = period
    return f"{shown}, {'original' if rtype == 'original' else f'revision {rev}'}"


_PROFILE_SHOWN = {"name": "name", "trade_name": "trade name", "address": "address",
                  "gstin": "GSTIN", "kgst_no": "KGST no.", "cst_no": "CST no.",
                  "nature_of_business": "nature of business", "large_dealer": "due-day class",
                  "tps_division": "division", "tps_circle": "circle",
                  "constitution": "constitution", "renewed_until": "renewed until",
                  "branches": "branches"}  # fmt: skip


def profile_differences(here: ClientProfile, incoming: ClientProfile) -> list[str]:
    return [shown for name, shown in _PROFILE_SHOWN.items()
            if getattr(here, name) != getattr(incoming, name)]  # fmt: skip


def _same_data(store: Store, info: ReturnInfo, ret: Form9Return) -> bool:
    return bool(store.load_return(info.id) == ret)


def _exports_of(store: Store, return_id: int, entry: CarriedReturn) -> None:
    """Add the file's export records the return does not have yet."""
    have = {(k, p, c) for k, p, c, _at in store.exports(return_id)}
    for e in entry.exports:
        if (e.kind, e.path, e.checksum) not in have:
            store.record_export(return_id, e.kind, e.path, e.checksum)
            have.add((e.kind, e.path, e.checksum))


def _status(store: Store, return_id: int, now: str, entry: CarriedReturn) -> None:
    """The return's status as the file has it (a filing with its ack no. and date)."""
    if entry.status == st.FILED:
        store.set_status(return_id, st.FILED, ack_no=entry.ack_no, filed_on=entry.filed_on)
    elif entry.status != now:
        store.set_status(return_id, entry.status)


def _apply(store: Store, client_id: int, entry: CarriedReturn, ret: Form9Return,
           here: ReturnInfo | None, decision: Decision) -> int | None:  # fmt: skip
    if decision.action == ADDED:
        rid = int(store.create_return(client_id, ret, rate_pack=entry.rate_pack))
        store.set_payable(rid, entry.payable)
        _status(store, rid, st.DRAFT, entry)
        _exports_of(store, rid, entry)
        return rid
    if here is None:
        return None
    if decision.action == UPDATED:
        if store.load_return(here.id) != ret:
            store.save_return(here.id, ret)
        store.set_payable(here.id, entry.payable)
        _status(store, here.id, here.status, entry)
        _exports_of(store, here.id, entry)
    return here.id


def _walk(
    store: Store, reader: ClientFileReader, *, write: bool, prefer: Prefer,
    choices: Mapping[Key, Prefer], progress: Progress | None,
) -> ImportReport:  # fmt: skip
    m: Manifest = reader.manifest
    client_id = client_id_by_tin(store, m.dealer.tin)
    report = ImportReport(m.dealer.name, m.dealer.tin.strip(), client_id is None, done=write)
    if client_id is None:
        if write:
            client_id = int(
                store.add_client(dataclasses.replace(m.dealer, tin=m.dealer.tin.strip()))
            )
        existing: dict[Key, ReturnInfo] = {}
    else:
        here_profile = store.get_client(client_id)
        report.dealer = here_profile.name or report.dealer
        differs = profile_differences(here_profile, m.dealer)
        if differs:
            report.notes.append(f"The dealer's particulars here differ from the file's in: "
                                f"{', '.join(differs)}; this PC's are kept.")  # fmt: skip
        existing = {(i.period, i.return_type, i.revision_no): i
                    for i in store.list_returns(client_id)}  # fmt: skip
    entries = sorted(m.returns, key=lambda e: _order(e.key))
    for n, entry in enumerate(entries):
        if progress is not None:
            progress(n, len(entries), label(entry.key))
        ret = reader.load(entry)
        here = existing.get(entry.key)
        same = here is not None and _same_data(store, here, ret)
        decision = decide(entry, here, same, prefer=choices.get(entry.key, prefer))
        rid = here.id if here is not None else None
        if write and client_id is not None:
            rid = _apply(store, client_id, entry, ret, here, decision)
            if (
                decision.action == UPDATED
                and here is not None
                and here.rate_pack != entry.rate_pack
            ):
                report.notes.append(f"{label(entry.key)}: rate pack {here.rate_pack or '(none)'} "
                                    f"kept (the file's: {entry.rate_pack or '(none)'}).")  # fmt: skip
        report.lines.append(ImportLine(entry.key, label(entry.key), decision.action,
                                       decision.reason, decision.conflict, rid))  # fmt: skip
    if progress is not None:
        progress(len(entries), len(entries), "Done")
    return report


def plan_import(store: Store, path: Path, *, prefer: Prefer = "newer",
                progress: Progress | None = None) -> ImportReport:  # fmt: skip
    """What importing the file would do, reading every return of it, changing nothing."""
    with open_client_file(path) as reader, store.transaction(write=False):
        return _walk(store, reader, write=False, prefer=prefer, choices={}, progress=progress)


def import_client(store: Store, path: Path, *, prefer: Prefer = "newer",
                  choices: Mapping[Key, Prefer] | None = None,
                  progress: Progress | None = None) -> ImportReport:  # fmt: skip
    """Merge the client file into the store in one unit of work; the report lists each return.
    `choices` settles, per return, a draft that differs on both PCs (else `prefer`)."""
    with open_client_file(path) as reader, store.transaction():
        return _walk(store, reader, write=True, prefer=prefer, choices=choices or {},
                     progress=progress)  # fmt: skip


def describe(report: ImportReport) -> list[str]:
    """The report as lines for a terminal or a message box."""
    lines = [report.summary() + ("" if report.done else " (not imported yet)")]
    for line in report.lines:
        lines.append(f"  {line.action:8} {line.label}: {line.reason}")
    lines += [f"  note: {n}" for n in report.notes]
    return lines
