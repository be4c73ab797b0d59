# Cityhall — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
MANAGE := $(BIN)/python manage.py
# Type-checked by `make test` and `make lint`: shared layers, services,
# selectors and every app's API router.
MYPY_PATHS := cityhall/common cityhall/core/services cityhall/core/selectors \
	cityhall/api $(filter-out cityhall/api/api.py,$(wildcard cityhall/*/api.py))

.PHONY: run test test-fast lint format bench assets messages setup clean-venv mutation

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.lock pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

## setup: virtual environment, dependencies, migrations, static files, demo data
setup: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo

## run: serve the platform (gunicorn + task worker) at http://127.0.0.1:$(PORT)/
run: setup
	$(MANAGE) serve --port $(PORT)

# The Nu Html Checker that the browser tests run (package.json; needs java).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	elif [ "$$CI" = true ]; then \
	  echo "make: npm is needed for the HTML validator (vnu-jar)" >&2; exit 1; \
	else \
	  echo "make: npm not found; browser tests will skip HTML validation"; \
	fi

## test: the whole test suite (browser tests need /usr/bin/chromium, and java
## for HTML validation)
test: $(VENV)/.installed-dev $(VNU_JAR)
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy $(MYPY_PATHS)
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## mutation: mutation testing (mutmut), one module at a time; not part of `make test`
##   make mutation MODULES="cityhall/core/login_throttle.py cityhall/common/uploads.py"
##   Much faster on PostgreSQL: CITYHALL_DATABASE_URL=postgres://... (docs/testing.md)
MODULES ?=
mutation: $(VENV)/.installed-dev
	MUTMUT_MAX_CHILDREN=1 $(BIN)/python bin/mutation $(MODULES)

## lint: formatting, lint rules, types
lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy $(MYPY_PATHS)

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: throughput and latency benchmarks (figures go in docs/benchmarks.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/zengin.py
	$(BIN)/python bench/furigana.py
	$(BIN)/python bench/opendata.py
	$(BIN)/python bench/notices_delivery.py
	$(BIN)/python bench/notices_publish.py
	$(BIN)/python bench/reservations.py

## assets: refresh vendored front-end files from npm (needs node and npm)
assets:
	bash bin/refresh-assets

## messages: extract UI strings and compile every language's catalogue
messages: $(VENV)/.installed-dev
	$(MANAGE) makemessages --all --no-location --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) compile_catalogues
