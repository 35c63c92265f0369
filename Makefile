# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app
TEST_DATABASE_URL_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

# Tests run in parallel (pytest-xdist); every browser test runs in one worker (one server,
# one Chromium) while the other workers take the rest.
JOBS ?= 2
PYTEST := $(BIN)/pytest -q -n $(JOBS) --dist loadgroup --durations=10

.PHONY: install lock lock-lrs run run-prod test lint test-sqlite test-postgres translations clean bench bench-guard soak soak-cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the versions in requirements.lock (hashes checked); the project itself on top.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@echo "== privacycontrole (deduce) voorbereiden; de eerste keer duurt dat ongeveer 2 minuten"
	$(BIN)/python -m training.privacyguard.engine
	touch $@

# The real OpenID provider the sign-in tests start (npm's oidc-provider, exactly as locked).
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --silent && touch $@; \
	else \
		echo "== npm ontbreekt: de inlogtests met een echte OpenID-provider worden overgeslagen"; \
	fi

# The real LRS the xAPI tests deliver to: Ralph (PyPI's ralph-malph, exactly as locked in
# tests/lrs/requirements.txt) in a virtualenv of its own, apart from the app's packages. When it
# cannot be built, the LRS tests are skipped (and fail in CI, which must have them).
LRS := tests/lrs
$(LRS)/.venv/.installed: $(LRS)/requirements.txt
	@rm -rf $(LRS)/.venv
	@if $(PYTHON) -m venv $(LRS)/.venv && \
		$(LRS)/.venv/bin/python -m pip install --quiet --require-hashes -r $(LRS)/requirements.txt; then \
		touch $@; \
	else \
		rm -rf $(LRS)/.venv; \
		echo "== Ralph (LRS) kon niet worden geïnstalleerd: de xAPI-tests met een echte LRS worden overgeslagen"; \
	fi

install: $(VENV)/.installed translations $(OIDC_PROVIDER)/node_modules/.installed $(LRS)/.venv/.installed

# Recompute requirements.lock from pyproject.toml's ranges, keeping the pinned versions where
# they still fit; `make lock UPGRADE=1` moves every package to its newest allowed release.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --universal --python-version 3.11 \
		--generate-hashes --quiet --custom-compile-command "make lock" \
		$(if $(UPGRADE),--upgrade) -o requirements.lock

# Recompute tests/lrs/requirements.txt (Ralph for the xAPI tests) from requirements.in.
lock-lrs: $(VENV)/.installed
	$(BIN)/uv pip compile $(LRS)/requirements.in --universal --python-version 3.11 \
		--generate-hashes --quiet --custom-compile-command "make lock-lrs" -o $(LRS)/requirements.txt

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# Development: anyone may register (OPEN_REGISTRATION=0 make run tries the closed mode); without
# MAIL_SERVER the e-mail with the confirmation link appears in this console.
OPEN_REGISTRATION ?= 1

# The privacy guard (deduce) runs as its own small service on 127.0.0.1, one per machine; the
# web app asks it over HTTP. `make run` starts it beside the site and stops it with the site.
GUARD_PORT ?= 8765

run: install
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) demo seed
	@echo "Netwerkwijs draait op http://127.0.0.1:$(PORT) (stoppen met Ctrl-C)"
	@PRIVACY_GUARD_PORT=$(GUARD_PORT) PRIVACY_GUARD_WORKERS=1 $(BIN)/python -m training.privacyguard.server & \
	guard=$$!; trap 'kill $$guard 2>/dev/null' EXIT INT TERM; \
	PRIVACY_GUARD_URL=http://127.0.0.1:$(GUARD_PORT) OPEN_REGISTRATION=$(OPEN_REGISTRATION) \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The production topology on one machine: gunicorn, an RQ worker, the scheduler and the privacy
# guard (Procfile, run by honcho) on PostgreSQL and Redis, with NETWERKWIJS_ENV=production.
# The database is made when missing; the secret key is made once in instance/ by this target
# (the app itself never invents one in production). Serves http://127.0.0.1:$(WEB_PORT).
PROD_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/netwerkwijs
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
WEB_PORT ?= 8000
WEB_WORKERS ?= 5
PROD_KEY := instance/run-prod-secret-key

$(PROD_KEY):
	@mkdir -p instance && umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@

run-prod: install $(PROD_KEY)
	@$(BIN)/python -m training.dbcheck --create "$(PROD_DATABASE_URL)" || \
		(echo "== PostgreSQL antwoordt niet op $(PROD_DATABASE_URL)"; exit 1)
	@$(BIN)/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" \
		"$(PROD_REDIS_URL)" || (echo "== Redis antwoordt niet op $(PROD_REDIS_URL)"; exit 1)
	@export NETWERKWIJS_ENV=production DATABASE_URL="$(PROD_DATABASE_URL)" REDIS_URL="$(PROD_REDIS_URL)" \
		SECRET_KEY="$$(cat $(PROD_KEY))" PRIVACY_GUARD_URL=http://127.0.0.1:$(GUARD_PORT) \
		PUBLIC_BASE_URL=http://127.0.0.1:$(WEB_PORT) GUARD_PORT=$(GUARD_PORT) \
		WEB_PORT=$(WEB_PORT) WEB_WORKERS=$(WEB_WORKERS); \
	$(FLASK) db upgrade && $(FLASK) content sync && $(FLASK) demo seed && \
	echo "Netwerkwijs (productieopstelling) draait op http://127.0.0.1:$(WEB_PORT) (stoppen met Ctrl-C)" && \
	$(BIN)/honcho start -f Procfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint test-sqlite test-postgres

test-sqlite: install
	@echo "== tests op SQLite"
	$(PYTEST)

# The PostgreSQL pass runs whenever the server answers; .ci/run insists that it ran.
test-postgres: install
	@rm -f .test-pg-ran
	@if $(BIN)/python -m training.dbcheck "$(TEST_DATABASE_URL_PG)"; then \
		echo "== tests op PostgreSQL ($(TEST_DATABASE_URL_PG))"; \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL_PG)" $(PYTEST) -m "not browser" && touch .test-pg-ran; \
	else \
		echo "== PostgreSQL antwoordt niet: de PostgreSQL-ronde is overgeslagen"; \
	fi

# The benchmark (issue 14): a fresh database per run (SQLite, and PostgreSQL database `bench`
# when the server answers), seeded at BENCH_SIZE (S, M or L), the app and the floor under
# gunicorn, locust at 1 and 16 clients; writes bench/results.json and bench/results.md.
BENCH_SIZE ?= S

bench: install
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/python -m training.bench.runner

# The privacy guard alone: 16 authors at once with a 2,000-character post, 1 and 2 workers.
bench-guard: install
	$(BIN)/python -m training.bench.guard

# The soak (issue 15): SOAK_SECONDS (default 180) of mixed reads and writes by 50 simulated
# users under gunicorn (4 workers) on PostgreSQL (database `soak`) and Redis; fails on any
# 5xx or any accepted write missing from the database. Not part of `make test`.
SOAK_SECONDS ?= 180

soak: install
	SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m training.bench.soak

# The cluster soak (issue 16): two app nodes, a worker and two schedulers on PostgreSQL
# (database `soak_cluster`) and Redis, a real SMTP server and Ralph LRS; node A and the worker
# are killed half-way. Fails unless every write, digest and statement is there exactly once.
# Writes bench/cluster.md. Not part of `make test`.
soak-cluster: install
	SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m training.bench.cluster

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
