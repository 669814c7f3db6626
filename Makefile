# Two commands on a fresh machine with python3 and make: `make run` and `make test`.
# Each creates the virtual environment and installs the locked dependencies on first use.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
# First start of a fresh PREFECT_HOME runs migrations; the default 20 s timeout is too short here.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run serve test lint install clean bench

run: $(VENV)/.synced
	$(BIN)/newsdw run

# The job on a schedule, with a local Prefect server (UI at http://127.0.0.1:4200) if none answers.
# `make serve CRON="*/15 * * * *" TIMEZONE=Europe/Stockholm`; Ctrl-C stops both.
CRON ?= 0 * * * *
TIMEZONE ?= UTC
serve: $(VENV)/.synced
	$(BIN)/newsdw serve --cron "$(CRON)" --timezone "$(TIMEZONE)"

test: $(VENV)/.synced-dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.synced-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

install: $(VENV)/.synced

# The report's browser test drives Debian's chromium: browser downloads (Playwright, Selenium
# Manager) cannot work offline, apt-get can. sudo only when not already root (CI runs as root).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
.PHONY: browser
browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

# `--frozen`: install exactly what uv.lock says; never re-resolve against today's registry.
# `--inexact` on the runtime sync: `make run` must not uninstall the test tools `make test` added.
# `--compile-bytecode`: every run is a new process importing Prefect, Polars and Great Expectations;
# without .pyc files (none are written where PYTHONDONTWRITEBYTECODE is set) GX alone took 7.6 CPU-s
# to import instead of 2.6.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --inexact --no-dev --compile-bytecode
	touch $@

$(VENV)/.synced-dev: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --compile-bytecode
	touch $(VENV)/.synced $@

clean:
	rm -rf $(VENV) $(TOOLS) .prefect .pytest_cache
