"""The form catalogue: every part of FORM No. 9 as data (resources/forms/*.toml).

One `Catalogue` per version of the form.  It lists, for every table (Part 1(a), Part 2, the lists…),
its columns in the form's order with the form's own wording, kind, column number, formula text,
Excel header aliases and widths; the single-valued fields of the header, the inputs and the
declaration; and the rows of the statements (Part 3, 3(A), 4).  The store, the upload JSON and its
schema, the Excel template and import, the editor and the PDF all read it, so an amendment of the
form is a new catalogue file (usually `based_on` the previous one, listing what changed).

Pure: parsing from plain dicts (app.forms reads the TOML files) and choosing the version in force
for a period.  Values of fields that a version adds beyond the typed dataclasses of app.model.form9
live in each row's `extra` dict (`value_of` / `set_value` read and write either).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

#: The one vocabulary of value kinds (spec sections 3 and 4).
KINDS = (
    "serial",  # the row's place, 1, 2, … (filled by the app)
    "count",  # a whole number ≥ 0 (revision no., delay in days)
    "text",
    "upper",  # text kept without spaces, upper-case (registration numbers)
    "money",  # ≥ 0, at most 2 decimals
    "signed_money",  # may be negative on Sales Return / Purchase Return rows (spec section 3)
    "rate",  # percent, ≥ 0, at most 4 decimals
    "quantity",  # ≥ 0, at most 2 decimals (stock)
    "date",
    "choice",  # one of `choices` (or, when `open`, any text)
    "yes_no",
)
Kind = Literal[
    "serial", "count", "text", "upper", "money", "signed_money", "rate", "quantity", "date",
    "choice", "yes_no",
]  # fmt: skip
NUMBER_KINDS = frozenset({"money", "signed_money", "rate", "quantity"})
#: Lists of choices supplied at runtime (`choices_from`), resolved by app.model.field_choices.
RUNTIME_CHOICES = ("rate_pack.heads",)
MONEY_KINDS = frozenset({"money", "signed_money"})
Align = Literal["L", "R", "C"]


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Widths:
    """A field's column widths: on screen, in the PDF, in the Excel template."""

    ui: int = 0  # pixels on screen
    pdf: float = 0  # relative within its table
    excel: float = 0  # characters


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a table, or one field of the header, inputs or declaration."""

    id: str
    kind: Kind
    heading: str  # the form's wording (PDF)
    number: str = ""  # the column number the form prints, "8"
    title: str = ""  # the screen's wording, "\n" where the header wraps
    excel: str = ""  # the Excel template's header
    aliases: tuple[str, ...] = ()  # other headers accepted on import
    choices: tuple[str, ...] = ()
    choices_from: str = ""  # choice: its list comes at runtime (RUNTIME_CHOICES), e.g. the pack
    open: bool = False  # choice: free text allowed besides the list
    computed: bool = False
    formula: str = ""
    excel_formula: str = ""  # "={total_turnover}-{exempt_turnover}"
    required: bool = False
    width: Widths = Widths()
    align: Align = "L"
    excel_omit: bool = False
    ui_omit: bool = False

    @property
    def input(self) -> bool:
        return not self.computed

    @property
    def numbered(self) -> str:
        """'(8) Total turnover' as the Excel header; the heading alone where the form prints no
        number."""
        return f"({self.number}) {self.excel}" if self.number else self.excel

    @property
    def path(self) -> tuple[str, ...]:
        """'advance.kgst' → ('advance', 'kgst'): where the value sits in the model and the JSON."""
        return tuple(self.id.split("."))


@dataclass(frozen=True, slots=True)
class Table:
    """A part of the form made of rows: Part 1(a), 1(b), 2, 5, the lists, stock, branches."""

    id: str
    heading: str
    columns: tuple[Field, ...]
    excel_sheet: str = ""
    excel_title: str = ""
    excel_aliases: tuple[str, ...] = ()
    csv: bool = False  # may also be imported from a CSV file
    excel_omit: bool = False
    #: A list's own transaction types (col 1): a sheet or CSV file not named like the template's
    #: whose rows are all of these types is this list (app.export.sheet_recognition).
    import_types: tuple[str, ...] = ()

    def field(self, field_id: str) -> Field:
        for f in self.columns:
            if f.id == field_id:
                return f
        raise KeyError(f"{self.id} has no column {field_id!r}")

    def has(self, field_id: str) -> bool:
        return any(f.id == field_id for f in self.columns)

    @property
    def inputs(self) -> tuple[Field, ...]:
        """The columns a dealer fills (read from files, kept in the store)."""
        return tuple(f for f in self.columns if not f.computed)

    @property
    def excel_columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.columns if not f.excel_omit)

    @property
    def ui_columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.columns if not f.ui_omit)

    @property
    def pdf_columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.columns if f.width.pdf)


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a statement (Part 3, 3(A), 4): computed by the app (instruction 14)."""

    id: str
    act: str
    number: str  # "(a) (i)"
    heading: str  # the form's wording, without the number
    title: str  # the screen's wording
    formula: str = ""

    @property
    def label(self) -> str:
        """Number and the form's wording, as the PDF prints the row."""
        return f"{self.number} {self.heading}".strip()


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement of the form (Part 3, 3(A), 4): its heading, columns and lines."""

    id: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[Line, ...]

    def line(self, line_id: str) -> Line:
        for line in self.rows:
            if line.id == line_id:
                return line
        raise KeyError(f"{self.id} has no row {line_id!r}")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One version of FORM No. 9."""

    version: str
    effective_from: date
    title: str
    source: str
    choices: Mapping[str, tuple[str, ...]]
    header: tuple[Field, ...]
    inputs: tuple[Field, ...]
    declaration: tuple[Field, ...]
    tables: Mapping[str, Table]
    statements: Mapping[str, Statement]
    based_on: str = ""

    def table(self, table_id: str) -> Table:
        try:
            return self.tables[table_id]
        except KeyError:
            raise KeyError(f"form {self.version} has no table {table_id!r}") from None

    def statement(self, statement_id: str) -> Statement:
        return self.statements[statement_id]

    def section(self, name: str) -> tuple[Field, ...]:
        """'header', 'inputs' or 'declaration'."""
        fields: tuple[Field, ...] = getattr(self, name)
        return fields

    def __str__(self) -> str:
        return f"FORM No. 9 version {self.version} (from {self.effective_from:%d-%m-%Y})"


