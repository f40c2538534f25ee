"""Imports point down only (docs/design.md §2): pure layers never reach the edges with I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "poortwachter"

# layer -> modules it must never import
FORBIDDEN = {
    "rules": ("poortwachter.store", "poortwachter.workflows", "poortwachter.engine",
              "poortwachter.audit", "poortwachter.cli", "sqlalchemy", "apscheduler"),
    # Workflows read the rules' sickness fold (one samentelling) and the event models.
    "workflows": ("poortwachter.store", "poortwachter.engine", "poortwachter.decision",
                  "poortwachter.audit", "poortwachter.cli", "sqlalchemy"),
    "events": ("poortwachter.store", "poortwachter.rules", "poortwachter.workflows",
               "poortwachter.engine", "sqlalchemy"),
    "decision.py": ("poortwachter.engine", "poortwachter.cli", "sqlalchemy"),
    "store": ("poortwachter.rules", "poortwachter.workflows", "poortwachter.engine",
              "poortwachter.audit", "poortwachter.cli"),
}  # fmt: skip


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_upwards(layer: str) -> None:
    target = PACKAGE / layer
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in imports_of(path)
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offending == []


def test_the_rules_read_no_clock() -> None:
    for path in (PACKAGE / "rules").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in ("date.today(", "datetime.now(", "time.time(", "random."):
            assert call not in source, f"{path.name} calls {call}"
