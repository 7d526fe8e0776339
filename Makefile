# Showroom Desk: the commands in README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots i18n clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/desk init
	$(BIN)/desk demo --if-empty
	$(BIN)/desk

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	@# The same suite again with PostgreSQL behind every test's database.
	@if [ -n "$$DESK_TEST_PG_URL" ]; then \
	  echo "QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --db=postgres $(PYTEST_ARGS)"; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --db=postgres $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
	  echo "CI must run the suite on PostgreSQL: DESK_TEST_PG_URL is not set" >&2; exit 1; \
	else \
	  echo "DESK_TEST_PG_URL is not set: the suite ran on SQLite only"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots

# Re-extract the UI strings into the .ts file and compile it; translate, then run again.
i18n: $(STAMP)
	$(BIN)/python -m tools.i18n

clean:
	rm -rf $(VENV) screenshots .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
