# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format install clean messages

$(BIN)/silkbridge: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/silkbridge

run: install
	DEBUG=$${DEBUG:-1} $(BIN)/silkbridge serve --port $(PORT)

test: install
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/test

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# Extract interface strings into the .po catalogues and compile them (needs GNU gettext).
messages: install
	cd src/silkbridge && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages \
		-l ru -l kk -l ur --ignore 'static/*' --no-obsolete
	cd src/silkbridge && DEBUG=1 ../../$(BIN)/python ../../manage.py compilemessages

clean:
	rm -rf $(VENV) staticfiles silkbridge.sqlite3*
