"""Review of issue 13's lazy command parsers (app/cli.py `_Commands`): every error a command line
gives reads as it did in 0.2.1, where all commands were choices of the parser.

argparse names the choices of an invalid COMMAND from `action.choices` (not from
`_get_subactions`), so whenever the word `_chosen_command` picks is not the one argparse takes as
COMMAND, the message lists only the chosen module's commands."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from app import cli

ALL_CHOICES = ", ".join(
    repr(n)
    for n in (
        "export-json",
        "export-pdf",
        *(n for n in cli.COMMANDS if n not in ("export-json", "export-pdf")),
    )
)


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    return capsys.readouterr().err


def test_a_double_dash_before_a_command_lists_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 0.2.1: "invalid choice: '--' (choose from 'export-json', 'export-pdf', 'recompute', …)"
    err = _error(["--", "export-json", "in.json"], capsys)
    assert f"invalid choice: '--' (choose from {ALL_CHOICES})" in err, err


def test_a_data_folder_named_as_a_command_is_not_taken_for_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--data` is argparse's abbreviation of --data-dir: its value, not `clients`, was taken as
    # the command by _chosen_command; 0.2.1 said "the following arguments are required: COMMAND"
    # (and, with the abbreviation understood, `clients` runs)
    monkeypatch.chdir(tmp_path)
    with contextlib.suppress(SystemExit):
        cli.main(["--data", "export-json", "clients"])
    err = capsys.readouterr().err
    assert "invalid choice" not in err, err


def test_an_abbreviated_data_dir_is_skipped_when_choosing_the_command() -> None:
    # (as in 0.2.1) `form9 --data X validate f.json` is argparse's `--data-dir X validate f.json`,
    # yet the parser is built for "X" and `validate` gets a parser without its arguments
    assert cli._chosen_command(["--data", "/tmp/x", "validate", "f.json"]) == "validate"
