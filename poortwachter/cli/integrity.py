"""Shared by the integrity commands: the anchor key, anchor files, and marking a broken case.

The key is read from ``--key-file`` or ``POORTWACHTER_ANCHOR_KEY`` and is never printed: no
message here includes it, and errors name the file, never its content.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from poortwachter.cli._core import EXIT_FAILURE, EXIT_INPUT, escape, fail_text, help_text, quoted
from poortwachter.texts import Language, text

if TYPE_CHECKING:  # the engine (and SQLAlchemy) load only when a command opens a database
    from poortwachter.engine import Engine
    from poortwachter.store import IntegrityIssue

__all__ = ["KEY_ENV", "KeyFileOption", "anchor_key", "exit_if_broken", "read_anchor"]

#: The environment variable holding the anchor key (when no ``--key-file`` is given).
KEY_ENV = "POORTWACHTER_ANCHOR_KEY"
#: As :data:`poortwachter.store.anchor.MIN_KEY_BYTES` (a test keeps the two equal).
MIN_KEY_BYTES: Final = 16

KeyFileOption = Annotated[
    str | None,
    typer.Option("--key-file", metavar="FILE", help=help_text("key_file"), show_default=False),
]


def anchor_key(key_file: str | None) -> bytes:
    """The anchor key from ``key_file`` or the environment; exit 2 when absent or too short."""
    if key_file is not None:
        try:
            key = Path(key_file).read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            fail_text("integrity.key_unreadable", EXIT_INPUT, path=quoted(key_file), reason=reason)
    else:
        key = os.environ.get(KEY_ENV, "").encode("utf-8")
        if not key:
            fail_text("integrity.key_missing", EXIT_INPUT, minimum=MIN_KEY_BYTES)
    if len(key) < MIN_KEY_BYTES:
        fail_text("integrity.key_short", EXIT_INPUT, minimum=MIN_KEY_BYTES)
    return key


def read_anchor(path: str) -> Any:
    """The JSON document in the anchor file ``path``; exit 2 when it cannot be read."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        fail_text("integrity.anchor_unreadable", EXIT_INPUT, path=quoted(path), reason=reason)


def case_findings(engine: Engine, case_id: str) -> list[IntegrityIssue]:
    """The findings about one case that is about to be shown."""
    return engine.verify(case_id)


def exit_if_broken(case_id: str, issues: list[IntegrityIssue], language: Language) -> None:
    """After showing a case: mark it broken on stderr, one line per finding, and exit 1."""
    if not issues:
        return
    from poortwachter.render import issue_text  # loaded only when a case is broken

    mark = text("integrity.case_broken", language, case=escape(case_id), count=len(issues))
    typer.echo(mark, err=True)
    for issue in issues:
        line = issue_text(issue, language)
        typer.echo(escape(text("integrity.broken", language, issue=line)), err=True)
    raise typer.Exit(EXIT_FAILURE)
