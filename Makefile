# Two commands on a fresh machine: `make analyze` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: analyze analyze-bartels analyze-llo test bench venv clean bytecode

venv: $(STAMP)

# The package's modules compiled once, as a regular (not editable) install does: where the environment
# says PYTHONDONTWRITEBYTECODE, each run (and each CLI test's process) would otherwise compile the package's
# 126 modules again, some 0.3 s. Only changed modules are compiled again; __pycache__ is not in git.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q survey_inventory

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

analyze: analyze-bartels analyze-llo  # both bundled studies

analyze-bartels: $(STAMP) bytecode
	$(BIN)/survey-inventory analyze codebooks/bartels-2025.yaml --out outputs/bartels-2025
	$(BIN)/survey-inventory analyze codebooks/bartels-2025-waves.yaml --out outputs/bartels-2025-waves

analyze-llo: $(STAMP) bytecode  # the second, synthetic study (surveys/llo-2026/README.md)
	$(BIN)/survey-inventory analyze codebooks/llo-2026.yaml --out outputs/llo-2026

test: $(STAMP) bytecode
	$(BIN)/python -m pytest -q -n 2  # two workers: the 2-core machine CI runs on

bench: $(STAMP) bytecode  # `make bench BENCH_ARGS=--full` adds a million respondents
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
