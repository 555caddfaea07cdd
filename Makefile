# Keep Models Fresh: `make serve` to write, `make test` to prove. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NO_MKDOCS_2_WARNING := 1
# puppeteer-core (Firefox tests) drives the system's firefox-esr: never download a browser
export PUPPETEER_SKIP_DOWNLOAD := 1
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: help setup browser serve build check test update-examples bench lighthouse screenshots clean

help:
	@echo "make serve            build and serve the site at http://127.0.0.1:8000/ (live reload; PORT=8001 for another)"
	@echo "make test             install what is missing, then run the whole suite"
	@echo "make build            verify every snippet and build site/ for deployment"
	@echo "make check            quick loop: lint, content tests, verify every snippet, build (no browser tests)"
	@echo "make update-examples  rewrite expected outputs (#> lines, .output.txt) from real runs (CHANGED=1: only what changed)"
	@echo "make bench            measure load, run and stop times in Chromium (medians)"
	@echo "make lighthouse       Lighthouse (mobile) on every page, served as GitHub Pages does (medians)"
	@echo "make screenshots      every page in light and dark, 1280 and 390 px, into screenshots/"

setup: .venv/.kmf-synced node_modules/.kmf-installed

.venv/.kmf-synced: pyproject.toml uv.lock .python-version
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.kmf-installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

browser:  # Debian's Chromium (its headless shell) and Firefox ESR, which the browser tests drive
	@missing=; command -v chromium-headless-shell >/dev/null || [ -n "$$KMF_CHROMIUM" ] || missing=chromium-headless-shell; \
	command -v firefox-esr >/dev/null || [ -n "$$KMF_FIREFOX" ] || missing="$$missing firefox-esr"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
	  echo "Missing: $$missing. Install with 'sudo apt-get install $$missing', then run make test again."; exit 1; \
	fi

# `make serve PORT=8001` for another port; KMF_VERIFY=changed: re-verify only what an edit touched
PORT ?= 8000
serve: setup
	KMF_VERIFY=changed $(UV) run mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: setup
	KMF_VERIFY=all $(UV) run mkdocs build --strict

# Lint, the front end's types (tsc: tsconfig.json, then the service worker's and the Node scripts'), the browser-free tests a page or snippet can break
# (marker `content`: hub cards, quiz and exercise syntax of the real pages, count words, layout), then
# the verified strict build (the proof, kmf_site.proof).
check: setup
	$(UV) run ruff check --quiet .
	node_modules/.bin/tsc --noEmit -p tsconfig.json
	node_modules/.bin/tsc --noEmit -p tsconfig.sw.json
	node_modules/.bin/tsc --noEmit -p tsconfig.node.json
	$(UV) run pytest -m content -q -n 0 -p no:cacheprovider --no-header --ignore=tests/e2e tests
	KMF_VERIFY=all KMF_SITE_URL=http://127.0.0.1:8000/ $(UV) run mkdocs build --strict --quiet --site-dir build/check-site

# Two pytest-xdist workers, one per core: the browser tests wait on Python and the network for part
# of their time, and the verified builds run beside them (see tests/conftest.py for how they share
# one built site). --no-loadscope-reorder: the work goes out in the order tests/conftest.py sorts it
# (the slowest first), not biggest xdist group first. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: setup browser
	$(UV) run pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

# CHANGED=1: only what changed since the last green check (make check); ONLY="snippets/a.py docs/b.md": what those reach
update-examples: setup  # the build's proof (kmf_site.proof), rewriting what it checks
	$(UV) run python -m kmf_site.verification --update-examples $(if $(CHANGED),--changed) $(foreach path,$(ONLY),--only $(path)) .

bench: setup browser
	$(UV) run python bench/bench.py

lighthouse: setup browser
	$(UV) run python bench/lighthouse.py

screenshots: setup browser
	$(UV) run python tools/screenshots.py --run

clean:
	rm -rf site build .cache .pytest_cache screenshots bench-results
