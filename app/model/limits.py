"""Bounds on everything a file can hold (issue 10): one table, cited by every reader.

Pure data.  A value beyond a bound is refused with a one-line message naming the file, the place and
the bound; it is never cut, rounded or allowed to exhaust memory.  docs/decisions.md explains each
figure.  A legitimate return stays far inside all of them: the largest the spec asks for is a
100,000-row list; the bounds allow ten times that.
"""

from __future__ import annotations

MB = 1024 * 1024

# ---------------------------------------------------------------- files

#: An upload JSON file (a 100,000-row list is about 30 MB).
MAX_JSON_BYTES = 300 * MB
#: An .xlsx workbook or .csv list to import (as stored on disk).
MAX_IMPORT_BYTES = 200 * MB

# ---------------------------------------------------------------- client files (issue 15)

#: A client file (app.export.client_file: one dealer with every return, a zip).
MAX_CLIENT_FILE_BYTES = 4 * 1024 * MB
#: Returns in one client file (a century of monthly and annual returns with revisions).
MAX_CLIENT_RETURNS = 5_000
#: Every member of a client file together, unpacked (each return is also an upload JSON file,
#: so at most MAX_JSON_BYTES; they are read one at a time).
MAX_CLIENT_UNPACKED_BYTES = 40 * 1024 * MB
#: The manifest: the dealer, each return's facts and its export history.
MAX_MANIFEST_BYTES = 64 * MB
#: Export history entries of one return.
MAX_EXPORTS_PER_RETURN = 10_000

# ---------------------------------------------------------------- upload JSON

#: Objects and lists inside one another (the deepest a return needs is 4: part4.rows.a.filed).
MAX_JSON_DEPTH = 64
#: Rows in the sales or the purchase list.
MAX_LIST_ROWS = 1_000_000
#: Rows in every other table (Part 1(a), 1(b), 2, 5, stock, branches).
MAX_TABLE_ROWS = 100_000
#: Dealers in one dealers' sheet (issue 15 item 6): an office's whole list, with room to spare.
MAX_CLIENT_ROWS = 20_000
#: Whole numbers: a serial number, a revision number.
MAX_SERIAL = 10_000_000
MAX_REVISION_NO = 999
#: Field id → the most a whole number of kind `count` may be; a field not named here takes
#: MAX_SERIAL (as a `serial` does).
COUNT_LIMITS: dict[str, int] = {"revision_no": MAX_REVISION_NO}
#: Integers are read exactly only up to this many digits (more is refused, never converted).
MAX_INT_DIGITS = 18

# ---------------------------------------------------------------- text (characters, per field kind)

NAME = 200  # a person, a dealer, a counterparty, an office, a place
ADDRESS = 500
DESCRIPTION = 300  # goods, nature of transaction, schedule entry, head of account, unit …
CODE = 60  # registration numbers, document and reference numbers, bill series, list types

#: Field id → its kind's length.  A field not named here takes DESCRIPTION.
TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "name",
            "trade_name",
            "counterparty_name",
            "signatory_name",
            "signatory_parent",
            "tps_division",
            "tps_circle",
            "place",
        ),
        NAME,
    ),
    "address": ADDRESS,
    **dict.fromkeys(
        (
            "goods",
            "nature",
            "schedule",
            "head_of_account",
            "nature_of_business",
            "constitution",
            "signatory_status",
            "unit",
        ),
        DESCRIPTION,
    ),
    **dict.fromkeys(
        (
            "tin",
            "kgst_no",
            "cst_no",
            "gstin",
            "counterparty_reg_no",
            "doc_no",
            "ref_no",
            "series_from",
            "series_to",
            "ack_no",
            "type",
            "point_of_sale",
            "act",
            "period",
            "return_type",
        ),
        CODE,
    ),
}

#: The shortest limit: a string no longer than this needs no per-field check.
SHORTEST_TEXT_LIMIT = min(TEXT_LIMITS.values())


def text_limit(field: str) -> int:
    """The most characters field `field` may hold."""
    return TEXT_LIMITS.get(field, DESCRIPTION)


def count_limit(field: str) -> int:
    """The largest whole number field `field` may hold."""
    return COUNT_LIMITS.get(field, MAX_SERIAL)


# ---------------------------------------------------------------- .xlsx workbooks

#: All parts of the archive together, unpacked.
MAX_UNPACKED_BYTES = 2 * 1024 * MB
#: Unpacked / packed size of one part over 1 MB (a zip bomb packs thousands to one).
MAX_PACK_RATIO = 200
PACK_RATIO_FLOOR = MB
MAX_ARCHIVE_PARTS = 10_000
#: A part that is not a worksheet or the shared strings (workbook, styles, relations …).
MAX_SMALL_PART_BYTES = 50 * MB
#: The area a sheet's cells may span, checked before any reader allocates it: Excel's own row
#: limit is 1,048,576; the template uses 14 columns.
MAX_SHEET_ROWS = 1_100_000
MAX_SHEET_COLUMNS = 200  # column GR
MAX_SHEET_CELLS = 12_000_000  # rows × columns of the used area (a 1,100,000-row list: 11 M)
#: Distinct texts a workbook's shared-strings table may declare.
MAX_SHARED_STRINGS = 10_000_000
#: Cells covered by merged ranges (a reader makes one object per covered cell).
MAX_MERGED_CELLS = 100_000

# ---------------------------------------------------------------- .csv lists

#: Encodings tried, in order, for a CSV file without a byte-order mark.
CSV_ENCODINGS = ("utf-8", "cp1252")
