# eiso — Hệ thống ISO điện tử
#   make start       set up everything (first time) and serve http://localhost:8080/Plone
#   make test        run the whole test suite
# See README.md for the rest.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTANCE := instance
ZOPE_CONF := $(INSTANCE)/etc/zope.conf
ZOPE_INI := $(INSTANCE)/etc/zope.ini
PIDFILE := $(INSTANCE)/var/eiso.pid
HOST ?= 127.0.0.1
PORT ?= 8080
INSTALLED := $(VENV)/.installed
INSTALLED_TEST := $(VENV)/.installed-test
TEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help:  ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins or the package metadata change.
$(INSTALLED): $(BIN)/python constraints.txt setup.py
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt "setuptools==80.10.2" wheel
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(INSTALLED)

# The test tools (i18ndude, selenium) on top.
$(INSTALLED_TEST): $(INSTALLED)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $(INSTALLED_TEST)

.PHONY: install
install: $(INSTALLED)  ## create the virtualenv and install eiso with its pinned dependencies

.PHONY: instance
instance: install  ## write instance/etc/zope.conf and zope.ini (HOST, PORT)
	$(BIN)/eiso-instance --instance $(INSTANCE) --host $(HOST) --port $(PORT)

.PHONY: site
site: instance  ## create the Plone site with eiso and the demo data (if missing)
	$(BIN)/eiso-create-site --zope-conf $(ZOPE_CONF) $(if $(ADMIN_PASSWORD),--admin-password "$(ADMIN_PASSWORD)")

.PHONY: site-nodemo
site-nodemo: instance  ## create the Plone site with eiso, without demo data
	$(BIN)/eiso-create-site --zope-conf $(ZOPE_CONF) --no-demo

.PHONY: demo
demo: instance  ## add the demo data to an existing site (server stopped)
	$(BIN)/eiso-demo-data --zope-conf $(ZOPE_CONF)

.PHONY: start
start: site  ## set up if needed and serve the portal (Ctrl-C or make stop to stop)
	@echo "eiso: http://localhost:$(PORT)/Plone  (Zope admin: admin/admin; demo accounts in README.md)"
	@echo $$$$ > $(PIDFILE); exec $(BIN)/runwsgi $(ZOPE_INI)

.PHONY: stop
stop:  ## stop a server started with make start
	@if [ -f $(PIDFILE) ] && kill -0 $$(cat $(PIDFILE)) 2>/dev/null; then \
		kill $$(cat $(PIDFILE)) && echo "eiso: stopped"; rm -f $(PIDFILE); \
	else echo "eiso: not running"; rm -f $(PIDFILE); fi

.PHONY: test
test: $(INSTALLED_TEST)  ## run the whole test suite (zope.testrunner)
	$(BIN)/zope-testrunner --path=. -s tests --tests-pattern='^test' --auto-color $(TEST_ARGS)

.PHONY: i18n
i18n: $(INSTALLED_TEST)  ## rebuild eiso.pot and sync the Vietnamese catalogue
	$(BIN)/i18ndude rebuild-pot --pot src/eiso/locales/eiso.pot --create eiso --no-line-numbers src/eiso profiles
	$(BIN)/i18ndude sync --pot src/eiso/locales/eiso.pot src/eiso/locales/vi/LC_MESSAGES/eiso.po

.PHONY: constraints
constraints: $(INSTALLED_TEST)  ## regenerate constraints.txt from the current virtualenv
	( echo "# Every package eiso installs, pinned: generated with 'make constraints' from a working"; \
	  echo "# install (pip freeze). Two installs from this file are identical."; \
	  $(BIN)/pip freeze --all --exclude-editable | grep -v '^eiso' ) > constraints.txt
	$(BIN)/python .ci/versions-from-constraints.py

.PHONY: clean-data
clean-data:  ## delete the database (instance/var) after asking
	@read -r -p "Xóa toàn bộ dữ liệu trong $(INSTANCE)/var (delete all data)? [y/N] " answer; \
	if [ "$$answer" = "y" ] || [ "$$answer" = "Y" ]; then rm -rf $(INSTANCE)/var && echo "eiso: data deleted"; \
	else echo "eiso: nothing deleted"; fi

