"""Canonical JSON text for the upload file (spec section 8): pretty for the file, compact for the
checksum, numbers exactly as written, keys in the order given, UTF-8, no NaN.

Values are plain dict / list / str / bool / None / int, plus `Num` (number text written verbatim)
and `RowTable` (many objects with the same keys, each already written as compact text), which
keeps 100,000-row lists fast.  The compact text is the one written; the file's indented form is made
from it by msgspec's formatter (C), so both always hold the same tokens.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

import msgspec


class Num(str):
    """A JSON number, written exactly as this text."""

    __slots__ = ()


@dataclass(slots=True)
class RowTable:
    """Many objects with the same keys, each already written as compact JSON text."""

    keys: tuple[str, ...]
    rows: list[str]


def token(value: Any) -> str:
    """One scalar as a JSON token."""
    if isinstance(value, Num):
        return str(value)
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


def _table(t: RowTable) -> str:
    return "[" + ",".join(t.rows) + "]"


def _write(value: Any) -> str:
    if isinstance(value, dict):
        return (
            "{" + ",".join(encode_basestring(k) + ":" + _write(v) for k, v in value.items()) + "}"
        )
    if isinstance(value, RowTable):
        return _table(value)
    if isinstance(value, list):
        return "[" + ",".join(_write(v) for v in value) + "]"
    return token(value)


class Document(dict[str, Any]):
    """An upload document with its checksum, and its compact text (written once, reused)."""

    __slots__ = ("text",)
    text: str


def compact(doc: dict[str, Any]) -> str:
    """Separators `,` and `:`, no spaces, keys in file order (the checksum's input)."""
    if isinstance(doc, Document):
        return doc.text
    return _write(doc)


def pretty(doc: dict[str, Any]) -> str:
    """One-space indent, as the spec's worked examples; ends with a newline.

    The compact text is re-indented by msgspec's formatter, which keeps every token as written.
    """
    return msgspec.json.format(compact(doc).encode("utf-8"), indent=1).decode("utf-8") + "\n"


def sealed(doc: dict[str, Any]) -> Document:
    """The document with `checksum` added last (spec section 8), keeping its compact text."""
    body = _write(doc)
    digest = "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()
    out = Document(doc)
    out["checksum"] = digest
    out.text = body[:-1] + ',"checksum":' + token(digest) + "}"
    return out


def checksum(doc_without_checksum: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_write(doc_without_checksum).encode("utf-8")).hexdigest()
