# Two commands for a newcomer: `make demo` and `make test`. Each sets up .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO ?= facts/examples/mno-network-shutdown.yaml

.PHONY: demo test lint types unit rules-check schemas docs notebooks notebook-outputs venv clean \
	bench engines-313 messages

# durable-rules 2.0.28, the default engine, has no wheel: pip builds it from source. On Python
# 3.13+ its C code calls PyEval_CallObject, which 3.13 removed; told to use the function that
# replaced it, the same source builds and runs (pyproject.toml leaves it out there, so that a
# plain `pip install rightsrules` still installs, with the reference engine).
durable_313 = CC="$${CC:-gcc} -DPyEval_CallObject=PyObject_CallObject" $(1) -m pip \
	install --quiet --no-binary durable-rules durable-rules==2.0.28

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 13))' \
		&& $(call durable_313,$(BIN)/python) || true
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

# The knowledge base: lint errors fail; every rule fired by some case and not fired by another;
# the rules compared with themselves change no example's advice (diff's own check).
rules-check: $(STAMP)
	$(BIN)/rightsrules lint rules/
	$(BIN)/rightsrules test --coverage --threshold 100
	$(BIN)/rightsrules diff --exit-code rules rules facts/examples > /dev/null

# Rewrite the JSON Schemas generated from the vocabulary (tests/test_schemas.py checks them).
schemas: $(STAMP)
	$(BIN)/rightsrules schema scenario > src/rightsrules/schemas/scenario.schema.json
	$(BIN)/rightsrules schema test > src/rightsrules/schemas/test.schema.json
	$(BIN)/rightsrules schema campaign > src/rightsrules/schemas/campaign.schema.json

# Rewrite docs/sections.md and docs/vocabulary.md from the catalogue and the vocabulary
# (tests/test_authoring_pages.py checks them).
docs: $(STAMP)
	$(BIN)/python -m rightsrules.authoring docs

# JupyterLab on the notebooks of examples/, from this environment (its Python kernel is the one
# with rightsrules installed). JUPYTER_ARGS passes options on, e.g. JUPYTER_ARGS=--no-browser.
notebooks: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=examples $(JUPYTER_ARGS)

# The translation template from the sources (babel.cfg), merged into every language's catalogue
# (src/rightsrules/locale/README.md says how to translate).
LOCALE := src/rightsrules/locale
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k translate -k NP_:1c,2 -o $(LOCALE)/rightsrules.pot --sort-by-file --add-location=file -c TRANSLATORS: \
		--project=rightsrules --copyright-holder='rightsrules developers' .
	@for po in $(wildcard $(LOCALE)/*/LC_MESSAGES/rightsrules.po); do \
		lang=$$(basename $$(dirname $$(dirname $$po))); \
		$(BIN)/pybabel -q update -D rightsrules -i $(LOCALE)/rightsrules.pot -d $(LOCALE) -l $$lang; \
	done

# Run every notebook top to bottom and write it back with its outputs (tests/test_notebooks.py
# checks that the committed outputs are current). After editing a notebook's .py script:
# `$(BIN)/jupytext --sync examples/NN-name.py`, then this.
notebook-outputs: $(STAMP)
	$(BIN)/python -m tests.notebook_outputs

# The engine and the differential tests once more on Python 3.13, where one is installed (pyenv
# or the PATH), in an environment of their own: durable_rules built as above, and the advice of
# the CLI naming it as the engine that ran.
PYTHON313 ?= $(firstword $(foreach p,python3.13 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13),$(shell $(p) -c 'import sys' >/dev/null 2>&1 && echo $(p))))
VENV313 := .venv-3.13
STAMP313 := $(VENV313)/.installed

$(STAMP313): pyproject.toml
	$(PYTHON313) -m venv $(VENV313)
	$(VENV313)/bin/python -m pip install --quiet --upgrade pip
	$(VENV313)/bin/python -m pip install --quiet -e '.[dev]'
	$(call durable_313,$(VENV313)/bin/python)
	touch $@

engines-313:
ifeq ($(PYTHON313),)
	@echo "engines-313: no Python 3.13 here; the engine tests ran on $$($(BIN)/python -V) only"
else
	$(MAKE) --no-print-directory $(STAMP313)
	$(VENV313)/bin/python -c 'import durable.engine'
	$(VENV313)/bin/rightsrules advise $(DEMO) --format markdown | grep -q 'engine `durable_rules`'
	$(VENV313)/bin/pytest -q -p no:cacheprovider -W "ignore:datetime.datetime.utcfromtimestamp:DeprecationWarning" \
		tests/test_engine.py tests/test_engines.py tests/test_differential.py
endif

test: lint types unit rules-check engines-313

# Speed and memory figures into benchmarks/RESULTS.md (about 10 minutes). experta is a
# benchmark-only dependency, installed without its pins (frozendict==1.2 fails on 3.10+).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m pip install --quiet --no-deps experta==1.9.4
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(VENV313) .pytest_cache .mypy_cache .ruff_cache .hypothesis
