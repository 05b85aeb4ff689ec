# kefu — two commands on a fresh machine:
#   make search   set up, then search the starter help center interactively (the main job until the server exists)
#   make test     set up, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup search test lint typecheck bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

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

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
