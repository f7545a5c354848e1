# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# torch must be resolved in the same pip command as everything else, pinned to the
# CPU build on disk; left to the resolver it pulls a multi-GB CUDA build.
PIP_INSTALL := $(BIN)/pip install --quiet torch==2.13.0

.PHONY: run test test-fast ingest eval eval-gate bench lint install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP_INSTALL) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/cica-qa serve

ingest: install
	$(BIN)/cica-qa ingest

eval: install
	$(BIN)/cica-qa eval

# The eval as a CI gate: every suite of evals/suites.yaml against its gate (README).
eval-gate: install
	$(BIN)/cica-qa eval --quiet --gate

# Speed, size and memory at 10,000 and 100,000 chunks, measured in one run (README
# "Performance"); about 10 minutes on 2 cores.
bench: install
	OMP_WAIT_POLICY=PASSIVE $(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Everything, in about five minutes: lint, the architecture contracts, every test.
test: lint
	$(BIN)/python -m pytest

# The tests that need neither the model nor Chroma nor a browser, in under 15 seconds (those
# libraries cannot even be imported while it runs: see tests/conftest.py). Bytecode is cached
# even where PYTHONDONTWRITEBYTECODE is set: recompiling costs a second or two every run.
test-fast: install-dev
	env -u PYTHONDONTWRITEBYTECODE CICA_TEST_FAST=1 $(BIN)/python -m pytest -q -m "not slow and not browser"

clean:
	rm -rf .cica evals/reports
