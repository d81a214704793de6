# The two commands of the README are `make site` and `make test`; each creates or refreshes the
# virtual environment in .venv first (re-installing when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SITE_DIR ?= _site

.PHONY: site test lint typecheck schemas golden venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,run]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/leaderboard build -o $(SITE_DIR)

golden: $(STAMP)
	$(BIN)/python scripts/regenerate_golden.py

test: $(STAMP)
	scripts/ensure-chromium.sh
	$(BIN)/ruff check leaderboard tests scripts
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check leaderboard tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

schemas: $(STAMP)
	$(BIN)/python -c 'from leaderboard.jsonschemas import write_json_schemas; write_json_schemas("schemas")'

clean:
	rm -rf $(VENV) $(SITE_DIR) .leaderboard-cache .pytest_cache .mypy_cache .ruff_cache
