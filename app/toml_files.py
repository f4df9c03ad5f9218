"""The one TOML reader: form catalogues, rate packs and sheets (resources/ and a user's own).

A file the app ships is parsed by rtoml (Rust): the form catalogue in a millisecond instead of
tomllib's eight, and rtoml's import is lighter than tomllib's; every command that reads a return
pays both (issue 13).  tests/test_toml_files.py proves that rtoml reads every shipped file exactly
as tomllib does.  A file a user adds (FORM9_FORMS_DIR, <data dir>/rates) is parsed by tomllib,
as before: rtoml also takes TOML 1.1 (newlines in inline tables, `\\e`), which tomllib refuses,
and a user's file must be refused the same way on every installation.  Whatever the parser,
a file that cannot be parsed raises TomlError with tomllib's message (rtoml's refusal is parsed
again by tomllib to say why, in the words the app has always used).  (docs/decisions.md)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class TomlError(ValueError):
    """A file that is not TOML (tomllib's message: what and where)."""


def shipped(path: Path) -> bool:
    """Is `path` one of the app's own resources (resources/ as installed)?"""
    from app.paths import ResourcesMissing, resources_dir

    try:
        return path.is_relative_to(resources_dir())
    except ResourcesMissing:
        return False


def parse(text: str, *, fast: bool) -> dict[str, Any]:
    """The TOML document `text`; `fast`: by rtoml (for the app's own files only, see above)."""
    if fast:
        import rtoml

        try:
            return rtoml.loads(text)
        except rtoml.TomlParsingError:
            pass  # tomllib says why, below
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc)) from None


def read(path: Path) -> dict[str, Any]:
    """The TOML file at `path` (UTF-8); OSError, UnicodeDecodeError or TomlError."""
    return parse(path.read_text(encoding="utf-8"), fast=shipped(path))
