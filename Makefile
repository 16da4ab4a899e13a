# Two commands matter: `make run` and `make test`. Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

AXE := tests/browser/axe
AXE_JS := $(AXE)/node_modules/axe-core/axe.min.js

.PHONY: run test lint format install messages translations worker beat bench clean axe

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## axe-core for the accessibility gate (tests/browser/test_a11y.py), pinned in
## $(AXE)/package-lock.json; for the tests only, never served. Without npm the gate is skipped (a failure under CI=true).
$(AXE_JS): $(AXE)/package.json $(AXE)/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix $(AXE) --no-audit --no-fund --silent && touch $(AXE_JS); \
	else echo "  npm not found: the axe-core accessibility gate will be skipped"; fi

axe: $(AXE_JS)

## Compile translations (needs GNU gettext's msgfmt).
messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

## Refresh the Persian and Russian catalogues from the code (then translate the new entries).
translations: install
	$(PY) manage.py makemessages -l fa -l ru --no-obsolete --no-location -e html,txt,py -i "tests/*" -i "bench/*" -i ".venv/*"

## Install, migrate, load the playbook and demo data, and serve on http://127.0.0.1:$(PORT).
## With REDIS_URL set, a Celery worker (with beat) runs beside the web server.
## Links in e-mails and the calendar feed point at SITE_URL, which follows PORT unless set.
## DJANGO_DEBUG=false make run shows the real error pages (static files collected, plain HTTP).
run: export DJANGO_DEBUG ?= true
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_playbook
	@if [ "$$DJANGO_DEBUG" = "true" ]; then $(PY) manage.py seed_demo; \
	else echo "  DJANGO_DEBUG=false: no demo users (their password is public); sign in with your own"; \
	  HTTPS=$${HTTPS:-false} $(PY) manage.py collectstatic --no-input -v0; fi
	@echo
	@echo "  First 100 Days is at http://127.0.0.1:$(PORT)/ (links in e-mails: $$SITE_URL)"
	@if [ "$$DJANGO_DEBUG" = "true" ]; then echo "  Demo sign-ins: manager / executive / member, password first100"; fi
	@echo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "  REDIS_URL is set: starting a Celery worker with beat"; \
	  $(VENV)/bin/celery -A config worker --beat --loglevel=info & \
	  trap "kill $$! 2>/dev/null" EXIT; \
	  HTTPS=$${HTTPS:-false} $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	else \
	  HTTPS=$${HTTPS:-false} $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi

## Linters (ruff, bandit, import layers, mypy), then the whole suite. Set DATABASE_URL/REDIS_URL for the real services (.ci/run does).
test: install messages axe lint
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
	rm -rf $(VENV) $(AXE)/node_modules staticfiles test-artifacts .pytest_cache .ruff_cache
