# Two commands do all the set-up on a fresh machine (Python 3.11+):
#   make serve   install what the site needs, then preview both languages at http://127.0.0.1:8000/
#   make test    install what the tests need, then run them
# `make build` writes the site to site/. Each target installs into .venv/ first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test deploy clean

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

build: $(VENV)/.site-installed
	$(BIN)/mkdocs build

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

deploy: $(VENV)/.site-installed
	$(BIN)/mkdocs gh-deploy

clean:
	rm -rf site test-output $(VENV)
