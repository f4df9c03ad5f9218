"""The written form of a long list's rows, token by token (spec section 8): what
app.export.schema.ChunkChecker matches a chunk of rows against when the fast writer did not prove
it (app.export.json_rows).  A chunk the writer proved needs none of this, so it is imported, and
its matchers compiled, only for a chunk that was not (issue 13: a module less at every start).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.model.findings import Finding

#: One written JSON token per kind of list field; a text token cannot run past its closing quote.
TOKEN_RE = {
    "text": r'"[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*"|null',
    "date": r'"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"|null',
    "money": r"-?[0-9]{1,15}\.[0-9]{2}",  # written: exactly 2 decimals
}
ANY_TOKEN = r'"[^"\\]*(?:\\.[^"\\]*)*"|[-0-9.eE+]+|true|false|null'


@dataclass(frozen=True, slots=True)
class RowTokens:
    """Matchers of a written row of a long list: a chunk of rows joined by \x00, one row, and
    each field's token."""

    kinds: dict[str, str]
    chunk: Callable[[str], Any]
    row: Callable[[str], Any]
    fields: dict[str, Callable[[str], Any]]


def row_tokens(kinds: dict[str, str]) -> RowTokens:
    """The matchers of a row whose fields are `kinds` (field → kind, in the schema's order)."""
    tokens = {k: TOKEN_RE.get(kind, ANY_TOKEN) for k, kind in kinds.items()}
    row = "\\{" + ",".join(f'"{k}":(?:{tok})' for k, tok in tokens.items()) + "\\}"
    return RowTokens(
        kinds,
        re.compile(f"(?:{row})(?:\x00(?:{row}))*").fullmatch,
        re.compile(row).fullmatch,
        {k: re.compile(tok).fullmatch for k, tok in tokens.items()},
    )


def texts_problems(
    name: str,
    texts: list[str],
    first: int,
    tokens: RowTokens,
    limit: int,
    finding: Callable[[list[str | int], str], Finding],
) -> list[Finding]:
    """Rows written field by field (not proven by the fast writer), checked one chunk at a time:
    the regex state is bounded by a chunk, never by the list.  `finding(path, message)` makes
    each finding (the schema's E-SCHEMA)."""
    if not texts or tokens.chunk("\x00".join(texts)):
        return []
    import msgspec

    found: list[Finding] = []
    tokens_of = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode
    for i, row in enumerate(texts, first):
        if tokens.row(row):
            continue
        for key, raw in tokens_of(row).items():
            tok = bytes(raw).decode("utf-8")
            if key in tokens.fields and not tokens.fields[key](tok):
                kind = tokens.kinds[key]
                kind = "an amount with exactly 2 decimals" if kind == "money" else kind
                found.append(finding([name, i, key], f"{tok} is not written as {kind}"))
                if len(found) >= limit:
                    return found
    return found
