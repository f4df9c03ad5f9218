# Form 9 Offline Utility — every command a developer or CI needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check check-wheel dist check-dist lint format typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m compileall -q app  # bytecode up front, as an installed app has it
	touch $(STAMP)

run: $(STAMP)  ## install and open the app (a sample dealer and return on first start)
	@$(PY) -m app.ui.platform_check  # Linux: the X11 libraries Qt's xcb plugin needs, by package
	$(PY) -m app

test: $(STAMP)  ## install and run every test, headless
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check app tests bench
	$(PY) -m ruff format --check app tests bench

format: $(STAMP)
	$(PY) -m ruff format app tests bench
	$(PY) -m ruff check --fix app tests bench

typecheck: $(STAMP)
	$(PY) -m mypy  # app --strict, tests and bench (pyproject.toml)
	for f in tests/conftest.py tests/*/conftest.py; do $(PY) -m mypy --no-warn-unused-configs $$f || exit 1; done

check: lint typecheck test  ## ruff, mypy, the import rules (tests/test_architecture.py) and all tests

check-wheel: $(STAMP)  ## build the wheel, install it in a fresh venv, run form9 from outside the repo
	PYTHON=$(PY) .ci/check_wheel.sh

dist: $(STAMP)  ## the one-folder bundle users install (PyInstaller, build.spec) → dist/form9/
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	@echo "dist/form9: $$(du -sm dist/form9 | cut -f1) MB (du's MiB; target ≤ 150)"

check-dist: dist  ## the bundle's size, `form9 --version` and `form9 --self-test` from outside the repo
	FORM9_BUNDLE=$(CURDIR)/dist/form9 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m bundle tests/test_bundle.py

bench: $(STAMP)  ## every bench/ script, each figure beside its anchor (bytecode first, as installed)
	$(PY) -m compileall -q app  # PYTHONDONTWRITEBYTECODE may be set: start-up is measured as installed
	for b in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
