# Lindra: the one interface. `make run` serves the site with working forms; `make test` runs every test tier.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/functions:$(CURDIR)/infra:$(CURDIR)/plugins
TIERS := unit handlers site infra integration browser fuzz

.PHONY: messages help setup run schedule site test lint typecheck $(addprefix test-,$(TIERS)) bench clean distclean \
	package deploy soak

help:
	@echo "make run    set everything up and serve the site with working forms on http://127.0.0.1:8000"
	@echo "make test   set everything up and run every test tier ($(TIERS)), ruff and mypy"
	@echo "make test-TIER  one tier only, e.g. make test-unit"
	@echo "             make test-fuzz FUZZ_CASES=n FUZZ_SEED=n: other case counts or seeds (the seed is printed)"
	@echo "make bench  print cold-import, sign-up latency, site build and CSV export figures against their goals"
	@echo "make soak   1,000 sign-ups with replays, throttling and a DynamoDB Local restart; fails on a lost record"
	@echo "make site   build the site into output/"
	@echo "make schedule  run the daily schedules once: reminders, evaluations, the roster's (make run runs them hourly)"
	@echo "make package  build the Lambda artefacts into build/lambda/ (the functions, their wheels, the site data) and"
	@echo "             build/publisher/ (the same with Pelican, Pagefind and the site's source)"
	@echo "make deploy  package, check-build the site, sam deploy, seed the courses once, ask the publisher for the site"
	@echo "             (needs the sam and aws commands and AWS credentials; DRY_RUN=1 prints the steps only)"
	@echo "make clean  remove output/, build/ and caches; make distclean also removes .venv, node_modules and var/"

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is missing: install it (Debian: apt-get install -y python3 python3-venv)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --group dev
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install -y nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

java:
	@command -v java >/dev/null || { echo "Java is missing: install Java 17 (Debian: apt-get install -y openjdk-17-jre-headless)."; exit 1; }

# Debian's Chromium for the browser tier (Playwright drives it; it never downloads a browser of its own).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "Chromium is missing: install it (Debian: sudo apt-get install -y chromium)."; exit 1; fi; }

# Debian's LibreOffice Calc for the integration test that opens the CSV exports as a spreadsheet would.
libreoffice:
	@command -v soffice >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's libreoffice-calc for the CSV export tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null; \
	  else echo "LibreOffice is missing: install it (Debian: sudo apt-get install -y libreoffice-calc)."; exit 1; fi; }

.PHONY: java chromium libreoffice
setup: java $(VENV)/.installed node_modules/.installed

site: setup
	$(VENV)/bin/pelican content --settings pelicanconf.py --output output --delete-output-directory --quiet
	$(PY) -m pagefind --site output --silent

run: site
	$(PY) -m local.run

# The daily schedules once (hospitation, the roster, course evaluations and reminders), against a running `make run`.
schedule: setup
	$(PY) -m local.schedule

# ruff, and the architecture's import contracts (pyproject.toml's [tool.importlinter], docs/architecture.md).
lint: setup
	@! git grep -n -E '^(<<<<<<<|>>>>>>>)( |$$)' -- . || { echo "merge conflict markers left in the files above"; exit 1; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd functions && ../$(VENV)/bin/lint-imports ../pyproject.toml --no-cache

typecheck: setup
	$(VENV)/bin/mypy

# Each tier is its own pytest run: a tier that fails, or collects no test (pytest's exit 5), stops `make test`.
$(addprefix test-,$(TIERS)): test-%: setup
	$(PY) -m pytest tests/$* $(PYTEST_ARGS_$*)

# The fuzz tier (schemathesis, 1,000 cases on each route, each route on a stack of its own) on both cores.
PYTEST_ARGS_fuzz := -n 2
# The handler tests on both cores too: each test has moto (and its copy of the seeded tables and pools) to itself.
PYTEST_ARGS_handlers := -n 2
# And the integration tier: each worker has a stack of its own (DynamoDB Local and moto's server on free ports, its
# own site build, outbox and LibreOffice profile in its temporary folders).
PYTEST_ARGS_integration := -n 2

test-browser: chromium
test-integration: libreoffice

test: lint typecheck $(addprefix test-,$(TIERS))
	@echo "All test tiers passed: $(TIERS)."

# Every UI string into theme/locale/messages.pot, and the nynorsk catalogue updated from it (then translate the
# new entries in theme/locale/nn/LC_MESSAGES/messages.po; a site test fails while one is missing).
messages: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --omit-header --sort-output -o theme/locale/messages.pot .
	$(VENV)/bin/pybabel update -i theme/locale/messages.pot -d theme/locale -l nn --no-fuzzy-matching

# The Lambda artefact every function's CodeUri points at: the functions, their dependencies as wheels for the
# template's Runtime and Architectures, and theme/templates, theme/locale and network.json under site/; and the
# publisher's (build/publisher/), with the site build's dependencies and the site's source under source/.
package: $(VENV)/.installed
	$(PY) -m artefact

# Everything to AWS (docs/deploying.md); the steps are in infra/deploy.py. `make deploy DRY_RUN=1` prints them.
deploy: $(VENV)/.installed
	$(PY) -m deploy $(if $(DRY_RUN),--dry-run)

bench: site
	$(PY) bench/run.py

# 1,000 sign-ups with replays, throttling and a DynamoDB Local restart, then the whole table checked
# (docs/benchmarks.md). Not part of `make test`. SOAK_SEED=n plays one plan again; the seed is printed.
soak: setup
	$(PY) bench/soak.py

clean:
	rm -rf output build .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -not -path './node_modules/*' -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules var
