"""The command line's output: one escaped error line and an exit code, stable JSON, 0600 files.

Nothing a user or a stored value contains may drive the terminal or break a line, so every
path to stdout and stderr goes through :func:`escape`; kept apart from the options and apps so
that rule lives in one module.
"""

from __future__ import annotations

import json
import os
from typing import NoReturn

import typer

from poortwachter.cli.language import language
from poortwachter.errors import (
    ConcurrencyConflictError,
    IntegrityViolationError,
    ParameterFileError,
    PoortwachterError,
    StoreUnavailableError,
)
from poortwachter.printable import escape
from poortwachter.texts import text

__all__ = [
    "EXIT_CONFLICT",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "dump_json",
    "echo_json",
    "echo_text",
    "escape",
    "exit_code_for",
    "fail",
    "fail_text",
    "quoted",
    "report",
    "usage_error_text",
    "warn",
    "write_private",
]

#: Exit codes (documented in docs/cli.md): 0 done, 1 system or integrity failure, 2 bad input,
#: 3 conflict (someone else wrote first; retry).
EXIT_FAILURE, EXIT_INPUT, EXIT_CONFLICT = 1, 2, 3


def quoted(value: str) -> str:
    """A user-given value for a message: quoted, escaped and at most 80 characters (a value
    of thousands of characters would bury the message)."""
    short = value if len(value) <= 80 else value[:80] + "..."
    return "'" + escape(short) + "'"


def report(message: str, code: int) -> int:
    """Print one error line to stderr; return ``code`` for the process to exit with."""
    line = text("cli.error", language(), message=escape(message))
    typer.echo(line, err=True)
    return code


def warn(message: str) -> None:
    """Print one warning line to stderr (the command goes on)."""
    typer.echo(text("cli.warning", language(), message=escape(message)), err=True)


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print one error line to stderr and exit with ``code`` (2: bad input)."""
    raise typer.Exit(report(message, code))


def fail_text(key: str, code: int = EXIT_INPUT, **args: object) -> NoReturn:
    """:func:`fail` with a message from ``poortwachter.texts``."""
    fail(text(key, language(), **args), code)


def exit_code_for(exc: PoortwachterError) -> int:
    """3 for a conflict (retry), 1 when the system or the stored log failed, 2 for bad input."""
    if isinstance(exc, ConcurrencyConflictError):
        return EXIT_CONFLICT
    if isinstance(exc, StoreUnavailableError | IntegrityViolationError | ParameterFileError):
        return EXIT_FAILURE
    return EXIT_INPUT


def usage_error_text(exc: Exception) -> str:
    """The option parser's complaint in this run's language: a missing option or argument, an
    unknown option, extra arguments. Other complaints keep the parser's own words."""
    from typer._click import exceptions as parser

    lang = language()
    if isinstance(exc, parser.MissingParameter) and exc.param is not None and not exc.message:
        kind = "option" if exc.param.param_type_name == "option" else "argument"
        return text(f"cli.usage.missing_{kind}", lang, name=exc.param.get_error_hint())
    if isinstance(exc, parser.NoSuchOption) and exc.message.startswith("No such option"):
        known = ", ".join(sorted(exc.possibilities or ()))
        said = text("cli.usage.no_such_option", lang, name=quoted(exc.option_name))
        return said + (text("cli.usage.did_you_mean", lang, names=known) if known else "")
    message = exc.format_message() if isinstance(exc, parser.ClickException) else str(exc)
    if message.startswith("Got unexpected extra argument"):
        extra = message.removeprefix("Got unexpected extra argument(s) (").removesuffix(")")
        return text("cli.usage.extra_arguments", lang, extra=extra)
    return message


def dump_json(data: object) -> str:
    """Stable JSON: keys sorted, two-space indent, UTF-8 text with control characters and
    other invisible characters escaped, one trailing newline."""
    raw = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return escape(raw, keep="\n") + "\n"


def echo_json(data: object) -> None:
    """Print :func:`dump_json` of ``data`` to stdout."""
    typer.echo(dump_json(data), nl=False)


def write_private(path: str, content: str) -> None:
    """Write ``content`` (UTF-8) to ``path``, readable by its owner only (0600).

    A case export is personal data. The text goes to a new file that is created 0600 (mkstemp)
    next to ``path`` and then renamed over it: the file never exists with wider permissions,
    not even when ``path`` existed before with a lax mode, and a failed write leaves no
    half-written export behind."""
    import tempfile

    if not path or os.path.isdir(path):
        raise IsADirectoryError(21, "is a directory, not a file", path)
    target = os.path.abspath(path)
    handle, temporary = tempfile.mkstemp(
        dir=os.path.dirname(target), prefix=".poortwachter-", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def echo_text(value: str) -> None:
    """Text for people: each line escaped (no terminal control from stored values)."""
    typer.echo(escape(value, keep="\n\t"), nl=False)
