"""The compiled upload-schema check kept between runs, as Python keeps a module's bytecode (issue 13).

Compiling the schema with fastjsonschema costs every process that checks a file about 0.023 s (its
code generator 0.010 s, Python's compile of the 100 KB it writes 0.013 s).  The compiled code
object is kept, marshalled, in the user's cache folder (app.paths.cache_dir), and the next run
loads it in about a millisecond:

- The key: sha256 of this file format, the compile options, fastjsonschema's version, Python's
  bytecode magic (importlib.util.MAGIC_NUMBER) and the canonical JSON (sorted keys) of the schema
  compiled: another schema, interpreter or library never loads this code.  One file per key,
  `schema-<first 16 hex of the key>.bin`: the whole key, the sha256 of the payload, the payload
  (marshal of the validating function's name and the code object).
- A file that is missing, unreadable, short, of another key, whose payload does not match its
  hash or does not unmarshal, or whose code does not define the function, is ignored: the schema
  is compiled as before and the file written again (app.fileio.atomic_write).  A cache folder
  that cannot be written is skipped.  The cache never fails a command.
- The code fastjsonschema writes imports its exception classes from `fastjsonschema`; it is run
  with `Refused` in their place, so a run that finds its file imports neither fastjsonschema nor
  its code generator (5 ms more).
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import hashlib
import json
import marshal
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import CodeType, FunctionType, SimpleNamespace
from typing import Any

FORMAT = "form9-schema-cache-1"
#: What fastjsonschema is asked for: a yes / no (the reference validator names the problems).
OPTIONS: dict[str, Any] = {"detailed_exceptions": False}
#: Cache files kept (one per schema, Python and fastjsonschema version); the oldest go first.
KEEP = 8
_FILE_NAME = r"schema-[0-9a-f]{16}\.bin"
_HEAD = 64 + 32  # the key (hex) and the payload's sha256

Check = Callable[[Any], bool]


class Refused(Exception):
    """The compiled check's "no": what the generated code raises as JsonSchemaValueException."""

    def __init__(self, message: str = "", *details: Any, **named: Any) -> None:
        super().__init__(message)


_IN_PLACE_OF_FASTJSONSCHEMA = SimpleNamespace(
    JsonSchemaValueException=Refused, JsonSchemaValuesException=Refused
)


def _import(
    name: str,
    globals: Mapping[str, object] | None = None,
    locals: Mapping[str, object] | None = None,
    fromlist: Sequence[str] = (),
    level: int = 0,
) -> Any:
    """The generated code's imports: its `from fastjsonschema import ...` gets `Refused`."""
    if name == "fastjsonschema" and level == 0:
        return _IN_PLACE_OF_FASTJSONSCHEMA
    return builtins.__import__(name, globals, locals, fromlist, level)


_BUILTINS = {**vars(builtins), "__import__": _import}


# ---------------------------------------------------------------- the key


def library_version() -> str:
    """fastjsonschema's version, from its version.py without importing it (that loads its code
    generator); imported when the file cannot be read (a frozen bundle keeps no source)."""
    if "fastjsonschema" not in sys.modules:
        with contextlib.suppress(ImportError, ValueError, OSError):
            version = _version_in_source()
            if version:
                return version
    import fastjsonschema

    return str(fastjsonschema.VERSION)


def _version_in_source() -> str | None:
    import importlib.util

    spec = importlib.util.find_spec("fastjsonschema")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    text = Path(next(iter(folders)), "version.py").read_text(encoding="utf-8")
    for line in text.splitlines():  # VERSION = '2.22.3'
        name, equals, value = line.partition("=")
        if name.strip() == "VERSION" and equals:
            return value.strip().strip("'\"") or None
    return None


def key_of(schema: dict[str, Any]) -> str:
    """The cache key of the compiled check of `schema` (64 hex digits)."""
    from importlib.util import MAGIC_NUMBER

    parts = (FORMAT, json.dumps(OPTIONS, sort_keys=True), library_version(), MAGIC_NUMBER.hex(),
             json.dumps(schema, sort_keys=True))  # fmt: skip
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def file_of(folder: Path, key: str) -> Path:
    return folder / f"schema-{key[:16]}.bin"


