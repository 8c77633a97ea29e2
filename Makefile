# Two commands matter: `make html` builds the sample site, `make test` runs every test.
# Both set up what they need first (a virtualenv in .venv; for the tests also Chromium, a Java
# runtime and the npm packages of the HTML checker and axe-core).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The browser tests drive this Chromium; GitHub's runners point it at their Chrome.
DIGEST_CHROMIUM ?= /usr/bin/chromium
export DIGEST_CHROMIUM
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help html publish check test serve devserver clean bench golden chromium system-tools

# SETTINGS=publishconf.py builds the site as published (absolute URLs from DIGEST_SITEURL).
SETTINGS ?= pelicanconf.py

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 10

html: $(VENV)/.installed ## set up .venv and build the site into output/ (drafts left out)
	$(BIN)/digest build --settings $(SETTINGS)
	@[ -f $(VENV)/.told ] || { echo "digest is in $(VENV)/bin: run '. $(VENV)/bin/activate' to type digest ... here (or 'pipx install .' for every folder)"; touch $(VENV)/.told; }

publish: $(VENV)/.installed ## build the published site (needs DIGEST_SITEURL=https://...)
	$(BIN)/digest build --settings publishconf.py

# Every content problem at once, without building; CI passes CHECK_FLAGS=--format=github.
CHECK_FLAGS ?=
check: $(VENV)/.installed ## every content problem, as file:line:col
	$(BIN)/digest check $(CHECK_FLAGS)

test: $(VENV)/.installed-test system-tools node_modules/.installed ## set up everything the tests need and run them all
	$(BIN)/python -m pytest

# Preview while editing: rebuilds on every save and reloads the open pages (Ctrl-C stops it).
PORT ?= 8000
serve: $(VENV)/.installed ## preview with drafts on 127.0.0.1 (PORT=8000); rebuilds on every save
	$(BIN)/digest serve --port $(PORT)

devserver: serve ## the same as serve (as pelican-quickstart names it)

# Timings against plain Pelican on the same synthetic corpus, and of the pure steps; see bench/.
bench: $(VENV)/.installed ## timings against plain Pelican (see bench/)
	$(BIN)/python -m bench.bench_build 100 1000
	$(BIN)/python -m bench.bench_import 200
	$(BIN)/python -m bench.bench_related 1000 10000
	$(BIN)/python -m bench.bench_preview 0 10000

clean: ## remove what builds and tests made
	rm -rf output .output.* .cache .pytest_cache test-artifacts node_modules

# Rewrites the expected importer outputs in tests/golden/ from the current importer; review the diff.
golden: $(VENV)/.installed-test ## rewrite tests/golden/ from the current importer
	$(BIN)/python -m tests.golden.regenerate

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "digest needs Python 3.11 or newer: set PYTHON=python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# What the tests need from the system, installed from Debian only where it is missing:
# Chromium (browser tests), Java (the Nu HTML Checker), Node.js and npm (to fetch the checkers).
system-tools:
	@missing=""; \
	[ -x "$(DIGEST_CHROMIUM)" ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

chromium: system-tools

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
