"""`form9` start-up (issue 13): `--help` imports no command module, a command imports only its own
module, and `validate` loads nothing heavy; the table of commands in app/cli.py says what the
modules say.  `--version` names the app, rate pack and form catalogue versions.  (The times are
in bench/bench_startup.py: a test cannot time a shared machine.)"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__, cli
from app.about import about

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "golden" / "nil-return.in.json"
HEAVY = {"sqlalchemy", "alembic", "openpyxl", "reportlab", "jsonschema", "fastjsonschema",
         "PySide6", "python_calamine", "pypdfium2", "uharfbuzz"}  # fmt: skip


def loaded_by(*argv: str) -> dict[str, list[str]]:
    """Run `form9 ARGV` in a fresh interpreter; the app.commands modules and the heavy packages
    it imported."""
    code = (
        "import sys, io, json, contextlib\n"
        "from app.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(argv)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps({'commands': sorted(m for m in sys.modules if m.startswith('app.commands.')),\n"
        "                  'top': sorted({m.split('.')[0] for m in sys.modules}),\n"
        "                  'model': sorted(m for m in sys.modules if m.startswith('app.model.')),\n"
        "                  'all': sorted(sys.modules),\n"
        "                  'out': out.getvalue()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)  # fmt: skip
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_help_lists_every_command_and_imports_none_of_their_modules() -> None:
    seen = loaded_by("--help")
    assert seen["commands"] == []
    assert not HEAVY & set(seen["top"])
    for name, command in cli.COMMANDS.items():
        assert name in seen["out"] and command.help.split()[0] in seen["out"]


def command_modules(seen: dict[str, list[str]]) -> list[str]:
    return [m for m in seen["commands"] if m in cli.COMMAND_MODULES]


def test_a_commands_help_imports_only_its_module() -> None:
    assert command_modules(loaded_by("validate", "--help")) == ["app.commands.engine"]
    backup = loaded_by("--data-dir", "/nowhere", "backup", "--help")
    assert command_modules(backup) == ["app.commands.backup"]


def test_validate_loads_no_sql_excel_pdf_schema_or_qt() -> None:
    seen = loaded_by("validate", str(SMALL))
    assert command_modules(seen) == ["app.commands.engine"]
    assert not HEAVY & set(seen["top"]), HEAVY & set(seen["top"])
    assert "0 error(s)" in seen["out"]


def test_recompute_of_a_sound_file_loads_no_validation_or_rate_pack(tmp_path: Path) -> None:
    # validation names an amount's decimals only when the writer refuses one (issue 13)
    seen = loaded_by("recompute", str(SMALL), "-o", str(tmp_path / "out.json"))
    assert (tmp_path / "out.json").exists()
    assert "app.model.compute" in seen["model"]
    assert not {"app.model.validation", "app.model.ratepack"} & set(seen["model"])
    assert "app.model.part4" not in seen["model"]  # an original return: no Part 4 (revisions)


#: Standard modules the commands that write upload JSON do without (issue 13: each is start-up
#: time the msgspec anchor does not pay): secrets for temporary names (app.fileio), and
#: importlib.resources' readers with zipfile and tempfile for the resources' folder (app.paths),
#: tomllib for the shipped form catalogue and rate pack (app.toml_files: rtoml reads them), shutil
#: (with bz2 and lzma) for the terminal's width (app.cli.terminal_columns), platformdirs (it imports
#: tempfile) for the cache folder on Linux (app.paths.cache_dir).
NOT_AT_START = {"secrets", "hmac", "importlib.resources", "importlib.readers", "zipfile",
                "tempfile", "tomllib", "shutil", "bz2", "lzma", "platformdirs"}  # fmt: skip


@pytest.mark.parametrize("command", ["recompute", "export-json"])
def test_writing_upload_json_loads_no_temp_name_resource_reader_or_tomllib_modules(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a user's machine: no FORM9_CACHE_DIR (the tests' own), the cache in $HOME/.cache,
    # already made by an earlier run.
    monkeypatch.delenv("FORM9_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    loaded_by(command, str(SMALL), "-o", str(tmp_path / "first.json"))
    assert list((tmp_path / ".cache" / "Form9").glob("schema-*.bin")) or command == "recompute"
    seen = loaded_by(command, str(SMALL), "-o", str(tmp_path / "out.json"))
    assert (tmp_path / "out.json").exists()
    assert not NOT_AT_START & set(seen["all"]), NOT_AT_START & set(seen["all"])


#: Modules of what the commands over upload files never do (issue 13: each dataclass they hold is
#: ~0.5 ms of every start): the GUI's opener (its row checks as the rows are read), the store's
#: facts for validation, and the matchers of rows the fast writer did not prove.
NOT_OVER_FILES = {"app.export.upload_open", "app.model.validation_context",
                  "app.export.schema_tokens"}  # fmt: skip


@pytest.mark.parametrize("command", ["recompute", "export-json", "validate"])
def test_the_commands_over_files_load_no_opener_store_facts_or_row_matchers(
    command: str, tmp_path: Path
) -> None:
    out = [] if command == "validate" else ["-o", str(tmp_path / "out.json")]
    seen = loaded_by(command, str(SMALL), *out)
    assert "app.model.validation" in seen["all"] or command == "recompute"
    assert not NOT_OVER_FILES & set(seen["all"]), NOT_OVER_FILES & set(seen["all"])


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-5", "37", "120", "300"])
def test_the_help_is_laid_out_as_argparse_lays_it_out(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal's width found without shutil is shutil's, and every help text the same."""
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli.terminal_columns() == shutil.get_terminal_size().columns

    def helps() -> list[str]:
        parser = cli.build_parser("export-json")
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return [parser.format_help(), parser.format_usage()] + [
            p.format_help() for p in action.choices.values()
        ]

    ours = helps()
    monkeypatch.setattr(cli, "_Parser", argparse.ArgumentParser)
    assert ours == helps()


