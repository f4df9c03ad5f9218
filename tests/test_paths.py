from pathlib import Path

import pytest

from app.paths import (
    CACHE_DIR_ENV,
    DATA_DIR_ENV,
    RESOURCES_PACKAGE,
    _package_folder,
    cache_dir,
    data_dir,
    resources_dir,
)


def test_data_dir_option_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert data_dir(tmp_path / "from-option") == tmp_path / "from-option"
    assert (tmp_path / "from-option").is_dir()
    assert data_dir() == tmp_path / "from-env"
    assert (tmp_path / "from-env").is_dir()


def test_default_is_the_platform_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_dir().is_relative_to(tmp_path)


def test_cache_dir_is_the_environments_else_the_platforms_user_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "from-env"))
    assert cache_dir() == tmp_path / "from-env"
    assert not (tmp_path / "from-env").exists()  # made when something is kept there
    monkeypatch.delenv(CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir().is_relative_to(tmp_path / "xdg")


def test_resources_ship_the_rate_pack_and_schema() -> None:
    assert (resources_dir() / "rates" / "2024-08-01.toml").is_file()
    assert (resources_dir() / "schema" / "form9-upload-v1.schema.json").is_file()


def test_the_resources_folder_is_the_one_importlib_resources_gives() -> None:
    # found from the package's import spec (no importlib.resources readers at start-up, issue 13)
    from importlib.resources import files

    assert resources_dir() == Path(str(files(RESOURCES_PACKAGE)))
    assert _package_folder("app.model") == Path(str(files("app.model")))


def test_anything_but_a_regular_package_on_disk_is_left_to_importlib_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loose_parts").mkdir()  # a namespace package: no __init__.py
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _package_folder("loose_parts") is None
    assert _package_folder("app.no_such_package") is None
    assert _package_folder("no_such_top_package.resources") is None
    assert _package_folder("app.paths") is None  # a module, not a package


@pytest.mark.parametrize(
    ("xdg", "home"),
    [(None, "/home/leela"), ("/var/tmp/xdg-cache", "/home/leela"), ("relative/cache", "/home/leela"),
     ("", "/home/leela"), (None, "relative-home")],
)  # fmt: skip
def test_the_cache_folder_is_platformdirs_own(
    xdg: str | None, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Followed without importing platformdirs on Linux; the same folder it gives, whatever the
    # XDG and HOME settings (a relative one is not used, as platformdirs does not).
    from platformdirs import user_cache_dir

    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(user_cache_dir("Form9", "Form9 Offline Utility"))
