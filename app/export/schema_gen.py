"""The upload JSON's JSON Schema, made from a version of the form (app.model.catalogue).

The shipped file resources/schema/form9-upload-v1.schema.json is this schema for the first version
of the form (a test proves they are equal, so it cannot drift); a return of a later version is
checked against its own version's schema.  The frame (top-level keys, Part 3 / 3(A) / 4 objects,
the number definitions) is the format's own; every row, the header, the inputs and the declaration
follow the catalogue, by kind:

- money, signed money, quantity → `money`; rate → `rate`; count, serial → `count`; date → `date`;
- text, upper, and a choice kept as written (json_kinds.KEPT_AS_WRITTEN, open) → `text`;
- a choice refused outside its list: a required one → its list as a definition (`act`), an
  optional one → its list inline, blank and null allowed (return type);
- yes / no: in a row "yes" / "no" (any case) or true / false; in a section true / false.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from app.export.json_kinds import key_of, strict_choice
from app.export.json_layout import (
    WRITTEN_WHEN_GIVEN,
    Layout,
    SectionLayout,
    TableLayout,
)
from app.model.catalogue import Field

SCHEMA_ID = "https://form9.invalid/schema/form9-upload-v1.schema.json"
NOTE = {"^_": {"description": "author's note, ignored"}}
_AMOUNT_BOUND = 1000000000000000.0
PERIOD = {
    "description": "2024-08 (month) or 2024-25 (year)",
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}$",
}
_CHOICE_NOTE = "Spelt as the form does; the reader also accepts other letter cases."


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/definitions/{name}"}


def _obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", **extra}
    if required:
        out["required"] = required
    out["properties"] = props
    out["patternProperties"] = NOTE
    out["additionalProperties"] = False
    return out


def _choice_name(f: Field, layout: Layout) -> str:
    """The name of a required choice's definition: its list's name in the catalogue."""
    for name, values in layout.catalogue.choices.items():
        if values == f.choices:
            return name
    return key_of(f)


def field_schema(f: Field, layout: Layout, *, row: bool, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one field's value (a definition it needs is added to `defs`)."""
    kind = f.kind
    if f.id == "period":
        return dict(PERIOD)
    if kind in ("money", "signed_money", "quantity"):
        return _ref("money")
    if kind == "rate":
        return _ref("rate")
    if kind in ("count", "serial"):
        return _ref("count")
    if kind == "date":
        return _ref("date")
    if kind == "yes_no":
        if not row:
            return {"type": ["boolean", "null"]}
        col = f"col {f.number}; " if f.number else ""
        return {
            "description": f'{col}written as "yes" / "no", read also as true / false',
            "enum": ["yes", "no", "Yes", "No", "YES", "NO", True, False, None],
        }
    if strict_choice(f):
        if not f.required:
            return {"enum": [*f.choices, "", None]}
        name = _choice_name(f, layout)
        defs[name] = {"description": _CHOICE_NOTE, "enum": list(f.choices)}
        return _ref(name)
    return _ref("text")


def _numbers_text(fields: tuple[Field, ...]) -> str:
    """'1-9, 11, 13': the form's column numbers, runs joined."""
    out: list[str] = []
    run: list[int] = []
    for f in fields:
        if f.number.isdigit() and run and int(f.number) == run[-1] + 1:
            run.append(int(f.number))
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run = []
        if f.number.isdigit():
            run = [int(f.number)]
        elif f.number:
            out.append(f.number)
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
    return ", ".join(out)


def _description(t: TableLayout, layout: Layout) -> str:
    """What a row definition says: which columns are inputs and which are computed (ignored on
    input), by the form's column numbers, else by field id."""
    if not t.computed:
        return ""
    names = (
        " / ".join(
            o.table.excel_sheet or o.id
            for o in layout.tables.values()
            if o.definition == t.definition
        )
        or t.table.excel_sheet
        or t.id
    )
    computed = _numbers_text(t.computed)
    inputs = _numbers_text(t.inputs)
    if not computed or not inputs:
        ids = ", ".join(f"`{f.id}`" for f in t.computed)
        return (
            f"{names}: {ids} {'is' if len(t.computed) == 1 else 'are'} computed (ignored on input)."
        )
    many = "," in inputs or "-" in inputs
    return (
        f"{names}: col{'s' if many else ''} {inputs} {'are' if many else 'is'} inputs; {computed} "
        f"{'are' if len(t.computed) > 1 else 'is'} computed (ignored on input)."
    )


