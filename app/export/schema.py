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

from app.export.canonical import Num, RowTable, pretty
from app.export.upload_json import (
    InputError,
    document_checksum_ok,
    from_document,
    parse_document,
    to_document,
)
from app.model.compute import Computed
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.numbers import D
from app.paths import resource

SCHEMA_NAME = "form9-upload-v1.schema.json"
CODE = "E-SCHEMA"
PRECISION_CODE = "E-SCHEMA-DECIMALS"
EDITED_MESSAGE = "file was edited after generation: its checksum does not match its content"


def schema_path() -> Any:
    """The shipped schema; ResourcesMissing (one line) when the installation lacks it."""
    return resource("schema", SCHEMA_NAME)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    with open(schema_path(), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _fast() -> Callable[[Any], Any]:
    import fastjsonschema

    return fastjsonschema.compile(schema())


@lru_cache(maxsize=1)
def _reference() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(schema())


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


#: Lists that may hold 100,000 rows: checked by a per-row check compiled from the schema's row
#: definition instead of the generic validator (same rules, a fraction of the time).
LONG_LISTS = ("sales_list", "purchase_list")


def _structure(doc: dict[str, Any], limit: int) -> list[Finding]:
    from fastjsonschema import JsonSchemaException

    short = {k: ([] if k in LONG_LISTS and isinstance(v, list) else v) for k, v in doc.items()}
    found: list[Finding] = []
    try:
        _fast()(short)
    except JsonSchemaException:
        errors = islice(_reference().iter_errors(short), limit)
        found = [_finding(list(e.absolute_path), e.message) for e in errors]
        found = found or [_finding([], "the file does not match the upload JSON schema")]
    complete = "checksum" in doc
    for k in LONG_LISTS:
        rows = doc.get(k)
        if isinstance(rows, list) and len(found) < limit:
            found += _row_check(complete)(rows, k, limit - len(found))
    return found


def _kind(node: dict[str, Any]) -> str:
    """text / date / money / rate for a flat row field, from its $ref in the schema."""
    return str(node.get("$ref", "#/definitions/text")).rsplit("/", 1)[-1]


@lru_cache(maxsize=2)
def _row_check(complete: bool) -> Callable[[list[Any], str, int], list[Finding]]:
    """The list_row definition as one compiled loop over parsed rows (dicts of str / Decimal)."""
    import re

    row_def = _resolve(schema()["properties"][LONG_LISTS[0]]["items"])
    kinds = {k: _kind(n) for k, n in row_def["properties"].items()}
    allowed = frozenset(kinds)
    required = frozenset(row_def.get("required", ()))
    if complete:
        required = allowed
    texts = tuple(k for k, v in kinds.items() if v == "text")
    dates = tuple(k for k, v in kinds.items() if v == "date")
    moneys = tuple(k for k, v in kinds.items() if v == "money")
    date_re = re.compile(schema()["definitions"]["date"]["pattern"])
    money_def = schema()["definitions"]["money"]
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

    return run


# ------------------------------------------------- written form: exact decimals (x-decimals)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema()["definitions"][name]
    return node


Check = Callable[[Any, list[str | int], list[Finding]], None]


def _money_ok(v: Any) -> bool:
    return type(v) is Decimal and v.as_tuple().exponent == -2


def _rate_ok(v: Any) -> bool:
    if type(v) is int:
        return True
    if type(v) is not Decimal:
        return False
    t = v.as_tuple()
    return isinstance(t.exponent, int) and t.exponent < 0 and t.digits[-1] != 0


def _leaf(decimals: int) -> Check:
    ok, what = (
        (_money_ok, "an amount must be written with exactly 2 decimals")
        if decimals == 2
        else (_rate_ok, "a rate must be written without trailing zeros")
    )

    def check(v: Any, path: list[str | int], out: list[Finding]) -> None:
        if not ok(v):
            out.append(_finding(path, f"{what}, found {v!r}", PRECISION_CODE))

    return check


def _compile(node: dict[str, Any]) -> Check | None:
    """A checker for x-decimals below `node`, or None when nothing below carries the annotation."""
    node = _resolve(node)
    for alt in ("oneOf", "anyOf", "allOf"):
        if alt in node:
            subs = [c for c in (_compile(n) for n in node[alt]) if c]
            if subs:
                return _compile_object(node) or subs[0]
    if "x-decimals" in node:
        return _leaf(int(node["x-decimals"]))
    if "items" in node:
        item = _compile(node["items"])
        if item is None:
            return None
        flat = _flat_row(_resolve(node["items"]))
        if flat is not None:
            return _rows_check(flat)

        def check_list(v: Any, path: list[str | int], out: list[Finding]) -> None:
            if isinstance(v, list):
                for i, x in enumerate(v):
                    item(x, [*path, i], out)

        return check_list
    return _compile_object(node)


def _compile_object(node: dict[str, Any]) -> Check | None:
    props = {k: c for k, n in node.get("properties", {}).items() if (c := _compile(n))}
    if not props:
        return None

    def check_obj(v: Any, path: list[str | int], out: list[Finding]) -> None:
        if isinstance(v, dict):
            for k, c in props.items():
                if k in v:
                    c(v[k], [*path, k], out)

    return check_obj


def _flat_row(node: dict[str, Any]) -> dict[str, int] | None:
    """{key: decimals} when a row object has only scalar fields (the fast loop for long lists)."""
    out: dict[str, int] = {}
    for k, n in node.get("properties", {}).items():
        r = _resolve(n)
        if "properties" in r or "items" in r:
            return None
        if "x-decimals" in r:
            out[k] = int(r["x-decimals"])
    return out


def _rows_check(decimals: dict[str, int]) -> Check:
    money = tuple(k for k, d in decimals.items() if d == 2)
    rates = tuple(k for k, d in decimals.items() if d != 2)
    leaf_money, leaf_rate = _leaf(2), _leaf(4)

    def check_rows(v: Any, path: list[str | int], out: list[Finding]) -> None:
        if not isinstance(v, list):
            return
        for i, row in enumerate(v):
            if not isinstance(row, dict):
                continue
            for k in money:
                x = row.get(k)
                if type(x) is not Decimal or x.as_tuple().exponent != -2:
                    leaf_money(x, [*path, i, k], out)
            for k in rates:
                leaf_rate(row.get(k), [*path, i, k], out)

    return check_rows


@lru_cache(maxsize=1)
def _precision() -> Check:
    c = _compile(schema())
    assert c is not None
    return c


def check(doc: dict[str, Any], *, written: bool = False, limit: int = 100) -> list[Finding]:
    """Schema problems of a parsed document (parse_text); `written` adds the exact-decimals rule."""
    found = _structure(doc, limit)
    if written and not found:
        out: list[Finding] = []
        _precision()(doc, [], out)
        found = out[:limit]
    return found


# ------------------------------------------------- a document about to be written


def _plain(value: Any) -> Any:
    """A to_document() value as the reader would parse it (Num text → int / Decimal)."""
    if isinstance(value, Num):
        return int(value) if value.lstrip("-").isdigit() else D(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


#: One written JSON token per kind of list field; a text token cannot run past its closing quote.
_TOKEN_RE = {
    "text": r'"[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*"|null',
    "date": r'"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"|null',
    "money": r"-?[0-9]{1,15}\.[0-9]{2}",  # written: exactly 2 decimals
}


def _list_props() -> dict[str, Any]:
    return dict(_resolve(schema()["properties"][LONG_LISTS[0]]["items"])["properties"])


@lru_cache(maxsize=1)
def _row_checks() -> tuple[
    Callable[[str], Any], Callable[[str], Any], dict[str, Callable[[str], Any]]
]:
    """Matchers for every row joined by \x00 (one C-level pass), for one row, and per field."""
    import re

    fields = {k: _TOKEN_RE[_kind(n)] for k, n in _list_props().items()}
    row = "\\{" + ",".join(f'"{k}":(?:{tok})' for k, tok in fields.items()) + "\\}"
    return (
        re.compile(f"(?:{row})(?:\x00(?:{row}))*").fullmatch,
        re.compile(row).fullmatch,
        {k: re.compile(tok).fullmatch for k, tok in fields.items()},
    )


def _table_problems(name: str, table: RowTable, limit: int) -> list[Finding]:
    every, one, per_field = _row_checks()
    if list(table.keys) != list(per_field):
        return [
            _finding([name], f"rows have fields {list(table.keys)}, expected {list(per_field)}")
        ]
    if not table.rows or every("\x00".join(table.rows)):
        return []
    import msgspec

    found: list[Finding] = []
    tokens_of = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode
    for i, row in enumerate(table.rows):
        if one(row):
            continue
        for key, raw in tokens_of(row).items():
            tok = bytes(raw).decode("utf-8")
            if key in per_field and not per_field[key](tok):
                kind = _kind_of(key)
                kind = "an amount with exactly 2 decimals" if kind == "money" else kind
                found.append(_finding([name, i, key], f"{tok} is not written as {kind}"))
                if len(found) >= limit:
                    return found
    return found


def _kind_of(key: str) -> str:
    return _kind(_list_props()[key])


def check_written(doc: dict[str, Any], *, limit: int = 100) -> list[Finding]:
    """Schema problems of a document from upload_json.to_document, before it is written: the same
    rules as `check(..., written=True)` on the file read back, without reading 100,000 rows back."""
    small: dict[str, Any] = {}
    found: list[Finding] = []
    for k, v in doc.items():
        if isinstance(v, RowTable):
            small[k] = []
            found += _table_problems(k, v, limit)
        else:
            small[k] = _plain(v)
    return (found + check(small, written=True, limit=limit))[:limit]


# ------------------------------------------------- the writer and the reader every caller uses


class SchemaError(ValueError):
    """The app was about to write a file that does not match its own schema (a bug, never data)."""

    def __init__(self, findings: list[Finding]) -> None:
        first = findings[0]
        super().__init__(f"{first.location}: {first.message}")
        self.findings = findings


def dumps_checked(ret: Form9Return, computed: Computed) -> str:
    """upload_json.dumps (the same bytes), the document checked against the schema first."""
    doc = to_document(ret, computed)
    problems = check_written(doc)
    if problems:
        raise SchemaError(problems)
    return pretty(doc)


@dataclass(slots=True)
class OpenedFile:
    """An upload file read for import: the return, and everything the user must be shown."""

    ret: Form9Return
    schema_findings: list[Finding] = field(default_factory=list)
    #: True: as generated; False: edited after generation; None: no checksum (made by hand).
    checksum_ok: bool | None = None
    document: dict[str, Any] = field(default_factory=dict)

    @property
    def checksum_message(self) -> str:
        if self.checksum_ok is None:
            return "the file has no checksum (made by hand or by another program)"
        return "checksum matches: the file is as generated" if self.checksum_ok else EDITED_MESSAGE


def read_upload(data: str | bytes, *, limit: int = 100) -> OpenedFile:
    """Read an upload file: InputError when it cannot be read at all, else the return with the
    schema findings and the checksum state (nothing in the return is changed to fit the schema)."""
    doc, escaped = parse_document(data)  # every row checked (depth, surrogates) before the walks
    findings = check(doc, limit=limit)
    ok = document_checksum_ok(doc) if isinstance(doc.get("checksum"), str) else None
    if "checksum" in doc and not isinstance(doc.get("checksum"), str):
        ok = False
    ret = from_document(doc, escaped=escaped, rows_guarded=True)
    return OpenedFile(ret, findings, ok, doc)


# Computed fields a file may carry; the reader ignores them, the opener reports where they differ.
COMPUTED_ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "part1a": ("taxable_turnover", "tax_due", "total_tax_payable"),
    "part2": ("total",),
    "sales_list": ("total",),
    "purchase_list": ("total",),
}


def computed_differences(
    doc: dict[str, Any], recomputed: dict[str, Any], *, limit: int = 50
) -> list[Finding]:
    """W-FILE-COMPUTED: computed figures written in the file that differ from the recomputed ones
    (the file's figures are not used; the user sees each difference)."""
    out: list[Finding] = []

    def cmp(path: list[str | int], mine: Any, theirs: Any) -> None:
        if len(out) >= limit or mine is None or not isinstance(mine, (int, Decimal)):
            return
        if isinstance(mine, bool) or not isinstance(theirs, (int, Decimal)):
            return
        if Decimal(mine) != Decimal(theirs):
            f = _finding(path, f"the file says {mine}, recomputed {theirs}; the recomputed figure "
                         "is used", "W-FILE-COMPUTED")  # fmt: skip
            out.append(Finding(f.code, "warning", f.part, f.row, f.field, f.message))

    for part, keys in COMPUTED_ROW_FIELDS.items():
        mine_rows, new_rows = doc.get(part), recomputed.get(part)
        if not isinstance(mine_rows, list) or not isinstance(new_rows, list):
            continue
        for i, (a, b) in enumerate(zip(mine_rows, new_rows, strict=False)):
            if isinstance(a, dict) and isinstance(b, dict):
                for k in keys:
                    cmp([part, i, k], a.get(k), b.get(k))
    for part in ("part3", "part3a", "part4"):
        for path, mine, theirs in _pairs([part], doc.get(part), recomputed.get(part)):
            cmp(path, mine, theirs)
    return out


def _pairs(path: list[str | int], a: Any, b: Any) -> Iterator[tuple[list[str | int], Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        for k, v in a.items():
            if k in b:
                yield from _pairs([*path, k], v, b[k])
    elif not isinstance(a, (dict, list)):
        yield path, a, b


__all__ = [
    "EDITED_MESSAGE",
    "InputError",
    "OpenedFile",
    "SchemaError",
    "check",
    "computed_differences",
    "dumps_checked",
    "read_upload",
    "schema",
]
