"""The one TOML reader (app.toml_files): the shipped files by rtoml, read exactly as tomllib reads
them; a user's own files by tomllib; every refusal in tomllib's words (issue 13)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from app import toml_files
from app.paths import resources_dir
from app.toml_files import TomlError, parse, read, shipped

SHIPPED = sorted(resources_dir().rglob("*.toml"))


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, a date is not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def test_the_app_ships_toml_files() -> None:
    names = {p.parent.name for p in SHIPPED}
    assert {"forms", "rates", "sheets"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_reads_as_tomllib_reads_it(path: Path) -> None:
    assert shipped(path)
    text = path.read_text(encoding="utf-8")
    assert same(parse(text, fast=True), tomllib.loads(text))
    assert same(read(path), tomllib.loads(text))


def test_a_users_file_is_read_by_tomllib(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text("a = { x = 1,\n  y = 2 }\nb = 2024-08-01\n", encoding="utf-8")  # TOML 1.1
    assert not shipped(user)
    with pytest.raises(TomlError) as refused:
        read(user)
    with pytest.raises(tomllib.TOMLDecodeError) as by_tomllib:
        tomllib.loads(user.read_text(encoding="utf-8"))
    assert str(refused.value) == str(by_tomllib.value)
    assert parse(user.read_text(encoding="utf-8"), fast=True)["a"] == {"x": 1, "y": 2}  # rtoml


def test_a_broken_file_is_refused_in_tomllibs_words_by_either_parser() -> None:
    for text in ("version = [", "[a]\n[a]\n", "x = 1\nx = 2\n"):
        with pytest.raises(tomllib.TOMLDecodeError) as by_tomllib:
            tomllib.loads(text)
        for fast in (True, False):
            with pytest.raises(TomlError) as refused:
                parse(text, fast=fast)
            assert str(refused.value) == str(by_tomllib.value)


def test_what_only_tomllib_takes_is_read_as_tomllib_reads_it() -> None:
    # rtoml refuses a number too large for a float; tomllib reads it as infinity
    assert parse("a = 1e400", fast=True) == tomllib.loads("a = 1e400")


def test_a_file_outside_a_missing_installation_is_a_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import paths

    def missing() -> Path:
        raise paths.ResourcesMissing("gone")

    monkeypatch.setattr(paths, "resources_dir", missing)
    assert not toml_files.shipped(tmp_path / "x.toml")