def _row_definition(t: TableLayout, layout: Layout, defs: dict[str, Any]) -> dict[str, Any]:
    props = {f.id: field_schema(f, layout, row=True, defs=defs) for f in t.fields}
    required = [f.id for f in t.inputs if strict_choice(f) and f.required]
    description = _description(t, layout)
    extra = {"description": description} if description else {}
    return _obj(props, required, **extra)


def _list_of(definition: str) -> dict[str, Any]:
    return {"type": ["array", "null"], "items": _ref(definition)}


def _section(s: SectionLayout, layout: Layout, defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for e in s.entries:
        if e.table is not None:
            defs[e.table.definition] = _row_definition(e.table, layout, defs)
            props[e.key] = _list_of(e.table.definition)
        elif e.group:
            group = {f.path[-1]: field_schema(f, layout, row=False, defs=defs) for f in e.group}
            if list(group) == ["kgst", "kvat", "cst"] and all(
                v == _ref("money") for v in group.values()
            ):
                props[e.key] = _ref("act_amounts")
            else:
                props[e.key] = _obj(group)
        else:
            assert e.field is not None
            props[e.key] = field_schema(e.field, layout, row=False, defs=defs)
    required = [f.id for f in s.fields if f.id == "period"]
    return _obj(props, required)


def _complete(s: SectionLayout) -> list[str]:
    """A complete file's keys of a section: all but those written only when given."""
    return [e.key for e in s.entries if f"{s.name}.{e.key}" not in WRITTEN_WHEN_GIVEN]


def _numbers() -> dict[str, Any]:
    return {
        "money": {
            "description": "Rupees as a JSON number, read as Decimal (never float). Input files: "
            "at most 2 decimals (else finding E-AMOUNT-DP); files the app writes: exactly 2 "
            "decimals (12345678.50, 0.00) — the x-decimals annotation, checked by "
            "app/export/schema.py. An absent or null input amount counts as 0.",
            "type": ["number", "null"],
            "exclusiveMinimum": -_AMOUNT_BOUND,
            "exclusiveMaximum": _AMOUNT_BOUND,
            "x-decimals": 2,
        },
        "rate": {
            "description": "Percent, at most 4 decimals, written without trailing zeros (30.08, 12).",
            "type": ["number", "null"],
            "exclusiveMaximum": _AMOUNT_BOUND,
            "x-decimals": 4,
        },
        "text": {"type": ["string", "null"]},
        "date": {
            "description": "YYYY-MM-DD; null or empty when not given.",
            "type": ["string", "null"],
            "pattern": "^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$",
        },
        "count": {"type": "integer", "minimum": 0},
    }


def _statements(layout: Layout) -> tuple[dict[str, Any], dict[str, Any]]:
    """Part 3, 3(A) and 4: the objects the app computes (the format's own frame)."""
    money = _ref("money")
    part3 = _obj({k: money for k in layout.part3})
    part3a_row = _obj(
        {"tax": money, "interest_rate": _ref("rate"), "delay_days": _ref("count"),
         "interest": money, "total": money},
        ["tax", "interest_rate", "delay_days", "interest", "total"],
    )  # fmt: skip
    part3a_total = _obj({"tax": money, "interest": money, "total": money},
                        ["tax", "interest", "total"])  # fmt: skip
    line = ["filed", "revised", "effect", "interest_rate", "delay_days", "interest", "total"]
    part4_line = _obj({k: (_ref("rate") if k == "interest_rate" else _ref("count")
                           if k == "delay_days" else money) for k in line}, line)  # fmt: skip
    part3a = _obj(
        {k: _ref("part3a_total" if k == "kgst_total" else "part3a_row") for k in layout.part3a}
    )
    filed = _obj(
        {"part3": {"allOf": [_ref("part3"), {"required": list(layout.part3)}]},
         "due_date": _ref("date"), "ack_no": _ref("text")},
        ["part3"],
    )  # fmt: skip
    part4 = {
        "oneOf": [
            {"type": "null"},
            _obj({"filed": filed, "carried_forward": _ref("act_amounts"),
                  "rows": _obj({k: _ref("part4_line") for k in layout.part4}),
                  "payable": money}, ["filed"]),
        ]
    }  # fmt: skip
    props = {"part3": _ref("part3"), "part3a": part3a, "part4": part4}
    defs = {"part3a_row": part3a_row, "part3a_total": part3a_total, "part4_line": part4_line,
            "part3": part3}  # fmt: skip
    return props, defs


def generate(layout: Layout) -> dict[str, Any]:
    """The JSON Schema (draft 7) of the upload file for one version of the form."""
    defs: dict[str, Any] = _numbers()
    rows: dict[str, Any] = {}
    statements, statement_defs = _statements(layout)
    props: dict[str, Any] = {
        "format": {"const": "kerala-form9"},
        "format_version": {"const": 1},
    }
    sections = {name: _section(s, layout, rows) for name, s in layout.sections.items()}
    tables: dict[str, Any] = {}
    for key, t in layout.tables.items():
        if t.definition not in rows:
            rows[t.definition] = _row_definition(t, layout, rows)
        tables[key] = _list_of(t.definition)
    for key in layout.top[2:]:
        props[key] = sections.get(key) or tables.get(key) or statements[key]
    props["checksum"] = {
        "description": "sha256 of the compact serialisation without this key (spec section 8)",
        "type": "string",
        "pattern": "^sha256:[0-9a-f]{64}$",
    }
    complete: dict[str, Any] = {}
    for key in layout.top[2:]:
        if key in layout.sections:
            complete[key] = {"required": _complete(layout.sections[key])}
        elif key in layout.tables:
            complete[key] = {"items": {"required": list(layout.tables[key].keys)}}
        elif key == "part3":
            complete[key] = {"required": list(layout.part3)}
        elif key == "part3a":
            complete[key] = {"required": list(layout.part3a)}
        elif key == "part4":
            complete[key] = {
                "required": ["filed", "carried_forward", "rows", "payable"],
                "properties": {"rows": {"required": list(layout.part4)}},
            }
    act_amounts = _obj({k: _ref("money") for k in ("kgst", "kvat", "cst")})
    schema: dict[str, Any] = OrderedDict()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Kerala FORM No. 9 upload JSON, format_version 1"
    schema["description"] = (
        "The offline utility's upload file (spec section 8). Keys in this order; UTF-8; amounts "
        "are JSON numbers read as Decimal. Fields whose name starts with _ are notes and are "
        "ignored. Computed fields may be absent in a file made by hand; a file with a checksum "
        "must be complete."
    )
    if layout.catalogue.based_on:
        schema["description"] += f" FORM No. 9 version {layout.catalogue.version}."
    schema["type"] = "object"
    schema["required"] = ["format", "format_version", "header"]
    schema["properties"] = props
    schema["patternProperties"] = NOTE
    schema["additionalProperties"] = False
    schema["if"] = {"required": ["checksum"]}
    schema["then"] = {
        "description": "A file with a checksum is one the app wrote: every part and every "
        "computed field is present.",
        "required": [*layout.top, "checksum"],
        "properties": complete,
    }
    choice_defs = {k: v for k, v in rows.items() if not k.endswith("_row") and k != "branch"}
    ordered: dict[str, Any] = {**defs, **choice_defs, "act_amounts": act_amounts}
    for e in (e for s in layout.sections.values() for e in s.entries if e.table is not None):
        ordered[e.table.definition] = rows[e.table.definition]  # type: ignore[union-attr]
    for key in layout.top:  # the rows' and statements' definitions in file order, Part 3 last
        if key in layout.tables:
            ordered[layout.tables[key].definition] = rows[layout.tables[key].definition]
        elif key == "part3a":
            ordered.update(part3a_row=statement_defs["part3a_row"],
                           part3a_total=statement_defs["part3a_total"])  # fmt: skip
        elif key == "part4":
            ordered["part4_line"] = statement_defs["part4_line"]
    ordered["part3"] = statement_defs["part3"]
    schema["definitions"] = ordered
    return dict(schema)


def text_of(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it (one-space indent, UTF-8, a newline at the end)."""
    import json

    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def main() -> None:  # pragma: no cover - a developer's tool
    """Write the shipped schema again from the first version of the form:
    `python -m app.export.schema_gen resources/schema/form9-upload-v1.schema.json`."""
    import sys
    from pathlib import Path

    from app.export.json_layout import layout_of
    from app.forms import base_catalogue

    Path(sys.argv[1]).write_text(text_of(generate(layout_of(base_catalogue()))), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
