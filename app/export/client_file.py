"""The client file (issue 15 item 2): one dealer with every return, carried to another PC.

Format `form9-client`, version 1 — a zip archive (docs/user-guide.md "Moving a client"):

    manifest.json                          the dealer and, per return, its facts (below)
    returns/<period>-original.json         each return as upload JSON v1 (spec section 8)
    returns/<period>-revision-<N>.json

manifest.json: `{"format": "form9-client", "format_version": 1, "written_at", "app_version",
"dealer": {the client profile's fields}, "returns": [{"file", "sha256", "bytes", "period",
"return_type", "revision_no", "status", "ack_no", "filed_on", "rate_pack", "form_version",
"version", "updated_at", "payable", "exports": [{"kind", "path", "checksum", "at"}]}]}`.
Dates are ISO (`2025-11-10`, `2025-11-10T09:30:00`), the payable a decimal text in rupees.

Writing: each return is read back from the text written for it before it goes in, so a return
that upload JSON cannot carry exactly is refused (naming it) rather than changed; the archive is
written atomically (app.fileio.atomic_path).  Reading refuses a hostile or damaged file in one line
naming the file and the place (bounds in app.model.limits): not a zip, too large, packed like a zip
bomb, members missing, unknown or twice, a checksum that does not match, a manifest field of the
wrong kind, a return that is not valid upload JSON or not the one the manifest names.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.export.json_text import InputError, kind_of, parse_text
from app.export.upload_json import dumps, loads
from app.fileio import FileRefused, atomic_path, check_input
from app.model.client import ClientProfile
from app.model.compute import compute
from app.model.form9 import Branch, Form9Return
from app.model.limits import (
    MAX_CLIENT_FILE_BYTES,
    MAX_CLIENT_RETURNS,
    MAX_CLIENT_UNPACKED_BYTES,
    MAX_EXPORTS_PER_RETURN,
    MAX_JSON_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PACK_RATIO,
    MAX_REVISION_NO,
    PACK_RATIO_FLOOR,
    text_limit,
)
from app.model.numbers import D, NumberError, has_paise_only
from app.model.periods import Period, PeriodError
from app.model.status import STATUSES

FORMAT = "form9-client"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
EXPORT_KINDS = ("json", "pdf", "excel")
#: Deflate level 1: a 20,000-row return packs to about a tenth, several times faster than level 6.
_LEVEL = 1


class ClientFileError(ValueError):
    """A client file that cannot be written or read; the message is one line naming it."""


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One file made from the return (store.exports()): upload JSON, PDF or Excel."""

    kind: str
    path: str
    checksum: str
    at: datetime


@dataclass(frozen=True, slots=True)
class CarriedReturn:
    """A return's facts as the manifest carries them (its data are the member `file`)."""

    period: str
    return_type: str
    revision_no: int
    status: str
    ack_no: str = ""
    filed_on: date | None = None
    rate_pack: str = ""
    form_version: str = ""
    version: int = 1
    updated_at: datetime | None = None
    payable: Decimal = Decimal(0)
    exports: tuple[ExportRecord, ...] = ()
    file: str = ""
    sha256: str = ""
    bytes: int = 0

    @property
    def key(self) -> tuple[str, str, int]:
        """Period and version: what a merge matches on."""
        return (self.period, self.return_type, self.revision_no)

    @property
    def label(self) -> str:
        version = "original" if self.return_type == "original" else f"revision {self.revision_no}"
        return f"{self.period} {version}"


@dataclass(slots=True)
class Manifest:
    dealer: ClientProfile
    returns: list[CarriedReturn] = field(default_factory=list)
    written_at: datetime | None = None
    app_version: str = ""


def member_name(period: str, return_type: str, revision_no: int) -> str:
    kind = "original" if return_type == "original" else f"revision-{revision_no}"
    return f"returns/{period}-{kind}.json"


# ---------------------------------------------------------------- writing


def _differs(a: Form9Return, b: Form9Return) -> str:
    """The first part in which two returns differ ("" when they are equal)."""
    for f in dataclasses.fields(Form9Return):
        if getattr(a, f.name) != getattr(b, f.name):
            return f.name
    return ""


def return_text(facts: CarriedReturn, ret: Form9Return) -> bytes:
    """The return as upload JSON, checked to read back exactly as it is."""
    try:
        text = dumps(ret, compute(ret, with_lists=False))
        back = loads(text)
    except (NumberError, InputError) as exc:
        raise ClientFileError(
            f"return {facts.label}: cannot be written as upload JSON ({exc})"
        ) from None
    part = _differs(back, ret)
    if part:
        raise ClientFileError(
            f"return {facts.label}: its {part} would not read back as stored; nothing was "
            "written (open the return, check that part and save it)"
        )
    return text.encode("utf-8")


