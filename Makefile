# Portal Satu Data. The three commands of the README:
#   make demo   set up and run the demo portal at http://127.0.0.1:5000
#   make prod   the same portal as in production, on one machine: nginx,
#               gunicorn, worker and scheduler at http://127.0.0.1:8080
#   make test   run the whole test suite (what CI runs)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CKAN := $(BIN)/ckan
DEMO_DB := satudata_demo
TEST_DB := satudata_test
DEMO_INI := .local/demo.ini
HOST ?= 127.0.0.1
PORT ?= 5000
MAIL_PORT ?= 8025

.PHONY: help install services browser-deps office-deps nginx-deps demo demo-setup demo-config prod prod-setup prod-config bench-load test test-ext test-core lint bench bench-dcat bench-import bench-monitoring i18n clean

help:
	@echo "make demo    set up and start the demo portal at http://$(HOST):$(PORT)"
	@echo "make prod    production-like on one machine: nginx + gunicorn + worker + scheduler at http://$(PROD_HOST):$(PROD_PORT)"
	@echo "make test    run the whole test suite (lint, extension tests, CKAN core search tests)"
	@echo "make bench-load  load figures: make prod vs make demo (about 20 minutes)"
	@echo "make bench   benchmarks: search latency (10k, 100k datasets), DCAT profile cost, import"

$(VENV)/.installed: requirements.txt dev-requirements.txt constraints.txt overrides.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -r requirements.txt -r dev-requirements.txt -c constraints.txt
	$(BIN)/pip install -q --no-deps -r overrides.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

services:
	@scripts/services.sh

# Browser tests use Debian's Chromium (Playwright's own download is not
# possible here): install it when missing.
browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The LibreOffice round trip of the indicator template
# (tests/indicators/test_libreoffice.py) uses Debian's headless Calc and
# the uno module of Debian's python3: install them when missing.
office-deps:
	@{ command -v soffice >/dev/null && /usr/bin/python3 -c 'import uno' 2>/dev/null; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  libreoffice-calc-nogui python3-uno; }

# ---- demo -------------------------------------------------------------

$(DEMO_INI): config/portal.ini Makefile | $(VENV)/.installed
	mkdir -p .local/storage
	scripts/portal.sh configure $@ \
	  "sqlalchemy.url=postgresql://satudata:satudata@127.0.0.1:5432/$(DEMO_DB)" \
	  "ckan.site_url=http://$(HOST):$(PORT)" \
	  "ckan.redis.url=redis://127.0.0.1:6379/0" \
	  "ckan.datastore.write_url=postgresql://satudata:satudata@127.0.0.1:5432/$(DEMO_DB)_datastore" \
	  "ckan.datastore.read_url=postgresql://satudata_ro:satudata_ro@127.0.0.1:5432/$(DEMO_DB)_datastore" \
	  "ckan.storage_path=%(here)s/storage" \
	  "ckan.max_resource_size=20" \
	  "smtp.server=127.0.0.1:$(MAIL_PORT)" \
	  "smtp.starttls=false" \
	  "smtp.mail_from=portal@satudata-semarang.example" \
	  "ckanext.satudata.notification_emails=true" \
	  "ckanext.satudata.demo.site=true"
	$(CKAN) config-tool $@ -s logger_ckanext "level=INFO"

demo-config: $(DEMO_INI)

demo-setup: install services demo-config
	scripts/database.sh $(DEMO_DB)
	scripts/datastore.sh $(DEMO_DB) $(DEMO_INI)
	scripts/portal.sh migrate $(DEMO_INI)
	$(CKAN) config-tool $(DEMO_INI) "ckanext.satudata.demo.site=true"
	scripts/with-mailsink.sh $(MAIL_PORT) $(CKAN) -c $(DEMO_INI) satudata demo load
	$(CKAN) -c $(DEMO_INI) search-index rebuild -q

demo: demo-setup
	scripts/serve.sh $(DEMO_INI) $(HOST) $(PORT) $(MAIL_PORT)

# ---- production-like, on one machine ------------------------------------
# Its own databases, Redis database, storage and ports, so it runs beside
# `make demo`. PROD_DEMO=1 (the default) loads the demo content into it.
PROD_HOST ?= 127.0.0.1
PROD_PORT ?= 8080
PROD_APP_PORT ?= 8081
PROD_MAIL_PORT ?= 8026
PROD_DB ?= satudata_prod
PROD_REDIS_DB ?= 5
PROD_DEMO ?= 1
PROD_WORKERS ?=
PROD_DIR ?= .local/prod
PROD_INI := $(PROD_DIR)/prod.ini

# nginx from Debian, installed when missing
nginx-deps:
	@test -x /usr/sbin/nginx || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

