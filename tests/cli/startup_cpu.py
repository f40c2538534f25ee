"""Measure the CPU a CLI call costs against the bare imports it cannot avoid.

Run from the repository root::

    python tests/cli/startup_cpu.py [ROUNDS]

Each round runs ``poortwachter deadlines examples/relapse-case.json`` and, as the baseline,
``python -c "import typer, pydantic"`` in child processes; the CPU (user + system) of each child
comes from ``getrusage(RUSAGE_CHILDREN)``. Prints min/median/max of both and their ratio.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "poortwachter.cli", "deadlines", "examples/relapse-case.json"]
BASELINE = [sys.executable, "-c", "import typer, pydantic"]


def cpu_of(command: list[str]) -> float:
    """CPU seconds (user + system) one run of ``command`` took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POORTWACHTER_NOW": "2026-11-25"}
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def summary(samples: list[float]) -> str:
    return (
        f"min {min(samples):.3f}s  median {statistics.median(samples):.3f}s  "
        f"max {max(samples):.3f}s"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    cli: list[float] = []
    base: list[float] = []
    for _ in range(rounds):  # interleaved, so load on the machine hits both alike
        cli.append(cpu_of(CLI))
        base.append(cpu_of(BASELINE))
    print(f"deadlines        {summary(cli)}")
    print(f"typer+pydantic   {summary(base)}")
    print(
        f"ratio (median)   {statistics.median(cli) / statistics.median(base):.2f}  "
        f"(min/min {min(cli) / min(base):.2f})"
    )


if __name__ == "__main__":
    main()
