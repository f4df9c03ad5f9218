"""A row table's rows proven by one generated predicate per row, compiled from the schema's own
row definition (as fastjsonschema compiles a whole schema, but without its per-field calls):
Part 1(a)'s 2,000 rows are checked in a fraction of the time.

The predicate only ever says "plainly right": it knows a few keywords (type, enum, the numeric
bounds, pattern, lengths, required, properties with `additionalProperties: false`, annotations)
and takes only the plainest values (an int or a Decimal for a number, a str, True / False / None).
Anything else, or any definition using another keyword, has no predicate or fails it; the caller
then gives the table to the whole-schema check, which decides and explains (same findings as
before).  So a predicate is sound by construction: it accepts a subset of what the schema does.

`rows_implied` proves more, once per version of the form: that every row the head writer can
write (app.export.head_rows: its keys, and what each value is once read back) matches the row
definition and what the document's own object asks of the table (`complete_file_keys`), so those
rows need no check at all; anything it does not know, and it says no.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.export.head_rows import Written
from app.model.numbers import D

RowOk = Callable[[Any], bool]

#: Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "null": (type(None),),
    "number": (int, Decimal),  # as parsed (float_hook=Decimal); never a bool: type() is exact
    "integer": (int,),
    "boolean": (bool,),
}
_NUMERIC = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


class _Unknown(Exception):
    """A keyword or value this compiler does not take: no predicate."""


def _resolve(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise _Unknown
    while "$ref" in node:
        if set(node) - {"$ref"} - _ANNOTATIONS:
            raise _Unknown  # siblings of $ref: leave them to the real validator
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
            raise _Unknown
        node = schema["definitions"][ref.rsplit("/", 1)[-1]]
        if not isinstance(node, dict):
            raise _Unknown
    return node


def _value(node: dict[str, Any], v: str, env: dict[str, Any]) -> str:
    """A Python condition that `v` plainly satisfies `node`."""
    n = len(env)
    terms: list[str] = []
    for key, want in node.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key == "type":
            names = [want] if isinstance(want, str) else want
            if not isinstance(names, list) or not all(t in _TYPES for t in names):
                raise _Unknown
            env[f"_t{n}"] = frozenset(t for name in names for t in _TYPES[name])
            terms.append(f"type({v}) in _t{n}")
        elif key == "enum":
            if not isinstance(want, list):
                raise _Unknown
            texts = [w for w in want if type(w) is str]
            others = [w for w in want if type(w) is not str]
            if any(w not in (True, False, None) or type(w) not in (bool, type(None))
                   for w in others):  # fmt: skip
                raise _Unknown  # numbers in an enum: 1 == True in Python
            env[f"_e{n}"] = frozenset(texts)
            alts = [f"(type({v}) is str and {v} in _e{n})"]
            alts += [f"{v} is {w!r}" for w in others]
            terms.append("(" + " or ".join(alts) + ")")
        elif key in _NUMERIC:
            if type(want) not in (int, float):
                raise _Unknown
            # a whole float bound (1e15) as its exact Decimal: the same comparison, faster
            whole = type(want) is float and want.is_integer()
            env[f"_b{n}_{key}"] = D(int(want)) if whole else want
            terms.append(f"(type({v}) not in _num or {v} {_NUMERIC[key]} _b{n}_{key})")
        elif key == "pattern":
            if not isinstance(want, str):
                raise _Unknown
            env[f"_p{n}"] = re.compile(want).search
            terms.append(f"(type({v}) is not str or _p{n}({v}) is not None)")
        elif key in ("maxLength", "minLength"):
            if type(want) is not int:
                raise _Unknown
            op = "<=" if key == "maxLength" else ">="
            terms.append(f"(type({v}) is not str or len({v}) {op} {want})")
        else:
            raise _Unknown
    return " and ".join(terms) or "True"


def _object(schema: dict[str, Any], node: dict[str, Any], env: dict[str, Any]) -> str:
    """A Python condition that `r` plainly satisfies a row definition (an object)."""
    known = {"type", "required", "properties", "patternProperties", "additionalProperties"}
    if set(node) - known - _ANNOTATIONS or node.get("type") != "object":
        raise _Unknown
    if node.get("additionalProperties", True) is not False:
        raise _Unknown  # open objects are left to the real validator
    for pattern, sub in node.get("patternProperties", {}).items():
        if not isinstance(sub, dict) or set(sub) - _ANNOTATIONS or not pattern.startswith("^"):
            raise _Unknown  # only unconstrained ones (an author's note "_…"); a key matching
            # one is not in `allowed`, so a row holding it fails the predicate: sound
    props = node.get("properties", {})
    required = node.get("required", [])
    if not isinstance(props, dict) or not isinstance(required, list):
        raise _Unknown
    env["_allowed"] = frozenset(props)
    env["_required"] = frozenset(required)
    terms = ["type(r) is dict", "_allowed.issuperset(r)", "_required.issubset(r)"]
    for i, (key, sub) in enumerate(props.items()):
        cond = _value(_resolve(schema, sub), f"v{i}", env)
        if cond != "True":
            terms.append(f"((v{i} := r.get({key!r}, _absent)) is _absent or {cond})")
    return "\n        and ".join(terms)


def _row_definition(schema: dict[str, Any], table: str) -> dict[str, Any]:
    """The row definition of top-level table `table` (a property `{"type": [...array...],
    "items": {"$ref": row}}`); _Unknown when the property says anything else."""
    prop = schema["properties"][table]
    if set(prop) - {"type", "items"} - _ANNOTATIONS:
        raise _Unknown
    kinds = [prop.get("type")] if isinstance(prop.get("type"), str) else prop.get("type")
    if not isinstance(kinds, list) or "array" not in kinds:
        raise _Unknown
    return _resolve(schema, prop["items"])


def row_predicate(schema: dict[str, Any], table: str, complete: bool = False) -> RowOk | None:
    """The predicate of a row of top-level table `table` (a property `{"type": [...array...],
    "items": {"$ref": row}}`), or None when the schema uses anything it does not take."""
    try:
        row = _row_definition(schema, table)
        env: dict[str, Any] = {"_num": frozenset(_TYPES["number"]), "_absent": object()}
        source = "def row_ok(r):\n    return (" + _object(schema, row, env) + ")\n"
        if complete:  # a complete file's rows also hold what the document's `then` asks
            env["_required"] = env["_required"] | complete_file_keys(schema, table)
    except (_Unknown, KeyError, TypeError, re.error):
        return None
    exec(compile(source, f"<{table} row check>", "exec"), env)
    ok: RowOk = env["row_ok"]
    return ok


# ------------------------------------------------- rows a writer proved (app.export.head_rows)

#: What a parsed value's type is for each JSON Schema type name.
_NUMBERS = frozenset({int, Decimal})


def _implied(w: Written, node: dict[str, Any]) -> bool:
    """Does every value `w` describes plainly satisfy `node` (and its x-decimals)?  Only the
    keywords `_value` knows, each shown to hold for all of them; anything else: no."""
    numbers = bool(w.types & _NUMBERS)
    for key, want in node.items():
        if key in _ANNOTATIONS or (key.startswith("x-") and key != "x-decimals"):
            continue
        if key == "type":
            names = [want] if isinstance(want, str) else want
            if not isinstance(names, list) or not all(t in _TYPES for t in names):
                return False
            allowed = {t for name in names for t in _TYPES[name]}
            if not w.types <= allowed:
                return False
        elif key == "enum":
            if not isinstance(want, list) or w.texts is None or not w.types <= {str}:
                return False
            if not w.texts <= {x for x in want if type(x) is str}:
                return False
        elif key in _NUMERIC:
            if type(want) not in (int, float):
                return False
            if numbers and not _within(w, key, Decimal(want)):  # a float bound exactly
                return False
        elif key in ("pattern", "maxLength", "minLength"):
            if str in w.types:
                return False  # a text's form is left to the schema check
        elif key == "x-decimals":  # schema_decimals: 2 → exactly 2 decimals, else a rate's form
            if want == 2:
                if w.decimals != 2 or not w.types <= {Decimal}:
                    return False
            elif w.decimals != 4 or not w.types <= _NUMBERS:
                return False
        else:
            return False
    return True


def _within(w: Written, key: str, bound: Decimal) -> bool:
    """Is every number `w` describes on the right side of `bound` for keyword `key`?"""
    if key in ("minimum", "exclusiveMinimum"):
        if w.low is None:
            return False
        return w.low > bound or (w.low == bound and (key == "minimum" or w.open))
    if w.high is None:
        return False
    return w.high < bound or (w.high == bound and (key == "maximum" or w.open))


def rows_implied(schema: dict[str, Any], table: str, written: dict[str, Written]) -> bool:
    """Does every list of rows whose keys are `written`'s (in every row) and whose values are as
    `written` says match top-level property `table` of `schema`, x-decimals included?  Proven
    from the schema's own row definition; False for anything it does not know."""
    try:
        node = _row_definition(schema, table)
        known = {"type", "required", "properties", "patternProperties", "additionalProperties"}
        if set(node) - known - _ANNOTATIONS or node.get("type") != "object":
            return False
        props = node.get("properties", {})
        required = node.get("required", [])
        if node.get("additionalProperties", True) is not False or not isinstance(props, dict):
            return False
        for sub in node.get("patternProperties", {}).values():
            if not isinstance(sub, dict) or set(sub) - _ANNOTATIONS:
                return False
        if not isinstance(required, list) or not set(required) <= set(written):
            return False
        if not all(k in props and _implied(w, _resolve(schema, props[k]))
                   for k, w in written.items()):  # fmt: skip
            return False
        return _elsewhere(schema, table, set(written))
    except (_Unknown, KeyError, TypeError, ValueError, ArithmeticError):
        return False


