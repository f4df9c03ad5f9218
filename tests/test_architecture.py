"""Import rules (DEVELOPERS.md): ui → store/export → model; the model is pure; Qt only via app.ui.qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).parent.parent / "app"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(sub: str = "") -> list[Path]:
    return sorted((APP / sub).rglob("*.py"))


def test_model_imports_only_model_and_the_standard_library() -> None:
    allowed_third_party: set[str] = set()
    for path in files("model"):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert (
                top in sys.stdlib_module_names
                or name.startswith("app.model")
                or top in allowed_third_party
            ), f"{path.relative_to(APP)} imports {name}"


def test_model_does_no_file_or_network_io() -> None:
    banned = ("open(", "read_text(", "write_text(", "socket", "urllib", "subprocess", "tomllib")
    for path in files("model"):
        text = path.read_text(encoding="utf-8")
        for word in banned:
            assert word not in text, f"{path.relative_to(APP)} uses {word}"


#: Entry points that start the window: `python -m app` and `form9 --self-test` (it opens the main
#: window off screen to check an installation).
WINDOW_ENTRY_POINTS = ("__main__.py", "selftest.py")


def test_nothing_outside_ui_imports_ui_and_only_ui_qt_imports_pyside() -> None:
    for path in files():
        rel = path.relative_to(APP).as_posix()
        names = imports_of(path)
        if not rel.startswith("ui/") and rel not in WINDOW_ENTRY_POINTS:
            assert not any(n.startswith("app.ui") for n in names), f"{rel} imports app.ui"
        if rel != "ui/qt.py":
            assert not any(n.startswith("PySide6") for n in names), (
                f"{rel} imports PySide6 directly"
            )


def test_store_and_export_do_not_import_each_others_ui_or_sql_leaks() -> None:
    for path in files("export"):
        assert not any(
            n.startswith("app.store") or n.startswith("sqlalchemy") for n in imports_of(path)
        ), path
    for path in files("store"):
        assert not any(n.startswith("app.export") for n in imports_of(path)), path


def test_model_imports_with_qt_and_sql_blocked() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'sqlalchemy', 'alembic', 'reportlab', 'openpyxl'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pkgutil, importlib, app.model\n"
        "for m in pkgutil.walk_packages(app.model.__path__, 'app.model.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=APP.parent, check=False)  # fmt: skip
    assert proc.stdout.strip() == "ok", proc.stderr


def test_only_numbers_builds_decimals_from_text_or_rounds() -> None:
    for path in files():
        rel = path.relative_to(APP).as_posix()
        if rel == "model/numbers.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "ROUND_HALF" not in text, f"{rel} rounds money itself"
        assert ".quantize(" not in text, f"{rel} quantizes"
        assert "float(" not in text, f"{rel} uses float()"


def test_no_decimal_is_built_from_text_outside_numbers() -> None:
    for path in files():
        rel = path.relative_to(APP).as_posix()
        if rel == "model/numbers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Decimal"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                raise AssertionError(
                    f"{rel}:{node.lineno} builds a Decimal from text; use app.model.numbers"
                )


def test_desk_services_sit_between_the_windows_and_the_store() -> None:
    """app/desk (practitioner services used by the CLI and the windows) may use store, export and
    model, never the windows; only the windows and the commands use it."""
    for path in files():
        rel = path.relative_to(APP).as_posix()
        names = imports_of(path)
        uses_desk = any(n.startswith("app.desk") for n in names)
        if rel.startswith("desk/"):
            assert not any(n.startswith("app.ui") for n in names), f"{rel} imports app.ui"
        elif uses_desk:
            assert rel.startswith(("ui/", "commands/")), f"{rel} imports app.desk"
