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

# Which builder makes the site: mkdocs (default), properdocs (the maintained fork of MkDocs 1.x,
# which runs the same plugin) or zensical (runs no MkDocs plugin: `tsuzuri pages` writes the pages first).
BUILDER ?= mkdocs

## Build the demo site into site/ from the replayed tracker (strict: any warning fails); BUILDER=properdocs or zensical to choose.
site: demo-history
ifeq ($(BUILDER),zensical)
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/tsuzuri pages --strict
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/zensical build --strict --clean
	rm -rf site && cp -r $(DEMO_HISTORY)/site site
else
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/$(BUILDER) build --strict -f mkdocs.yml --site-dir $(CURDIR)/site
endif

## Serve the replayed demo at http://127.0.0.1:8000; edit files under build/demo-history to see it rebuild.
serve: demo-history
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/mkdocs serve

## Lint, check the layer contracts (docs/architecture.md), then run the whole test suite
## (browser and IMAP tests need chromium and dovecot-imapd).
test: $(VENV)/.installed
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
