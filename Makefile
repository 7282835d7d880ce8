# Two entry points: `make demo` and `make test`; both set up .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit clean fuzz bench

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
	$(BIN)/grantgrid new --notes technique --member vroche -o out/notes-technique-vroche.yaml --force
	$(BIN)/grantgrid score applications/ --json > out/scores.json
	@echo "Written: out/scores.json"
	$(BIN)/grantgrid export applications/ -o out/comite.xlsx --force
	$(BIN)/grantgrid sheets --stage technique -o out/sheets --force
	$(BIN)/grantgrid report applications/ -o out/reports --force
	$(BIN)/grantgrid committee check
	$(BIN)/grantgrid meeting meetings/2020-06-16-cuc.yaml
	$(BIN)/grantgrid minutes meetings/2020-05-19-restreint.yaml -o out/minutes-2020-05-19-restreint.html --force
	$(BIN)/grantgrid minutes meetings/2020-06-16-cuc.yaml -o out/minutes-2020-06-16-cuc.html --force
	$(BIN)/grantgrid maquette

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest -n auto

# Not part of `make test`: ~15 minutes on 2 cores; writes bench/results.json (see README).
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/committee_year.py
	$(BIN)/python bench/scorers.py

# Longer fuzzing of the loader and the whole run (tests/test_fuzz.py): coverage-guided under
# atheris when it installs, otherwise Hypothesis with many examples. Crashes go to out/fuzz-*.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	mkdir -p out/fuzz-corpus
	cp applications/*.yaml out/fuzz-corpus/
	for case in tests/hostile/*/; do \
	  if [ $$(wc -c < "$$case/dossier.yaml") -le 8192 ]; then \
	    cp "$$case/dossier.yaml" "out/fuzz-corpus/$$(basename $$case).yaml"; fi; done
	if $(BIN)/python -m pip install -q atheris; then \
	  $(BIN)/python tests/test_fuzz.py -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -artifact_prefix=out/fuzz- out/fuzz-corpus; \
	else \
	  HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -p no:cacheprovider tests/test_fuzz.py; \
	fi

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
