# Factcheck: the few commands a newcomer needs. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Tests and `run-services` use the real services; these defaults match this project's machines.
export TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/factcheck
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
HOST ?= 127.0.0.1
PORT ?= 8000
HUNSPELL_DE := /usr/share/hunspell/de_DE.dic
HUNSPELL_EN := /usr/share/hunspell/en_US.dic
FREEDICT_DE_EN := /usr/share/dictd/freedict-deu-eng.dict.dz

.DEFAULT_GOAL := help
.PHONY: help run test test-fast run-services bench lint format lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed $(HUNSPELL_DE) $(HUNSPELL_EN) $(FREEDICT_DE_EN) ## Install, migrate, load the demo and serve on http://127.0.0.1:8000 (SQLite, no services)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/  login admin / factcheck-demo)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# German compounds in claim and evidence suggestions split on the stems of Debian's hunspell-de-de.
# Optional for `make run` (without it compounds are not split): a machine without apt or root goes on.
$(HUNSPELL_DE):
	-(apt-get update -qq && apt-get install -y -qq hunspell-de-de) \
	  || echo "hunspell-de-de not installed: German compounds will not be split in suggestions"

# English words: a capitalised ordinary word ("Mayor", "Director") in a heading or before a name is no name.
# Optional for `make run` too: without it every capitalised word inside an English sentence may be a name.
$(HUNSPELL_EN):
	-(apt-get update -qq && apt-get install -y -qq hunspell-en-us) \
	  || echo "hunspell-en-us not installed: capitalised English words will all count as names"

# German <-> English terms for evidence and stance suggestions from Debian's FreeDict dictionary.
# Optional for `make run` too: without it only the hand lexicon bridges the two languages.
$(FREEDICT_DE_EN):
	-(apt-get update -qq && apt-get install -y -qq dict-freedict-deu-eng) \
	  || echo "dict-freedict-deu-eng not installed: evidence will not be searched across German and English"

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium

test: $(BIN)/.installed-dev /usr/bin/chromium $(HUNSPELL_DE) $(HUNSPELL_EN) $(FREEDICT_DE_EN) ## Install and run the whole test suite against PostgreSQL and Redis
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

run-services: $(BIN)/.installed $(HUNSPELL_DE) $(HUNSPELL_EN) $(FREEDICT_DE_EN) ## Run web (port 8000, or PORT in .env) + Celery worker + beat against PostgreSQL/Redis (env from .env, see .env.example)
	test -f .env || cp .env.example .env
	$(BIN)/honcho run $(BIN)/python manage.py migrate --noinput
	$(BIN)/honcho run $(BIN)/python manage.py collectstatic --noinput
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --port $(PORT)  # the Procfile's python and celery: the venv's

/usr/bin/wrk:
	apt-get update -qq && apt-get install -y -qq wrk

bench: $(BIN)/.installed-dev /usr/bin/wrk /usr/bin/chromium ## Run the benchmarks and print their figures (PostgreSQL)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m tests.bench

lint: $(BIN)/.installed-dev ## Check style (ruff)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(BIN)/.installed-dev ## Fix style (ruff)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

lock: ## Re-pin requirements.txt / requirements-dev.txt from the *.in files
	rm -rf /tmp/factcheck-lock && $(PYTHON) -m venv /tmp/factcheck-lock
	/tmp/factcheck-lock/bin/pip install --quiet -r requirements.in
	/tmp/factcheck-lock/bin/pip freeze --exclude-editable > requirements.txt
	/tmp/factcheck-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Pinned test and tooling dependencies, on top of requirements.txt."; echo "-r requirements.txt"; \
	 /tmp/factcheck-lock/bin/pip freeze --exclude-editable | grep -vxFf requirements.txt) > requirements-dev.txt

clean: ## Remove the virtualenv and var/ (the embedded database)
	rm -rf $(VENV) var/*.sqlite3 var/static
