# Claimtrail: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint venv migrate demo clean python-choice

# The virtual environment, made with the first Python 3.12+ found: $(PYTHON) if given, else the
# PATH, else pyenv's versions folder. Reinstalled when requirements.txt changes, and made again
# when PYTHON names another interpreter than the one it was made with.
BASE_PYTHON := import os, sys; print(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
$(VENV)/.installed: requirements.txt $(if $(PYTHON),python-choice)
	@set -e; \
	is_ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }; \
	base() { "$$1" -c '$(BASE_PYTHON)' 2>/dev/null; }; \
	if [ -n "$(PYTHON)" ] && ! is_ok "$(PYTHON)"; then \
	  echo "PYTHON=$(PYTHON) is not Python 3.12 or newer." >&2; exit 1; \
	fi; \
	if [ -n "$(PYTHON)" ] && [ -x "$(PY)" ] && [ -f $@ ] && [ $@ -nt requirements.txt ] \
	   && [ "$$(base "$(PYTHON)")" = "$$(base "$(PY)")" ]; then exit 0; fi; \
	if [ -n "$(PYTHON)" ] && [ -x "$(PY)" ] && [ "$$(base "$(PYTHON)")" != "$$(base "$(PY)")" ]; then \
	  echo "$(VENV) was made with $$(base "$(PY)"); PYTHON=$(PYTHON) asks for another: making it again"; \
	  rm -rf $(VENV); \
	fi; \
	if [ ! -x "$(PY)" ] || ! is_ok "$(PY)"; then \
	  found="$(PYTHON)"; \
	  if [ -n "$$found" ]; then \
	    is_ok "$$found" || { echo "PYTHON=$$found is not Python 3.12 or newer." >&2; exit 1; }; \
	  else \
	    for c in python3 python python3.14 python3.13 python3.12; do \
	      p=$$(command -v $$c 2>/dev/null) || continue; \
	      if is_ok "$$p"; then found=$$p; break; fi; \
	    done; \
	  fi; \
	  if [ -z "$$found" ]; then \
	    root=$${PYENV_ROOT:-$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv")}; \
	    for p in $$(ls -d "$$root"/versions/3.*/bin/python3 2>/dev/null | sort -V); do \
	      if is_ok "$$p"; then found=$$p; break; fi; \
	    done; \
	  fi; \
	  if [ -z "$$found" ]; then \
	    echo "Claimtrail needs Python 3.12 or newer (Django 6.1 requires it) and none was found" >&2; \
	    echo "on the PATH or under pyenv. Install it (e.g. 'pyenv install 3.12' or your system's" >&2; \
	    echo "python3.12 package), or point to one: make run PYTHON=/path/to/python3.12" >&2; \
	    exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $$found ($$("$$found" --version))"; \
	  rm -rf $(VENV); "$$found" -m venv $(VENV); \
	fi; \
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip; \
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt; \
	touch $@

venv: $(VENV)/.installed

python-choice:  # always out of date: the recipe above compares the interpreters

migrate: venv
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@$(PY) manage.py create_demo_editor
	@echo ""
	@echo "Claimtrail is starting on http://$(HOST):$(PORT)/"
	@echo "  Public search:    http://$(HOST):$(PORT)/"
	@echo "  Admin (editors):  http://$(HOST):$(PORT)/admin/   log in with the account above"
	@echo "  API:              http://$(HOST):$(PORT)/api/v1/claims/"
	@echo "  API docs:         http://$(HOST):$(PORT)/api/docs/"
	@echo "  Stop with Ctrl-C."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	@if [ -n "$$DATABASE_URL" ]; then echo "Testing on $${DATABASE_URL%%\?*}"; else echo "Testing on SQLite"; fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
