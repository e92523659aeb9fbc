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
DEMO_ENV = SOURCE_DATE_EPOCH=$(DEMO_EPOCH)

## Replay the demo tracker as back-dated commits by its members into build/demo-history,
## with HOJO's plan tagged plan-baseline before it slipped.
demo-history: $(VENV)/.installed
	rm -rf $(DEMO_HISTORY)
	$(BIN)/python -m tsuzuri.devtools.demo_history . $(DEMO_HISTORY) --today $(DEMO_TODAY) --baseline HOJO=plan-baseline

## Build the demo site into site/ from the replayed tracker (strict: any warning fails).
site: demo-history
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/mkdocs build --strict --site-dir $(CURDIR)/site

## Serve the replayed demo at http://127.0.0.1:8000; edit files under build/demo-history to see it rebuild.
serve: demo-history
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/mkdocs serve

# axe-core for the accessibility tests, at the version tests/site/package-lock.json pins.
AXE = tests/site/node_modules/.package-lock.json
$(AXE): tests/site/package.json tests/site/package-lock.json
	npm ci --prefix tests/site --no-audit --no-fund
	touch $@

## Lint, check the layer contracts (docs/architecture.md), then run the whole test suite
## (browser and IMAP tests need chromium and dovecot-imapd, the accessibility tests npm for axe-core).
test: $(VENV)/.installed $(AXE)
	$(BIN)/python -m ruff check tools tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

## Validate the demo tracker.
validate: $(VENV)/.installed
	$(BIN)/tsuzuri validate .

## Run the benchmarks (minutes; prints each figure beside its target).
bench: $(VENV)/.installed
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

lint: $(VENV)/.installed
	$(BIN)/python -m ruff check tools tests bench
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) site build .pytest_cache