# ------------------------------------------------------------------------------- choosing by date


def catalogue_for(catalogues: Iterable[Catalogue], on: date) -> Catalogue:
    """The version in force on `on` (a return period's last day): the latest whose
    `effective_from` is not after it."""
    usable = [c for c in catalogues if c.effective_from <= on]
    if not usable:
        raise CatalogueError(f"no version of FORM No. 9 is in force on {on:%d-%m-%Y}")
    return max(usable, key=lambda c: c.effective_from)


# ------------------------------------------------------------------------------- reading rows


def value_of(row: Any, field_id: str, default: Any = None) -> Any:
    """A row's value of a field: its attribute, else its `extra` dict (fields an amendment added)."""
    try:
        return getattr(row, field_id)
    except AttributeError:
        extra = getattr(row, "extra", None)
        return extra.get(field_id, default) if extra else default


def set_value(row: Any, field_id: str, value: Any) -> None:
    if hasattr(row, field_id) and field_id != "extra":
        setattr(row, field_id, value)
        return
    if row.extra is None:
        row.extra = {}
    row.extra[field_id] = value


def typed_fields(row_type: type) -> tuple[str, ...]:
    """The fields a row dataclass holds itself (the others go to `extra`)."""
    return tuple(f.name for f in dataclasses.fields(row_type) if f.name != "extra")


# ------------------------------------------------------------------------------- parsing


