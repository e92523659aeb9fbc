# Set-up and everyday commands. `make site` and `make test` work on a fresh machine:
# they create .venv and install tsuzuri with its test dependencies first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo-history site audiences serve test bench validate lint clean vendor-cms vendor-plotly vendor-plotly-locales screenshots

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

## Build the demo site of every audience (each organization, the office) into site/<audience>/, in parallel.
audiences: demo-history
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/tsuzuri audiences build --site-dir $(CURDIR)/site

## Serve the replayed demo at http://127.0.0.1:8000; edit files under build/demo-history to see it rebuild.
serve: demo-history
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/mkdocs serve

# axe-core for the accessibility tests, at the version tests/site/package-lock.json pins.
AXE = tests/site/node_modules/.package-lock.json
$(AXE): tests/site/package.json tests/site/package-lock.json
	npm ci --prefix tests/site --no-audit --no-fund
	touch $@

## Lint (ruff; actionlint for .github/workflows, with shellcheck for their scripts), check the layer
## contracts (docs/architecture.md), then run the whole test suite
## (browser and IMAP tests need chromium and dovecot-imapd, the accessibility tests npm for axe-core).
test: $(VENV)/.installed $(AXE)
	$(BIN)/python -m ruff check tools tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/actionlint
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
	$(BIN)/actionlint

clean:
	rm -rf $(VENV) site build .pytest_cache

## Refresh the vendored Decap CMS (tools/tsuzuri/vendor/decap-cms) from the npm package: make vendor-cms VERSION=3.16.3
vendor-cms:
	rm -rf build/decap-cms && mkdir -p build/decap-cms
	cd build/decap-cms && npm pack --silent decap-cms@$(VERSION) && tar xzf decap-cms-$(VERSION).tgz
	find tools/tsuzuri/vendor/decap-cms -type f ! -name README.md -delete
	cp build/decap-cms/package/dist/decap-cms.js build/decap-cms/package/dist/*.decap-cms.js build/decap-cms/package/dist/*.wasm \
	  build/decap-cms/package/dist/decap-cms.js.LICENSE.txt tools/tsuzuri/vendor/decap-cms/
	sed -i '/^\/\/# sourceMappingURL=/d' tools/tsuzuri/vendor/decap-cms/*.js
	sed -i -E 's#"file:///home/runner/[w]ork/[^"]*"#""#g' tools/tsuzuri/vendor/decap-cms/*.js
	sed -i 's/\.trim()\.toLocaleLowerCase()\.replace(\/\[\x27\]\/g,"")\.replace(\/\[\.\]\/g,"-")/.trim()/' tools/tsuzuri/vendor/decap-cms/decap-cms.js
	grep -q 'return e.trim()}' tools/tsuzuri/vendor/decap-cms/decap-cms.js || { echo "prepareSlug was not patched: read tools/tsuzuri/vendor/decap-cms/README.md"; exit 1; }
	sed -i 's/decap-cms@[0-9.]*/decap-cms@$(VERSION)/g; s/Decap CMS\](https:\/\/decapcms.org\/) [0-9.]*/Decap CMS](https:\/\/decapcms.org\/) $(VERSION)/' tools/tsuzuri/vendor/decap-cms/README.md

## Refresh the charts' plotly.js basic bundle (tools/tsuzuri/vendor/plotly) from the npm package: make vendor-plotly VERSION=4.1.1
vendor-plotly:
	rm -rf build/plotly && mkdir -p build/plotly
	cd build/plotly && npm pack --silent plotly.js-basic-dist-min@$(VERSION) && tar xzf plotly.js-basic-dist-min-$(VERSION).tgz
	cp build/plotly/package/plotly-basic.min.js build/plotly/package/LICENSE tools/tsuzuri/vendor/plotly/
	sed -i 's/plotly.js-basic-dist-min@[0-9.]*/plotly.js-basic-dist-min@$(VERSION)/g' tools/tsuzuri/vendor/plotly/README.md

## Refresh plotly's Japanese words for the charts' toolbar (tools/tsuzuri/vendor/plotly-locales) from the npm package: make vendor-plotly-locales VERSION=3.7.0
vendor-plotly-locales:
	rm -rf build/plotly-locales && mkdir -p build/plotly-locales
	cd build/plotly-locales && npm pack --silent plotly.js-locales@$(VERSION) && tar xzf plotly.js-locales-$(VERSION).tgz
	cp build/plotly-locales/package/ja.js build/plotly-locales/package/LICENSE tools/tsuzuri/vendor/plotly-locales/
	sed -i 's/plotly.js-locales@[0-9.]*/plotly.js-locales@$(VERSION)/g' tools/tsuzuri/vendor/plotly-locales/README.md

## Take the documentation's screenshots (docs/images/) of the demo, with a forge and its CMS set up in
## the replayed copy; the CMS signs in through decap-server (npm ci --prefix tests/site).
screenshots: demo-history
	printf 'forge: {kind: github, url: "https://github.com/example/tracker", cms: {local_backend: "http://127.0.0.1:8081/api/v1"}}\n' >> $(DEMO_HISTORY)/tsuzuri.yml
	cd $(DEMO_HISTORY) && $(DEMO_ENV) $(CURDIR)/$(BIN)/mkdocs build --quiet --site-dir $(CURDIR)/build/screens-site
	MODE=git GIT_REPO_DIRECTORY=$(CURDIR)/$(DEMO_HISTORY) PORT=8081 BIND_HOST=127.0.0.1 LOG_LEVEL=warn \
	  node tests/site/node_modules/decap-server/dist/index.js & server=$$!; sleep 2; \
	  $(BIN)/python -m tsuzuri.devtools.screenshots build/screens-site docs/images; status=$$?; kill $$server; exit $$status
