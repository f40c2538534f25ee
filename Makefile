# Two commands set up a fresh machine: `make run` (the main job) and `make test` (everything CI runs).
.PHONY: run test bench lint diagram snapshot clean

run:
	scripts/demo

test:
	scripts/test

bench:
	scripts/setup
	.venv/bin/python bench/deadlines_bench.py
	.venv/bin/python bench/store_bench.py

# Regenerate tests/snapshots/worked_examples.json after an intended change in what users see.
snapshot:
	PYTHONPATH=. .venv/bin/python -m tests.rules.snapshot --update

diagram:
	.venv/bin/python -m poortwachter.workflows.diagram

clean:
	rm -rf .venv .pgtest .pytest_cache .mypy_cache .ruff_cache
