"""Which part of the return a sheet holds, by its header row (issue 15 item 7).

A sheet named like the template's (or one of the catalogue's `excel_aliases`) is that part.  Any
other sheet — LibreOffice's "Sheet1", a billing program's "Sales Register Aug-24", a CSV file —
is read as the table whose columns its header row names: the header row is found among the first
non-blank rows (title rows above it are skipped), its cells matched by the form's column numbers,
the header text and the catalogue's aliases (app.export.excel_headers).

- A table is recognised when its header row names at least three of its input columns (both of a
  two-column table) by their text — a column number alone, "(1)", fits every table — and more of
  them than it names of any other table.
- The sales and the purchase list share their columns: which list a sheet is comes from the words
  of its name and of the title rows above its header ("sales…", "purchase…") and from its rows'
  transaction types (the catalogue's `import_types`).  When these disagree or say nothing, the
  sheet is not recognised, and the user names its part (CLI `--sheet`, the GUI's "Import as").
- A billing program's totals row under the table ("Total", "Grand Total" beside blank cells that
  every row fills) is not read: it is noted, with whether its figures are the sums of the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.export.excel_cells import Bad, is_blank, shown
from app.export.excel_columns import SheetSpec, norm
from app.export.excel_headers import HEADER_SEARCH_ROWS, find_layout
from app.model.catalogue import value_of
from app.model.numbers import NumberError, fmt_indian

#: Cells of a header row shown when a sheet is listed (the rest are counted).
SHOWN_CELLS = 12
#: The part of a sheet that is not imported.
NOT_IMPORTED = ""


@dataclass(frozen=True, slots=True)
class SheetSeen:
    """One sheet of a file as the import saw it."""

    name: str
    part: str = NOT_IMPORTED  # the table key it is read as; "" when it is not read
    how: str = ""  # "name", "header", "chosen" (by the user) or "" (not read)
    row: int = 0  # its header row (or first filled row) as Excel numbers it; 0 when empty
    cells: tuple[str, ...] = ()  # that row's cells as text
    why: str = ""  # in words: why it is (or is not) read as a part

    @property
    def empty(self) -> bool:
        return self.row == 0

    def header_text(self) -> str:
        """ "row 3: 'Inv No' | 'Date' | …" (or "empty")."""
        if self.empty:
            return "empty"
        shown_cells = " | ".join(self.cells[:SHOWN_CELLS])
        more = len(self.cells) - SHOWN_CELLS
        tail = f" and {more} more" if more > 0 else ""
        return f"row {self.row}: {shown_cells or '(no text)'}{tail}"

    def describe(self) -> str:
        """One line: "sheet 'Sheet1', row 3: Inv No | Date (why)"."""
        if self.empty:
            return f"sheet {self.name!r}: empty"
        why = f" ({self.why})" if self.why else ""
        return f"sheet {self.name!r}, {self.header_text()}{why}"


def _text(v: Any) -> str:
    if is_blank(v):
        return ""
    if isinstance(v, str):
        t = " ".join(v.split())
        return t if len(t) <= 40 else t[:39] + "…"
    return shown(v)


def cell_texts(cells: Sequence[Any]) -> tuple[str, ...]:
    """A row's cells as short text, without the blank cells at its end."""
    out = [_text(v) for v in cells]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def first_filled(rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the first row with a filled cell."""
    for r, cells in enumerate(rows):
        if not all(is_blank(v) for v in cells):
            return r
    return None


def seen_by_name(name: str, spec: SheetSpec, rows: Sequence[Sequence[Any]], how: str) -> SheetSeen:
    """A sheet read as `spec` because of its name (or the user's choice)."""
    r = first_filled(rows)
    if r is None:
        return SheetSeen(name, spec.key, how, why=f"{spec.name}: empty")
    why = f"named as {spec.name}" if how == "name" else f"{spec.name}, as chosen"
    return SheetSeen(name, spec.key, how, r + 1, cell_texts(rows[r]), why)


def _groups(specs: Sequence[SheetSpec]) -> list[tuple[SheetSpec, ...]]:
    """Tables grouped by their columns (the sales and purchase lists are one group)."""
    groups: dict[tuple[str, ...], list[SheetSpec]] = {}
    for s in specs:
        groups.setdefault(tuple(c.field for c in s.columns), []).append(s)
    return [tuple(g) for g in groups.values()]


def _word(spec: SheetSpec) -> str:
    """'sales_list' → 'sale', 'purchase_list' → 'purchase'."""
    return spec.key.split("_")[0].rstrip("s")


def by_words(group: Sequence[SheetSpec], text: str) -> SheetSpec | None:
    """The one list of the group that `text` (a sheet or file name, a title) names."""
    words = norm(text)
    named = [s for s in group if _word(s) in words]
    return named[0] if len(named) == 1 else None


def by_types(group: Sequence[SheetSpec], values: set[Any]) -> tuple[SheetSpec | None, str]:
    """The one list of the group whose own types all of `values` (the rows' types) are."""
    lists = [s for s in group if s.types]
    spelled = {norm(t): t for s in lists for t in s.types}
    types = {spelled[norm(v)] for v in values if isinstance(v, str) and norm(v) in spelled}
    owners = {s.key: s for s in lists for t in types if t in s.types}
    if len(owners) == 1:
        return next(iter(owners.values())), ", ".join(sorted(types))
    return None, ", ".join(sorted(types))


def _pick_list(
    group: Sequence[SheetSpec], name: str, rows: Sequence[Sequence[Any]], header: int,
    type_column: int | None,
) -> tuple[SheetSpec | None, str]:  # fmt: skip
    """Sales or purchase list: by the sheet's name and title rows, and by its rows' types."""
    titles = " ".join(" ".join(cell_texts(rows[r])) for r in range(min(header, len(rows))))
    named, said = by_words(group, name), "its name"
    if named is None:
        named, said = by_words(group, titles), "its title"
    typed, types = None, ""
    if type_column is not None:
        values = {cells[type_column] for cells in rows[header + 1 :] if type_column < len(cells)}
        typed, types = by_types(group, values)
    if named is not None and typed is not None and named is not typed:
        return None, (f"{said} says it is the {named.name.lower()} but its rows are {types}, "
                      f"which belong in the {typed.name.lower()}")  # fmt: skip
    if named is not None:
        return named, (f"its header row names the list's columns and {said} says it is the "
                       f"{named.name.lower()}")  # fmt: skip
    if typed is not None:
        return typed, f"its header row names the list's columns and its rows are {types}"
    lists = " or the ".join(s.name for s in group)
    return None, f"it holds the columns of the {lists}; say which"


def recognise(
    specs: Sequence[SheetSpec], name: str, rows: Sequence[list[Any]]
) -> tuple[SheetSpec | None, SheetSeen]:
    """The table a sheet holds, by its header row (None when no table, or more than one, fits)."""
    start = first_filled(rows)
    if start is None:
        return None, SheetSeen(name, why="empty")
    best: list[tuple[int, tuple[SheetSpec, ...], Any]] = []
    for group in _groups(specs):
        layout = find_layout(group[0], name, list(rows[: start + HEADER_SEARCH_ROWS * 4]))
        if layout is None or not layout.columns:
            continue
        need = min(3, len(group[0].inputs))
        if layout.named >= need:
            best.append((layout.named, group, layout))
    best.sort(key=lambda b: -b[0])
    first_cells = cell_texts(rows[start])
    if not best:
        return None, SheetSeen(name, row=start + 1, cells=first_cells,
                               why="its header row names too few columns of any part")  # fmt: skip
    matched, group, layout = best[0]
    header = layout.header_row
    cells = cell_texts(rows[header])
    if len(best) > 1 and best[1][0] == matched:
        both = " and ".join(g[0].name for _, g, _ in best[:2])
        return None, SheetSeen(name, row=header + 1, cells=cells,
                               why=f"its header row fits both {both}")  # fmt: skip
    spec: SheetSpec | None = group[0]
    why = f"its header row names {matched} of the columns of {group[0].name}"
    if len(group) > 1:
        type_column = next((i for i, c in layout.columns.items() if c.field == "type"), None)
        spec, why = _pick_list(group, name, rows, header, type_column)
    if spec is None:
        return None, SheetSeen(name, row=header + 1, cells=cells, why=why)
    return spec, SheetSeen(name, spec.key, "header", header + 1, cells, why)


_TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "subtotal", "nettotal", "pagetotal"})


