"""Default names of the files the app writes (issue 15 item 8): the dealer's TIN and the period
first, so many clients' files never mix in one folder, e.g. `32071234567-2024-09-form9.json`.

One helper for every export (upload JSON, PDF, Excel, the client file, the problem report); the
user may still type any name.
"""

from __future__ import annotations

import re
from datetime import date

#: Characters kept in a name part; anything else (slashes, spaces, colons …) becomes "-".
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def _part(text: str) -> str:
    return _UNSAFE.sub("-", text.strip()).strip("-.")


def version_tag(return_type: str, revision_no: int) -> str:
    """'' for an original, 'rev2' for Revision 2 (the original keeps the plain name)."""
    return f"rev{revision_no}" if return_type == "revision" else ""


def return_file_name(
    tin: str, period: str, ext: str, *, kind: str = "form9", return_type: str = "original",
    revision_no: int = 0,
) -> str:  # fmt: skip
    """`<TIN>-<period>[-revN]-<kind>.<ext>`: 32071234567-2024-09-form9.json,
    32071234567-2024-09-rev1-form9.pdf, 32071234567-2024-09-problem-report.zip.  A missing TIN or
    period reads `dealer` / `period`."""
    parts = [_part(tin) or "dealer", _part(period) or "period",
             version_tag(return_type, revision_no), _part(kind)]  # fmt: skip
    return "-".join(p for p in parts if p) + "." + ext.lstrip(".")


def dealer_file_name(tin: str, kind: str, ext: str, on: date) -> str:
    """A file about a dealer rather than one return: `<TIN>-<kind>-<YYYY-MM-DD>.<ext>`
    (32071234567-client-2025-11-15.zip)."""
    return f"{_part(tin) or 'dealer'}-{_part(kind)}-{on.isoformat()}.{ext.lstrip('.')}"


def desk_file_name(kind: str, ext: str, on: date) -> str:
    """A file about every dealer: `form9-<kind>-<YYYY-MM-DD>.<ext>` (form9-due-board-2025-11-15.xlsx)."""
    return f"form9-{_part(kind)}-{on.isoformat()}.{ext.lstrip('.')}"
