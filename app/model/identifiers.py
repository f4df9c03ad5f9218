"""TIN, GSTIN and counterparty registration numbers (spec section 1)."""

from __future__ import annotations

import re

TIN_RE = re.compile(r"^32\d{9}$")
PLACEHOLDER_TINS = frozenset({"99999999999", "88888888888"})
_GSTIN_RE = re.compile(r"^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def normalise_no(text: str) -> str:
    """KGST / CST numbers and TINs: trimmed, upper-case, inner spaces removed."""
    return "".join(text.split()).upper()


def tin_problem(tin: str) -> str | None:
    """Why `tin` is not a Kerala TIN, or None when it is one."""
    if not tin:
        return "TIN is required"
    if not tin.isdigit():
        return f"TIN {tin!r} must be digits only"
    if len(tin) != 11:
        return f"TIN {tin!r} must have 11 digits, not {len(tin)}"
    if not tin.startswith("32"):
        return f"TIN {tin!r} must start with 32 (Kerala)"
    return None


def is_tin(tin: str) -> bool:
    return tin_problem(tin) is None


def gstin_check_char(first14: str) -> str:
    """Luhn mod 36 check character over 0-9A-Z (GSTIN position 15)."""
    total = 0
    for i, ch in enumerate(first14):
        code = _ALPHABET.index(ch) * (2 if i % 2 else 1)
        total += code // 36 + code % 36
    return _ALPHABET[(36 - total % 36) % 36]


def gstin_problem(gstin: str) -> str | None:
    """Why `gstin` is not a valid GSTIN, or None when it is one."""
    g = gstin.strip().upper()
    if len(g) != 15:
        return f"GSTIN {gstin!r} must have 15 characters, not {len(g)}"
    if not _GSTIN_RE.match(g):
        return f"GSTIN {gstin!r} is not in the form 99AAAAA9999A9Z9"
    expected = gstin_check_char(g[:14])
    if g[14] != expected:
        return f"GSTIN {gstin!r} has check character {g[14]}, expected {expected}"
    return None


def is_gstin(gstin: str) -> bool:
    return gstin_problem(gstin) is None


def counterparty_ok(reg_no: str) -> bool:
    """A list row's counterparty: a Kerala TIN, a GSTIN or a placeholder (spec section 1)."""
    r = reg_no.strip().upper()
    return r in PLACEHOLDER_TINS or is_tin(r) or is_gstin(r)