def undocumented_dataclasses(path: Path) -> list[str]:
    """The dataclasses of a module that have no docstring: for each, `dataclasses` makes one from
    inspect.signature() at import, about 0.4 ms a class of every command's start (issue 13)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None
        and any("dataclass" in ast.unparse(d) for d in node.decorator_list)
    ]  # fmt: skip


def test_a_dataclass_without_a_docstring_is_found(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass A:\n    x: int\n\n"
        '@dataclass\nclass B:\n    """B."""\n\nclass C:\n    pass\n',
        encoding="utf-8",
    )
    assert undocumented_dataclasses(module) == ["A"]


def test_the_dataclasses_the_upload_json_commands_load_have_docstrings(tmp_path: Path) -> None:
    seen = loaded_by("export-json", str(SMALL), "-o", str(tmp_path / "out.json"))
    assert "app.model.form9" in seen["all"]
    found = {}
    for name in seen["all"]:
        spec = importlib.util.find_spec(name) if name.startswith("app.") else None
        if spec is not None and spec.origin is not None and spec.origin.endswith(".py"):
            found[name] = undocumented_dataclasses(Path(spec.origin))
    assert len(found) > 30
    assert {name: classes for name, classes in found.items() if classes} == {}


@pytest.mark.parametrize(("module", "name"), cli.ONE_LINE_ERRORS)
def test_the_one_line_errors_name_exceptions_of_their_modules(module: str, name: str) -> None:
    # main() finds them by name among the modules a command loaded: a typo would turn an
    # installation's error into an "internal error"
    assert issubclass(getattr(importlib.import_module(module), name), Exception)


@pytest.mark.parametrize("module", cli.COMMAND_MODULES)
def test_the_table_says_what_each_module_adds(module: str) -> None:
    """Each module adds exactly the commands the table gives it, with the table's help line."""
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub)
    added = {a.dest: a.help for a in sub._choices_actions}
    table = {name: c.help for name, c in cli.COMMANDS.items() if c.module == module}
    assert added == table


def test_every_command_runs_through_its_own_parser(tmp_path: Path) -> None:
    """A placeholder (name and help only) is never what runs: the chosen module's parser is."""
    for name in cli.COMMANDS:
        parser = cli.build_parser(name)
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert action.choices[name].get_default("func") is not None, name


def test_a_chosen_command_is_parsed_without_the_others_parsers_which_a_help_still_lists() -> None:
    """The commands not chosen are made (name and help) only when a help lists them: ~85 µs a
    parser of every command's start (issue 13)."""
    parser = cli.build_parser("export-json")
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(action.choices) == ["export-json", "export-pdf"]  # app.commands.files's
    args = parser.parse_args(["export-json", "in.json", "-o", "out.json"])
    assert args.func.__name__ == "cmd_export_json" and str(args.output) == "out.json"
    shown = parser.format_help()
    assert list(action.choices)[:2] == ["export-json", "export-pdf"]
    assert set(action.choices) == set(cli.COMMANDS)
    flowing = " ".join(shown.split())  # the help as words, whatever the terminal's width
    for name, command in cli.COMMANDS.items():
        assert f"    {name}" in shown and f"{name} {' '.join(command.help.split())}" in flowing


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main([])
    assert stop.value.code == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err


def test_version_names_the_app_the_rate_pack_and_the_form_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Form 9 Offline Utility {__version__}",
        "rate packs: 2024-08-01 (in force from 01-08-2024)",
        "form catalogues: 2024-08 (in force from 01-08-2024)",
    ]


def test_version_names_a_catalogue_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.toml").write_text("[form\n", encoding="utf-8")
    monkeypatch.setenv("FORM9_FORMS_DIR", str(tmp_path))
    info = about()
    assert info.app_version == __version__ and info.rate_packs  # still shown
    assert info.catalogues == () and len(info.problems) == 1
    assert info.problems[0].startswith("broken.toml: cannot be read")
    assert info.lines()[-1].startswith("problem: broken.toml: cannot be read")


def test_the_wheel_and_the_app_carry_one_version() -> None:
    from importlib.metadata import version

    assert version("form9") == __version__
