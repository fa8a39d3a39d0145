# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-browser lint check benchmark clean

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

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis
