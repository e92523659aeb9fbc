# Set-up and everyday commands. `make site` and `make test` work on a fresh machine:
# they create .venv and install tsuzuri with its test dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: site serve test bench validate lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Build the demo tracker's site into site/ (strict: any warning fails the build).
site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

## Serve the demo site at http://127.0.0.1:8000, rebuilding when files change.
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

## Lint, then run the whole test suite (browser and IMAP tests need chromium and dovecot-imapd).
test: $(VENV)/.installed
	$(BIN)/python -m ruff check tools tests bench
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

## Validate the demo tracker.
validate: $(VENV)/.installed
	$(BIN)/tsuzuri validate .

## Run the benchmarks (minutes; prints each figure beside its target).
bench: $(VENV)/.installed
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

lint: $(VENV)/.installed
	$(BIN)/python -m ruff check tools tests bench

clean:
	rm -rf $(VENV) site .pytest_cache
