# The two commands of the README: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Kuska needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# scripts/system-deps.sh installs the PDF report's system libraries (and, for the tests, chromium) where they are
# missing and it may (root or sudo, apt-get); elsewhere it says what is missing, the report's PDF is skipped and its
# tests (and the browser tests) are skipped.
# The demo runs in development mode (local keys); Kuska is otherwise safe by default (KUSKA_DEBUG off).
demo: $(STAMP)
	sh scripts/system-deps.sh --no-browser
	KUSKA_DEBUG=true $(BIN)/kuska demo

# The suite runs on every core (pytest-xdist: one process and one test database per worker). --dist loadgroup hands
# out one test at a time, except the tests of one xdist_group (those of a costly shared fixture such as the demo),
# which run together on one worker. PYTEST_WORKERS=0 runs it in a single process; PYTEST_ARGS adds options.
PYTEST_WORKERS ?= auto

test: $(STAMP)
	sh scripts/system-deps.sh
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

check: test lint typecheck

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