.PHONY: clean
clean:  ## delete the virtualenv and generated files (keeps data)
	rm -rf $(VENV) src/*.egg-info $(ZOPE_CONF) $(ZOPE_INI)

# --- Scale-out, backup and restore (README: "Scale-out: ZEO, load balancer, RelStorage",
# "Backup and restore"; docs/operations.md)
ZEO_HOST ?= 127.0.0.1
ZEO_PORT ?= 8100
CLIENT_PORTS ?= 8081 8082
BACKUP_DIR ?= backups
DAYS ?= 7

.PHONY: start-zeo
start-zeo: install  ## start a ZEO server and two Zope clients (ports CLIENT_PORTS) in the background
	$(BIN)/eiso-zeo start --instance $(INSTANCE) --host $(HOST) --zeo-host $(ZEO_HOST) --zeo-port $(ZEO_PORT) \
		--ports $(CLIENT_PORTS) $(if $(ADMIN_PASSWORD),--admin-password "$(ADMIN_PASSWORD)")

.PHONY: stop-zeo
stop-zeo:  ## stop the ZEO clients and the ZEO server started with make start-zeo
	$(BIN)/eiso-zeo stop --instance $(INSTANCE)

.PHONY: status-zeo
status-zeo:  ## show whether the ZEO server and its clients run
	$(BIN)/eiso-zeo status --instance $(INSTANCE)

.PHONY: backup
backup: install  ## back up Data.fs (repozo: full the first time or with FULL=1, else incremental) and the blobs into BACKUP_DIR
	$(BIN)/eiso-backup --instance $(INSTANCE) --backup-dir $(BACKUP_DIR) $(if $(FULL),--full)

.PHONY: restore
restore: install  ## restore Data.fs and the blobs from BACKUP_DIR (server stopped; DATE=YYYY-MM-DD-hh-mm-ss for an earlier state)
	$(BIN)/eiso-restore --instance $(INSTANCE) --backup-dir $(BACKUP_DIR) $(if $(DATE),--date "$(DATE)")

.PHONY: pack
pack: install  ## remove old revisions from Data.fs, keeping DAYS days of undo (default 7); with ZEO the server packs
	$(BIN)/eiso-pack --instance $(INSTANCE) --days $(DAYS)

.PHONY: upgrade
upgrade: install  ## run the pending upgrade steps of Plone and eiso (server stopped, or ZEO running); DRY_RUN=1 lists them
	$(BIN)/eiso-upgrade --zope-conf $(if $(wildcard $(INSTANCE)/var/zeo/zeo.pid),$(INSTANCE)/etc/scripts/zope.conf,$(INSTANCE)/etc/zope.conf) $(if $(DRY_RUN),--dry-run)

# Benchmark suite (benchmarks/suite.py, benchmarks/README.md): its own instance, ZEO server
# and two clients on 127.0.0.1, ports BENCH_PORT .. BENCH_PORT+2; needs wrk.
BENCH_PORT ?= 55621
BENCH_AGENCIES ?= 10
BENCH_ARGS ?=

.PHONY: bench
bench: install  ## benchmark eiso against stock Plone, 1 and 2 ZEO clients (BENCH_AGENCIES agencies, ~12 min); results in benchmarks/results/
	$(BIN)/python benchmarks/suite.py --agencies $(BENCH_AGENCIES) --port $(BENCH_PORT) $(BENCH_ARGS)

.PHONY: bench-quick
bench-quick: install  ## smoke test of the benchmark suite: 2 agencies, short load (~4 min)
	$(BIN)/python benchmarks/suite.py --quick --port $(BENCH_PORT) $(BENCH_ARGS)

# --- Load test (README "Load test"; docs/loadtest.md)
INSTALLED_LOAD := $(VENV)/.installed-load
USERS ?= 50
DURATION ?= 300

# locust (setup.py extra "load") on top.
$(INSTALLED_LOAD): $(INSTALLED)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[load]"
	touch $(INSTALLED_LOAD)

.PHONY: install-load
install-load: $(INSTALLED_LOAD)  ## install the load-test tools (locust)

.PHONY: load
load: $(INSTALLED_LOAD)  ## load test: USERS staff (50) for DURATION s (300) on a fresh ZEO set-up, then the count check
	$(BIN)/python -m loadtest.run --users $(USERS) --duration $(DURATION) --save