def _str(d: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        if v is None:
            raise CatalogueError(f"{where}: `{key}` is missing")
        raise CatalogueError(f"{where}: `{key}` must be text")
    return v


def _bool(d: Mapping[str, Any], key: str, where: str) -> bool:
    v = d.get(key, False)
    if not isinstance(v, bool):
        raise CatalogueError(f"{where}: `{key}` must be true or false")
    return v


def _strings(d: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    v = d.get(key, ())
    if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
        raise CatalogueError(f"{where}: `{key}` must be a list of texts")
    return tuple(v)


_FIELD_KEYS = frozenset({
    "id", "kind", "heading", "number", "title", "excel", "aliases", "choices", "choices_from",
    "open", "computed",
    "formula", "excel_formula", "required", "width", "align", "excel_omit", "ui_omit",
})  # fmt: skip


def _widths(d: Any, where: str) -> Widths:
    if d is None:
        return Widths()
    if not isinstance(d, Mapping) or set(d) - {"ui", "pdf", "excel"}:
        raise CatalogueError(f"{where}: `width` takes ui, pdf and excel")
    for k, v in d.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
            raise CatalogueError(f"{where}: width {k} must be a number ≥ 0")
    return Widths(int(d.get("ui", 0)), d.get("pdf", 0), d.get("excel", 0))


def field_from_dict(
    d: Mapping[str, Any], choices: Mapping[str, tuple[str, ...]], where: str
) -> Field:
    if not isinstance(d, Mapping):
        raise CatalogueError(f"{where}: expected a table of keys")
    unknown = set(d) - _FIELD_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown key `{sorted(unknown)[0]}`")
    fid = _str(d, "id", where)
    if not all(part.isascii() and part.isidentifier() for part in fid.split(".")):
        # the id names the value in the model, the JSON and the generated readers and writers
        raise CatalogueError(
            f"{where}: id {fid!r} must be letters, digits and _ (a.b in a section)"
        )
    where = f"{where} ({fid})"
    kind = _str(d, "kind", where)
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    heading = _str(d, "heading", where)
    values: tuple[str, ...] = ()
    source = _str(d, "choices_from", where, "")
    if kind == "choice" and source:
        if "choices" in d:
            raise CatalogueError(f"{where}: a choice has `choices` or `choices_from`, not both")
        if source not in RUNTIME_CHOICES:
            raise CatalogueError(
                f"{where}: choices_from {source!r} is not one of {', '.join(RUNTIME_CHOICES)}"
            )
    elif kind == "choice":
        name = _str(d, "choices", where)
        if name not in choices:
            raise CatalogueError(f"{where}: no list of choices named {name!r}")
        values = choices[name]
    elif "choices" in d or source:
        raise CatalogueError(f"{where}: only a choice has `choices` or `choices_from`")
    computed = _bool(d, "computed", where)
    formula = _str(d, "formula", where, "")
    if computed and not formula:
        raise CatalogueError(f"{where}: a computed field needs its `formula` in words")
    align = _str(d, "align", where, "R" if kind in NUMBER_KINDS | {"serial", "count"} else "L")
    if align not in ("L", "R", "C"):
        raise CatalogueError(f"{where}: align must be L, R or C")
    return Field(
        id=fid,
        kind=kind,  # type: ignore[arg-type]  # checked against KINDS above
        heading=heading,
        number=_str(d, "number", where, ""),
        title=_str(d, "title", where, heading),
        excel=_str(d, "excel", where, heading),
        aliases=_strings(d, "aliases", where),
        choices=values,
        choices_from=source,
        open=_bool(d, "open", where),
        computed=computed,
        formula=formula,
        excel_formula=_str(d, "excel_formula", where, ""),
        required=_bool(d, "required", where),
        width=_widths(d.get("width"), where),
        align=align,  # type: ignore[arg-type]  # checked above
        excel_omit=_bool(d, "excel_omit", where),
        ui_omit=_bool(d, "ui_omit", where),
    )


def _fields(items: Any, choices: Mapping[str, tuple[str, ...]], where: str) -> tuple[Field, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise CatalogueError(f"{where}: expected a list of fields")
    out = tuple(field_from_dict(d, choices, f"{where}[{n}]") for n, d in enumerate(items))
    _unique((f.id for f in out), where)
    return out


def _unique(ids: Iterable[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise CatalogueError(f"{where}: {i!r} appears twice")
        seen.add(i)


def _table(d: Mapping[str, Any], tables: Mapping[str, Table], choices: Any, where: str) -> Table:
    tid = _str(d, "id", where)
    where = f"table {tid}"
    if "columns_of" in d:
        other = _str(d, "columns_of", where)
        if other not in tables:
            raise CatalogueError(f"{where}: columns_of names {other!r}, not a table above it")
        columns = tables[other].columns
    else:
        columns = _fields(d.get("column"), choices, f"{where}, column")
    if not columns:
        raise CatalogueError(f"{where}: has no columns")
    return Table(
        id=tid,
        heading=_str(d, "heading", where),
        columns=columns,
        excel_sheet=_str(d, "excel_sheet", where, ""),
        excel_title=_str(d, "excel_title", where, ""),
        excel_aliases=_strings(d, "excel_aliases", where),
        csv=_bool(d, "csv", where),
        excel_omit=_bool(d, "excel_omit", where),
        import_types=_types(d, choices, where),
    )


def _types(
    d: Mapping[str, Any], choices: Mapping[str, tuple[str, ...]], where: str
) -> tuple[str, ...]:
    """`import_types`: each one of the list's `type` choices."""
    types = _strings(d, "import_types", where)
    known = choices.get("list_type", ())
    for t in types:
        if t not in known:
            raise CatalogueError(f"{where}: import_types: {t!r} is not one of the list types")
    return types


def _statement(d: Mapping[str, Any], where: str) -> Statement:
    sid = _str(d, "id", where)
    where = f"statement {sid}"
    rows = d.get("rows")
    if not isinstance(rows, list) or not rows:
        raise CatalogueError(f"{where}: needs its rows")
    lines = []
    for n, r in enumerate(rows):
        w = f"{where}, row {n + 1}"
        if not isinstance(r, Mapping):
            raise CatalogueError(f"{w}: expected a table of keys")
        heading = _str(r, "heading", w)
        lines.append(
            Line(
                id=_str(r, "id", w),
                act=_str(r, "act", w),
                number=_str(r, "number", w, ""),
                heading=heading,
                title=_str(r, "title", w, heading),
                formula=_str(r, "formula", w, ""),
            )
        )
    _unique((line.id for line in lines), where)
    return Statement(sid, _str(d, "heading", where), _strings(d, "columns", where), tuple(lines))


def _choices(d: Any) -> dict[str, tuple[str, ...]]:
    if d is None:
        return {}
    if not isinstance(d, Mapping):
        raise CatalogueError("[choices] must be a table of lists")
    return {k: _strings(d, k, "[choices]") for k in d}


def catalogue_from_dict(data: Mapping[str, Any], known: Sequence[Catalogue] = ()) -> Catalogue:
    """A catalogue from a parsed file.  A file with `based_on` in [form] takes that version (one of
    `known`) and applies its [[add_column]] and [[change]] entries."""
    form = data.get("form")
    if not isinstance(form, Mapping):
        raise CatalogueError("the file has no [form] table")
    version = _str(form, "version", "[form]")
    try:
        effective = date.fromisoformat(_str(form, "effective_from", "[form]"))
    except ValueError:
        raise CatalogueError("[form]: effective_from must be a date YYYY-MM-DD") from None
    based_on = _str(form, "based_on", "[form]", "")
    if based_on:
        base = next((c for c in known if c.version == based_on), None)
        if base is None:
            raise CatalogueError(f"[form]: based_on {based_on!r} is not a known version")
        return _amended(base, data, version, effective, form)
    choices = _choices(data.get("choices"))
    tables: dict[str, Table] = {}
    for n, t in enumerate(data.get("table") or ()):
        if not isinstance(t, Mapping):
            raise CatalogueError(f"[[table]] {n + 1}: expected a table of keys")
        table = _table(t, tables, choices, f"[[table]] {n + 1}")
        if table.id in tables:
            raise CatalogueError(f"table {table.id} appears twice")
        tables[table.id] = table
    statements = {}
    for n, s in enumerate(data.get("statement") or ()):
        st = _statement(s, f"[[statement]] {n + 1}")
        statements[st.id] = st
    return Catalogue(
        version=version,
        effective_from=effective,
        title=_str(form, "title", "[form]"),
        source=_str(form, "source", "[form]"),
        choices=choices,
        header=_fields(data.get("header"), choices, "header"),
        inputs=_fields(data.get("inputs"), choices, "inputs"),
        declaration=_fields(data.get("declaration"), choices, "declaration"),
        tables=tables,
        statements=statements,
    )


def _amended(
    base: Catalogue,
    data: Mapping[str, Any],
    version: str,
    effective: date,
    form: Mapping[str, Any],
) -> Catalogue:
    """An amendment: the base version with columns added and wording changed."""
    if effective <= base.effective_from:
        raise CatalogueError(f"[form]: version {version} must take effect after {base.version}")
    choices = {**base.choices, **_choices(data.get("choices"))}
    tables = dict(base.tables)
    sections = {"header": base.header, "inputs": base.inputs, "declaration": base.declaration}
    for n, add in enumerate(data.get("add_column") or ()):
        where = f"[[add_column]] {n + 1}"
        if not isinstance(add, Mapping):
            raise CatalogueError(f"{where}: expected a table of keys")
        target = _str(add, "table", where)
        spec = {k: v for k, v in add.items() if k not in ("table", "after")}
        new = field_from_dict(spec, choices, where)
        after = _str(add, "after", where, "")
        if target in sections:
            old = sections[target]
        elif target in tables:
            old = tables[target].columns
        else:
            raise CatalogueError(f"{where}: no table or section named {target!r}")
        ids = [f.id for f in old]
        if new.id in ids:
            raise CatalogueError(f"{where}: {target} already has {new.id!r}")
        at = ids.index(after) + 1 if after in ids else len(ids)
        if after and after not in ids:
            raise CatalogueError(f"{where}: {target} has no column {after!r} to add after")
        columns = (*old[:at], new, *old[at:])
        if target in sections:
            sections[target] = columns
        else:
            tables[target] = dataclasses.replace(tables[target], columns=columns)
            for tid, t in tables.items():  # tables that share these columns follow
                if tid != target and t.columns == old:
                    tables[tid] = dataclasses.replace(t, columns=columns)
    statements = dict(base.statements)
    for n, ch in enumerate(data.get("change") or ()):
        where = f"[[change]] {n + 1}"
        if not isinstance(ch, Mapping):
            raise CatalogueError(f"{where}: expected a table of keys")
        target, fid = _str(ch, "table", where), _str(ch, "id", where)
        new_values = {k: v for k, v in ch.items() if k not in ("table", "id")}
        if target in statements:
            st = statements[target]
            line = st.line(fid)
            allowed = {"number", "heading", "title", "formula"}
            if set(new_values) - allowed:
                raise CatalogueError(f"{where}: a statement row changes only {sorted(allowed)}")
            rows = tuple(dataclasses.replace(r, **new_values) if r is line else r for r in st.rows)
            statements[target] = dataclasses.replace(st, rows=rows)
            continue
        if target in sections:
            old_fields = sections[target]
        elif target in tables:
            old_fields = tables[target].columns
        else:
            raise CatalogueError(f"{where}: no table or section named {target!r}")
        allowed = {"heading", "title", "excel", "aliases", "number", "formula", "width", "align"}
        if set(new_values) - allowed:
            raise CatalogueError(f"{where}: a change may set only {sorted(allowed)}")
        if not any(f.id == fid for f in old_fields):
            raise CatalogueError(f"{where}: {target} has no field {fid!r}")
        changed = []
        for f in old_fields:
            if f.id == fid:
                kw: dict[str, Any] = dict(new_values)
                if "aliases" in kw:
                    kw["aliases"] = _strings(kw, "aliases", where)
                if "width" in kw:
                    kw["width"] = _widths(kw["width"], where)
                f = dataclasses.replace(f, **kw)
            changed.append(f)
        if target in sections:
            sections[target] = tuple(changed)
        else:
            old_cols = tables[target].columns
            for tid, t in list(tables.items()):
                if t.columns == old_cols:
                    tables[tid] = dataclasses.replace(t, columns=tuple(changed))
    return Catalogue(
        version=version,
        effective_from=effective,
        title=_str(form, "title", "[form]", base.title),
        source=_str(form, "source", "[form]"),
        choices=choices,
        header=sections["header"],
        inputs=sections["inputs"],
        declaration=sections["declaration"],
        tables=tables,
        statements=statements,
        based_on=base.version,
    )
