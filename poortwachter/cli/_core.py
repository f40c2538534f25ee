"""The command line's frame: the Typer apps and the root callback with the global options.

Nothing here imports the engine, the store, SQLAlchemy or alembic: commands import what they
need inside their bodies, so ``--help`` and ``deadlines`` start fast. The language, the output
and the options are :mod:`.language`, :mod:`.output` and :mod:`.options`; their names are
re-exported here, where every command imports them from.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli.language import help_text, language, localize_help_frame, set_language
from poortwachter.cli.options import (
    DEFAULT_DB,
    MAX_DB_LENGTH,
    AsOfOption,
    CaseArg,
    DbOption,
    FormatOption,
    Globals,
    LangOption,
    Output,
    Settings,
    clock,
    db_url,
    parse_date,
    require_date,
    resolve_lang,
    resolve_output,
    settings,
)
from poortwachter.cli.output import (
    EXIT_CONFLICT,
    EXIT_FAILURE,
    EXIT_INPUT,
    dump_json,
    echo_json,
    echo_text,
    escape,
    exit_code_for,
    fail,
    fail_text,
    quoted,
    report,
    warn,
    write_private,
)

__all__ = [
    "DEFAULT_DB",
    "EXIT_CONFLICT",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "MAX_DB_LENGTH",
    "AsOfOption",
    "CaseArg",
    "DbOption",
    "FormatOption",
    "Globals",
    "LangOption",
    "Output",
    "Settings",
    "app",
    "audit_app",
    "case_app",
    "clock",
    "db_app",
    "db_url",
    "dump_json",
    "echo_json",
    "echo_text",
    "escape",
    "exit_code_for",
    "fail",
    "fail_text",
    "help_text",
    "language",
    "parse_date",
    "quoted",
    "report",
    "require_date",
    "resolve_lang",
    "resolve_output",
    "set_language",
    "settings",
    "warn",
    "write_private",
]

_CONTEXT = {"help_option_names": ["-h", "--help"]}
#: Plain help (no rich panels): it reads the same in a terminal, a pipe and a log, and square
#: brackets in help texts stay as written.
_PLAIN: dict[str, Any] = {"rich_markup_mode": None, "context_settings": _CONTEXT}

localize_help_frame()  # typer's own words in the help language (before any help is built)

app = typer.Typer(
    name="poortwachter",
    help=help_text("app"),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    **_PLAIN,
)
case_app = typer.Typer(help=help_text("case"), no_args_is_help=True, **_PLAIN)
audit_app = typer.Typer(help=help_text("audit"), no_args_is_help=True, **_PLAIN)
db_app = typer.Typer(help=help_text("db_app"), no_args_is_help=True, **_PLAIN)
app.add_typer(case_app, name="case")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")


def _show_version(value: bool) -> None:
    if value:
        from poortwachter import __version__

        typer.echo(f"poortwachter {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="POORTWACHTER_DB",
            show_envvar=True,
            metavar="FILE|URL",
            help=help_text("db"),
            show_default=False,
        ),
    ] = None,
    output: FormatOption = None,
    lang: LangOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help=help_text("version")),
    ] = False,
) -> None:
    ctx.obj = Globals(db=db, output=output, lang=lang)
    if lang is not None:
        resolve_lang(lang)
