# Quick start: `make demo` and `make test`; each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= cases/pace-s63b/charged-adult-theft-trigger.yaml

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pocapace check $(DEMO)

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/pocapace cases run

bench: $(STAMP)
	$(BIN)/python bench/check.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