# ---------------------------------------------------------------- the check


def validator(schema: dict[str, Any], folder: Path | None = None) -> Check:
    """The compiled check of `schema` (True: the document matches it), from the cache in
    `folder` (app.paths.cache_dir) when it holds it, else compiled and kept there."""
    if folder is None:
        from app.paths import cache_dir

        folder = cache_dir()
    key = key_of(schema)
    path = file_of(folder, key)
    validate = _cached(path, key)
    if validate is None:
        compiled = _compile(schema)
        validate = _define(*compiled) if compiled is not None else None
        if compiled is None or validate is None:  # code it cannot take apart: compile() it
            return _fastjsonschema_check(schema)
        _store(path, key, *compiled)
    return _passes(validate, Refused)


def _passes(validate: Callable[[Any], Any], refused: type[Exception]) -> Check:
    def passes(doc: Any) -> bool:
        try:
            validate(doc)
        except refused:
            return False
        return True

    return passes


def _fastjsonschema_check(schema: dict[str, Any]) -> Check:
    import fastjsonschema

    compiled = fastjsonschema.compile(copy.deepcopy(schema), **OPTIONS)
    return _passes(compiled, fastjsonschema.JsonSchemaException)


def _compile(schema: dict[str, Any]) -> tuple[str, CodeType] | None:
    """fastjsonschema's module text for `schema`, compiled; its first function checks the whole
    schema (the others, its definitions).  None if the text has no function."""
    import fastjsonschema

    text = fastjsonschema.compile_to_code(copy.deepcopy(schema), **OPTIONS)  # it rewrites $refs
    first = re.search(r"^def (\w+)\(", text, re.MULTILINE)
    if first is None:
        return None
    return first.group(1), compile(text, "<form9 upload schema check>", "exec")


def _define(name: str, code: CodeType) -> Callable[[Any], Any] | None:
    """Run the module code in a namespace of its own; its function `name`, None without one."""
    namespace: dict[str, Any] = {"__name__": "form9_schema_check", "__builtins__": _BUILTINS}
    exec(code, namespace)
    validate = namespace.get(name)
    return validate if isinstance(validate, FunctionType) else None


# ---------------------------------------------------------------- the cache file


def _own(fd: int) -> bool:
    """Is the open file the user's own and writable by no one else?  The code in it is run, so
    (like Python's own .pyc) only what this account wrote is trusted: a cache folder on a shared
    drive (FORM9_CACHE_DIR) holding another user's file is compiled anew instead (POSIX)."""
    if os.name != "posix":
        return True
    st = os.fstat(fd)
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _cached(path: Path, key: str) -> Callable[[Any], Any] | None:
    """The check kept in `path` for `key`; None when the file is missing, not the user's own or
    not sound."""
    try:
        with open(path, "rb") as fh:
            if not _own(fh.fileno()):
                return None
            data = fh.read()
    except OSError:
        return None
    payload = data[_HEAD:]
    if data[:64] != key.encode("ascii") or data[64:_HEAD] != hashlib.sha256(payload).digest():
        return None  # another key, or truncated or damaged since it was written
    try:
        name, code = marshal.loads(payload)
        if not isinstance(name, str) or not isinstance(code, CodeType):
            return None
        return _define(name, code)
    except Exception:  # noqa: BLE001 (whatever a damaged file does, the schema is compiled anew)
        return None


def _store(path: Path, key: str, name: str, code: CodeType) -> None:
    """Keep the compiled check in `path`; skipped when the folder cannot be written."""
    from app.fileio import atomic_write

    payload = marshal.dumps((name, code))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as fh:
            if os.name == "posix":  # private whatever the umask: only such a file is run (_own)
                os.fchmod(fh.fileno(), 0o600)
            fh.write(key.encode("ascii") + hashlib.sha256(payload).digest() + payload)
    except OSError:
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """At most KEEP cache files: the ones written longest ago go (other schemas, Pythons or
    fastjsonschema versions); any that cannot be listed or removed is left."""

    def written(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    try:
        files = [p for p in folder.iterdir() if re.fullmatch(_FILE_NAME, p.name)]
    except OSError:
        return
    for old in sorted(files, key=written, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
