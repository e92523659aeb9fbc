# Set-up and everyday commands. `make site` and `make test` work on a fresh machine:
# they create .venv and install tsuzuri with its test dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo-history site serve test bench validate lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The demo data describes 2026-11-26: its history is replayed up to that day and the site is
# built for it (SOURCE_DATE_EPOCH is 2026-11-26 18:00 JST), so overdue counts stay meaningful.
DEMO_TODAY = 2026-11-26
DEMO_EPOCH = 1795683600
DEMO_HISTORY = build/demo-history
DEMO_ENV = TSUZURI_HISTORY=$(DEMO_HISTORY) SOURCE_DATE_EPOCH=$(DEMO_EPOCH)

## Replay the demo tracker as back-dated commits by its members into build/demo-history.
demo-history: $(VENV)/.installed
	rm -rf $(DEMO_HISTORY)
	$(BIN)/python -m tsuzuri.devtools.demo_history . $(DEMO_HISTORY) --today $(DEMO_TODAY)

## Build the demo tracker's site into site/ with the replayed history (strict: any warning fails).
site: demo-history
	$(DEMO_ENV) $(BIN)/mkdocs build --strict

## Serve the demo site at http://127.0.0.1:8000, rebuilding when files change.
serve: demo-history
	$(DEMO_ENV) $(BIN)/mkdocs serve

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
	rm -rf $(VENV) site build .pytest_cache
