# Two commands for a new machine:
#   make run   installs what is needed, migrates, loads the demo, serves on :8000
#              (make run PORT=8001 for another port)
#   make test  the same set-up, then the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# What the PDFs (Pango, HarfBuzz subsetting, Japanese fonts), the PostgreSQL
# driver and the PDF checks in the tests (poppler) need from Debian.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-cjk libpq-dev gcc python3-dev poppler-utils

.PHONY: run test browser-test api-test setup system-packages migrate demo lint format messages clean

# make run PORT=8001 serves elsewhere; links in mails follow (settings derive
# SITE_URL from PORT). Mails go to files under var/mail/, not the console (the
# demo alone sends about a hundred); EMAIL_URL set in the environment wins.
PORT ?= 8000
MAIL_DIR := $(CURDIR)/var/mail
run demo: export PORT := $(PORT)
# filemail:// then the absolute path ("/…"): django-environ drops one slash.
run demo: export EMAIL_URL ?= filemail:///$(MAIL_DIR)

run: setup migrate demo
	@echo "Motouke is starting on http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)."
	@echo "Log in with any demo login above; the password is demo-pass."
	@echo "Mails are written to $(MAIL_DIR)/ (one file per mail), not printed here."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

setup: system-packages $(VENV)/.installed

# The browser suite: the production stack (gunicorn, PostgreSQL, a Celery
# worker and beat on Redis) driven in Debian's Chromium. Needs PostgreSQL and
# Redis on 127.0.0.1; screenshots land in docs/screenshots/.
browser-test: setup $(VENV)/.dev-installed
	@$(MAKE) --no-print-directory system-packages SYSTEM_PACKAGES=chromium
	MOTOUKE_BROWSER_TESTS=1 $(BIN)/pytest tests/browser -n 0 $(PYTEST_ARGS)

# The API against its OpenAPI schema (schemathesis): the app on a free
# 127.0.0.1 port with a throwaway demo database, as a client and as finance.
api-test: setup $(VENV)/.dev-installed
	BIN=$(BIN) tools/api_contract.sh

system-packages:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "System packages: all present."; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "Some system packages are missing. Run this once, then try again:"; \
	  echo "  sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
	fi

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract new strings into every catalogue (then translate the ja ones with
# tools/po.py fill, and compile with tools/po.py compile).
APPS := clients workers directors engagements invoicing support api
messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages -l ja -l en --no-obsolete --no-location \
	  $(foreach a,$(APPS) tests bench tools,--ignore=$(a)) --ignore=$(VENV)
	for a in $(APPS); do (cd $$a && ../$(BIN)/python ../manage.py makemessages -l ja -l en --no-obsolete --no-location); done
	$(BIN)/python tools/po.py missing || true

clean:
	rm -rf $(VENV) staticfiles
