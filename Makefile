# LocalityDesk — the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is what those two stand on.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
STAMP  := $(VENV)/.installed
I18N   := resources/i18n
DOMAIN := localitydesk
PO_CY  := $(I18N)/cy/LC_MESSAGES/$(DOMAIN).po

.PHONY: run test venv translations i18n bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,server,planning]'
	touch $@

venv: $(STAMP)

# Compile every .po into the .mo the app loads. Cheap, so always done.
translations: $(STAMP)
	$(PY) -m localitydesk.i18n.catalogue_tool compile

## Open the app on the demo database in the user-data folder (built on first run).
run: translations
	$(VENV)/bin/localitydesk --demo

## The whole test suite, from a fresh clone.
test: translations
	$(PY) -m localitydesk.i18n.catalogue_tool check
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## Extract marked strings into the template and merge them into the catalogues.
## Welsh for new messages goes in with `catalogue_tool fill FILE.json`.
i18n: $(STAMP)
	$(PY) -m localitydesk.i18n.catalogue_tool extract

bench: translations
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
	find $(I18N) -name '*.mo' -delete
