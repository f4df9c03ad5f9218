"""Canonical JSON text for the upload file (spec section 8): pretty for the file, compact for the
checksum, numbers exactly as written, keys in the order given, UTF-8, no NaN.

Values are plain dict / list / str / bool / None / int, plus `Num` (number text written verbatim)
and `RowTable` (many objects with the same keys whose values are already JSON tokens), which keeps
100,000-row lists fast.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any


class Num(str):
    """A JSON number, written exactly as this text."""

    __slots__ = ()


@dataclass(slots=True)
class RowTable:
    keys: tuple[str, ...]
    rows: list[tuple[str, ...]]


def token(value: Any) -> str:
    """One scalar as a JSON token."""
    if isinstance(value, Num):
        return str(value)
    if isinstance(value, str):
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} in the upload JSON")


def _table(t: RowTable, level: int, pretty: bool) -> str:
    if not t.rows:
        return "[]"
    if pretty:
        pad, inner = "\n" + " " * (level + 1), "\n" + " " * (level + 2)
        body = ("," + inner).join(encode_basestring(k) + ": %s" for k in t.keys)
        template = "{" + inner + body + pad + "}"
        sep = "," + pad
        return "[" + pad + sep.join([template % r for r in t.rows]) + "\n" + " " * level + "]"
    template = "{" + ",".join(encode_basestring(k) + ":%s" for k in t.keys) + "}"
    return "[" + ",".join([template % r for r in t.rows]) + "]"


def _write(value: Any, level: int, pretty: bool) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [encode_basestring(k) + (": " if pretty else ":") + _write(v, level + 1, pretty)
                 for k, v in value.items()]  # fmt: skip
        if pretty:
            pad = "\n" + " " * (level + 1)
            return "{" + pad + ("," + pad).join(items) + "\n" + " " * level + "}"
        return "{" + ",".join(items) + "}"
    if isinstance(value, RowTable):
        return _table(value, level, pretty)
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [_write(v, level + 1, pretty) for v in value]
        if pretty:
            pad = "\n" + " " * (level + 1)
            return "[" + pad + ("," + pad).join(items) + "\n" + " " * level + "]"
        return "[" + ",".join(items) + "]"
    return token(value)


def compact(doc: dict[str, Any]) -> str:
    """Separators `,` and `:`, no spaces, keys in file order (the checksum's input)."""
    return _write(doc, 0, False)


def pretty(doc: dict[str, Any]) -> str:
    """One-space indent, as the spec's worked examples; ends with a newline."""
    return _write(doc, 0, True) + "\n"


def checksum(doc_without_checksum: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(compact(doc_without_checksum).encode("utf-8")).hexdigest()
