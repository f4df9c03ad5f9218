"""Resources travel with the package (issue 10): resources/ is shipped as the package data
`app.resources` and read with importlib.resources; a missing rate pack or schema is a one-line
error, never a silent None.  (`make check-wheel`, run by .ci/run, installs the built wheel in a
fresh venv and runs form9 from outside the repository.)"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest

import app.paths
from app.cli import main
from app.model.ratepack import RatePackError
from app.paths import ResourcesMissing, resource, resources_dir
from app.ratepacks import pack_for_period, shipped_packs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "return-2025-10.json"


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]  # type: ignore[no-any-return]


def test_every_package_and_resource_is_in_the_wheel_configuration() -> None:
    st = _setuptools()
    listed = set(st["packages"])  # type: ignore[call-overload]
    code = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "app").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    data = {"app.resources"} | {
        f"app.resources.{d.name}" for d in (ROOT / "resources").iterdir()
        if d.is_dir() and d.name != "__pycache__"
    }  # fmt: skip
    assert listed == code | data
    assert st["package-dir"] == {"app.resources": "resources"}
    patterns: dict[str, list[str]] = st["package-data"]  # type: ignore[assignment]
    for path in (ROOT / "resources").rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts or path.name == "__init__.py":
            continue
        package = "app.resources." + path.parent.name
        assert any(fnmatch(path.name, pat) for pat in patterns.get(package, [])), path


def test_the_bundle_puts_the_resources_where_the_package_is() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(root / "resources"), "app/resources")' in spec


def test_the_editable_install_finds_them_from_anywhere(tmp_path: Path) -> None:
    """Run from a folder outside the repository, as an installed command is."""
    code = "import app.paths; print(app.paths.resources_dir())"
    found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                           text=True, check=True)  # fmt: skip
    assert Path(found.stdout.strip()) == ROOT / "resources"
    form9 = Path(sys.executable).with_name("form9")
    run = subprocess.run([str(form9), "validate", str(SAMPLE)], cwd=tmp_path,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 0 and run.stdout.endswith("0 error(s), 0 warning(s)\n"), run.stderr


def test_shipped_files_are_found_by_name() -> None:
    assert resources_dir() == ROOT / "resources"
    assert resource("rates", "2024-08-01.toml").is_file()
    assert [p.version for p in shipped_packs()] == ["2024-08-01"]
    with pytest.raises(ResourcesMissing, match=r"^schema/nope.json is missing from this "):
        resource("schema", "nope.json")


@pytest.fixture
def no_rate_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    empty = tmp_path / "resources"
    (empty / "rates").mkdir(parents=True)
    (empty / "forms").symlink_to(resources_dir() / "forms")
    monkeypatch.setattr(app.paths, "resources_dir", lambda: empty)
    shipped_packs.cache_clear()
    yield empty
    shipped_packs.cache_clear()


def test_a_missing_rate_pack_is_an_error_not_none(no_rate_packs: Path) -> None:
    with pytest.raises(RatePackError, match="no rate pack in .*rates: the installation is "):
        pack_for_period("2025-10")
    assert pack_for_period("not a period") is None  # validation reports the period itself


def test_validate_says_so_in_one_line(
    no_rate_packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(SAMPLE)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"form9: no rate pack in {no_rate_packs / 'rates'}: the installation is incomplete; "
        "reinstall Form 9\n"
    )


def test_a_broken_rate_pack_names_its_file(
    no_rate_packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (no_rate_packs / "rates" / "2024-08-01.toml").write_text("version = [", encoding="utf-8")
    assert main(["export-pdf", str(SAMPLE), "-o", str(no_rate_packs / "x.pdf")]) == 1
    assert capsys.readouterr().err.startswith("form9: rate pack 2024-08-01.toml: ")
    assert not (no_rate_packs / "x.pdf").exists()


def test_a_missing_form_catalogue_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The upload file's schema is made from the form catalogue (the shipped schema file is the
    first version's, for other programs): without the catalogue, every command says so."""
    from app import forms

    real = resources_dir()
    copy = tmp_path / "resources"
    copy.mkdir()
    for part in ("rates", "fonts", "schema"):
        (copy / part).symlink_to(real / part)
    monkeypatch.setattr(app.paths, "resources_dir", lambda: copy)
    forms._catalogues_in.cache_clear()
    try:
        assert main(["export-json", str(SAMPLE), "-o", str(tmp_path / "x.json")]) == 1
    finally:
        forms._catalogues_in.cache_clear()
    assert capsys.readouterr().err == (
        f"form9: forms is missing from this installation ({copy}); reinstall Form 9\n"
    )
    assert not (tmp_path / "x.json").exists()
