"""The command line's frame: the Typer apps, global options, language, errors and output.

Nothing here imports the engine, the store, SQLAlchemy or alembic: commands import what they
need inside their bodies, so ``--help`` and ``deadlines`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from poortwachter.errors import (
    ConcurrencyConflictError,
    IntegrityViolationError,
    ParameterFileError,
    PoortwachterError,
    StoreUnavailableError,
)
from poortwachter.texts import Language, text

if TYPE_CHECKING:
    from poortwachter.clock import Clock

__all__ = [
    "EXIT_CONFLICT",
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "DbOption",
    "FormatOption",
    "LangOption",
    "Output",
    "app",
    "audit_app",
    "case_app",
    "db_app",
    "echo_json",
    "echo_text",
    "escape",
    "exit_code_for",
    "fail",
    "help_text",
    "language",
    "parse_date",
    "report",
    "settings",
    "write_private",
]

#: Exit codes (documented in docs/cli.md): 0 done, 1 system or integrity failure, 2 bad input,
#: 3 conflict (someone else wrote first; retry).
EXIT_FAILURE, EXIT_INPUT, EXIT_CONFLICT = 1, 2, 3
DEFAULT_DB = "sqlite:///poortwachter.db"
Output = Literal["text", "json"]


def _help_language(argv: Sequence[str]) -> Language:
    """The language asked for on the command line (``--lang en`` or ``--lang=en``)."""
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[i + 1 : i + 2] == ["en"]):
            return "en"
    return "nl"


#: The language of help texts and of errors raised before the options are parsed.
_HELP_LANGUAGE: Language = _help_language(sys.argv[1:])


def help_text(key: str) -> str:
    """A help text in the language the command line asks for (Dutch by default)."""
    return text(f"cli.help.{key}", _HELP_LANGUAGE)


@dataclass
class _State:
    """Per-run state: the language errors are reported in."""

    language: Language = "nl"


_STATE = _State()


def language() -> Language:
    """The language of this run's text (after ``--lang`` is parsed)."""
    return _STATE.language


def set_language(value: Language) -> None:
    _STATE.language = value


# --- escaping and output ---------------------------------------------------------------------

_EXTRA_UNSAFE = {"Zl", "Zp"}  # line and paragraph separators end a line on some terminals


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "C" or category in _EXTRA_UNSAFE


def escape(value: str, *, keep: str = "") -> str:
    """``value`` with every control, format or separator character as a visible escape
    (``\\n``, ``\\x1b``, ``\\u202e``): nothing from user input can break a line or drive the
    terminal. Characters in ``keep`` stay as they are."""
    if value.isprintable():
        return value
    return "".join(_escape_char(c) if c not in keep and _unsafe(c) else c for c in value)


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


def dump_json(data: object) -> str:
    """Stable JSON: keys sorted, two-space indent, UTF-8 text with control characters and
    other invisible characters escaped, one trailing newline."""
    raw = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return escape(raw, keep="\n") + "\n"


def echo_json(data: object) -> None:
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


# --- options ---------------------------------------------------------------------------------


def _complete_format() -> list[str]:
    return ["text", "json"]


def _complete_lang() -> list[str]:
    return ["nl", "en"]


#: The case id argument of every case command.
CaseArg = Annotated[str, typer.Argument(metavar="CASE", show_default=False)]
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


# --- the apps --------------------------------------------------------------------------------

_CONTEXT = {"help_option_names": ["-h", "--help"]}
#: Plain help (no rich panels): it reads the same in a terminal, a pipe and a log, and square
#: brackets in help texts stay as written.
_PLAIN: dict[str, Any] = {"rich_markup_mode": None, "context_settings": _CONTEXT}

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
