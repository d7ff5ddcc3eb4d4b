# Two entry points, both from a bare Debian machine:
#   make site   install what is missing, then build every edition into _build/site/
#   make test   install what is missing, then run the whole test suite
VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | md5sum | cut -c1-12)

.PHONY: site test setup system lint bench clean

site: setup
	$(VENV)/bin/editions build

# Every test: the tool's (tests/ext, tests/pipeline) and the publication's (tests/publication,
# marked publication). pytest's exit status 5 means it collected no test: that is a failure.
test: setup
	@$(VENV)/bin/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no test" >&2; fi; \
	exit $$status

setup: system $(STAMP) node_modules/.package-lock.json

# Debian packages: TeX Live, fonts, epubcheck, Chromium, gettext (skips what is there).
system:
	@bash scripts/install-system.sh

$(STAMP): pyproject.toml requirements.lock
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# axe-core for the accessibility tests, pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Timings of the naive loop against editions build (cold, no-op, one msgstr edit).
bench: setup
	$(PYTHON) benchmarks/bench.py

clean:
	rm -rf _build
