# Two commands set up a fresh machine: `make run` (the main job) and `make test` (everything CI runs).
.PHONY: run test bench lint diagram snapshot clean

run:
	scripts/demo

test:
	scripts/test

# `make bench`: every benchmark at its quick default size (none is a test; see bench/README.md).
# BENCH_PY picks the interpreter (default: the project's .venv, set up first);
# BENCH_PG=URL adds the PostgreSQL runs (e.g. BENCH_PG=$$(scripts/pg-test-server start)).
BENCH_PY ?= .venv/bin/python
bench:
	@if [ "$(BENCH_PY)" = .venv/bin/python ]; then scripts/setup; fi
	PYTHONPATH=$(CURDIR) $(BENCH_PY) bench/rules_bench.py
	PYTHONPATH=$(CURDIR) $(BENCH_PY) bench/engine_bench.py $(if $(BENCH_PG),--pg $(BENCH_PG))
	PYTHONPATH=$(CURDIR) $(BENCH_PY) bench/deadlines_bench.py
	PYTHONPATH=$(CURDIR) POORTWACHTER_TEST_PG_URL=$(BENCH_PG) \
		$(BENCH_PY) bench/store_bench.py $(if $(BENCH_PG),--db both)

# Regenerate tests/snapshots/worked_examples.json after an intended change in what users see.
snapshot:
	PYTHONPATH=. .venv/bin/python -m tests.rules.snapshot --update

diagram:
	.venv/bin/python -m poortwachter.workflows.diagram

clean:
	rm -rf .venv .pgtest .pytest_cache .mypy_cache .ruff_cache
