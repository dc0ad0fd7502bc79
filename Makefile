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

.PHONY: run test venv translations i18n bench clean bundle deb bundle-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,server,planning,bundle]'
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
	sh tools/ensure_system_packages.sh
	$(PY) -m localitydesk.i18n.catalogue_tool check
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## Extract marked strings into the template and merge them into the catalogues.
## Welsh for new messages goes in with `catalogue_tool fill FILE.json`.
i18n: $(STAMP)
	$(PY) -m localitydesk.i18n.catalogue_tool extract

bench: translations
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

## The one-folder bundle in dist/LocalityDesk (PyInstaller; slow, not part of `make test`).
BUNDLE      := dist/LocalityDesk
bundle: translations
	QT_QPA_PLATFORM=offscreen $(PY) installer/render_icons.py > /dev/null
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller installer/localitydesk.spec
	@du -sh $(BUNDLE)

## A Debian package built from the bundle: dist/localitydesk_<version>_<arch>.deb
deb: bundle
	$(PY) installer/build_deb.py --bundle $(BUNDLE)

## Build the bundle and the .deb, install it with dpkg, start it from the installed
## location in a fresh home folder, remove it. Slow: CI runs it only when asked.
bundle-test: deb
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/installer/bundle_smoke.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
	find $(I18N) -name '*.mo' -delete
