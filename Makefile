# Portal Satu Data. The two commands of the README:
#   make demo   set up and run the demo portal at http://127.0.0.1:5000
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

.PHONY: help install services browser-deps office-deps demo demo-setup demo-config test test-ext test-core lint bench bench-dcat bench-import i18n clean

help:
	@echo "make demo    set up and start the demo portal at http://$(HOST):$(PORT)"
	@echo "make test    run the whole test suite (lint, extension tests, CKAN core search tests)"
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
	test -f $@ || $(CKAN) generate config $@
	$(CKAN) config-tool $@ -f config/portal.ini
	$(CKAN) config-tool $@ \
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
	$(CKAN) -c $(DEMO_INI) db init
	$(CKAN) -c $(DEMO_INI) db upgrade -p activity
	$(CKAN) -c $(DEMO_INI) db upgrade -p tracking
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_search
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_indicators
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_workflow
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_accounts
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_documents
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_changes
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_calendar
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_datarequests
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_institutions
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_accessrequests
	$(CKAN) -c $(DEMO_INI) db upgrade -p satudata_privacy
	$(CKAN) config-tool $(DEMO_INI) "ckanext.satudata.demo.site=true"
	scripts/with-mailsink.sh $(MAIL_PORT) $(CKAN) -c $(DEMO_INI) satudata demo load
	$(CKAN) -c $(DEMO_INI) search-index rebuild -q

demo: demo-setup
	scripts/serve.sh $(DEMO_INI) $(HOST) $(PORT) $(MAIL_PORT)

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
	  -n $(TEST_WORKERS) --dist loadfile

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
