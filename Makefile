# Clinic360: `make run` serves the app on http://127.0.0.1:5000, `make test` runs every suite.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/package.json frontend/vite.config.ts frontend/tsconfig.json

.PHONY: run test test-unit test-api test-e2e lint api-types fmt services chromium frontend clean \
	bench-http soak lighthouse wrk

run: $(VENV)/.runtime frontend/dist/index.html
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

# Two pytest-xdist workers, a test file each at a time (TEST_WORKERS=0: one process). On 2 cores
# the suite took 528 s against 864 s in one process: its tests wait on servers, browsers and
# the database as much as they compute.
TEST_WORKERS ?= 2

test: $(VENV)/.dev frontend/dist/index.html services chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test-unit: $(VENV)/.dev services
	$(BIN)/pytest tests/unit

test-api: $(VENV)/.dev services
	$(BIN)/pytest tests/api

test-e2e: $(VENV)/.dev frontend/dist/index.html services chromium
	$(BIN)/pytest tests/e2e

# Python style and import contracts, ESLint (frontend boundaries), TypeScript, and whether the
# committed API types still match the API's OpenAPI document.
lint: $(VENV)/.dev frontend/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	cd frontend && npm run lint
	cd frontend && npm run typecheck
	scripts/api-types.sh --check

# Regenerate frontend/src/types/api.gen.ts from the OpenAPI document (no server needed).
api-types: $(VENV)/.runtime frontend/node_modules/.package-lock.json
	scripts/api-types.sh

fmt: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Speed and load (figures printed, nothing asserted; see README "Performance"). None of these
# runs in CI. BENCH_ARGS, SOAK_ARGS and RUNS pass options through.
bench-http: $(VENV)/.runtime services wrk
	$(BIN)/python scripts/bench_http.py $(BENCH_ARGS)

soak: $(VENV)/.bench services
	$(BIN)/python scripts/soak.py $(SOAK_ARGS)

lighthouse: $(VENV)/.runtime frontend/dist/index.html chromium
	RUNS=$(or $(RUNS),1) scripts/lighthouse.sh

wrk:
	@scripts/ensure-debian-package.sh wrk wrk "the HTTP benchmark"

services:
	@scripts/ensure-services.sh

chromium:
	@scripts/ensure-debian-package.sh /usr/bin/chromium chromium "the browser tests"

frontend: frontend/dist/index.html

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.bench: requirements-bench.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build
	touch $@

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .ruff_cache
