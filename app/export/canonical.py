"""Canonical JSON text for the upload file (spec section 8): pretty for the file, compact for the
checksum, numbers exactly as written, keys in the order given, UTF-8, no NaN.

Values are plain dict / list / str / bool / None / int, plus `Num` (number text written verbatim,
a msgspec Raw) and `RowTable` (many objects with the same keys, written a chunk of rows at a
time), which keeps a million-row list fast and out of memory.  Everything but a RowTable is
written by msgspec's encoder (C), whose compact text is the canonical one (checked by
tests/export/test_upload_schema.py against the standard library's).  `stream` writes the file as it is produced: each value's
compact text feeds the checksum and is indented for the file by msgspec's formatter (C), so both
always hold the same tokens; the checksum is written last.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from json.encoder import encode_basestring
from typing import Any

import msgspec

#: Rows per chunk of a long list as it is written: a chunk's texts (about 200 KB compact) stay in
#: the processor's cache from the encoding through the checksum to the indented form, and glibc
#: reuses their memory instead of mapping fresh pages.  Measured at 100,000 rows: writing takes
#: 0.181 s at 1,000 rows a chunk, 0.206 s at 4,000 (0.180 s at 700).
CHUNK_ROWS = 1000


Num = msgspec.Raw  # a JSON number, written exactly as its text


def num(text: str) -> msgspec.Raw:
    """A JSON number written exactly as `text` ("12.50", "30.08")."""
    return msgspec.Raw(text.encode("ascii"))


def num_text(value: msgspec.Raw) -> str:
    return bytes(value).decode("ascii")


#: A chunk of rows: their compact text joined by ",", each row's text when it is not yet proven to
#: match the schema's written form (app.export.schema checks those one by one), and how many rows.
Chunk = tuple[bytes, list[str] | None, int]


@dataclass(slots=True, eq=False)  # never compared: its texts() are (an __eq__ less)
class RowTable:
    """Many objects with the same keys: `rows` (each one's compact text), or a `source` of chunks
    produced as they are written (the upload file's long lists)."""

    keys: tuple[str, ...]
    rows: list[str] = field(default_factory=list)
    source: Callable[[], Iterator[Chunk]] | None = None

    def chunks(self) -> Iterator[Chunk]:
        if self.source is not None:
            yield from self.source()
            return
        for i in range(0, len(self.rows), CHUNK_ROWS):
            part = self.rows[i : i + CHUNK_ROWS]
            yield ",".join(part).encode("utf-8"), part, len(part)

    def texts(self) -> list[str]:
        """Every row's compact text (tests; a table made by hand already has them)."""
        if self.source is None:
            return list(self.rows)
        split = msgspec.json.Decoder(list[msgspec.Raw]).decode
        return [
            bytes(r).decode("utf-8")
            for text, _, _ in self.chunks()
            for r in split(b"[" + text + b"]")
        ]


def token(value: Any) -> str:
    """One scalar as a JSON token."""
    if isinstance(value, Num):
        return num_text(value)
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in the upload JSON")


_ENCODER = msgspec.json.Encoder()


def encoded(value: Any) -> bytes:
    """The compact text of a value (numbers given as Num written as they stand)."""
    if isinstance(value, RowTable):
        return b"[" + b",".join(chunk[0] for chunk in value.chunks()) + b"]"
    if isinstance(value, dict) and any(isinstance(v, RowTable) for v in value.values()):
        parts = (_ENCODER.encode(k) + b":" + encoded(v) for k, v in value.items())
        return b"{" + b",".join(parts) + b"}"
    try:
        return _ENCODER.encode(value)
    except TypeError:
        raise TypeError(f"cannot write {value!r:.80} in the upload JSON") from None


def _write(value: Any) -> str:
    return encoded(value).decode("utf-8")


class Document(dict[str, Any]):
    """An upload document with its checksum (the last key)."""

    __slots__ = ()


def compact(doc: dict[str, Any]) -> str:
    """Separators `,` and `:`, no spaces, keys in file order (the checksum's input)."""
    return _write(doc)


def _indented(compact_text: bytes) -> bytes:
    """A value's file form one level down (one-space indent, as the spec's worked examples)."""
    return msgspec.json.format(compact_text, indent=1).replace(b"\n", b"\n ")


Write = Callable[[bytes], Any]


def _stream_table(
    table: RowTable, h: Any, write: Write | None, on_chunk: Callable[[Chunk], None] | None
) -> None:
    h.update(b"[")
    first = True
    for chunk in table.chunks():
        text = chunk[0]
        if on_chunk is not None:
            on_chunk(chunk)
        if not text:
            continue
        if not first:
            h.update(b",")
        h.update(text)
        if write is not None:
            # formatted one level down, inside an object's list, so the indent is the file's:
            # '{\n "a": [\n' + rows + '\n ]\n}'
            rows = msgspec.json.format(b'{"a":[' + text + b"]}", indent=1)[10:-5]
            write(b"[\n" if first else b",\n")
            write(rows)
        first = False
    h.update(b"]")
    if write is not None:
        write(b"[]" if first else b"\n ]")


def stream(
    doc: dict[str, Any],
    write: Write | None,
    *,
    seal: bool = False,
    on_chunk: Callable[[str, Chunk], None] | None = None,
) -> str:
    """Write `doc` as the upload file (pretty, UTF-8) through `write` as it is produced, and
    return its checksum: sha256 of the compact text.  `seal`: write the checksum last (spec
    section 8).  `on_chunk(key, chunk)` sees each chunk of a RowTable before it is written."""
    h = hashlib.sha256(b"{")
    if write is not None:
        write(b"{\n")
    for n, (k, v) in enumerate(doc.items()):
        key = encode_basestring(k).encode("utf-8")
        h.update((b"," if n else b"") + key + b":")
        if write is not None:
            write((b",\n " if n else b" ") + key + b": ")
        if isinstance(v, RowTable):
            _stream_table(v, h, write, None if on_chunk is None else partial(on_chunk, k))
            continue
        text = encoded(v)
        h.update(text)
        if write is not None:
            write(_indented(text))
    h.update(b"}")
    digest = "sha256:" + h.hexdigest()
    if write is not None:
        if seal:
            write(b',\n "checksum": ' + token(digest).encode("utf-8"))
        write(b"\n}\n")
    return digest


def pretty(doc: dict[str, Any]) -> str:
    """The file's text of a document (its keys as they stand, the checksum among them)."""
    parts: list[bytes] = []
    stream(doc, parts.append)
    return b"".join(parts).decode("utf-8")


def sealed(doc: dict[str, Any]) -> Document:
    """The document with `checksum` added last (spec section 8)."""
    out = Document(doc)
    out["checksum"] = stream(doc, None)
    return out


def checksum(doc_without_checksum: dict[str, Any]) -> str:
    return stream(doc_without_checksum, None)