prod-config: install
	mkdir -p $(PROD_DIR)/storage
	scripts/portal.sh configure $(PROD_INI) \
	  "sqlalchemy.url=postgresql://satudata:satudata@127.0.0.1:5432/$(PROD_DB)" \
	  "ckan.site_url=http://$(PROD_HOST):$(PROD_PORT)" \
	  "ckan.redis.url=redis://127.0.0.1:6379/$(PROD_REDIS_DB)" \
	  "ckan.datastore.write_url=postgresql://satudata:satudata@127.0.0.1:5432/$(PROD_DB)_datastore" \
	  "ckan.datastore.read_url=postgresql://satudata_ro:satudata_ro@127.0.0.1:5432/$(PROD_DB)_datastore" \
	  "ckan.storage_path=%(here)s/storage" \
	  "ckan.webassets.path=%(here)s/static/webassets" \
	  "ckan.cache_enabled=true" \
	  "ckan.cache_expires=60" \
	  "ckan.max_resource_size=20" \
	  "smtp.server=127.0.0.1:$(PROD_MAIL_PORT)" \
	  "smtp.starttls=false" \
	  "smtp.mail_from=portal@satudata-semarang.example" \
	  "ckanext.satudata.notification_emails=true" \
	  "ckanext.satudata.backup.directory=%(here)s/backups" \
	  "ckanext.satudata.demo.site=$(if $(filter 1,$(PROD_DEMO)),true,false)"

prod-setup: install services nginx-deps prod-config
	scripts/database.sh $(PROD_DB)
	scripts/datastore.sh $(PROD_DB) $(PROD_INI)
	scripts/portal.sh migrate $(PROD_INI)
ifeq ($(PROD_DEMO),1)
	MAIL_DIR=$(PROD_DIR)/mail scripts/with-mailsink.sh $(PROD_MAIL_PORT) \
	  $(CKAN) -c $(PROD_INI) satudata demo load
	$(CKAN) -c $(PROD_INI) search-index rebuild -q
endif
	$(CKAN) -c $(PROD_INI) asset build

prod: prod-setup
	PROD_INI=$(PROD_INI) PROD_DIR=$(PROD_DIR) PROD_HOST=$(PROD_HOST) \
	  PROD_PORT=$(PROD_PORT) PROD_APP_PORT=$(PROD_APP_PORT) \
	  PROD_MAIL_PORT=$(PROD_MAIL_PORT) PROD_WORKERS=$(PROD_WORKERS) \
	  scripts/prod.sh

# Load figures: 50 citizens + 5 staff for 3 minutes against `make prod`,
# then `make demo`, side by side (about 20 minutes; Locust in its own
# .local/venv-load; docs/load.md). A quick try:
#   make bench-load LOAD_ARGS="--stacks prod --duration 20 --citizens 5 --staff 1"
LOAD_ARGS ?=
bench-load: install
	$(BIN)/python benchmarks/load.py \
	  --demo-host $(HOST) --demo-port $(PORT) --demo-mail-port $(MAIL_PORT) \
	  --prod-host $(PROD_HOST) --prod-port $(PROD_PORT) \
	  --prod-app-port $(PROD_APP_PORT) --prod-mail-port $(PROD_MAIL_PORT) $(LOAD_ARGS)

# ---- tests ------------------------------------------------------------

lint: install
	$(BIN)/ruff check ckanext tests benchmarks

# Two worker processes (pytest-xdist), each with its own databases, Redis
# database and storage (tests/workers.py); a test file stays on one worker.
TEST_WORKERS ?= 2

test-ext: install services browser-deps office-deps
	scripts/database.sh $(TEST_DB)
	scripts/datastore.sh $(TEST_DB) test.ini
	$(BIN)/pytest --ckan-ini=test.ini tests --ignore=tests/ckan_core \
	  -n $(TEST_WORKERS) --dist loadfile --durations=25

# CKAN core's own search tests, under their own config (like test-core.ini).
test-core: install services
	scripts/database.sh $(TEST_DB)
	$(BIN)/pytest --ckan-ini=tests/ckan_core/core.ini tests/ckan_core

test: lint test-ext test-core

bench: install services
	scripts/database.sh satudata_bench
	scripts/datastore.sh satudata_bench benchmarks/bench.ini
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/dcat.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/monitoring.py

# the walidata's monitoring dashboard: 50 OPDs x 2,000 datasets x 5 years of months
bench-monitoring: install services
	scripts/database.sh satudata_bench
	scripts/datastore.sh satudata_bench benchmarks/bench.ini
	$(BIN)/python benchmarks/monitoring.py

# an indicator import against openpyxl's bare read (about a minute)
bench-import: install services
	scripts/database.sh satudata_bench
	scripts/datastore.sh satudata_bench benchmarks/bench.ini
	$(BIN)/python benchmarks/import.py

# the DCAT profile's cost alone (a few minutes)
bench-dcat: install services
	scripts/database.sh satudata_bench
	scripts/datastore.sh satudata_bench benchmarks/bench.ini
	$(BIN)/python benchmarks/dcat.py

clean:
	rm -rf .local build *.egg-info

# Refresh the message catalogue: extract msgids, merge into the Indonesian
# catalogue, compile. Translate new entries in the .po, then run it again.
I18N := ckanext/satudata/i18n
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k query_error -k index_error -k N_ \
	  --no-location --sort-output --project=ckanext-satudata \
	  -o $(I18N)/ckanext-satudata.pot .
	$(BIN)/pybabel update -i $(I18N)/ckanext-satudata.pot \
	  -o $(I18N)/source/id.po -l id --no-fuzzy-matching
	$(BIN)/python scripts/i18n_compile.py $(I18N)
