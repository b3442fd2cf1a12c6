# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install frontend migrate demo run test lint format check

install: $(VENV)/.installed frontend

# GOV.UK Frontend compiled with Arial at build time (npm registry only; no CDN).
frontend: static/build/css/app.css

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/css/app.css: node_modules/.installed frontend/build.mjs $(wildcard frontend/scss/*.scss)
	node frontend/build.mjs

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The web server and the background worker that renders agenda packs, together (Procfile,
# run by honcho): Ctrl-C stops both.
run: demo
	HOST=$(HOST) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile -d $(CURDIR)

# The suite on every core (pytest-xdist; each worker has its own test database), a module at a
# time to whichever worker is free, the modules marked `long` first (tests/conftest.py).
# TEST_WORKERS=0 runs it in one process; `.venv/bin/pytest tests/x.py` runs one file in one
# process; TEST_ARGS adds pytest's own arguments (CI gives SQLite's run `-m "not browser"`:
# see .ci/run).
TEST_WORKERS ?= auto
TEST_ARGS ?=
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder $(TEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run

# Scale and speed (issue 10): Postgres at 127.0.0.1, 153 authorities x 10 years, gunicorn + wrk;
# writes docs/performance.md. About 30 minutes on 2 cores; not part of `make test`. The harness
# is perf/ (benchmarks/ is the app for the DfE's benchmark data).
PGHOST ?= 127.0.0.1
.PHONY: perf perf-tools
perf: install perf-tools
	$(BIN)/python perf/run.py

# What `make perf` needs besides the venv (gunicorn is a dev dependency): wrk, the Postgres
# client, Chromium and Redis from Debian, each only when missing, the local Postgres cluster
# started when nothing answers at $(PGHOST), and Redis (the servers' shared figures cache) when
# nothing answers at 127.0.0.1:6379. perf/run.py checks; it never installs.
perf-tools:
	@missing=""; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v createdb >/dev/null 2>&1 || missing="$$missing postgresql-client"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@if ! pg_isready -h $(PGHOST) -q; then \
		cluster=$$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1); \
		[ -n "$$cluster" ] || { echo "No Postgres at $(PGHOST) and none installed."; exit 1; }; \
		echo "starting Postgres $$cluster"; \
		pg_ctlcluster --skip-systemctl-redirect $$cluster main start; \
		for i in $$(seq 30); do pg_isready -h $(PGHOST) -q && break; sleep 1; done; \
	fi
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
		echo "starting Redis"; \
		redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no; \
	fi

# Eight people at once for 30 s on the app as `make run` starts it, on SQLite and on Postgres
# (127.0.0.1): no 500, no lost save. `make test` runs the same test for 8 s on one database.
.PHONY: concurrency
concurrency: install
	CONCURRENCY_SECONDS=30 CONCURRENCY_DATABASES=sqlite,postgres \
	CONCURRENCY_REPORT=var/concurrency.jsonl $(BIN)/pytest tests/test_concurrency.py -s -p no:cacheprovider

# Schemathesis over the whole API (issue 15): every check, coverage + fuzzing + stateful phases,
# signed in as officer_hf on the demo data, on port 8300. A few minutes; not part of `make test`.
.PHONY: fuzz
fuzz: install
	$(BIN)/python perf/fuzz.py
