# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-browser lint check benchmark benchmark-load backup restore clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@

# DEBUG is off unless asked for: the development commands ask for it.
# The demo accounts sign in without an authenticator app; `make run OTP_DEVELOPMENT_BYPASS=0` asks.
OTP_DEVELOPMENT_BYPASS ?= 1
RUN_ENV := DEBUG=1 OTP_DEVELOPMENT_BYPASS=$(OTP_DEVELOPMENT_BYPASS)

run: $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py setup_demo
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	DEBUG=1 $(PY) -m pytest -m "not browser"

test-browser: $(VENV)/.installed
	DEBUG=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser tests/browser

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

benchmark: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py benchmark_pages

# Cached public pages against a static copy of the same bytes, on the same gunicorn (needs wrk and
# Redis). At national scale: make benchmark-load DATABASE_URL=postgres://… (README, National scale)
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/1
benchmark-load: $(VENV)/.installed
	DEBUG=1 CACHE_URL=$(BENCH_CACHE_URL) $(PY) manage.py benchmark_load

# Raw copies of the database (README, Operations): never dumpdata, which would write the
# personal fields decrypted. Run with the production environment; `make backup DEBUG=1` in
# development. `make restore FILE=backups/carenet-….dump` refuses a database that has tables;
# FORCE=1 replaces them.
BACKUP_DIR ?= backups
backup: $(VENV)/.installed
	$(PY) manage.py backup_db --output $(BACKUP_DIR)

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=$(BACKUP_DIR)/carenet-….dump [FORCE=1]"; exit 2; }
	$(PY) manage.py restore_db "$(FILE)" $(if $(filter 1,$(FORCE)),--force)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis
