PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run lint test bench demo clean screenshot dist

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[ml]'
	touch $@

$(TEST_STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(VENV)/bin/annotator demo

# ruff and mypy at the level set in pyproject.toml; both must report nothing (see README "Layout")
lint: $(TEST_STAMP)
	$(PY) -m ruff check annotator && $(PY) -m mypy

# lint first: a prerequisite finishes before the recipe starts, with make -j too
test: $(TEST_STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(TEST_STAMP)
	$(PY) -m bench

# a one-folder bundle that runs without Python (dist/corpus-annotator/corpus-annotator); see README "Install"
dist: $(TEST_STAMP)
	$(PY) packaging/build_bundle.py

# every screen at 1600x1000 and 1024x700 into docs/screens/ (needs a screen that large: Debian's xvfb)
screenshot: $(STAMP)
	if [ -z "$$DISPLAY" ] && command -v xvfb-run >/dev/null; then \
		xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/screenshot.py; else $(PY) tools/screenshot.py; fi

clean:
	rm -rf $(VENV) build dist *.egg-info