def _stamp(t: datetime | None) -> str | None:
    """To the microsecond: which of two edits is newer must survive the trip."""
    return t.isoformat(timespec="microseconds") if t is not None else None


def _manifest_doc(m: Manifest) -> dict[str, Any]:
    dealer = {f.name: getattr(m.dealer, f.name) for f in dataclasses.fields(ClientProfile)}
    dealer["branches"] = [{"name": b.name, "address": b.address} for b in m.dealer.branches]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "written_at": _stamp(m.written_at),
        "app_version": m.app_version,
        "dealer": dealer,
        "returns": [
            {
                "file": r.file,
                "sha256": r.sha256,
                "bytes": r.bytes,
                "period": r.period,
                "return_type": r.return_type,
                "revision_no": r.revision_no,
                "status": r.status,
                "ack_no": r.ack_no,
                "filed_on": r.filed_on.isoformat() if r.filed_on else None,
                "rate_pack": r.rate_pack,
                "form_version": r.form_version,
                "version": r.version,
                "updated_at": _stamp(r.updated_at),
                "payable": str(r.payable),
                "exports": [
                    {"kind": e.kind, "path": e.path, "checksum": e.checksum, "at": _stamp(e.at)}
                    for e in r.exports
                ],
            }
            for r in m.returns
        ],
    }


def _info(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(when.year, 1980), when.month, when.day,
                                            when.hour, when.minute, when.second))  # fmt: skip
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


Progress = Callable[[int, int, str], None]


def write_client_file(
    target: Path,
    dealer: ClientProfile,
    returns: Iterable[tuple[CarriedReturn, Callable[[], Form9Return]]],
    *,
    app_version: str,
    now: datetime,
    progress: Progress | None = None,
) -> Manifest:
    """Write the client file atomically: each return loaded (one at a time) by its loader.
    Returns the manifest written (with each member's name, size and sha256)."""
    items = list(returns)
    manifest = Manifest(dealer, [], now, app_version)
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", compresslevel=_LEVEL) as zf:
        for n, (facts, load) in enumerate(items):
            if progress is not None:
                progress(n, len(items), f"Return {facts.label}")
            data = return_text(facts, load())
            name = member_name(facts.period, facts.return_type, facts.revision_no)
            zf.writestr(_info(name, now), data)
            manifest.returns.append(dataclasses.replace(
                facts, file=name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data)))  # fmt: skip
        text = json.dumps(_manifest_doc(manifest), ensure_ascii=False, indent=1)
        zf.writestr(_info(MANIFEST, now), text.encode("utf-8"))
    if progress is not None:
        progress(len(items), len(items), "Written")
    return manifest


# ---------------------------------------------------------------- reading


#: Longest texts of the manifest's own fields (a file name, a version, a checksum; a path).
_SHORT = 200
_PATH = 4096


