"""The store: clients (dealers) and their returns (spec sections 3 and 7), in one SQLite file on a
PC or in an office's PostgreSQL database (app.store.backend).

`Store.open()` opens <data dir>/form9.sqlite, or a database URL (app.store.opening: checked,
migrated to head, backed up).  Every write is one transaction, so a crash mid-save leaves the
previous state; `Store.transaction()` makes several calls one unit of work (a user action), all
or nothing, announced to subscribers when it commits (app.store.changes).

A filed return is final: every write to it is refused here (ReturnIsFiled) and by triggers in the
database.  Every return has a `version`, +1 on each write to it or its rows; a save given the
version its edit was based on (`expected_version=`) is refused with StaleReturn when the store
holds a newer one.  Amounts are integer paise; a value with more than 2 decimals is refused, never
rounded.  A return's parts are encoded from the form catalogue of its version (app.store.rowcodec);
the 100,000-row enclosure lists are written in bulk and read as plain tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from app.model.client import ClientProfile
from app.model.form9 import Form9Return, Header, ListRow
from app.model.numbers import fmt_rupees
from app.model.periods import Period, PeriodError
from app.model.status import FILED, LABELS, STATUSES, can_transition, describe_version
from app.store import DB_FILE, audit
from app.store import clients as cl
from app.store import list_rows as fast
from app.store import schema as s
from app.store.audit import AuditEntry
from app.store.codec import money
from app.store.errors import ReturnIsFiled, StaleReturn, StoreError
from app.store.infos import INFO_COLS, ClientInfo, ReturnInfo, info, newest_first, read_info
from app.store.loading import form_catalogue, load_return, load_returns
from app.store.rowcodec import CODECS, VersionRef
from app.store.units import Units
from app.store.writing import (
    PARTS,
    Encoded,
    merged_extra,
    section_values,
    wanted_parts,
    write_parts,
)

EXPORT_KINDS = ("json", "pdf", "excel")
__all__ = ["DB_FILE", "EXPORT_KINDS", "PARTS", "AuditEntry", "ClientInfo", "ReturnInfo", "Store"]

_r = s.RETURN.c
#: Statements made once: their values come as parameters (SQLAlchemy caches each compiled form).
_INSERT_CLIENT = insert(s.CLIENT)
_INSERT_RETURN = insert(s.RETURN)
_TOUCH = update(s.RETURN).where(_r.id == bindparam("b_id"), _r.version == bindparam("b_version"))


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _now() -> datetime:
    return datetime.now()


def _kind(which: str) -> int:
    try:
        return s.LIST_KINDS[which]
    except KeyError:
        raise StoreError(
            f"{which!r} is not a list (expected sales_list or purchase_list)"
        ) from None


def _label(info: ReturnInfo | Header) -> str:
    """'2025-08 Original', '2025-08 Revision 1' (the audit trail's words for a return)."""
    return f"{info.period} {describe_version(info.return_type, info.revision_no)}"


def _version_of(ret: Form9Return) -> str:
    """The version of the form a return's period is on (app.forms)."""
    from app import forms

    return forms.catalogue_of_return(ret).version


class Store(Units):
    """Clients and returns; see the module docstring."""

    @classmethod
    def open(
        cls, data_dir: Path | None = None, *, url: str | None = None, backups: bool = True
    ) -> Store:
        """form9.sqlite in the data directory, or the database at `url` ("sqlite://" in memory,
        postgresql+psycopg://… for an office), checked and migrated to head.  A damaged file
        raises StoreDamaged naming the latest good backup; an unreachable server
        StoreUnreachable.  With `backups` a file store is backed up at most daily, and always
        before a migration."""
        from app.store.opening import open_engine

        engine, backend, path, shared, where = open_engine(data_dir, url, backups=backups)
        return cls(engine, backend, path=path, shared=shared, where=where)

    # ------------------------------------------------------------ clients

    def list_clients(self, search: str = "") -> list[ClientInfo]:
        """Clients by name; `search` matches name, trade name or TIN (case-insensitive)."""
        with self._read() as conn:
            return cl.list_clients(conn, search)

    def find_client(self, tin: str) -> int | None:
        """The id of the dealer with this TIN (None: no such dealer); one indexed query."""
        with self._read() as conn:
            row = conn.execute(select(s.CLIENT.c.id).where(s.CLIENT.c.tin == tin.strip())).first()
        return None if row is None else int(row[0])

    def get_client(self, client_id: int) -> ClientProfile:
        with self._read() as conn:
            return cl.get_client(conn, client_id)

    def add_client(self, profile: ClientProfile) -> int:
        """A new client; StoreError if a client with the same TIN exists."""
        values = cl.client_values(profile)
        now = _now()
        with self._write() as conn:
            cl.check_tin_free(conn, values["tin"], None)
            client_id = _new_id(
                conn.execute(_INSERT_CLIENT, {**values, "created_at": now, "updated_at": now})
            )
            cl.write_branches(conn, client_id, profile.branches, new=True)
            self._noted(clients=[client_id])
            self._note("add", f"dealer {values['tin']} added ({values['name'] or 'no name'})",
                       client_id=client_id, part="client")  # fmt: skip
        return client_id

    def update_client(self, client_id: int, profile: ClientProfile) -> None:
        values = cl.client_values(profile)
        with self._write() as conn:
            cl.require_client(conn, client_id)
            cl.check_tin_free(conn, values["tin"], client_id)
            cl.update_client(conn, client_id, values, _now())
            cl.write_branches(conn, client_id, profile.branches, new=False)
            self._noted(clients=[client_id])
            self._note("edit", f"dealer {values['tin']} saved", client_id=client_id,
                       part="client")  # fmt: skip

    def delete_client(self, client_id: int) -> None:
        """The client and all its returns."""
        with self._write() as conn:
            cl.require_client(conn, client_id)
            tin = conn.execute(select(s.CLIENT.c.tin).where(s.CLIENT.c.id == client_id)).scalar()
            gone = list(conn.execute(select(_r.id).where(_r.client_id == client_id)).scalars())
            self._noted(clients=[client_id], returns=gone)
            self._note("delete", f"dealer {tin} deleted with its {len(gone)} return(s)",
                       client_id=client_id, part="client")  # fmt: skip
            conn.execute(delete(s.CLIENT).where(s.CLIENT.c.id == client_id))

    # ------------------------------------------------------------ returns: listing

    def list_returns(self, client_id: int) -> list[ReturnInfo]:
        """The client's returns, newest period first, then highest revision first."""
        with self._read() as conn:
            rows = conn.execute(select(*INFO_COLS).where(_r.client_id == client_id)).all()
        infos = [info(r) for r in rows]
        infos.sort(key=newest_first, reverse=True)
        return infos

    def all_returns(self) -> list[ReturnInfo]:
        """Every client's returns (by client name, then newest first), for the practitioner grid;
        one query."""
        c = s.CLIENT.c
        with self._read() as conn:
            rows = conn.execute(
                select(*INFO_COLS, c.name, c.tin).join(s.CLIENT, c.id == _r.client_id)
            ).all()
        keyed = [((r[-2].casefold(), r[-1]), info(r)) for r in rows]
        keyed.sort(key=lambda k: newest_first(k[1]), reverse=True)
        keyed.sort(key=lambda k: k[0])  # stable: newest first within each client
        return [i for _, i in keyed]

    def return_info(self, return_id: int) -> ReturnInfo:
        with self._read() as conn:
            return read_info(conn, return_id)

    def _change(self, conn: Connection, return_id: int, expected_version: int | None) -> ReturnInfo:
        """The return about to change (inside the write transaction).  Refused when the caller's
        edit was based on an older version (StaleReturn), or when it is filed: a filed return is
        final (spec section 7), only a new revision changes anything."""
        now = read_info(conn, return_id)
        if expected_version is not None and now.version != expected_version:
            raise self._stale(conn, now, expected_version)
        if now.status == FILED:
            raise ReturnIsFiled(return_id, now.period)
        return now

    def _stale(self, conn: Connection, now: ReturnInfo, expected: int) -> StaleReturn:
        return StaleReturn(
            now.id, now.period, expected=expected, version=now.version, status=now.status,
            updated_at=now.updated_at, by=audit.last_user(conn, now.id),
        )  # fmt: skip

    def latest_filed(self, client_id: int, period: str) -> ReturnInfo | None:
        """The filed return of `period` with the highest revision number."""
        with self._read() as conn:
            row = conn.execute(
                select(*INFO_COLS)
                .where(_r.client_id == client_id, _r.period == period, _r.status == "filed")
                .order_by(_r.revision_no.desc())
                .limit(1)
            ).first()
        return info(row) if row is not None else None

    def previous_filed(self, client_id: int, period: str) -> ReturnInfo | None:
        """latest_filed() of the previous period of the same kind (month → month, year → year)."""
        try:
            previous = Period.parse(period).previous()
        except PeriodError as exc:
            raise StoreError(f"period: {exc}", part="header", field="period") from None
        return self.latest_filed(client_id, str(previous))

    # ------------------------------------------------------------ returns: writing

    def create_return(self, client_id: int, ret: Form9Return, *, rate_pack: str = "") -> int:
        """A new draft return on the form version of its period; StoreError if the client
        already has this period + version."""
        form_version = _version_of(ret)
        version: VersionRef = partial(form_catalogue, form_version)
        parts = set(PARTS) - {"inputs", "declaration"}
        values, extras = section_values(ret, {"header", "inputs", "declaration"}, version)
        now = _now()
        with self._write() as conn:
            cl.require_client(conn, client_id)
            self.backend.lock_client(conn, client_id)
            self._check_version_free(conn, client_id, ret.header, None)
            return_id = _new_id(
                conn.execute(_INSERT_RETURN, {
                    **values, "client_id": client_id, "status": "draft", "ack_no": "",
                    "filed_on": None, "payable": 0, "rate_pack": rate_pack,
                    "form_version": form_version, "extra": merged_extra(None, extras),
                    "created_at": now, "updated_at": now,
                })
            )  # fmt: skip
            encoded = Encoded(return_id, ret, parts, version)
            write_parts(conn, self.backend, return_id, encoded, new=True)
            self._noted(clients=[client_id], returns=[return_id])
            self._note("create", f"{_label(ret.header)} created as a draft", client_id=client_id,
                       return_id=return_id, part="return")  # fmt: skip
        return return_id

    def save_return(
        self, return_id: int, ret: Form9Return, *, expected_version: int | None = None
    ) -> int:
        """Replace the whole return, in one transaction; returns the new version."""
        return self.save_parts(return_id, ret, set(PARTS), expected_version=expected_version)

    def save_parts(
        self,
        return_id: int,
        ret: Form9Return,
        parts: set[str],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite only `parts` (names in PARTS) of the stored return, in one transaction; returns
        the new version.  `expected_version`: the version the edit was based on (StaleReturn if
        the store holds a newer one); None skips that check (a lifecycle action that read the
        return inside the same transaction).  A changed period puts the return on the form
        version of its new period."""
        wanted = wanted_parts(parts)
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            form_version = info.form_version
            if "header" in wanted and ret.header.period != info.period:
                form_version = _version_of(ret)
            version: VersionRef = partial(form_catalogue, form_version)
            values, extras = section_values(ret, wanted, version)
            encoded = Encoded(return_id, ret, wanted, version)
            if "header" in wanted:
                self._check_version_free(conn, info.client_id, ret.header, return_id)
                values["form_version"] = form_version
            if extras:
                stored = conn.execute(select(_r.extra).where(_r.id == return_id)).scalar()
                values["extra"] = merged_extra(stored, extras)
            new_version = self._touch(conn, info, **values)
            write_parts(conn, self.backend, return_id, encoded, new=False)
            self._note("save", f"saved as version {new_version}", client_id=info.client_id,
                       return_id=return_id, part=", ".join(p for p in PARTS if p in wanted))  # fmt: skip
        return new_version

    def _touch(self, conn: Connection, info: ReturnInfo, **values: Any) -> int:
        """The return's own columns with the change time and the next version (returned).  The
        update names the version it read, so even without SQLite's write lock (another database)
        a concurrent save cannot slip in between: it finds no row and is refused as stale."""
        done = conn.execute(
            _TOUCH,
            {**values, "updated_at": _now(), "version": info.version + 1, "b_id": info.id,
             "b_version": info.version},
        )  # fmt: skip
        if done.rowcount != 1:
            raise self._stale(conn, read_info(conn, info.id), info.version)
        self._noted(clients=[info.client_id], returns=[info.id])
        return info.version + 1

    @staticmethod
    def _check_version_free(
        conn: Connection, client_id: int, h: Header, return_id: int | None
    ) -> None:
        row = conn.execute(
            select(_r.id).where(
                _r.client_id == client_id,
                _r.period == h.period,
                _r.return_type == h.return_type,
                _r.revision_no == h.revision_no,
            )
        ).first()
        if row is not None and row[0] != return_id:
            version = "original" if h.return_type == "original" else f"revision {h.revision_no}"
            raise StoreError(
                f"header: this client already has the {version} return for {h.period}",
                part="header",
                field="period",
            )

    # ------------------------------------------------------------ returns: reading

    def load_return(self, return_id: int, *, lists: bool = True) -> Form9Return:
        """The whole return; `lists=False` leaves the sales / purchase lists empty (for reading
        figures only — never save such a return whole)."""
        with self._read() as conn:
            return load_return(conn, return_id, lists=lists)

    def load_returns(self, return_ids: Sequence[int]) -> dict[int, Form9Return]:
        """Many returns by id, without their sales / purchase lists (for figures only — never
        save such a return whole), in a few queries whatever their number."""
        with self._read() as conn:
            return load_returns(conn, return_ids)

    # ------------------------------------------------------------ list fast paths (list_rows.py)

    def _list_rows(
        self, conn: Connection, info: ReturnInfo, which: str, rows: list[ListRow], numbers: Any
    ) -> list[tuple[Any, ...]]:
        version: VersionRef = partial(form_catalogue, info.form_version)
        return CODECS[which].encode(rows, version, numbers)

    def update_list_rows(
        self,
        return_id: int,
        which: str,
        rows: dict[int, ListRow],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Rows at these 0-based positions take the new values; returns the new version."""
        kind = _kind(which)
        positions = sorted(rows)
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if not rows:
                return info.version
            encoded = self._list_rows(conn, info, which, [rows[p] for p in positions], positions)
            fast.update(conn, return_id, which, kind, positions, encoded)
            self._rows_noted(info, which, f"{len(rows)} row(s) changed from row {positions[0] + 1}")
            return self._touch(conn, info)

    def insert_list_rows(
        self,
        return_id: int,
        which: str,
        index: int,
        rows: list[ListRow],
        *,
        expected_version: int | None = None,
    ) -> int:
        """`rows` inserted before 0-based position `index` (index = row count appends); returns
        the new version."""
        kind = _kind(which)
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            numbers = range(index, index + len(rows))
            encoded = self._list_rows(conn, info, which, rows, numbers)
            if not fast.insert_rows(conn, return_id, which, kind, index, encoded):
                return info.version
            self._rows_noted(info, which, f"{len(rows)} row(s) inserted at row {index + 1}")
            return self._touch(conn, info)

    def delete_list_rows(
        self,
        return_id: int,
        which: str,
        index: int,
        count: int,
        *,
        expected_version: int | None = None,
    ) -> int:
        """`count` rows from 0-based position `index` removed, later rows move up; returns the new
        version."""
        kind = _kind(which)
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if not fast.delete_rows(conn, return_id, which, kind, index, count):
                return info.version
            self._rows_noted(info, which, f"{count} row(s) deleted from row {index + 1}")
            return self._touch(conn, info)

    def _rows_noted(self, info: ReturnInfo, which: str, summary: str) -> None:
        self._note("rows", summary, client_id=info.client_id, return_id=info.id, part=which)

    # ------------------------------------------------------------ status, summary, exports

    def set_status(
        self,
        return_id: int,
        status: str,
        *,
        ack_no: str = "",
        filed_on: date | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Status with the acknowledgement no. and filing date (kept as given); returns the new
        version.  A filed return keeps its status for good: un-filing is refused."""
        if status not in STATUSES:
            raise StoreError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            if status != info.status and not can_transition(info.status, status):
                raise StoreError(f"status: a {info.status} return cannot become {status}")
            what = f"{LABELS[info.status]} → {LABELS[status]}"
            what += f", ack {ack_no}" if ack_no else ""
            what += f", filed on {filed_on:%d-%m-%Y}" if filed_on else ""
            self._note("status", what, client_id=info.client_id, return_id=return_id,
                       part="status")  # fmt: skip
            return self._touch(conn, info, status=status, ack_no=ack_no, filed_on=filed_on)

    def set_payable(
        self, return_id: int, payable: Decimal, *, expected_version: int | None = None
    ) -> int:
        """The cached payable shown in lists (the engine's figure); returns the new version."""
        paise = money(payable, "payable", None, "payable")
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            self._note("payable", f"payable {fmt_rupees(payable)}", client_id=info.client_id,
                       return_id=return_id, part="payable")  # fmt: skip
            return self._touch(conn, info, payable=paise)

    def record_export(self, return_id: int, kind: str, path: str, checksum: str) -> None:
        if kind not in EXPORT_KINDS:
            raise StoreError(f"export kind {kind!r} is not one of {', '.join(EXPORT_KINDS)}")
        with self._write() as conn:
            info = read_info(conn, return_id)
            conn.execute(
                insert(s.EXPORT).values(
                    return_id=return_id, kind=kind, path=path, checksum=checksum, at=_now()
                )
            )
            self._noted(returns=[return_id])
            self._note("export", f"{kind} written to {path}", client_id=info.client_id,
                       return_id=return_id, part="export")  # fmt: skip

    def exports(self, return_id: int) -> list[tuple[str, str, str, datetime]]:
        """(kind, path, checksum, at), oldest first."""
        e = s.EXPORT.c
        with self._read() as conn:
            rows = conn.execute(
                select(e.kind, e.path, e.checksum, e.at)
                .where(e.return_id == return_id)
                .order_by(e.at, e.id)
            ).all()
        return [(k, p, c, at) for k, p, c, at in rows]

    def delete_return(self, return_id: int, *, expected_version: int | None = None) -> None:
        """An unfiled return and its rows; a filed return is never deleted."""
        with self._write() as conn:
            info = self._change(conn, return_id, expected_version)
            conn.execute(delete(s.RETURN).where(_r.id == return_id))
            self._noted(clients=[info.client_id], returns=[return_id])
            self._note("delete", f"{_label(info)} deleted", client_id=info.client_id,
                       return_id=return_id, part="return")  # fmt: skip
