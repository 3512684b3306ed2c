# Two commands are the whole set-up: `make run` and `make test`.
# Each creates (or reuses) the local virtual environment .venv/ and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bench-large clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/collabgraph run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Benchmark (bench/README.md): 10^3..10^5 papers in under 10 minutes; bench-large adds 10^6.
bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-large: $(STAMP)
	$(BIN)/python -m bench.run --large --cache bench/.cache

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) output/*.html output/*.graphml output/*.csv output/*.json