def totals_word(cells: list[Any], needed: list[int]) -> str | None:
    """ "Total" when the row is a totals row a billing program writes under its table: a cell
    reads Total (Grand Total, Sub total…) and a cell that every row must fill is blank."""
    if not any(is_blank(cells[i]) for i in needed):
        return None
    for v in cells:
        if type(v) is str and norm(v) in _TOTAL_WORDS:
            return str(v.strip())
    return None


def totals_note(sheet: str, r: int, word: str, cells: list[Any], plan: list[Any],
                 rows: list[Any]) -> str:  # fmt: skip
    """The totals row was not read; whether its amounts are the sums of the rows read above it."""
    differ = []
    compared = 0
    for i, fid, parse, col in plan:
        if col.kind not in ("money", "signed_money") or is_blank(cells[i]):
            continue
        try:
            given = parse(cells[i])
        except (Bad, NumberError):
            continue
        above = sum((value_of(row, fid) for row in rows), Decimal(0))
        compared += 1
        if given != above:
            differ.append(f"{col.title} {fmt_indian(given)} (the rows above: {fmt_indian(above)})")
    head = f"{sheet}: row {r + 1} ({word!r}) is a totals row; it was not read"
    if differ:
        return f"{head}; its figures differ from the rows read: " + "; ".join(differ)
    if compared:
        return f"{head}; its figures equal the sums of the rows read"
    return head


def part_choices(specs: Sequence[SheetSpec]) -> list[tuple[str, str]]:
    """(label, table key) for each part a sheet may be imported as, and not imported."""
    return [(s.name, s.key) for s in specs] + [("Not imported", NOT_IMPORTED)]


_NONE_WORDS = frozenset({"none", "no", "skip", "notimported", "ignore", ""})


def part_key(text: str, specs: Sequence[SheetSpec]) -> str | None:
    """The table key a user's word names ("sales", "part1a", "Part 1(a)", "purchase list"), ""
    for not imported ("none", "skip"), None when it names nothing."""
    n = norm(text)
    if n in _NONE_WORDS:
        return NOT_IMPORTED
    for s in specs:
        if n in {norm(s.key), norm(s.name), *(norm(a) for a in s.aliases)} or n == norm(
            s.key.split("_")[0]
        ):
            return s.key
    return None
