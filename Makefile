# CAM Atlas: the two commands a newcomer needs are `make run` and `make test`.
# Both are idempotent; they create .venv on first use and reinstall only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= $(or $(CAM_ATLAS_PORT),8050)
WORKERS ?= $(or $(CAM_ATLAS_WORKERS),2)
PIP_FILTER := grep -v -e "is ignored: it is neither" -e "^$$" || true
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Offline machines keep the SDG platforms' files beside the repository (as the tests assume): use them when present.
SHARED_SDG := $(abspath $(CURDIR)/../shared/indicator-sources/open-sdg)
ifeq ($(origin CAM_ATLAS_INDICATOR_MIRROR),undefined)
  ifneq ($(wildcard $(SHARED_SDG)),)
    export CAM_ATLAS_INDICATOR_MIRROR := $(SHARED_SDG)
  endif
endif

.PHONY: run test lint typecheck bench chromium services clean

## Serve the dashboard at http://127.0.0.1:$(PORT) through gunicorn (prepares boundary data on first use).
run: $(VENV)/.installed
	$(BIN)/cam-atlas boundaries prepare
	$(BIN)/cam-atlas serve --port $(PORT) --workers $(WORKERS)

## Install test tools (and Debian's chromium when missing), then run the whole suite, browser tests included.
test: $(VENV)/.installed-test chromium services
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Lint (ruff check, ruff format --check) and type-check (mypy, files listed in pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

bench: $(VENV)/.installed-test chromium
	$(BIN)/cam-atlas bench --json

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian chromium (needs root or sudo)"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## PostgreSQL and Redis for the `services` tests (started and stopped by tests/services.py, loopback only).
services:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then \
	  echo "installing Debian postgresql and redis-server (needs root or sudo)"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql redis-server >/dev/null; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "CAM Atlas needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | $(PIP_FILTER)

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e . 2>&1 | $(PIP_FILTER)
	$(BIN)/python -m pip check
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e ".[test]" 2>&1 | $(PIP_FILTER)
	$(BIN)/python -m pip check
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist *.egg-info