#: Keywords of the document's own object that `_elsewhere` knows.
_ROOT = frozenset({"$schema", "$id", "type", "required", "properties", "patternProperties",
                   "additionalProperties", "definitions", "if", "then", "else"})  # fmt: skip


def _elsewhere(schema: dict[str, Any], table: str, keys: set[str]) -> bool:
    """Does what the document's own object says of `table` outside its property hold for rows
    with these keys, in a complete file?  A keyword or a condition this does not know: no."""
    try:
        return complete_file_keys(schema, table) <= keys
    except _Unknown:
        return False


def complete_file_keys(schema: dict[str, Any], table: str) -> frozenset[str]:
    """The keys each row of `table` has in a complete file (one with its checksum), as the
    document's own object says: its `if` (the checksum) / `then` (every part and field present).
    _Unknown for anything else it says of the table: a condition on the table itself, an `else`
    that asks something, a root patternProperties matching the table, a keyword not known."""
    if set(schema) - _ROOT - _ANNOTATIONS:
        raise _Unknown
    for pattern, sub in schema.get("patternProperties", {}).items():
        if re.search(pattern, table) and (not isinstance(sub, dict) or set(sub) - _ANNOTATIONS):
            raise _Unknown
    cond, then = schema.get("if"), schema.get("then", {})
    if cond is None and not then:
        return frozenset()
    if cond != {"required": ["checksum"]} or schema.get("else", {}):
        raise _Unknown
    if not isinstance(then, dict) or set(then) - {"required", "properties"} - _ANNOTATIONS:
        raise _Unknown
    node = then.get("properties", {}).get(table)
    if node is None:
        return frozenset()
    items = node.get("items", {}) if isinstance(node, dict) else None
    if not isinstance(items, dict) or set(node) - {"items"} - _ANNOTATIONS:
        raise _Unknown
    if set(items) - {"required"} - _ANNOTATIONS or not isinstance(items.get("required", []), list):
        raise _Unknown
    return frozenset(items.get("required", ()))
