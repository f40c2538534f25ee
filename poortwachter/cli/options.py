"""The command line's options: their declarations, the global ones, and the values they take.

Every value from the command line or the environment (``--db``, dates, ``--lang``,
``--format``, ``POORTWACHTER_NOW``) is checked here and refused with one exit-2 line, before
any command touches the library; kept apart from the apps so a command reads its settings in
one call.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from poortwachter.cli.language import help_text, language, set_language
from poortwachter.cli.output import fail_text, quoted, warn
from poortwachter.texts import Language, text

if TYPE_CHECKING:
    from poortwachter.clock import Clock

__all__ = [
    "DEFAULT_DB",
    "MAX_DB_LENGTH",
    "AsOfOption",
    "CaseArg",
    "DbOption",
    "FormatOption",
    "Globals",
    "LangOption",
    "Output",
    "Settings",
    "clock",
    "db_url",
    "parse_date",
    "require_date",
    "resolve_lang",
    "resolve_output",
    "settings",
]

DEFAULT_DB = "sqlite:///poortwachter.db"
Output = Literal["text", "json"]


def _complete_format() -> list[str]:
    return ["text", "json"]


def _complete_lang() -> list[str]:
    return ["nl", "en"]


#: The case id argument of every case command.
CaseArg = Annotated[
    str, typer.Argument(metavar="CASE", help=help_text("case_arg"), show_default=False)
]
#: ``--as-of`` on the commands that show a case as it stood on a date.
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help=help_text("as_of"), show_default=False)
]
DbOption = Annotated[
    str | None, typer.Option("--db", metavar="FILE|URL", help=help_text("db"), show_default=False)
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="text|json",
        help=help_text("format"),
        autocompletion=_complete_format,
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="nl|en",
        help=help_text("lang"),
        autocompletion=_complete_lang,
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Globals:
    """The options given before the subcommand (the root callback's)."""

    db: str | None = None
    output: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Settings:
    """The options in force for one command: its own, else the global ones, else defaults."""

    db: str
    output: Output
    lang: Language


def _globals(ctx: typer.Context) -> Globals:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Globals) else Globals()


def _choice(option: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        fail_text("cli.bad_choice", option=option, value=quoted(value), choices=", ".join(choices))
    return value


def resolve_lang(value: str | None) -> Language:
    chosen = _choice("--lang", value, ("nl", "en")) if value is not None else "nl"
    lang: Language = "en" if chosen == "en" else "nl"
    set_language(lang)
    return lang


def resolve_output(value: str | None) -> Output:
    if value == "table":
        warn(text("cli.format_table", language()))
        return "text"
    chosen = _choice("--format", value, ("text", "json")) if value is not None else "text"
    return "json" if chosen == "json" else "text"


#: The longest ``--db`` value accepted.
MAX_DB_LENGTH = 4096


def _utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: bytes of the command line that are no UTF-8
        return False
    return True


def db_url(value: str | None) -> str:
    """A database URL from ``--db``: a URL stays a URL, a plain path means SQLite. Control
    characters, invalid text and absurd lengths are refused here; the message never shows a
    password."""
    if value is None:
        return DEFAULT_DB
    if not value.strip():
        fail_text("cli.empty_db")
    reason = None
    if len(value) > MAX_DB_LENGTH:
        reason = text("boundary.db_too_long", language(), max=MAX_DB_LENGTH)
    elif not value.isprintable() or not _utf8(value):
        reason = text("boundary.db_unprintable", language())
    if reason is not None:
        from poortwachter.privacy import redact_url_text

        fail_text("boundary.bad_db", value=quoted(redact_url_text(value)), reason=reason)
    if "://" in value:
        return value
    return "sqlite:///" + os.path.expanduser(value)


def settings(
    ctx: typer.Context,
    *,
    db: str | None = None,
    output: str | None = None,
    lang: str | None = None,
) -> Settings:
    """The command's options, falling back to the ones given before the subcommand."""
    given = _globals(ctx)
    chosen_lang = resolve_lang(lang if lang is not None else given.lang)
    return Settings(
        db=db_url(db if db is not None else given.db),
        output=resolve_output(output if output is not None else given.output),
        lang=chosen_lang,
    )


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An ISO date YYYY-MM-DD from the command line (``None`` when not given) in the supported
    range, or a clear exit-2 error. An empty string is refused: it is not "the default"."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value) if _ISO_DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        fail_text("cli.bad_date", option=option, value=quoted(value))
    from poortwachter.events.base import SUPPORTED_DATES

    low, high = SUPPORTED_DATES
    if not low <= day <= high:
        fail_text("boundary.date_outside", option=option, value=quoted(value), low=low, high=high)
    return day


def require_date(value: str, option: str) -> dt.date:
    """A required ISO date from the command line, or a clear exit-2 error."""
    day = parse_date(value, option)
    assert day is not None
    return day


def clock() -> Clock:
    """The system clock, or a frozen one from POORTWACHTER_NOW (demos, reproducible runs)."""
    from poortwachter.clock import FrozenClock, SystemClock
    from poortwachter.errors import InvalidArgumentError
    from poortwachter.events.base import SUPPORTED_DATES

    frozen = os.environ.get("POORTWACHTER_NOW")
    if not frozen:
        return SystemClock()
    try:
        instant = dt.datetime.fromisoformat(frozen) if len(frozen) <= 40 else None
    except ValueError:
        instant = None
    if instant is None or (instant.tzinfo is None and ("T" in frozen or " " in frozen)):
        fail_text("cli.bad_now", value=quoted(frozen))
    try:
        return FrozenClock(instant.date() if instant.tzinfo is None else instant)
    except InvalidArgumentError:
        low, high = SUPPORTED_DATES
        fail_text("boundary.now_outside", value=quoted(frozen), low=low, high=high)
