# Two commands for a newcomer: `make demo` and `make test`. Each sets up .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO ?= facts/examples/mno-network-shutdown.yaml

.PHONY: demo test lint types unit rules-check schemas venv clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/rightsrules advise $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

types: $(STAMP)
	$(BIN)/mypy src tests

unit: $(STAMP)
	$(BIN)/pytest -q

# The knowledge base: lint errors fail; every rule fired by some case and not fired by another.
rules-check: $(STAMP)
	$(BIN)/rightsrules lint rules/
	$(BIN)/rightsrules test --coverage --threshold 100

# Rewrite the JSON Schemas generated from the vocabulary (tests/test_schemas.py checks them).
schemas: $(STAMP)
	$(BIN)/rightsrules schema scenario > src/rightsrules/schemas/scenario.schema.json
	$(BIN)/rightsrules schema test > src/rightsrules/schemas/test.schema.json

test: lint types unit rules-check

# Speed and memory figures into benchmarks/RESULTS.md (about 10 minutes). experta is a
# benchmark-only dependency, installed without its pins (frozendict==1.2 fails on 3.10+).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m pip install --quiet --no-deps experta==1.9.4
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
