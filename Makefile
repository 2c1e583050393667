# WLSCC Portal — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test services-check lint pytest migrate seed clean audit backup restore

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

## Supply chain and static security: pip-audit over the venv + bandit (policy: scripts/audit.py)
audit: install-test
	$(PY) scripts/audit.py

## pg_dump (custom format) of DATABASE_URL into backups/
backup:
	@bash scripts/backup.sh

## pg_restore --clean --if-exists of FILE=backups/....dump into DATABASE_URL
restore:
	@bash scripts/restore.sh "$(FILE)"

pytest: install-test services-check
	$(BIN)/pytest --create-db

## Install what the tests need and run lint + the whole suite on the real Postgres and Redis
test: lint audit pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
