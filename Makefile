# Keep Models Fresh: `make serve` to write, `make test` to prove. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export NO_MKDOCS_2_WARNING := 1
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: help setup browser serve build test update-examples bench screenshots clean

help:
	@echo "make serve            build and serve the site at http://127.0.0.1:8000/ (live reload)"
	@echo "make test             install what is missing, then run the whole suite"
	@echo "make build            verify every snippet and build site/ for deployment"
	@echo "make update-examples  rewrite expected outputs (#> lines, .output.txt) from real runs"
	@echo "make bench            measure load, run and stop times in Chromium (medians)"
	@echo "make screenshots      every page in light and dark, 1280 and 390 px, into screenshots/"

setup: .venv/.kmf-synced node_modules/.kmf-installed

.venv/.kmf-synced: pyproject.toml uv.lock .python-version
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.kmf-installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

browser:
	@command -v chromium >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else \
	  echo "Chromium is missing: install it with 'sudo apt-get install chromium', then run make test again."; exit 1; \
	fi

serve: setup
	KMF_VERIFY=changed $(UV) run mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	KMF_VERIFY=all $(UV) run mkdocs build --strict

test: setup browser
	$(UV) run pytest

update-examples: setup
	$(UV) run pytest -m verify --update-examples

bench: setup browser
	$(UV) run python bench/bench.py

screenshots: setup browser
	$(UV) run python tools/screenshots.py --run

clean:
	rm -rf site build .cache .pytest_cache screenshots bench-results
