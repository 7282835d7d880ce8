# Two entry points: `make demo` and `make test`; both set up .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/grantgrid validate applications/
	$(BIN)/grantgrid score applications/
	$(BIN)/grantgrid score applications/ --json > out/scores.json
	@echo "Written: out/scores.json"
	$(BIN)/grantgrid export applications/ -o out/comite.xlsx --force
	$(BIN)/grantgrid report applications/ -o out/reports --force

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
