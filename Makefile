# Quick start: `make demo` and `make test`; each creates .venv and installs what it needs.
# durable-rules builds and runs on CPython 3.11 and 3.12 (not 3.13): the first of python3.12,
# python3.11 and python3 that is one of those is used, or give one: PYTHON=python3.12 make demo
SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))
PYTHON ?= $(firstword $(foreach p,python3.12 python3.11 python3,\
            $(shell command -v $(p) >/dev/null 2>&1 && $(p) -c '$(SUPPORTED)' 2>/dev/null && echo $(p))))
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= cases/pace-s63b/charged-adult-theft-trigger.yaml

.PHONY: demo test bench fuzz clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ] || ! $(PYTHON) -c '$(SUPPORTED)' 2>/dev/null; then \
	  echo "pocapace needs CPython 3.11 or 3.12 (durable-rules does not build on 3.13);" \
	       "install one, or give it: PYTHON=python3.12 make $(MAKECMDGOALS)" >&2; exit 2; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pocapace check $(DEMO)

# The suite runs on every core (pytest-xdist); PYTEST_JOBS=0 runs it in one process.
PYTEST_JOBS ?= auto

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_JOBS)
	$(BIN)/pocapace cases run

bench: $(STAMP)
	$(BIN)/python bench/check.py

fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py $(or $(N),100000)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
