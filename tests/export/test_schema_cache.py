"""The compiled schema check kept in the user's cache folder (issue 13): the next run loads it
without compiling; a damaged, foreign or unwritable cache never changes a result or fails."""

from __future__ import annotations

import copy
import hashlib
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import fastjsonschema
import pytest
from export_samples import EXAMPLES

from app.export import schema_cache
from app.export.schema import _without_const, catalogue_of_document, schema_for
from app.export.schema_cache import KEEP, file_of, key_of, library_version, validator
from app.export.upload_json import parse_text
from app.paths import CACHE_DIR_ENV

ROOT = Path(__file__).resolve().parents[2]
GOOD = parse_text((EXAMPLES / "original.in.json").read_bytes())


def compiled_schema() -> dict[str, Any]:
    """The schema as schema._fast compiles it (the example's version of the form)."""
    return _without_const(schema_for(catalogue_of_document(GOOD)))  # type: ignore[no-any-return]


def bad() -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    doc["part1a"][0]["act"] = "kgst"  # not one of KGST / KVAT / CST
    return doc


def no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError("compiled again instead of loaded from the cache")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", refuse)
    monkeypatch.setattr(fastjsonschema, "compile", refuse)


def answers_right(folder: Path, schema: dict[str, Any] | None = None) -> None:
    check = validator(schema or compiled_schema(), folder)
    assert check(copy.deepcopy(GOOD)) is True
    assert check(bad()) is False
    assert check("not an object") is False


def test_the_second_call_loads_the_check_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = compiled_schema()
    validator(schema, tmp_path)
    assert schema == compiled_schema()  # fastjsonschema rewrites the $refs of a copy
    kept = file_of(tmp_path, key_of(compiled_schema()))
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]
    assert kept.read_bytes()[:64] == key_of(compiled_schema()).encode()
    no_compiling(monkeypatch)
    answers_right(tmp_path)


