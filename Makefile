# WLSCC Portal — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Every dependency is locked: uv.lock (hashes, every platform) for the project's own
# dependencies, requirements/tools.lock for the tools that build the environment (pip, uv).
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
UV_LOCK := $(UV) lock --python $(PYTHON)
STALE_LOCK := pyproject.toml and uv.lock disagree: run 'make lock' and commit uv.lock

.PHONY: run test install install-test services-check lint pytest migrate seed clean messages makemessages browser audit backup restore bench scan lock upgrade lock-check freeze-check tools-lock vendor-sums typecheck contracts relevance

$(UV): requirements/tools.lock
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/tools.lock
	touch $@

## Fail when pyproject.toml changed without `make lock` (uv compares every range with the lock)
lock-check: $(UV)
	@out=$$($(UV_LOCK) --locked 2>&1) || { echo "$$out" >&2; echo "$(STALE_LOCK)" >&2; exit 1; }

## Re-lock after editing pyproject.toml; keeps every version already pinned that still fits
lock: $(UV)
	$(UV_LOCK)

## Move every dependency to the newest version its range allows (then run make test)
upgrade: $(UV)
	$(UV_LOCK) --upgrade

## Re-pin the environment-building tools (requirements/tools.in -> tools.lock)
tools-lock: $(UV)
	$(UV) pip compile requirements/tools.in --generate-hashes --universal --python-version 3.11 \
		--no-header --quiet -o requirements/tools.lock

# build/requirements-<set>.txt: the lock exported with hashes for one set of extras; the venv is
# synced to exactly that file with hash checking and no resolver.
build/requirements-%.txt: uv.lock pyproject.toml | lock-check
	@mkdir -p build
	$(UV) export --locked --quiet --no-emit-project --no-header --format requirements-txt \
		$(if $(filter-out runtime,$*),$(foreach extra,$(subst +, ,$*),--extra $(extra))) -o $@

# The test and bench environments are synced exactly (anything not locked is removed); the
# runtime install only adds what is missing, so `make run` after `make test` keeps the tools.
define sync_venv
	test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip $(2) --quiet --require-hashes --python $(PY) $(if $(filter install,$(2)),--no-deps -r) $(1)
endef

$(VENV)/.installed: build/requirements-runtime.txt
	$(call sync_venv,$<,install)
	touch $@

$(VENV)/.installed-test: build/requirements-test.txt
	$(call sync_venv,$<,sync)
	touch $@ $(VENV)/.installed

# The smaller sets are exported first, so that their stamps (touched here) are newer: a later
# `install-test` (which `make bench` runs) must not sync the bench tools away.
$(VENV)/.installed-bench: build/requirements-test+bench.txt build/requirements-test.txt build/requirements-runtime.txt
	$(call sync_venv,$<,sync)
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## The test environment is exactly the lock: same names, same versions, nothing else (after
## `make bench`, exactly the lock's test and bench sets: install-test keeps the bench tools)
FREEZE_SET := $(if $(wildcard $(VENV)/.installed-bench),test+bench,test)
freeze-check: install-test build/requirements-$(FREEZE_SET).txt
	@$(PY) scripts/freeze_check.py build/requirements-$(FREEZE_SET).txt

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

## Type-check the services, selectors, permissions and roles (mypy + django-stubs; pyproject.toml)
typecheck: install-test
	$(BIN)/mypy

## The layers of the code (import-linter contracts in pyproject.toml; README "Architecture")
contracts: install-test
	$(BIN)/lint-imports

## Supply chain and static security: pip-audit over the lock (every locked version, as deployed)
## + bandit (policy: scripts/audit.py)
audit: install-test build/requirements-test+bench.txt
	$(PY) scripts/audit.py build/requirements-test+bench.txt

## pg_dump (custom format) of DATABASE_URL into backups/
backup:
	@bash scripts/backup.sh

## pg_restore --clean --if-exists of FILE=backups/....dump into DATABASE_URL
restore:
	@bash scripts/restore.sh "$(FILE)"

pytest: install-test services-check messages browser
	$(BIN)/pytest --create-db

## Install what the tests need and run lint + the whole suite on the real Postgres and Redis
test: lock-check freeze-check lint typecheck contracts audit pytest

## Consortium-scale benchmark in its own database wlscc_bench (dropped and rebuilt): 50,000
## organizations, 200,000 opportunities; page times, matching, digests, gunicorn under locust,
## Lighthouse on the key pages (npm, pinned in scan/, with Debian's Chromium).
## Prints a table and writes bench/results.json (see README, "Performance and scaling out")
bench: $(VENV)/.installed-bench browser services-check messages relevance scan/node_modules/.installed
	$(PY) -m bench.run

## Recall@10 of the keyword, semantic and combined search on the relevance set
## (tests/data/relevance.json; README, "Semantic search"), on the test database
relevance: install-test services-check messages
	$(BIN)/pytest tests/semantic/test_relevance.py -q -s

## Rewrite static/vendor/SHA256SUMS after a deliberate upgrade of a vendored front-end file
vendor-sums:
	cd static/vendor && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS

## Outside scanners against the portal (production settings, plain HTTP on 127.0.0.1, demo data
## in its own database wlscc_scan): wapiti (Debian) and Lighthouse (npm, pinned in
## scan/package-lock.json) with Debian's Chromium. About 10 minutes, not part of `make test`;
## prints findings by module and Lighthouse scores (see README, "Scanners"). Needs root for apt.
scan: install-test services-check messages scan/node_modules/.installed
	@(command -v wapiti && command -v chromium) >/dev/null 2>&1 || \
		(apt-get update && apt-get install -y wapiti chromium)
	$(PY) -m scan.run

scan/node_modules/.installed: scan/package-lock.json
	cd scan && npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier
	touch $@

clean:
	rm -rf $(VENV) $(TOOLS) build staticfiles .pytest_cache .ruff_cache
