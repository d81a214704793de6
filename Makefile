# The two commands of the README are `make site` and `make test`; each creates or refreshes the
# virtual environment in .venv first (re-installing when pyproject.toml or the lock changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SITE_DIR ?= _site

.PHONY: site test lint typecheck schemas golden venv clean lock

venv: $(STAMP)

# Dependencies and test tools come from the hash-locked requirements/test.txt (make lock); the
# package itself is installed without resolving anything more.
$(STAMP): pyproject.toml requirements/test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
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

# The hash-locked requirements the workflows install with --require-hashes (issue 11): the
# runtime set (privileged jobs) and runtime + test tools + the run extra (make test in CI). Regenerate after a
# change to pyproject.toml's dependencies; the generator is pinned too.
PIP_TOOLS_VERSION := 7.4.1
LOCK_VENV := .venv-lock
COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --build-deps-for=wheel

lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION)
	$(COMPILE) --output-file requirements/runtime.txt pyproject.toml
	$(COMPILE) --extra test --extra run --output-file requirements/test.txt pyproject.toml

clean:
	rm -rf $(VENV) $(SITE_DIR) .leaderboard-cache .pytest_cache .mypy_cache .ruff_cache
