"""What a window says when something fails: plain words, never a raw exception (issue 10).

The app's own errors (InputError, ImportRefused, NumberError, StoreError …) carry a sentence
written for the user; operating-system errors say which file and what the system reported;
anything else is a fault of the program: logged with its traceback, and shown as such.

The store's refusals are written for the `form9` command, one line "where: what" with the store's
own names ("client, tin: a client with TIN … already exists").  A window says the same with the
screen's words: "TIN: a dealer with TIN … already exists (…)"; the command keeps its format.
"""

from __future__ import annotations

import logging
import re

from app.store.errors import StoreError
from app.ui.part_names import PART_NAMES

log = logging.getLogger(__name__)

UNEXPECTED = "an unexpected problem stopped it (the details were written to the log)"

#: The dealer form's labels (app.ui.client_editor) for the store's client fields.
CLIENT_FIELDS = {
    "tin": "TIN",
    "name": "Name of the dealer",
    "gstin": "GSTIN",
    "kgst_no": "KGST No.",
    "cst_no": "CST No.",
}
#: "return 12 (2024-09)": the store's internal id, replaced by the period.
_RETURN_ID = re.compile(r"\breturn \d+ \((\d{4}-\d{2})\)")


def plain_words(exc: BaseException, tb: str = "") -> str:
    """One line for a message box or a status label."""
    if isinstance(exc, StoreError):
        return store_words(exc)
    if isinstance(exc, OSError):
        what = exc.strerror or "the file could not be used"
        return f"{exc.filename}: {what}" if exc.filename else what
    if isinstance(exc, MemoryError):
        return "there is not enough memory for this file"
    if isinstance(exc, RecursionError):
        return "the file is nested too deeply to be read"
    if type(exc).__module__.startswith("app.") and str(exc):
        return " ".join(str(exc).splitlines())
    if tb:
        log.error("unexpected error:\n%s", tb)
    else:
        log.error("unexpected error", exc_info=exc)
    return UNEXPECTED


def store_words(exc: StoreError) -> str:
    """A store refusal with the screen's names for where it happened (see the module docstring)."""
    text = " ".join(str(exc).splitlines())
    text = _RETURN_ID.sub(lambda m: f"the return for {_period_label(m.group(1))}", text)
    if not exc.part:
        return text
    for prefix in _prefixes(exc):
        if text.startswith(prefix + ": "):
            what = text[len(prefix) + 2 :]
            if exc.part == "client":
                what = what.replace("a client", "a dealer").replace("this client", "this dealer")
            else:
                what = what.replace("this client", "this dealer")
            place = screen_place(exc.part, exc.row, exc.field)
            return f"{place}: {what}" if place else what
    return text


def _prefixes(exc: StoreError) -> list[str]:
    """How the store may have written the place (app.store.codec.where, or the part alone)."""
    if exc.row is not None:
        return [f"{exc.part} row {exc.row + 1}, {exc.field}", exc.part]
    return [f"{exc.part}, {exc.field}", exc.part] if exc.field else [exc.part]


def screen_place(part: str, row: int | None, field: str) -> str:
    """'Sales list row 13, Value', 'TIN', 'Header, Period' — the store's place in screen words."""
    name = PART_NAMES.get(part, part.replace("_", " ").capitalize())
    label = CLIENT_FIELDS.get(field, "") if part == "client" else _field_title(part, field)
    if not label and field:
        label = field.split(".")[-1].replace("_", " ").capitalize()
    where = f"{name} row {row + 1}" if row is not None else name
    return ", ".join(p for p in (where, label) if p)


def _field_title(part: str, field: str) -> str:
    """The catalogue's screen title of a field (first version of the form), or ''."""
    if not field:
        return ""
    try:
        from app.forms import base_catalogue

        catalogue = base_catalogue()
        if part in ("header", "inputs", "declaration"):
            fields = catalogue.section(part)
        else:
            fields = catalogue.table(part).columns
    except Exception:  # no catalogue to ask: the field's own name is used
        return ""
    for f in fields:
        if f.id == field:
            return f.title.replace("\n", " ")
    return ""


def _period_label(period: str) -> str:
    from app.model.periods import Period, PeriodError

    try:
        return Period.parse(period).label
    except PeriodError:
        return period
