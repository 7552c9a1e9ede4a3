# CSP Hub: `make run` sets everything up and serves the demo; `make test` sets up and runs
# every test. Both work on a fresh machine with Python 3.12+ and Node 20+.

.DEFAULT_GOAL := help
SHELL := /bin/bash

# Django 6 needs Python 3.12 or newer: take the first interpreter that is new enough.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist workers: one per core, at most four (each runs its own live server and Chromium).
TEST_WORKERS ?= auto

.PHONY: help setup run serve test lint format worker testdata chromium documentlibs clean bench-load mutation

help:
	@echo "make run    set up, migrate, load the demo partnership and serve it at http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite (lint, unit, integration, browser)"
	@echo "make serve  production: migrate, collectstatic, serve with gunicorn and the worker (README)"

$(VENV)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "CSP Hub needs Python 3.12 or newer (Django 6 does): none was found on PATH." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

core/static/core/css/main.css: node_modules/.installed core/static_src/main.scss scripts/build-frontend.mjs
	npm run --silent build

setup: $(VENV)/.installed core/static/core/css/main.css documentlibs
	@mkdir -p var

# WeasyPrint (PDF) and CairoSVG (charts in Word) need Debian's Pango and Cairo.
documentlibs:
	@bash scripts/ensure-document-libs.sh

# Both targets run the web server, the task worker and the scheduler under supervisord, which restarts any
# when it exits (docs/decisions.md); Ctrl+C stops them all.
run: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo
	@echo "Starting the background worker, the scheduler and the web server at http://$(HOST):$(PORT) (Ctrl+C stops them)"
	@HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/supervisord -n -c scripts/supervisord/run.conf -j var/supervisord.pid

# Production: settings from the environment (README, "Production"), gunicorn on HOST:PORT.
serve: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v1
	@echo "Serving config.wsgi with gunicorn at $(HOST):$(PORT), with the background worker and the scheduler (Ctrl+C stops them)"
	@HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/supervisord -n -c scripts/supervisord/serve.conf -j var/supervisord.pid

worker: setup
	$(PY) manage.py db_worker --queue-name '*'

# 100 signed-in users for 2 minutes on PostgreSQL (DATABASE_URL) through `make serve`'s server.
bench-load: setup
	$(PY) bench/load.py $(BENCH_ARGS)

testdata: $(VENV)/.installed
	@$(PY) scripts/fetch_test_data.py

chromium:
	@bash scripts/ensure-chromium.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup testdata chromium lint
	$(PY) manage.py makemigrations --check --dry-run -v1
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal $(PYTEST_ARGS)

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules core/static/core/css core/static/core/js core/static/core/assets staticfiles var

# Mutation testing (not part of `make test` or CI; docs/testing.md, "Mutation testing"): mutmut
# mutates the four modules whose mistakes matter most and runs each mutant against only the tests
# that execute the mutated function. Narrow it with, e.g., MUTATION_MODULES='accounts.permissions*'.
MUTATION_JOBS ?= 1
MUTATION_MODULES ?= accounts.permissions* actions.deadlines* actions.services.x_owners_resolve* \
	actions.services.x_deadline_warnings* funding.services* assessments.statistics*
mutation: $(VENV)/.installed
	@$(PY) -c 'import mutmut' 2>/dev/null || { echo "mutmut is missing from $(VENV): it is in pyproject.toml's dev extra; regenerate requirements.lock and run make setup" >&2; exit 1; }
	$(VENV)/bin/mutmut run --max-children $(MUTATION_JOBS) $(foreach m,$(MUTATION_MODULES),'$(m)')
	$(VENV)/bin/python scripts/mutation_scores.py
