# kefu — two commands on a fresh machine:
#   make serve    set up, then run the server on http://127.0.0.1:8000 (SQLite in ./var, starter help center,
#                 demo accounts and the demo wallet at /demo)
#   make test     set up, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup serve search test lint typecheck bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

serve: setup
	$(BIN)/kefu serve --demo

search: setup
	$(BIN)/kefu search

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/quality.py --write
	$(BIN)/python bench/latency.py --write
	$(BIN)/python bench/throughput.py --write

# Phone-sized screenshots of the help center's main pages into docs/screenshots (needs Chromium).
screenshots: setup
	PYTHONPATH=tests $(BIN)/python -m browser.screenshots --out docs/screenshots

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
