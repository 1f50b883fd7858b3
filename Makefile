# The two commands every new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHURA := $(BIN)/shura
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_SUBMISSIONS ?= 120

.PHONY: run setup install test faults lint format clean messages

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Create the database, store the definitions, load demo data (idempotent).
setup: install
	$(SHURA) db upgrade
	$(SHURA) definitions sync
	$(SHURA) seed-demo --submissions $(DEMO_SUBMISSIONS)

## Set everything up and serve on http://127.0.0.1:5000
run: setup
	@echo
	@echo "Shura is starting on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	@echo
	$(SHURA) run --host $(HOST) --port $(PORT)

## Run the whole test suite (PostgreSQL, Redis and browser tests need their services).
test: install
	$(BIN)/pytest

## The fault matrix: servers killed and restarted under load (PostgreSQL, Redis, a worker;
## a few minutes). `make test` leaves it out.
faults: install
	$(BIN)/pytest -m faults tests/faults

lint: install
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

format: install
	$(BIN)/ruff format app tests
	$(BIN)/ruff check --fix app tests

## Extract the interface's messages and update the French and Arabic catalogs.
messages: install
	$(BIN)/pybabel -q extract -F app/babel.cfg --no-location --sort-output -o app/translations/messages.pot app
	$(BIN)/pybabel -q update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete --width 100

clean:
	rm -rf $(VENV) instance .pytest_cache
