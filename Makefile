# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app
TEST_DATABASE_URL_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install run test lint test-sqlite test-postgres translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@echo "== privacycontrole (deduce) voorbereiden; de eerste keer duurt dat ongeveer 2 minuten"
	$(BIN)/python -m training.intervision.privacy
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

run: install
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) demo seed
	@echo "Netwerkwijs draait op http://127.0.0.1:$(PORT) (stoppen met Ctrl-C)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint test-sqlite test-postgres

test-sqlite: install
	@echo "== tests op SQLite"
	$(BIN)/pytest -q

# The PostgreSQL pass runs whenever the server answers; .ci/run insists that it ran.
test-postgres: install
	@rm -f .test-pg-ran
	@if $(BIN)/python -m training.dbcheck "$(TEST_DATABASE_URL_PG)"; then \
		echo "== tests op PostgreSQL ($(TEST_DATABASE_URL_PG))"; \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL_PG)" $(BIN)/pytest -q -m "not browser" && touch .test-pg-ran; \
	else \
		echo "== PostgreSQL antwoordt niet: de PostgreSQL-ronde is overgeslagen"; \
	fi

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
