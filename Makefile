# WLSCC Portal — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test services-check lint pytest migrate seed clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## Set up everything and serve the portal on http://$(HOST):$(PORT)
run: seed
	@bash scripts/serve.sh $(HOST) $(PORT)

services-check: install-test
	@$(PY) scripts/check_services.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

pytest: install-test services-check
	$(BIN)/pytest --create-db

## Install what the tests need and run lint + the whole suite on the real Postgres and Redis
test: lint pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
