"""Command line: a thin layer over the library. Errors exit 2 with one line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from poortwachter.casefile import load_case_file
from poortwachter.errors import InvalidEventError, PoortwachterError
from poortwachter.render import deadlines_table
from poortwachter.rules.deadlines import compute_deadlines

__all__ = ["app", "main"]

app = typer.Typer(
    name="poortwachter",
    help="Deadlines and workflow for the Wet verbetering poortwachter (WVP).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Deadlines, cases and audit for the Wet verbetering poortwachter (WVP)."""


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class Language(StrEnum):
    nl = "nl"
    en = "en"


def fail(message: str) -> NoReturn:
    """Print one error line to stderr and exit with code 2 (bad input)."""
    typer.echo(f"poortwachter: error: {message}", err=True)
    raise typer.Exit(2)


def parse_date(value: str, option: str) -> dt.date:
    """An ISO date from the command line, or a clear exit-2 error."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; expected YYYY-MM-DD, e.g. 2026-03-02")


def today() -> dt.date:
    """The local calendar date: deadlines are dates in Dutch law, not instants."""
    return dt.datetime.now().astimezone().date()


@app.command()
def deadlines(
    case_file: Annotated[
        str, typer.Argument(help="Case file (JSON with case_id and events); '-' reads stdin.")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge the case as it stood on this date (YYYY-MM-DD). Default: today, or "
            "the latest event's date if that is later.",
        ),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = (
        OutputFormat.table
    ),
    language: Annotated[Language, typer.Option("--lang", help="Table language.")] = Language.nl,
) -> None:
    """Show the legal deadlines of a case: due dates, windows, status and legal basis."""
    try:
        case = load_case_file(case_file)
        if as_of is not None:
            day = parse_date(as_of, "--as-of")
        else:
            day = max([today(), *(e.effective for e in case.events)])
        try:
            result = compute_deadlines(case.events, as_of=day, options=case.options)
        except InvalidEventError as exc:
            raise exc.located(case.source) from None
    except PoortwachterError as exc:
        fail(str(exc))
    if output is OutputFormat.json:
        typer.echo(json.dumps([d.model_dump(mode="json") for d in result], indent=2))
    else:
        typer.echo(deadlines_table(case.case_id, day, result, language.value), nl=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="poortwachter")


if __name__ == "__main__":  # pragma: no cover
    main()
