# Coprod: `make demo` to try it, `make test` to run every test.
# Setup is idempotent: each step re-runs only when its inputs changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
export DJANGO_SETTINGS_MODULE := coprod.settings

# Python 3.12+ (Django 6.1 needs it). Shims that exist but fail are skipped.
PYTHON_CANDIDATES := $(PYTHON) python3.13 python3.12 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) \
	$(wildcard /root/.pyenv/versions/3.13*/bin/python) \
	$(wildcard /root/.pyenv/versions/3.12*/bin/python) \
	/usr/bin/python3.13 /usr/bin/python3.12 python3

.PHONY: help setup python-deps assets demo test test-fast lint format check-services bench bench-load bench-profile drills clean

help:
	@echo "make demo   build everything and serve a demo on http://127.0.0.1:8000 (SQLite)"
	@echo "make test   build everything and run the whole test suite (PostgreSQL, Redis)"
	@echo "make lint   ruff, import layers, template lint and migration checks"
	@echo "make bench  time the main pages at scale 0.1 and 1.0 (see bench/README.md)"
	@echo "make drills resilience drills on throwaway PostgreSQL/Redis (DRILLS=\"redis_outage ...\" for some)"

$(STAMPS):
	@mkdir -p $(STAMPS)

$(VENV)/bin/python:
	@found=""; for c in $(PYTHON_CANDIDATES); do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then found="$$c"; break; fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "Coprod needs Python 3.12 or newer and none was found." >&2; \
	  echo "Install one (for example 'pyenv install 3.12') or run 'make PYTHON=/path/to/python3.12 ...'." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$found ($$("$$found" --version))"; \
	"$$found" -m venv $(VENV)

$(STAMPS)/python-deps: pyproject.toml $(VENV)/bin/python | $(STAMPS)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

$(STAMPS)/npm-deps: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
SCSS := $(wildcard static/scss/*.scss)

static/dist/main.css: $(SCSS) $(STAMPS)/npm-deps
	@mkdir -p static/dist
	npx --no-install sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules static/scss/main.scss $@

$(STAMPS)/vendor-js: $(STAMPS)/npm-deps
	@mkdir -p static/dist/nhsuk
	cp $(NHSUK_DIST)/nhsuk-frontend.min.js static/dist/nhsuk/nhsuk-frontend.min.js
	cp -r $(NHSUK_DIST)/assets static/dist/nhsuk/
	cp node_modules/htmx.org/dist/htmx.min.js static/dist/htmx.min.js
	@touch $@

python-deps: $(STAMPS)/python-deps
assets: static/dist/main.css $(STAMPS)/vendor-js
setup: python-deps assets

DEMO_ENV := DATABASE_URL=sqlite:///demo.sqlite3 REDIS_URL= CELERY_BROKER_URL=memory:// DEBUG=true
demo: setup
	rm -f demo.sqlite3
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py demo_data
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/coprod
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_ALLOW_ASYNC_UNSAFE=true DEBUG=true
check-services: setup
	@$(TEST_ENV) $(PY) -m coprod.check_services

test: check-services
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# Resilience drills: each starts its own PostgreSQL (as the postgres user) and Redis
# on free ports, never the shared ones, and removes them afterwards. A few minutes.
drills: setup
	$(PY) -m drills $(DRILLS)

# Django's deployment checklist, with the variables production must set (made-up
# values: nothing connects anywhere). Any warning fails the lint.
DEPLOY_CHECK_ENV := DEBUG=false SECRET_KEY=lint-only-not-a-secret-but-long-and-varied-enough-for-the-check-7f3a9c \
	ALLOWED_HOSTS=coprod.example.org DATABASE_URL=postgres://coprod@db.invalid:5432/coprod \
	REDIS_URL=redis://redis.invalid:6379/0
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint
	DEBUG=true DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# The benchmark (bench/README.md). It loads its own databases, coprod_bench_01 and
# coprod_bench_10, on the PostgreSQL server of TEST_DATABASE_URL, once; then reuses
# them. BENCH_ARGS="--reload" loads them again; "--passes 3" steadies a busy machine.
BENCH_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL)
bench: check-services
	$(BENCH_ENV) $(PY) -m bench.run $(BENCH_ARGS)

bench-load: check-services
	$(BENCH_ENV) $(PY) -m bench.load $(BENCH_ARGS)

# make bench-profile PAGE="plan page" [SCALE=0.1]: pyinstrument and the slowest queries
# of one page against an already loaded benchmark database.
SCALE ?= 1.0
bench-profile: check-services
	$(BENCH_ENV) $(PY) -m bench.profile --scale $(SCALE) "$(PAGE)" $(BENCH_ARGS)

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(STAMPS) static/dist staticfiles demo.sqlite3
