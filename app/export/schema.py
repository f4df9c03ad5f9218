"""The upload JSON's JSON Schema (resources/schema/form9-upload-v1.schema.json): every file the app
writes and every file it opens is checked against it (spec section 8).

- `check(doc)`: schema problems of a parsed document as findings `E-SCHEMA` (location = JSON path).
  The whole schema runs compiled (fastjsonschema); only when it fails does the slower reference
  validator (jsonschema) list the problems, at most `limit` of them.
- `written=True` adds what the schema states as the `x-decimals` annotation but JSON Schema cannot
  check: every amount the app writes has exactly 2 decimals, every rate has no trailing zeros.
- `dumps_checked` / `read_upload`: the writer and the reader that every caller uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Any

import msgspec

from app.export.canonical import Chunk, RowTable, Write, encoded
from app.export.json_layout import LONG_LISTS, layout_of
from app.export.schema_decimals import PRECISION_CODE, precision_check
from app.export.schema_gen import generate
from app.export.upload_json import (
    InputError,
)
from app.export.upload_read import catalogue_for
from app.model.catalogue import Catalogue
from app.model.compute import Computed
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.numbers import D
from app.paths import resource

SCHEMA_NAME = "form9-upload-v1.schema.json"
CODE = "E-SCHEMA"
EDITED_MESSAGE = "file was edited after generation: its checksum does not match its content"


def schema_path() -> Any:
    """The shipped schema; ResourcesMissing (one line) when the installation lacks it."""
    return resource("schema", SCHEMA_NAME)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The shipped schema: the first version of the form's (a test proves it is generate()'s)."""
    with open(schema_path(), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@dataclass(slots=True, eq=False)  # never compared (an __eq__ less at every start)
class _Compiled:
    """One version's schema and what is compiled from it, made when first needed."""

    schema: dict[str, Any]
    cache: dict[str, Any] = field(default_factory=dict)
    proofs: dict[Any, bool] = field(default_factory=dict)  # head tables' (_written_proven)

    def get(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self.cache:
            self.cache[name] = make()
        return self.cache[name]


_SCHEMAS: dict[int, tuple[Catalogue, _Compiled]] = {}


def _compiled(cat: Catalogue) -> _Compiled:
    known = _SCHEMAS.get(id(cat))
    if known is not None and known[0] is cat:
        return known[1]
    compiled = _Compiled(generate(layout_of(cat)))
    if len(_SCHEMAS) > 8:
        _SCHEMAS.clear()
    _SCHEMAS[id(cat)] = (cat, compiled)
    return compiled


def schema_for(cat: Catalogue) -> dict[str, Any]:
    """The schema of the upload file of a return of version `cat` of the form."""
    return _compiled(cat).schema


def catalogue_of_document(doc: dict[str, Any]) -> Catalogue:
    """The version of the form a parsed document is checked against: its header's period's."""
    header = doc.get("header")
    period = header.get("period") if isinstance(header, dict) else None
    return catalogue_for(period if isinstance(period, str) else "")


def _fast(c: _Compiled) -> Callable[[Any], bool]:
    """The whole schema compiled (fastjsonschema), for a yes / no: when it says no, the reference
    validator lists the problems.  Without detailed exceptions the compiled code is a sixth the
    size; it is kept in the user's cache folder between runs (app.export.schema_cache)."""
    from app.export.schema_cache import validator

    # `const` as a one-value `enum`: the same rule, which fastjsonschema compiles without
    # detailed exceptions
    return c.get("fast", lambda: validator(_without_const(c.schema)))  # type: ignore[no-any-return]


def _without_const(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _without_const(v) for k, v in node.items()}
        if "const" in out:
            out["enum"] = [out.pop("const")]
        return out
    if isinstance(node, list):
        return [_without_const(v) for v in node]
    return node


def _reference(c: _Compiled) -> Any:
    from jsonschema import Draft7Validator

    return c.get("reference", lambda: Draft7Validator(c.schema))


def _finding(path: list[str | int], message: str, code: str = CODE) -> Finding:
    """JSON path → part / row / field as the other findings use them (`sales_list[3].value`)."""
    part = str(path[0]) if path else "file"
    row: int | None = None
    rest = path[1:]
    if rest and isinstance(rest[0], int):
        row, rest = rest[0], rest[1:]
    fld = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in rest) or None
    if fld:
        fld = fld.replace(".[", "[")
    return Finding(code, "error", part, row, fld, message)


# Lists that may hold a million rows (LONG_LISTS) are checked by a per-row check compiled from the
# schema's row definition instead of the generic validator (same rules, a fraction of the time).


def _structure(doc: dict[str, Any], limit: int, c: _Compiled) -> list[Finding]:
    complete = "checksum" in doc
    short = {k: ([] if _proven(c, k, v, complete) else v) for k, v in doc.items()}
    found: list[Finding] = []
    if not _fast(c)(short):
        errors = islice(_reference(c).iter_errors(short), limit)
        found = [_finding(list(e.absolute_path), e.message) for e in errors]
        found = found or [_finding([], "the file does not match the upload JSON schema")]
    for k in LONG_LISTS:
        rows = doc.get(k)
        if isinstance(rows, list) and len(found) < limit:
            found += row_check(c, complete)(rows, k, limit - len(found))
    return found


def _proven(c: _Compiled, key: str, value: Any, complete: bool) -> bool:
    """Is the table left out of the whole-schema check?  A long list is checked by `row_check`;
    another table's rows when its generated predicate (app.export.schema_rows) proves them all,
    in a `complete` file with the keys the document's `then` asks of them (any row it cannot
    prove: the whole-schema check decides, as before)."""
    if not isinstance(value, list) or not value:
        return False
    if key in LONG_LISTS:
        return True
    from app.export.schema_rows import row_predicate

    ok = c.get(f"table-{key}-{complete}", lambda: row_predicate(c.schema, key, complete))
    return ok is not None and all(map(ok, value))


def _kind(node: dict[str, Any]) -> str:
    """text / date / money / rate for a flat row field, from its $ref in the schema."""
    return str(node.get("$ref", "#/definitions/text")).rsplit("/", 1)[-1]


RowsCheck = Callable[[list[Any], str, int], list[Finding]]
RowProblems = Callable[[Any, list[str | int]], Iterator[Finding]]


def row_check(c: _Compiled, complete: bool) -> RowsCheck:
    """The list_row definition as one compiled loop over parsed rows (dicts of str / Decimal)."""
    return c.get(f"rows-{complete}", lambda: _row_check(c.schema, complete))[0]  # type: ignore[no-any-return]


def row_problems(cat: Catalogue, complete: bool) -> RowProblems:
    """The schema problems of one parsed row of a long list, at `path` ([part, index])."""
    c = _compiled(cat)
    return c.get(f"rows-{complete}", lambda: _row_check(c.schema, complete))[1]  # type: ignore[no-any-return]


def _row_check(schema: dict[str, Any], complete: bool) -> tuple[RowsCheck, RowProblems]:
    import re

    row_def = _resolve(schema, schema["properties"][LONG_LISTS[0]]["items"])
    kinds = {k: _kind(n) for k, n in row_def["properties"].items()}
    allowed = frozenset(kinds)
    required = frozenset(row_def.get("required", ()))
    if complete:
        required = allowed
    texts = tuple(k for k, v in kinds.items() if v == "text")
    dates = tuple(k for k, v in kinds.items() if v == "date")
    moneys = tuple(k for k, v in kinds.items() if v == "money")
    date_re = re.compile(schema["definitions"]["date"]["pattern"])
    money_def = schema["definitions"]["money"]
    lo, hi = (
        D(str(money_def["exclusiveMinimum"])),
        D(str(money_def["exclusiveMaximum"])),
    )

    def problems(row: Any, path: list[str | int]) -> Iterator[Finding]:
        if not isinstance(row, dict):
            yield _finding(path, f"{row!r} is not of type 'object'")
            return
        for k in row:
            if k not in allowed and not k.startswith("_"):
                yield _finding(
                    path, f"Additional properties are not allowed ({k!r} was unexpected)"
                )
        for k in sorted(required - row.keys()):
            yield _finding(path, f"{k!r} is a required property")
        for k in texts:
            v = row.get(k)
            if v is not None and type(v) is not str:
                yield _finding([*path, k], f"{v!r} is not of type 'string', 'null'")
        for k in dates:
            v = row.get(k)
            if v is not None and (type(v) is not str or not date_re.match(v)):
                yield _finding([*path, k], f"{v!r} is not a date YYYY-MM-DD")
        for k in moneys:
            v = row.get(k)
            if v is None:
                continue
            if type(v) not in (int, Decimal):
                yield _finding([*path, k], f"{v!r} is not of type 'number', 'null'")
            elif not lo < v < hi:
                yield _finding([*path, k], f"{v} is outside the range of an amount")

    # One generated predicate per row (as fastjsonschema does for a whole schema): the common case
    # of a good row costs one call; a bad row is then explained by `problems`.
    terms = ["type(r) is dict", "_allowed.issuperset(r)", "_required.issubset(r)"]
    terms += [f"type(r.get({k!r})) in _TEXT" for k in texts]
    terms += [f"((v := r.get({k!r})) is None or type(v) is str and _date(v) is not None)"
              for k in dates]  # fmt: skip
    terms += [f"((v := r.get({k!r})) is None or type(v) in _NUM and _lo < v < _hi)" for k in moneys]
    source = "def row_ok(r):\n    return (" + "\n        and ".join(terms) + ")\n"
    env: dict[str, Any] = {
        "_allowed": allowed, "_required": required, "_TEXT": (str, type(None)),
        "_NUM": (int, Decimal), "_date": date_re.match, "_lo": lo, "_hi": hi,
    }  # fmt: skip
    exec(compile(source, "<list_row check>", "exec"), env)
    row_ok: Callable[[Any], bool] = env["row_ok"]

    def run(rows: list[Any], part: str, limit: int) -> list[Finding]:
        out: list[Finding] = []
        for i in [i for i, r in enumerate(rows) if not row_ok(r)]:
            out.extend(islice(problems(rows[i], [part, i]), limit - len(out)))
            if len(out) >= limit:
                break
        return out

    return run, problems


# ------------------------------------------------- written form: exact decimals (x-decimals)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["definitions"][name]
    return node


def check(doc: dict[str, Any], *, written: bool = False, limit: int = 100) -> list[Finding]:
    """Schema problems of a parsed document (parse_text), against the schema of its period's
    version of the form; `written` adds the exact-decimals rule."""
    c = _compiled(catalogue_of_document(doc))
    found = _structure(doc, limit, c)
    if written and not found:
        out: list[Finding] = []
        c.get("precision", lambda: precision_check(c.schema, _finding))(doc, [], out)
        found = out[:limit]
    return found


# ------------------------------------------------- a document about to be written


def _plain(value: Any) -> Any:
    """A to_document() value as the reader parses it (a number's text → int / Decimal): its
    compact text, as written, parsed back (both in C)."""
    return _PARSE.decode(encoded(value))


_PARSE = msgspec.json.Decoder(float_hook=Decimal)


def _row_kinds(c: _Compiled, name: str) -> dict[str, str]:
    """Each field of a long list's row and its kind, in the schema's order."""
    props = _resolve(c.schema, c.schema["properties"][name]["items"])["properties"]
    return {k: _kind(n) for k, n in props.items()}


class ChunkChecker:
    """Checks each chunk of a long list as it is written (canonical.stream's `on_chunk`): a chunk
    the fast writer proved (app.export.json_rows) needs nothing more; any other row is matched
    against the schema's written form."""

    def __init__(self, cat: Catalogue, limit: int = 100, *, raise_at_once: bool = True) -> None:
        self.c = _compiled(cat)
        self.limit = limit
        self.raise_at_once = raise_at_once
        self.found: list[Finding] = []
        self.seen: dict[str, int] = {}

    def keys_problem(self, name: str, keys: tuple[str, ...]) -> list[Finding]:
        expected = list(_row_kinds(self.c, name))  # (the matchers are made only when needed)
        if list(keys) != expected:
            return [_finding([name], f"rows have fields {list(keys)}, expected {expected}")]
        return []

    def __call__(self, name: str, chunk: Chunk) -> None:
        _, texts, rows = chunk
        first = self.seen.get(name, 0)
        self.seen[name] = first + rows
        if texts is None or len(self.found) >= self.limit:
            return
        from app.export.schema_tokens import row_tokens, texts_problems  # (only then: issue 13)

        c = self.c
        tokens = c.get(f"tokens-{name}", lambda: row_tokens(_row_kinds(c, name)))
        left = self.limit - len(self.found)
        self.found += texts_problems(name, texts, first, tokens, left, _finding)
        if self.found and self.raise_at_once:
            raise SchemaError(self.found)


def check_written(doc: dict[str, Any], *, limit: int = 100) -> list[Finding]:
    """Schema problems of a document from upload_json.to_document, before it is written: the same
    rules as `check(..., written=True)` on the file read back, without reading the rows back."""
    small: dict[str, Any] = {}
    tables: dict[str, RowTable] = {}
    for k, v in doc.items():
        if isinstance(v, RowTable):
            small[k] = []
            tables[k] = v
        else:
            small[k] = _plain(v)
    checker = ChunkChecker(catalogue_of_document(small), limit, raise_at_once=False)
    found: list[Finding] = []
    for k, t in tables.items():
        found += checker.keys_problem(k, t.keys)
        for chunk in t.chunks():
            checker(k, chunk)
    return (found + checker.found + check(small, written=True, limit=limit))[:limit]


# ------------------------------------------------- the writer and the reader every caller uses


class SchemaError(ValueError):
    """The app was about to write a file that does not match its own schema (a bug, never data)."""

    def __init__(self, findings: list[Finding]) -> None:
        first = findings[0]
        super().__init__(f"{first.location}: {first.message}")
        self.findings = findings


def write_checked(ret: Form9Return, computed: Computed, write: Write) -> str:
    """upload_json.write_upload (the same bytes) through `write`, checked against the schema as
    it is written: the head of the document first, each chunk of a long list as it is made.
    SchemaError stops it (the caller's atomic output then leaves no file).  Returns the checksum.

    A head table the generated writer wrote (app.export.head_rows) is not parsed back when the
    schema's row definition is proven to hold for every value it can write (`_written_proven`);
    any other value is encoded once, parsed back for the check, written as it is."""
    from app.export.head_rows import WrittenTable
    from app.export.upload_write import layout_for, unsealed

    doc = unsealed(ret, computed, fast_head=True)
    layout = layout_for(ret)
    texts: dict[str, bytes] = {}
    small: dict[str, Any] = {}
    for k, v in doc.items():
        if isinstance(v, RowTable):
            small[k] = []
        elif isinstance(v, WrittenTable):
            texts[k], small[k] = v.text, v  # decided below, once the form's version is known
        else:
            texts[k] = encoded(v)
            small[k] = _PARSE.decode(texts[k])
    small["checksum"] = "sha256:" + "0" * 64  # a written file is complete: checked as such
    c = _compiled(catalogue_of_document(small))
    for k, v in small.items():
        if isinstance(v, WrittenTable):
            small[k] = [] if _written_proven(c, k, v) else _PARSE.decode(v.text)
    checker = ChunkChecker(layout.catalogue)
    problems = [p for k, v in doc.items() if isinstance(v, RowTable)
                for p in checker.keys_problem(k, v.keys)]  # fmt: skip
    problems += check(small, written=True)
    if problems:
        raise SchemaError(problems)
    from app.export.canonical import stream

    written = {k: (msgspec.Raw(texts[k]) if k in texts else v) for k, v in doc.items()}
    return stream(written, write, seal=True, on_chunk=checker)


def _written_proven(c: _Compiled, key: str, table: Any) -> bool:
    """Does every table the head writer can write as it wrote `table` (a head_rows.WrittenTable:
    the same keys, values as its `written` says) match the schema's written form of top-level
    table `key`?  Proven once per version of the form from the schema's row
    definition (schema_rows.rows_implied); else the table is parsed back and checked."""
    proof = (key, table.written)
    known = c.proofs.get(proof)
    if known is None:
        from app.export.schema_rows import rows_implied

        known = c.proofs[proof] = rows_implied(c.schema, key, dict(table.written))
    return known


def dumps_checked(ret: Form9Return, computed: Computed) -> str:
    """upload_json.dumps (the same bytes), the document checked against the schema as it is made."""
    parts: list[bytes] = []
    write_checked(ret, computed, parts.append)
    return b"".join(parts).decode("utf-8")


def __getattr__(name: str) -> Any:
    """The opener's names, once here: app.export.upload_open."""
    if name in ("OpenedFile", "read_upload", "computed_differences", "COMPUTED_ROW_FIELDS"):
        from app.export import upload_open

        return getattr(upload_open, name)
    raise AttributeError(name)


__all__ = [
    "EDITED_MESSAGE",
    "PRECISION_CODE",
    "InputError",
    "SchemaError",
    "check",
    "dumps_checked",
    "schema",
]
