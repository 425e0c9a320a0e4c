# Two entry points a newcomer needs: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test check soak system-packages install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make re-runs cheap while still reinstalling when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The sample programs tell their story on this date (see docs/sample-data.md).
DEMO_TODAY ?= 2027-03-15

demo: install
	$(BIN)/progtui --today $(DEMO_TODAY) demo

# Chromium, Java (and, as root, setpriv) from apt when missing; stops first, before any install.
system-packages:
	@scripts/system-packages

# Format, lint, types and layers: what pre-commit runs too (.pre-commit-config.yaml).
check: install-test
	$(BIN)/ruff format --check --quiet src tests bench
	$(BIN)/ruff check --quiet src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The load, kill and storm tests run bounded here (pyproject's addopts deselect `soak`), and
# a minute of the fuzzer ...
test: system-packages check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ... and only their long versions here (about seven minutes on 2 cores); -s shows the counts.
soak: system-packages install-test
	$(BIN)/python -m pytest -m soak -s $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/run.py
	$(BIN)/python bench/tables.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/app.py
	$(BIN)/python bench/fuzz.py --minutes 10

clean:
	rm -rf $(VENV) .pytest_cache
