"""Command line: a thin layer over the library.

Every failure ends in one line on stderr and a documented exit code (docs/cli.md): 0 done,
1 system or integrity failure, 2 bad input, 3 conflict (retry); never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import typer

from poortwachter.cli import audit as audit
from poortwachter.cli import cases as cases
from poortwachter.cli import conversations as conversations
from poortwachter.cli import db as db
from poortwachter.cli import files as files
from poortwachter.cli import ical as ical
from poortwachter.cli import reminders as reminders
from poortwachter.cli import service as service
from poortwachter.cli._core import (
    EXIT_FAILURE,
    EXIT_INPUT,
    app,
    exit_code_for,
    language,
    report,
    set_language,
)
from poortwachter.cli.output import usage_error_text
from poortwachter.errors import PoortwachterError
from poortwachter.texts import text

__all__ = ["app", "main", "run"]


def _usage_error(exc: typer.TyperException) -> int:
    """A usage error from the option parser as one line (help itself goes to stdout)."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: show its help, exit 0
        typer.echo(exc.format_message())
        return 0
    return report(usage_error_text(exc), exc.exit_code or EXIT_INPUT)


def _internal(exc: BaseException) -> int:
    if os.environ.get("POORTWACHTER_DEBUG"):
        raise exc
    if isinstance(exc, OverflowError):  # a date pushed past year 9999 or before year 1
        return report(text("cli.date_range", language(), detail=str(exc)), EXIT_INPUT)
    detail = str(exc) or type(exc).__name__
    return report(
        text("cli.internal", language(), kind=type(exc).__name__, detail=detail), EXIT_FAILURE
    )


def run(args: Sequence[str], *, prog_name: str = "poortwachter") -> int:
    """Run the command line on ``args`` and return the exit code (nothing escapes)."""
    set_language("en" if _wants_english(args) else "nl")
    try:
        code = app(args=list(args), prog_name=prog_name, standalone_mode=False)
    except PoortwachterError as exc:
        return report(exc.message(language()), exit_code_for(exc))
    except typer.Abort:
        return report(text("cli.aborted", language()), EXIT_FAILURE)
    except typer.TyperException as exc:
        return _usage_error(exc)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        sys.stderr.close()
        return EXIT_FAILURE
    except Exception as exc:
        return _internal(exc)
    return code if isinstance(code, int) else 0


def _wants_english(args: Sequence[str]) -> bool:
    return any(
        arg == "--lang=en" or (arg == "--lang" and list(args[i + 1 : i + 2]) == ["en"])
        for i, arg in enumerate(args)
    )


def main() -> NoReturn:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))