def test_the_next_process_loads_it_without_fastjsonschema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`form9 export-json` twice: the second process neither imports fastjsonschema nor writes
    another byte, and a document breaking the schema is still refused there."""
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    child = (
        "import sys, json, copy\n"
        "from app.cli import main\n"
        "from app.export.schema import check\n"
        "from app.export.upload_json import parse_text\n"
        f"code = main(['export-json', {str(EXAMPLES / 'original.in.json')!r}, '-o', sys.argv[1]])\n"
        "doc = parse_text(open(sys.argv[1], 'rb').read())\n"
        "doc['part1a'][0]['act'] = 'kgst'\n"
        "print(json.dumps({'code': code, 'found': [f.location for f in check(doc)],\n"
        "                  'fastjsonschema': 'fastjsonschema' in sys.modules}))\n"
    )

    def run(out: Path) -> dict[str, Any]:
        done = subprocess.run([sys.executable, "-c", child, str(out)], capture_output=True,
                              text=True, cwd=ROOT, check=True)  # fmt: skip
        result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
        return result

    first, second = run(tmp_path / "1.json"), run(tmp_path / "2.json")
    assert first == {"code": 0, "found": ["part1a[0].act"], "fastjsonschema": True}
    assert second == {"code": 0, "found": ["part1a[0].act"], "fastjsonschema": False}
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert len(list((tmp_path / "cache").glob("schema-*.bin"))) == 1


def damaged(kept: bytes, key: str) -> dict[str, bytes]:
    """Cache files that must be ignored, by what is wrong with them."""
    import random

    def sealed(payload: bytes) -> bytes:  # right key and hash: only the payload is wrong
        return key.encode() + hashlib.sha256(payload).digest() + payload

    flipped = bytearray(kept)
    flipped[len(kept) // 2] ^= 0xFF
    return {
        "empty": b"",
        "random bytes": random.Random(9).randbytes(len(kept)),
        "truncated": kept[: len(kept) // 2],
        "the key alone": kept[:64],
        "a byte changed": bytes(flipped),
        "not marshal": sealed(b"\xff\x00junk"),
        "marshal cut short": sealed(marshal.dumps(("f", compile("x = 1", "x", "exec")))[:-5]),
        "not a code object": sealed(marshal.dumps(("validate", 5))),
        "not a pair": sealed(marshal.dumps(7)),
        "no such function": sealed(marshal.dumps(("validate", compile("x = 1", "x", "exec")))),
        "code that raises": sealed(marshal.dumps(("f", compile("1 / 0", "x", "exec")))),
        "not a function": sealed(marshal.dumps(("f", compile("f = 1", "x", "exec")))),
    }


def test_a_damaged_cache_file_is_ignored_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(compiled_schema())
    answers_right(tmp_path / "sound")
    kept = file_of(tmp_path / "sound", key).read_bytes()
    for what, content in damaged(kept, key).items():
        folder = tmp_path / what
        folder.mkdir()
        file_of(folder, key).write_bytes(content)
        answers_right(folder)
        assert file_of(folder, key).read_bytes() == kept, what
    no_compiling(monkeypatch)
    for what in damaged(kept, key):
        answers_right(tmp_path / what)  # the replaced file is the one loaded now


def test_an_unwritable_cache_folder_still_checks(tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("in the folder's place", encoding="utf-8")
    answers_right(tmp_path / "a file")
    answers_right(tmp_path / "a file" / "below")
    assert (tmp_path / "a file").read_text(encoding="utf-8") == "in the folder's place"
    # the cache file's own name taken by a folder: nothing is read or written there
    file_of(tmp_path / "taken", key_of(compiled_schema())).mkdir(parents=True)
    answers_right(tmp_path / "taken")
    assert file_of(tmp_path / "taken", key_of(compiled_schema())).is_dir()


def test_a_refused_write_still_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder or a full disk: the writer's OSError is swallowed, nothing is left."""
    import app.fileio

    def refused(*args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(app.fileio, "atomic_write", refused)
    answers_right(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_another_schema_never_uses_this_ones_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = compiled_schema()
    other = copy.deepcopy(mine)
    other["definitions"]["act"]["enum"].append("kgst")  # accepts what `bad()` writes
    assert key_of(mine) != key_of(other)
    assert file_of(tmp_path, key_of(mine)) != file_of(tmp_path, key_of(other))
    answers_right(tmp_path)
    # even under the other's file name (the first 16 hex digits the same), it is not loaded
    file_of(tmp_path, key_of(mine)).rename(file_of(tmp_path, key_of(other)))
    check = validator(other, tmp_path)
    assert check(copy.deepcopy(GOOD)) is True and check(bad()) is True
    assert file_of(tmp_path, key_of(other)).read_bytes()[:64] == key_of(other).encode()


def test_the_key_holds_the_library_and_python_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    schema = compiled_schema()
    key = key_of(schema)
    assert key == key_of(json.loads(json.dumps(schema)))  # the same schema, another dict
    monkeypatch.setattr(schema_cache, "library_version", lambda: "0.0.1")
    other_library = key_of(schema)
    monkeypatch.undo()
    monkeypatch.setattr(importlib.util, "MAGIC_NUMBER", b"\x00\x00\r\n")
    other_python = key_of(schema)
    assert len({key, other_library, other_python}) == 3


def test_the_library_version_is_read_without_importing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "fastjsonschema")
    assert library_version() == fastjsonschema.VERSION
    assert "fastjsonschema" not in sys.modules
    # where its source cannot be read (a frozen bundle) it is imported and asked
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert library_version() == fastjsonschema.VERSION
    assert "fastjsonschema" in sys.modules


def test_old_cache_files_go_and_others_stay(tmp_path: Path) -> None:
    names = [f"schema-{i:016x}.bin" for i in range(KEEP + 3)]
    for age, name in enumerate(names):
        (tmp_path / name).write_bytes(b"old")
        os.utime(tmp_path / name, (1_000_000 + age, 1_000_000 + age))
    (tmp_path / "notes.txt").write_text("not ours", encoding="utf-8")
    answers_right(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    new = file_of(tmp_path, key_of(compiled_schema())).name
    assert left == sorted([*names[-(KEEP - 1) :], new, "notes.txt"])


def test_code_it_cannot_take_apart_is_checked_by_fastjsonschema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastjsonschema, "compile_to_code", lambda *a, **k: "VERSION = 'x'\n")
    answers_right(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing kept


def _variants() -> list[Any]:
    """Documents the two checks must agree on: good, and broken at every level."""
    out: list[Any] = [copy.deepcopy(GOOD), bad(), "not an object", [], {}, None]
    for change in (
        lambda d: d["header"].pop("period"),
        lambda d: d["header"].__setitem__("tin", 32),
        lambda d: d["part1a"][0].__setitem__("rate", "2"),
        lambda d: d["part1a"].append({"act": "KGST"}),
        lambda d: d.__setitem__("unknown", 1),
        lambda d: d["inputs"].__setitem__("interest_rate", None),
        lambda d: d["declaration"].__setitem__("date", "14-11-2025"),
    ):
        doc = copy.deepcopy(GOOD)
        change(doc)
        out.append(doc)
    return out


def test_the_cached_check_answers_as_fastjsonschema_compiles_it(tmp_path: Path) -> None:
    # The check loaded from the cache and fastjsonschema's own compile agree on every document.
    schema = compiled_schema()
    validator(schema, tmp_path)  # written
    cached = validator(schema, tmp_path)  # loaded
    theirs = fastjsonschema.compile(copy.deepcopy(schema), detailed_exceptions=False)

    def their_answer(doc: Any) -> bool:
        try:
            theirs(doc)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    answers = [(cached(copy.deepcopy(d)), their_answer(copy.deepcopy(d))) for d in _variants()]
    assert all(ours == want for ours, want in answers), answers
    assert {want for _, want in answers} == {True, False}


def test_a_file_others_could_write_is_compiled_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The code in the cache is run: a file writable by the group or others (a shared folder) is
    # not trusted; the check is compiled, and still answers right.
    schema = compiled_schema()
    validator(schema, tmp_path)
    (path,) = tmp_path.glob("schema-*.bin")
    path.chmod(0o666)
    compiled: list[int] = []
    real = fastjsonschema.compile_to_code

    def counting(*args: Any, **kwargs: Any) -> str:
        compiled.append(1)
        return real(*args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(fastjsonschema, "compile_to_code", counting)
    answers_right(tmp_path, schema)
    assert compiled


def test_the_file_is_private_and_trusted_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Debian and Ubuntu give users umask 002 (group-writable files): the cache is still written
    # private and loaded next time.
    old = os.umask(0o002)
    try:
        validator(compiled_schema(), tmp_path)
    finally:
        os.umask(old)
    (path,) = tmp_path.glob("schema-*.bin")
    assert path.stat().st_mode & 0o777 == 0o600
    no_compiling(monkeypatch)
    answers_right(tmp_path)
