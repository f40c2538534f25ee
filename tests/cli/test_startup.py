"""A CLI call that needs no database loads no database code: SQLAlchemy, alembic and the state
machine are imported only by the commands that use them."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import poortwachter

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "transitions")

PROBE = """
import json, sys
from poortwachter.cli import run
code = run(sys.argv[1:])
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic", "transitions"})
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def probe(*args: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POORTWACHTER_NOW": "2026-11-25"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip
    result: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("-h",),
        ("--version",),
        ("case", "record", "-h"),
        ("deadlines", "examples/relapse-case.json", "--as-of", "2026-11-25"),
        ("deadlines", "examples/relapse-case.json", "--format", "json"),
        ("events",),
        ("events", "--schema"),
    ],
)
def test_commands_without_a_database_import_no_database_code(args: tuple[str, ...]) -> None:
    result = probe(*args)
    assert result == {"code": 0, "loaded": []}


def test_the_database_commands_still_load_it(tmp_path: Path) -> None:
    result = probe("--db", str(tmp_path / "x.db"), "db", "upgrade")
    assert result == {"code": 0, "loaded": ["alembic", "sqlalchemy"]}


def test_importtime_of_help_names_no_database_module() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "poortwachter", "--help"],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "poortwachter.cli" in modules
    assert not {m for m in modules if m.split(".")[0] in HEAVY}


def test_the_package_exports_lazily_and_completely() -> None:
    lazy = poortwachter._MODULES
    assert set(lazy) == set(poortwachter.__all__)
    for name in poortwachter.__all__:
        assert name in dir(poortwachter)
        module = importlib.import_module(lazy[name])
        assert getattr(poortwachter, name) is getattr(module, name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = poortwachter.nope  # type: ignore[attr-defined]
