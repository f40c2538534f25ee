# Two commands set up a fresh machine: `make run` (the main job) and `make test` (everything CI runs).
.PHONY: run test bench lint diagram clean

run:
	scripts/demo

test:
	scripts/test

bench:
	scripts/setup
	.venv/bin/python bench/deadlines_bench.py
	.venv/bin/python bench/store_bench.py

diagram:
	.venv/bin/python -m poortwachter.workflows.diagram

clean:
	rm -rf .venv .pgtest .pytest_cache .mypy_cache .ruff_cache
