# WLSCC Portal — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test services-check lint pytest migrate seed clean messages makemessages browser audit backup restore bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet ".[test,bench]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Compile the translations (locale/*/LC_MESSAGES/django.po -> .mo) with Babel: no GNU gettext needed
messages: install
	$(PY) scripts/compile_messages.py

## Refresh the .po catalogues from the code and templates (needs GNU gettext's xgettext/msgmerge)
makemessages: install
	$(PY) manage.py makemessages -l de -l fr -l ja -l ko -l zh_Hans --add-location file --no-obsolete \
		-i "tests/*" -i "build/*" -i "bench/*" -i "staticfiles/*" -i "media/*" -i "node_modules/*" \
		-i "static/*" -i "scripts/*" -i "backups/*"

## Debian's Chromium for the browser tests (never a downloaded browser) and CJK fonts for the
## Chinese/Japanese/Korean screenshots, and GNU gettext for the makemessages test; needs root for apt
browser:
	@(command -v chromium && dpkg -s fonts-noto-cjk && command -v xgettext && command -v msgmerge) >/dev/null 2>&1 || \
		(apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk gettext)

migrate: install messages
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

pytest: install-test services-check messages browser
	$(BIN)/pytest --create-db

## Install what the tests need and run lint + the whole suite on the real Postgres and Redis
test: lint audit pytest

## Consortium-scale benchmark in its own database wlscc_bench (dropped and rebuilt): 50,000
## organizations, 200,000 opportunities; page times, matching, digests, gunicorn under locust.
## Prints a table and writes bench/results.json (see README, "Performance and scaling out")
bench: $(VENV)/.installed-bench services-check messages
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
