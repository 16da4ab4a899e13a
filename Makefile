# Two commands matter: `make run` and `make test`. Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format install messages translations worker beat bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Compile translations (needs GNU gettext's msgfmt).
messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

## Refresh the Persian and Russian catalogues from the code (then translate the new entries).
translations: install
	$(PY) manage.py makemessages -l fa -l ru --no-obsolete --no-location -e html,txt,py -i "tests/*" -i "bench/*" -i ".venv/*"

## Install, migrate, load the playbook and demo data, and serve on http://127.0.0.1:$(PORT).
## With REDIS_URL set, a Celery worker (with beat) runs beside the web server.
run: install messages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --no-input -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py load_playbook
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo
	@echo
	@echo "  First 100 Days is at http://127.0.0.1:$(PORT)/"
	@echo "  Demo sign-ins: manager / executive / member, password first100"
	@echo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "  REDIS_URL is set: starting a Celery worker with beat"; \
	  DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(VENV)/bin/celery -A config worker --beat --loglevel=info & \
	  trap "kill $$! 2>/dev/null" EXIT; \
	  DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else \
	  DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

## Linters (ruff, bandit, import layers, mypy), then the whole suite. Set DATABASE_URL/REDIS_URL for the real services (.ci/run does).
test: install messages lint
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r config onboarding roadmap stakeholders metrics -ll -x '*/migrations/*'
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) manage.py check --fail-level WARNING
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Celery processes for a REDIS_URL setup (docker-compose runs them as services).
worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=info

bench: install messages
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