class _Bad(Exception):
    """A manifest value that is wrong: where, and what."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")


def _text(o: dict[str, Any], key: str, where: str, most: int | None = None) -> str:
    v = o.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise _Bad(f"{where}.{key}", f"expected text, found {kind_of(v)}")
    limit = most if most is not None else text_limit(key)
    if len(v) > limit:
        raise _Bad(f"{where}.{key}", f"{len(v):,} characters; at most {limit:,} are allowed")
    if any(ord(c) < 32 and c not in "\n\t" for c in v):
        raise _Bad(f"{where}.{key}", "contains a control character")
    return v


def _int(o: dict[str, Any], key: str, where: str, most: int) -> int:
    v = o.get(key)
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= most:
        raise _Bad(f"{where}.{key}", f"expected a whole number 0 to {most:,}, found {kind_of(v)}")
    return v


def _date(o: dict[str, Any], key: str, where: str) -> date | None:
    v = o.get(key)
    if v is None:
        return None
    try:
        if isinstance(v, str) and len(v) == 10:
            return date.fromisoformat(v)
    except ValueError:
        pass
    raise _Bad(f"{where}.{key}", f"expected a date YYYY-MM-DD, found {kind_of(v)}")


def _time(o: dict[str, Any], key: str, where: str) -> datetime | None:
    v = o.get(key)
    if v is None:
        return None
    try:
        if isinstance(v, str) and len(v) <= 32:
            return datetime.fromisoformat(v).replace(tzinfo=None)
    except ValueError:
        pass
    raise _Bad(f"{where}.{key}", f"expected a date and time, found {kind_of(v)}")


def _obj(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Bad(where, f"expected an object, found {kind_of(v)}")
    return v


def _list(v: Any, where: str, most: int) -> list[Any]:
    if v is None:
        return []
    if not isinstance(v, list):
        raise _Bad(where, f"expected a list, found {kind_of(v)}")
    if len(v) > most:
        raise _Bad(where, f"{len(v):,} entries; at most {most:,} are read")
    return v


def _dealer(o: dict[str, Any]) -> ClientProfile:
    where = "dealer"
    profile = ClientProfile()
    for f in dataclasses.fields(ClientProfile):
        if f.name == "branches":
            branches = _list(o.get("branches"), f"{where}.branches", 10_000)
            profile.branches = [
                Branch(_text(_obj(b, f"{where}.branches[{i}]"), "name", f"{where}.branches[{i}]"),
                       _text(b, "address", f"{where}.branches[{i}]"))
                for i, b in enumerate(branches)
            ]  # fmt: skip
        elif f.name == "large_dealer":
            v = o.get("large_dealer", False)
            if not isinstance(v, bool):
                raise _Bad(f"{where}.large_dealer", f"expected true or false, found {kind_of(v)}")
            profile.large_dealer = v
        else:
            setattr(profile, f.name, _text(o, f.name, where))  # fmt: skip
    if not profile.tin.strip():
        raise _Bad(f"{where}.tin", "the dealer's TIN is missing")
    return profile


def _export(o: Any, where: str) -> ExportRecord:
    o = _obj(o, where)
    kind = _text(o, "kind", where, _SHORT)
    if kind not in EXPORT_KINDS:
        raise _Bad(f"{where}.kind", f"expected one of {', '.join(EXPORT_KINDS)}, found {kind!r}")
    at = _time(o, "at", where)
    if at is None:
        raise _Bad(f"{where}.at", "the time of the export is missing")
    return ExportRecord(
        kind, _text(o, "path", where, _PATH), _text(o, "checksum", where, _SHORT), at
    )


def _entry(o: Any, where: str) -> CarriedReturn:
    o = _obj(o, where)
    period = _text(o, "period", where)
    try:
        Period.parse(period)
    except PeriodError as exc:
        raise _Bad(f"{where}.period", str(exc)) from None
    rtype = _text(o, "return_type", where)
    if rtype not in ("original", "revision"):
        raise _Bad(f"{where}.return_type", f"expected original or revision, found {rtype!r}")
    revision_no = _int(o, "revision_no", where, MAX_REVISION_NO)
    status = _text(o, "status", where, _SHORT)
    if status not in STATUSES:
        raise _Bad(f"{where}.status", f"expected one of {', '.join(STATUSES)}, found {status!r}")
    payable_text = _text(o, "payable", where, _SHORT) or "0"
    try:
        payable = D(payable_text)
        ok = payable.adjusted() < 15 and has_paise_only(payable)
    except (ValueError, ArithmeticError):
        payable, ok = Decimal(0), False
    if not ok:
        raise _Bad(f"{where}.payable", f"expected an amount in rupees, found {payable_text!r}")
    exports = _list(o.get("exports"), f"{where}.exports", MAX_EXPORTS_PER_RETURN)
    sha = _text(o, "sha256", where, _SHORT)
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise _Bad(f"{where}.sha256", "expected the member's SHA-256 (64 hex digits)")
    facts = CarriedReturn(
        period=period, return_type=rtype, revision_no=revision_no, status=status,
        ack_no=_text(o, "ack_no", where), filed_on=_date(o, "filed_on", where),
        rate_pack=_text(o, "rate_pack", where, _SHORT),
        form_version=_text(o, "form_version", where, _SHORT),
        version=_int(o, "version", where, 2**31 - 1), updated_at=_time(o, "updated_at", where),
        payable=payable,
        exports=tuple(_export(e, f"{where}.exports[{i}]") for i, e in enumerate(exports)),
        file=_text(o, "file", where, _SHORT), sha256=sha,
        bytes=_int(o, "bytes", where, MAX_JSON_BYTES),
    )  # fmt: skip
    if facts.file != member_name(period, rtype, revision_no):
        raise _Bad(f"{where}.file", f"expected {member_name(period, rtype, revision_no)}, "
                   f"found {facts.file!r}")  # fmt: skip
    return facts


def manifest_from(doc: dict[str, Any]) -> Manifest:
    """A parsed manifest.json → Manifest; ClientFileError naming the field."""
    try:
        if doc.get("format") != FORMAT:
            raise _Bad("format", f"expected {FORMAT!r}, found {kind_of(doc.get('format'))}")
        if doc.get("format_version") != FORMAT_VERSION:
            raise _Bad("format_version", f"this version reads {FORMAT_VERSION}, found "
                       f"{kind_of(doc.get('format_version'))} (a newer app wrote it?)")  # fmt: skip
        dealer = _dealer(_obj(doc.get("dealer"), "dealer"))
        raw = _list(doc.get("returns"), "returns", MAX_CLIENT_RETURNS)
        returns = [_entry(r, f"returns[{i}]") for i, r in enumerate(raw)]
        seen: set[tuple[str, str, int]] = set()
        for i, r in enumerate(returns):
            if r.key in seen:
                raise _Bad(f"returns[{i}]", f"{r.label} is listed twice")
            seen.add(r.key)
        return Manifest(dealer, returns, _time(doc, "written_at", "manifest"),
                        _text(doc, "app_version", "manifest", _SHORT))  # fmt: skip
    except _Bad as exc:
        raise ClientFileError(f"{MANIFEST}: {exc}") from None


class ClientFileReader:
    """An open client file: its manifest, and each return read when asked (`load`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        try:
            check_input(path, MAX_CLIENT_FILE_BYTES)
        except FileRefused as exc:
            raise ClientFileError(str(exc)) from None
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ClientFileError(
                f"{self.name}: not a client file (not a zip archive: {exc})"
            ) from None
        try:
            self._check_members()
            try:
                self.manifest = manifest_from(self._parsed(MANIFEST, MAX_MANIFEST_BYTES))
            except ClientFileError as exc:
                text = str(exc)
                raise (exc if text.startswith(self.name) else self._refuse(text)) from None
            self._check_listed()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> ClientFileReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def _refuse(self, message: str) -> ClientFileError:
        return ClientFileError(f"{self.name}: {message}")

    def _check_members(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_CLIENT_RETURNS + 1:
            raise self._refuse(f"{len(infos):,} members; at most {MAX_CLIENT_RETURNS + 1:,}")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            twice = next(n for n in names if names.count(n) > 1)
            raise self._refuse(f"{twice} is in the archive twice; refused")
        if MANIFEST not in names:
            raise self._refuse(f"not a client file ({MANIFEST} is missing)")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self._refuse("the archive is encrypted; refused")
            total += info.file_size
            if total > MAX_CLIENT_UNPACKED_BYTES:
                raise self._refuse("unpacks to more than a client file may hold; refused as unsafe")
            if info.file_size > PACK_RATIO_FLOOR and info.file_size > MAX_PACK_RATIO * max(
                info.compress_size, 1
            ):
                raise self._refuse(f"{info.filename} is compressed more than {MAX_PACK_RATIO}:1 "
                                   "(a zip bomb?); refused as unsafe")  # fmt: skip
        self._names = set(names)

    def _check_listed(self) -> None:
        listed = {r.file for r in self.manifest.returns}
        for name in sorted(self._names - listed - {MANIFEST}):
            raise self._refuse(f"{name} is not listed in {MANIFEST}; refused")
        for r in self.manifest.returns:
            if r.file not in self._names:
                raise self._refuse(f"{r.file} is listed in {MANIFEST} but missing")

    def _read(self, name: str, limit: int) -> bytes:
        info = self.zip.getinfo(name)
        if info.file_size > limit:
            raise self._refuse(f"{name} unpacks to {info.file_size:,} bytes; at most {limit:,}")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise self._refuse(f"{name} is damaged ({exc})") from None
        except NotImplementedError as exc:
            raise self._refuse(f"{name} uses an unsupported packing ({exc})") from None
        if len(data) > limit:
            raise self._refuse(f"{name} is larger than {limit:,} bytes")
        return data

    def _parsed(self, name: str, limit: int) -> dict[str, Any]:
        try:
            return parse_text(self._read(name, limit))
        except InputError as exc:
            raise self._refuse(f"{name}: {exc}") from None

    def load(self, entry: CarriedReturn) -> Form9Return:
        """The return of a manifest entry, checked against it (checksum, period, version, TIN)."""
        data = self._read(entry.file, MAX_JSON_BYTES)
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise self._refuse(f"{entry.file} does not match its checksum in {MANIFEST} "
                               "(the file was changed or damaged); refused")  # fmt: skip
        try:
            ret = loads(data)
        except InputError as exc:
            raise self._refuse(f"{entry.file}: {exc}") from None
        h = ret.header
        if (h.period, h.return_type, h.revision_no) != entry.key:
            raise self._refuse(f"{entry.file} holds the return for {h.period} {h.return_type} "
                               f"{h.revision_no}, not {entry.label}")  # fmt: skip
        if h.tin.strip() != self.manifest.dealer.tin.strip():
            raise self._refuse(f"{entry.file}: header.tin {h.tin!r} is not the dealer's TIN "
                               f"{self.manifest.dealer.tin}")  # fmt: skip
        return ret


@contextmanager
def open_client_file(path: Path) -> Iterator[ClientFileReader]:
    reader = ClientFileReader(path)
    try:
        yield reader
    finally:
        reader.close()
