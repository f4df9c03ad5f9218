"""Reading an upload file straight from its bytes, the long lists a batch of rows at a time.

Parsing a whole document into Python objects costs a dict per list row, with the file's bytes held
beside them: at a million rows, ten times the file.  This reader instead
- decodes the usual file (no opener's checks, no memory to give back) in one msgspec pass, its
  long lists straight into row Structs (app.export.json_one_pass); any other, or one that pass
  does not take:
- splits the document into its top-level members (msgspec Raw: spans of the bytes, no objects) and
  parses every member but the long lists as the careful reader does (json_text's bounds);
- decodes each long list a batch of rows at a time into a msgspec Struct made from the catalogue
  (app.export.json_rows) and from it the row objects, never a dict per row;
- gives the file's memory back as its rows are read (`FileBuffer`: the file in anonymous memory
  whose pages are returned to the system once their rows exist);
- for the GUI's opener, checks each row against the schema and compares each row's written total
  with its recomputed one as it goes, and checks the checksum on the bytes as read.

Whatever it cannot vouch for (another encoding, \\u escapes, a malformed member, a row the fast path
does not take) goes to the careful reader (json_text.parse_document and app.export.upload_read),
row by row where it can, else for the whole file: this reader never decides what is wrong, only
what is plainly right, so its results and messages are the careful reader's.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import mmap
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, count
from json.encoder import encode_basestring
from operator import attrgetter, ne
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from app.export.json_layout import LONG_LISTS, TableLayout
from app.export.json_one_pass import one_pass
from app.export.json_rows import BatchReader, Sharing, row_struct
from app.export.json_text import BOMS, InputError, guard, guard_document
from app.export.upload_read import arr, check_keys, from_document, obj, table_reader
from app.gc_pause import paused_gc
from app.model.form9 import Form9Return
from app.model.limits import MAX_LIST_ROWS
from app.model.lists import row_total
from app.model.numbers import MAX_AMOUNT

if TYPE_CHECKING:  # the GUI's opener's checks (app.export.upload_open)
    from app.export.upload_open import Opening

BATCH = 4000
#: Lists at least this long have their repeated texts and dates made one object each (it saves
#: about 90 bytes a row and costs about 1 µs a row: worth it where memory is what runs out).
SHARE_FROM = 200_000
#: A list up to this size, read from bytes whose memory is not given back, is decoded in one piece
#: (no span per row); a longer one, or one with an unusual row, a batch of rows at a time.
WHOLE_LIST_BYTES = 64 * 1024 * 1024
_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ROWS = msgspec.json.Decoder(list[msgspec.Raw])
_ANY = msgspec.json.Decoder(float_hook=Decimal)
_FAILS = (msgspec.DecodeError, UnicodeDecodeError, RecursionError, ValueError, OverflowError)
#: Byte-order marks of encodings other than UTF-8 (json_text decodes those files).
_OTHER_BOMS = tuple(bom for bom, codec, _name in BOMS if codec != "utf-8")
_WS = frozenset(b" \t\n\r")


class Unusual(Exception):
    """The file needs the careful reader as a whole."""


# ---------------------------------------------------------------- the bytes


def _private_memory(size: int) -> mmap.mmap:
    """Anonymous memory of this process alone (MAP_PRIVATE: a page given back is freed and reads
    as zeros; a shared one stays allocated as shared memory and reads back unchanged), its pages
    made in one call where the system can (Linux's MAP_POPULATE).  Reading the bench's 28 MB
    file: 0.013 s so, 0.015 s private page by page, 0.021 s shared."""
    if os.name == "nt":
        return mmap.mmap(-1, size)
    return mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | getattr(mmap, "MAP_POPULATE", 0))


class FileBuffer:
    """A file's bytes in anonymous memory; `release(start, end)` returns the pages wholly inside
    to the system (their rows have been read).  Reading them again gives zeros (Linux; elsewhere
    the old bytes or zeros), which no JSON holds: the fast reader then stops and the careful
    reader reads the file again from disk."""

    def __init__(self, path: str | os.PathLike[str], size: int) -> None:
        self.data = _private_memory(max(size, 1))
        self.size = size
        got = 0
        with open(path, "rb") as fh:
            view = memoryview(self.data)
            while got < size:
                n = fh.readinto(view[got:size])
                if not n:
                    break
                got += n
            view.release()
            if got != size or fh.read(1):
                raise Unusual("the file changed while it was read")

    def release(self, start: int, end: int) -> None:
        first = -(-start // mmap.PAGESIZE) * mmap.PAGESIZE
        stop = end // mmap.PAGESIZE * mmap.PAGESIZE
        if stop > first and hasattr(self.data, "madvise"):
            self.data.madvise(mmap.MADV_DONTNEED, first, stop - first)

    def close(self) -> None:
        with contextlib.suppress(BufferError):  # a Raw still holds a view: freed with it
            self.data.close()


def _as_array(rows: list[msgspec.Raw]) -> bytes:
    """`[row,row,…]` in one copy (its parts laid out in C): one buffer a batch, which the
    allocator reuses, where three copies of it outgrew what it keeps and were mapped afresh."""
    if not rows:
        return b"[]"
    parts: list[Any] = [b","] * (2 * len(rows) + 1)
    parts[1::2] = rows
    parts[0], parts[-1] = b"[", b"]"
    return b"".join(parts)


def _skip(buf: Any, i: int) -> int:
    n = len(buf)
    while i < n and buf[i] in _WS:
        i += 1
    return i


def member_offsets(buf: Any, base: int, top: dict[str, msgspec.Raw]) -> dict[str, int] | None:
    """Where each top-level member's value starts in `buf` (a document starting at `base`), walked
    over the keys and separators only and proven by comparing each value's bytes; None when the
    walk and the parsed members disagree (duplicate keys…): then nothing is released."""
    i = _skip(buf, base)
    if i >= len(buf) or buf[i] != 0x7B:  # {
        return None
    i += 1
    out: dict[str, int] = {}
    for key, raw in top.items():
        i = _skip(buf, i)
        if i < len(buf) and buf[i] == 0x2C:  # ,
            i = _skip(buf, i + 1)
        if i >= len(buf) or buf[i] != 0x22:  # "
            return None
        j = i + 1
        while True:
            j = buf.find(b'"', j)
            if j < 0:
                return None
            k = j
            while buf[k - 1] == 0x5C:  # \
                k -= 1
            if (j - k) % 2 == 0:
                break
            j += 1
        i = _skip(buf, j + 1)
        if i >= len(buf) or buf[i] != 0x3A:  # :
            return None
        i = _skip(buf, i + 1)
        n = len(raw)
        if not _same_ends(buf, i, raw, n):
            return None
        out[key] = i
        i += n
    return out


def _same_ends(buf: Any, i: int, raw: msgspec.Raw, n: int) -> bool:
    """Do the bytes at `i` begin and end as `raw` does (a value found where the parser found it)?"""
    if i + n > len(buf):
        return False
    ends = memoryview(raw)
    k = min(n, 64)
    return bool(
        buf[i : i + k] == bytes(ends[:k]) and buf[i + n - k : i + n] == bytes(ends[n - k :])
    )


# ---------------------------------------------------------------- the long lists


def _number(v: Any) -> Any:
    """A computed value as decoded (None when absent)."""
    return None if v is msgspec.UNSET else v


@dataclass(slots=True, eq=False)  # never compared (an __eq__ less at every start)
class _List:
    """One long list: its rows' spans, read a batch at a time into row objects."""

    key: str
    raw: msgspec.Raw
    start: int | None  # where it begins in the buffer, when proven (for release)
    release: Callable[[int, int], None] | None
    opening: Opening | None
    consumed: int = 0

    def read(self, t: TableLayout) -> list[Any]:
        struct, convert = row_struct(t, exact=self.opening is not None)
        typed = msgspec.json.Decoder(list[struct])  # type: ignore[valid-type]
        if self.release is None and len(self.raw) <= WHOLE_LIST_BYTES:
            rows = self._whole(typed, convert)
            if rows is not None:
                return rows
        try:
            raws = _ROWS.decode(self.raw)
        except _FAILS:
            return self._not_a_list(t)
        if len(raws) > MAX_LIST_ROWS:
            raise InputError(self.key, f"{len(raws):,} rows; at most {MAX_LIST_ROWS:,} are read")
        careful = table_reader(t)
        opening = self.opening
        computed = tuple(f.id for f in t.computed)
        share = Sharing(t) if len(raws) >= SHARE_FROM else None
        out: list[Any] = []
        for a in range(0, len(raws), BATCH):
            batch = raws[a : a + BATCH]
            try:
                structs = typed.decode(_as_array(batch))
            except _FAILS:
                rows = [self._careful(raw, a + j, careful) for j, raw in enumerate(batch)]
            else:
                rows, bad = convert(structs)
                if opening is not None and computed:
                    written = list(map(attrgetter(computed[0]), structs))
                    bad = sorted({*bad, *self._unsound(written)})
                    self._compare(written, rows, a, set(bad))
                for j in bad:
                    rows[j] = self._careful(batch[j], a + j, careful)
                del structs
            if share is not None:
                share(rows)
            out += rows
            raws[a : a + len(batch)] = [None] * len(batch)  # type: ignore[list-item]
            self._consumed(batch, len(batch))
        return out

    def _whole(self, typed: Any, convert: BatchReader) -> list[Any] | None:
        """The list in one piece, when every row is plainly right (no memory to give back)."""
        if self.opening is not None:
            return None  # each row is also checked and compared: the batches do that
        try:
            structs = typed.decode(self.raw)
        except _FAILS:
            return None
        if len(structs) > MAX_LIST_ROWS:
            return None
        rows, bad = convert(structs)
        return None if bad else rows

    def _unsound(self, written: list[Any]) -> list[int]:
        """Rows whose computed amount the schema may not accept: absent from a complete file, or
        out of an amount's range.  They go through the careful reader and the schema check."""
        assert self.opening is not None
        out = []
        if self.opening.complete and msgspec.UNSET in written:
            out += [i for i, v in enumerate(written) if v is msgspec.UNSET]
        numbers = [v for v in written if type(v) is Decimal]
        if numbers and not (min(numbers) > -MAX_AMOUNT and max(numbers) < MAX_AMOUNT):
            out += [i for i, v in enumerate(written)
                    if type(v) is Decimal and not -MAX_AMOUNT < v < MAX_AMOUNT]  # fmt: skip
        return out

    def _compare(self, written: list[Any], rows: list[Any], first: int, skip: set[int]) -> None:
        """Each written total against its row's recomputed one (found in C; the few that differ
        are then looked at)."""
        assert self.opening is not None
        theirs = [row_total(r) if r is not None else None for r in rows]
        for j in compress(count(), map(ne, written, theirs)):
            if j not in skip:
                self.opening.compare(_number(written[j]), rows[j], self.key, first + j)

    def _careful(self, raw: msgspec.Raw, i: int, careful: Callable[[Any, int, str], Any]) -> Any:
        try:
            value = _ANY.decode(raw)
        except _FAILS:
            raise Unusual(f"{self.key}[{i}]") from None
        path = f"{self.key}[{i}]"
        if self.opening is not None:
            self.opening.check(value, [self.key, i])
        guard(obj(value, path), path, 2, False)
        row = careful(value, i, path)
        if self.opening is not None and type(value) is dict and "total" in value:
            self.opening.compare(value["total"], row, self.key, i)
        return row

    def _consumed(self, batch: list[msgspec.Raw], n: int) -> None:
        """Give back the pages of the rows read: the batch's bytes and at least a comma between
        rows lie before the next row, so this never reaches a row not yet read."""
        self.consumed += sum(map(len, batch)) + n
        if self.release is not None and self.start is not None:
            self.release(self.start, self.start + self.consumed - 1)

    def _not_a_list(self, t: TableLayout) -> list[Any]:
        try:
            value = _ANY.decode(self.raw)
        except _FAILS:
            raise Unusual(self.key) from None
        return [] if value is None else arr(value, self.key)  # refused: not a list


# ---------------------------------------------------------------- the document


@dataclass(slots=True, eq=False)  # never compared: its `ret` is (an __eq__ less)
class Streamed:
    """A return read from the file's bytes, with what the opener needs of the document."""

    ret: Form9Return
    doc: dict[str, Any]  # the document, its long lists' rows left out (an empty list each)
    checksum_ok: bool | None  # on the bytes as read (opening only); None: no checksum
    opening: Opening | None


def _start(buf: Any) -> int:
    """Where the JSON text begins (after a UTF-8 byte-order mark); Unusual for other encodings."""
    head = bytes(buf[:4])
    if head.startswith(codecs.BOM_UTF8):
        return 3
    if head.startswith(_OTHER_BOMS):
        raise Unusual("encoding")
    return 0


def read(
    buf: Any,
    *,
    release: Callable[[int, int], None] | None = None,
    opening: Callable[[dict[str, Any]], Opening] | None = None,
) -> Streamed:
    """The return in `buf` (bytes, or a FileBuffer's data).  `opening(doc)`: the GUI's opener's
    checks, made from the document without its long lists.  Raises InputError for a file the
    careful reader refuses (the same message), Unusual for one it must read itself."""
    base = _start(buf)
    backslash = buf.find(b"\\", base)  # found by memchr: a file without one is the usual
    if backslash >= 0 and buf.find(b"\\u", backslash) >= 0:
        raise Unusual("escapes")  # texts may hold control characters or surrogates
    view = memoryview(buf)[base:]
    if release is None and opening is None and len(view) <= WHOLE_LIST_BYTES:
        usual = one_pass(view)  # the usual file, whole (app.export.json_one_pass)
        if usual is not None:
            return Streamed(usual[0], usual[1], None, None)
    try:
        top = _TOP.decode(view)
    except _FAILS:
        raise Unusual("syntax") from None
    doc: dict[str, Any] = {}
    lists: dict[str, msgspec.Raw] = {}
    try:
        for k, raw in top.items():
            if k in LONG_LISTS:
                lists[k] = raw
                doc[k] = []
            else:
                doc[k] = _ANY.decode(raw)
    except _FAILS:
        raise Unusual("member") from None
    guard_document(doc, False, True)
    offsets = member_offsets(buf, base, top) if release is not None else None
    seen = opening(doc) if opening is not None else None
    readers = {
        k: _List(k, raw, offsets.get(k) if offsets else None, release, seen).read
        for k, raw in lists.items()
    }
    ok = _checksum(top, doc) if opening is not None else None
    with paused_gc():  # a million rows without reference cycles
        ret = from_document(doc, escaped=False, rows_guarded=True, lists=readers)
    return Streamed(ret, doc, ok, seen)


def _checksum(top: dict[str, msgspec.Raw], doc: dict[str, Any]) -> bool | None:
    """The stated checksum against the compact text of the bytes as read (numbers and texts as
    written); False also when the file is not in the canonical form (then the caller asks the
    parse-based check, json_text)."""
    if "checksum" not in doc:
        return None
    stated = doc["checksum"]
    if not isinstance(stated, str):
        return False
    h = hashlib.sha256(b"{")
    first = True
    for k, raw in top.items():
        if k == "checksum":
            continue
        h.update(("" if first else ",").encode() + encode_basestring(k).encode("utf-8") + b":")
        first = False
        if k in LONG_LISTS:
            _hash_list(h, raw)
        else:
            h.update(msgspec.json.format(raw, indent=-1))
    h.update(b"}")
    return bool(stated == "sha256:" + h.hexdigest())


def _hash_list(h: Any, raw: msgspec.Raw) -> None:
    try:
        raws = _ROWS.decode(raw)
    except _FAILS:
        h.update(msgspec.json.format(raw, indent=-1))
        return
    h.update(b"[")
    for a in range(0, len(raws), BATCH):
        if a:
            h.update(b",")
        h.update(msgspec.json.format(b"[" + b",".join(raws[a : a + BATCH]) + b"]", indent=-1)[1:-1])
    h.update(b"]")


def read_file(path: Path, size: int) -> Form9Return | None:
    """A file on disk, its memory given back as its rows are read; None when the careful reader
    must read it (the caller then reads the file again)."""
    try:
        holder = FileBuffer(path, size)
    except (Unusual, OSError, ValueError):
        return None
    release = holder.release if size > WHOLE_LIST_BYTES else None  # small: memory is no matter
    try:
        return read(holder.data, release=release).ret
    except Unusual:
        return None
    finally:
        holder.close()


__all__ = ["FileBuffer", "Streamed", "Unusual", "check_keys", "read", "read_file"]
