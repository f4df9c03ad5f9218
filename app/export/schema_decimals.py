"""The schema's `x-decimals` annotation, which JSON Schema itself cannot check: every amount the
app writes has exactly 2 decimals, every rate no trailing zeros (spec section 8).

`precision_check(schema)` compiles a checker of a parsed document from the schema (any version's):
findings E-SCHEMA-DECIMALS at the JSON path of each number written otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.model.findings import Finding
from app.model.numbers import CENT

PRECISION_CODE = "E-SCHEMA-DECIMALS"

Check = Callable[[Any, list[str | int], list[Finding]], None]
Where = Callable[[list[str | int], str, str], Finding]


def _money_ok(v: Any) -> bool:
    return type(v) is Decimal and v.as_tuple().exponent == -2


def _rate_ok(v: Any) -> bool:
    if type(v) is int:
        return True
    if type(v) is not Decimal:
        return False
    t = v.as_tuple()
    return isinstance(t.exponent, int) and t.exponent < 0 and t.digits[-1] != 0


_DECIMAL = frozenset({Decimal})


def _all_written(rows: list[Any], money: tuple[str, ...], rates: tuple[str, ...]) -> bool:
    """Is every amount of these rows a Decimal with exactly 2 decimals (the same quantum as 0.01:
    finite, exponent −2), every rate written without trailing zeros?  Column by column, the
    amounts in C; when not, the caller looks row by row and names each."""
    rows = [r for r in rows if isinstance(r, dict)]
    for k in money:
        values = [r.get(k) for r in rows]
        if not set(map(type, values)) <= _DECIMAL or not all(map(CENT.same_quantum, values)):
            return False
    return all(_rate_ok(r.get(k)) for k in rates for r in rows)


def precision_check(schema: dict[str, Any], finding: Where) -> Check:
    """A checker of the written form's decimals for `schema` (`finding` makes each finding)."""

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    def leaf(decimals: int) -> Check:
        ok, what = (
            (_money_ok, "an amount must be written with exactly 2 decimals")
            if decimals == 2
            else (_rate_ok, "a rate must be written without trailing zeros")
        )

        def check(v: Any, path: list[str | int], out: list[Finding]) -> None:
            if not ok(v):
                out.append(finding(path, f"{what}, found {v!r}", PRECISION_CODE))

        return check

    def flat_row(node: dict[str, Any]) -> dict[str, int] | None:
        """{key: decimals} when a row object has only scalar fields (a fast loop for long lists)."""
        out: dict[str, int] = {}
        for k, n in node.get("properties", {}).items():
            r = resolve(n)
            if "properties" in r or "items" in r:
                return None
            if "x-decimals" in r:
                out[k] = int(r["x-decimals"])
        return out

    def rows_check(decimals: dict[str, int]) -> Check:
        money = tuple(k for k, d in decimals.items() if d == 2)
        rates = tuple(k for k, d in decimals.items() if d != 2)
        leaf_money, leaf_rate = leaf(2), leaf(4)

        def check_rows(v: Any, path: list[str | int], out: list[Finding]) -> None:
            if not isinstance(v, list) or _all_written(v, money, rates):
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

    def compile_node(node: dict[str, Any]) -> Check | None:
        """A checker for x-decimals below `node`, or None when nothing below carries it."""
        node = resolve(node)
        for alt in ("oneOf", "anyOf", "allOf"):
            if alt in node:
                subs = [c for c in (compile_node(n) for n in node[alt]) if c]
                if subs:
                    return compile_object(node) or subs[0]
        if "x-decimals" in node:
            return leaf(int(node["x-decimals"]))
        if "items" in node:
            item = compile_node(node["items"])
            if item is None:
                return None
            flat = flat_row(resolve(node["items"]))
            if flat is not None:
                return rows_check(flat)

            def check_list(v: Any, path: list[str | int], out: list[Finding]) -> None:
                if isinstance(v, list):
                    for i, x in enumerate(v):
                        item(x, [*path, i], out)

            return check_list
        return compile_object(node)

    def compile_object(node: dict[str, Any]) -> Check | None:
        props = {k: c for k, n in node.get("properties", {}).items() if (c := compile_node(n))}
        if not props:
            return None

        def check_obj(v: Any, path: list[str | int], out: list[Finding]) -> None:
            if isinstance(v, dict):
                for k, c in props.items():
                    if k in v:
                        c(v[k], [*path, k], out)

        return check_obj

    whole = compile_node(schema)
    assert whole is not None
    return whole
