"""Rewrite ``docs/state-machine.md`` from the machine: ``python -m poortwachter.workflows.diagram``.

``--check`` rewrites nothing and exits 1 when the file is stale (for CI). A path argument writes
elsewhere. The doc is generated, never edited, so it cannot drift from the guard it describes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from poortwachter.workflows._render import mermaid, render_doc

__all__ = ["DOC_PATH", "main", "mermaid", "render_doc"]

#: The repository's copy: <repo>/docs/state-machine.md.
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "state-machine.md"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the state machine doc; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m poortwachter.workflows.diagram")
    parser.add_argument("path", nargs="?", type=Path, default=DOC_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    path: Path = args.path
    text = render_doc()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        if current != text:
            print(f"{path} is stale; run python -m poortwachter.workflows.diagram", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
