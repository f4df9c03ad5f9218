"""Files and settings (issue 15 item 8): default names with TIN and period, the settings kept in the
data folder and outside it, the folder each dialog remembers, the rotating log and its tail."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from app.desk import DeskError
from app.desk.logs import MAX_BYTES, log_path, log_tail, setup_logging, stop_logging
from app.desk.settings import (
    DeskSettings,
    available_languages,
    last_folder,
    read_desk_settings,
    remember_folder,
    write_desk_settings,
)
from app.model.file_names import dealer_file_name, desk_file_name, return_file_name
from app.paths import DATA_DIR_ENV, choose_data_dir, chosen_data_dir, data_dir
from app.store.backup import BackupSettings, read_settings, write_settings


def test_default_names_carry_tin_and_period() -> None:
    assert return_file_name("32071234567", "2024-09", "json") == "32071234567-2024-09-form9.json"
    assert return_file_name("32071234567", "2024-09", ".pdf") == "32071234567-2024-09-form9.pdf"
    assert return_file_name("32071234567", "2024-09", "xlsx", return_type="revision",
                            revision_no=2) == "32071234567-2024-09-rev2-form9.xlsx"  # fmt: skip
    assert return_file_name("", "", "json") == "dealer-period-form9.json"
    assert return_file_name(" 3207/12 ", "2024-25", "zip", kind="problem report") == (
        "3207-12-2024-25-problem-report.zip"
    )
    assert dealer_file_name("32071234567", "client", "zip", date(2025, 11, 15)) == (
        "32071234567-client-2025-11-15.zip"
    )
    assert (
        desk_file_name("due-board", "xlsx", date(2025, 11, 15)) == "form9-due-board-2025-11-15.xlsx"
    )


def test_settings_live_beside_the_backup_setting(tmp_path: Path) -> None:
    assert read_desk_settings(tmp_path) == DeskSettings("", "en")
    write_settings(tmp_path, BackupSettings(keep=25))
    write_desk_settings(tmp_path, DeskSettings("  Menon & Associates ", "en"))
    assert read_desk_settings(tmp_path) == DeskSettings("Menon & Associates", "en")
    assert read_settings(tmp_path).keep == 25  # each keeps the other's entries
    write_settings(tmp_path, BackupSettings(keep=3))
    assert read_desk_settings(tmp_path).firm_name == "Menon & Associates"
    doc = json.loads((tmp_path / "settings.json").read_text())
    assert doc == {"backups": {"keep": 3}, "firm": {"name": "Menon & Associates"}, "language": "en"}
    with pytest.raises(DeskError, match="language: 'xx' is not available"):
        write_desk_settings(tmp_path, DeskSettings("x", "xx"))
    with pytest.raises(DeskError, match="firm name: at most 200 characters on one line"):
        write_desk_settings(tmp_path, DeskSettings("a\nb"))
    (tmp_path / "settings.json").write_text("{broken")
    assert read_desk_settings(tmp_path) == DeskSettings()  # defaults, never a refusal
    assert available_languages() == {"en": "English"}  # English only, for now


def test_the_chosen_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    choose_data_dir(None)
    assert chosen_data_dir() is None
    assert data_dir().is_relative_to(tmp_path / "xdg")
    choose_data_dir(tmp_path / "office")
    assert chosen_data_dir() == tmp_path / "office"
    assert data_dir() == tmp_path / "office" and (tmp_path / "office").is_dir()
    assert data_dir(tmp_path / "given") == tmp_path / "given"  # --data-dir still wins
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"  # and the environment
    choose_data_dir(None)


def test_each_dialog_remembers_its_folder(tmp_path: Path) -> None:
    assert last_folder("test-json") is None
    remember_folder("test-json", tmp_path)
    remember_folder("test-pdf", tmp_path / "gone")
    assert last_folder("test-json") == tmp_path
    assert last_folder("test-pdf") is None  # a folder that no longer exists is forgotten


def test_a_rotating_log_in_the_data_folder_and_its_tail(tmp_path: Path) -> None:
    log = logging.getLogger("app.test.rotation")
    try:
        assert setup_logging(tmp_path) == log_path(tmp_path) == tmp_path / "logs" / "form9.log"
        for n in range(3000):
            log.info("line %05d %s", n, "x" * 500)
        files = sorted(p.name for p in (tmp_path / "logs").iterdir())
        assert files[:2] == ["form9.log", "form9.log.1"] and len(files) <= 6
        assert all(p.stat().st_size <= MAX_BYTES + 1000 for p in (tmp_path / "logs").iterdir())
        tail = log_tail(tmp_path, max_bytes=20_000, max_lines=10)
        lines = tail.splitlines()
        assert len(lines) == 10 and lines[-1].endswith("line 02999 " + "x" * 500)
        assert "INFO" in lines[-1] and "app.test.rotation" in lines[-1]
    finally:
        stop_logging(tmp_path)
    log.info("not written after stop")
    assert "not written" not in log_tail(tmp_path)
    assert log_tail(tmp_path / "nowhere") == ""
