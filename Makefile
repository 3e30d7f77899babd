# Two commands do all the set-up on a fresh machine (Python 3.11+):
#   make serve   install what the site needs, then preview both languages at http://127.0.0.1:8000/
#   make test    install what the tests need, then run them
# `make build` writes the site to site/. Each target installs into .venv/ first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test chromium poppler deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve

# Published pages name their own address (canonical links, hreflang, sitemap, Open Graph)
# from SITE_URL: unset, they all point at the preview address, so building to publish warns.
site_url_warning = @if [ -z "$${SITE_URL+set}" ]; then echo "Warning: SITE_URL is not set, so the site's canonical links, sitemap and Open Graph tags point at http://127.0.0.1:8000/. To publish, set it to the site's address: SITE_URL=https://<user>.github.io/<repo>/ make $@" >&2; fi

build: $(VENV)/.site-installed
	$(site_url_warning)
	$(BIN)/mkdocs build

test: $(VENV)/.test-installed chromium poppler
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# The browser tests (tests/browser/) drive Debian's Chromium: installed with apt-get when
# missing, as root or with password-less sudo; elsewhere, install it yourself or point
# CHROMIUM at a Chromium or Chrome binary.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then echo "No Chromium at $(CHROMIUM) and no apt-get: install Chromium, then run make test CHROMIUM=/path/to/chromium" >&2; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "No Chromium at $(CHROMIUM): run sudo apt-get install chromium (the browser tests need it)" >&2; fi

# The print tests (tests/browser/test_print.py) read Chromium's PDFs back with Debian's
# poppler-utils (pdftotext, pdfinfo, pdftoppm): installed with apt-get when missing, as Chromium is.
poppler:
	@if command -v pdftotext >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then echo "No pdftotext and no apt-get: install poppler-utils (the print tests need it)" >&2; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	else echo "No pdftotext: run sudo apt-get install poppler-utils (the print tests need it)" >&2; fi

deploy: $(VENV)/.site-installed
	$(site_url_warning)
	$(BIN)/mkdocs gh-deploy

clean:
	rm -rf site test-output $(VENV)

# A new province in one step: make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"
.PHONY: province
province: $(VENV)/.site-installed
	$(BIN)/python tools/new_province.py "$(ID)" --vi "$(VI)" --en "$(EN)"

# Every text and hand-written page in both languages? Lists what is missing.
.PHONY: translations
translations: $(VENV)/.site-installed
	$(BIN)/python tools/check_translations.py

# Who each province is (data/admin-units.yml), written again from the library vietnamadminunits.
.PHONY: admin-units
admin-units: $(VENV)/.test-installed
	$(BIN)/python tools/admin_units.py

# Fetch the vendored fonts (overrides/assets/fonts/) again from npm at the pinned versions;
# `python tools/update_fonts.py --check` proves the files are what those versions give.
.PHONY: fonts
fonts: $(VENV)/.site-installed
	$(BIN)/python -m pip install --quiet -r tools/requirements-fonts.txt
	$(BIN)/python tools/update_fonts.py
