# Two commands matter: `make html` builds the sample site, `make test` runs every test.
# Both set up what they need first (a virtualenv in .venv; Chromium for the browser tests).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The browser tests drive this Chromium; GitHub's runners point it at their Chrome.
DIGEST_CHROMIUM ?= /usr/bin/chromium
export DIGEST_CHROMIUM
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: html test serve clean bench golden chromium

# SETTINGS=publishconf.py builds the site as published (absolute URLs from DIGEST_SITEURL).
SETTINGS ?= pelicanconf.py

html: $(VENV)/.installed
	$(BIN)/digest build --settings $(SETTINGS)

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

serve: $(VENV)/.installed
	$(BIN)/digest serve --port 8000

# Timings against plain Pelican on the same synthetic corpus; see bench/.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.bench_build 100 1000

clean:
	rm -rf output .output.* .cache .pytest_cache test-artifacts

# Rewrites the expected importer outputs in tests/golden/ from the current importer; review the diff.
golden: $(VENV)/.installed-test
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

chromium:
	@if [ ! -x "$(DIGEST_CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser tests ($(DIGEST_CHROMIUM) is missing)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
