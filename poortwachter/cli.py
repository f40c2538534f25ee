"""Command line: a thin layer over the library. Errors exit 2 with one line, never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import sqlalchemy as sa
import typer

from poortwachter.casefile import load_case_file, read_json
from poortwachter.clock import Clock, FrozenClock, SystemClock
from poortwachter.engine import DEFAULT_DB_URL, Engine
from poortwachter.errors import (
    IntegrityViolationError,
    InvalidEventError,
    ParameterFileError,
    PoortwachterError,
    StoreUnavailableError,
)
from poortwachter.render import deadlines_table, format_date, timeline_text
from poortwachter.rules.deadlines import compute_deadlines
from poortwachter.store import EventStore

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


class TimelineFormat(StrEnum):
    text = "text"
    json = "json"


class Language(StrEnum):
    nl = "nl"
    en = "en"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one error line to stderr and exit: 2 for bad input, 1 when the system failed."""
    typer.echo(f"poortwachter: error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn any poortwachter error into one line on stderr: exit 2 for bad input, 1 when the
    database is unreachable or its log is broken (nothing the input could fix)."""
    try:
        yield
    except (StoreUnavailableError, IntegrityViolationError, ParameterFileError) as exc:
        fail(str(exc), code=1)
    except PoortwachterError as exc:
        fail(str(exc))


def parse_date(value: str, option: str) -> dt.date:
    """An ISO date from the command line, or a clear exit-2 error."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; expected YYYY-MM-DD, e.g. 2026-03-02")


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
            day = max([_clock().today(), *(e.effective for e in case.events)])
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


# --- the database-backed commands ------------------------------------------------------------

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="POORTWACHTER_DB",
        help="Database URL (sqlite:///file.db or postgresql+psycopg://...).",
    ),
]
ActorOption = Annotated[
    str, typer.Option("--actor", envvar="POORTWACHTER_ACTOR", help="Who records this.")
]
case_app = typer.Typer(help="Open cases, record events, show them.", no_args_is_help=True)
audit_app = typer.Typer(help="Replay, verify and export a case's dossier.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")


def _clock() -> Clock:
    """The system clock, or a frozen one from POORTWACHTER_NOW (demos, reproducible runs)."""
    frozen = os.environ.get("POORTWACHTER_NOW")
    if not frozen:
        return SystemClock()
    try:
        instant = dt.datetime.fromisoformat(frozen)
    except ValueError:
        fail(f"POORTWACHTER_NOW {frozen!r} is not an ISO date or date-time with offset")
    if instant.tzinfo is None:
        if "T" in frozen or " " in frozen:
            fail(f"POORTWACHTER_NOW {frozen!r} needs a UTC offset, e.g. 2026-03-02T09:00+01:00")
        return FrozenClock(instant.date())
    return FrozenClock(instant)


def _engine(db: str, *, create: bool = False) -> Engine:
    """The engine on ``db``; only commands that write a new case create a database."""
    try:
        return Engine.open(db, clock=_clock(), create=create)
    except PoortwachterError:
        raise
    except (ValueError, ImportError, sa.exc.ArgumentError) as exc:  # a malformed URL or driver
        fail(f"cannot open database {db!r}: {exc}; expected e.g. sqlite:///poortwachter.db")


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _read_json_events(source: str) -> list[Any]:
    """One event object or a list of them, from a JSON string, a file, or '-' (stdin)."""
    with _errors():
        data, _ = read_json(source, inline=True)
    return data if isinstance(data, list) else [data]


@db_app.command("upgrade")
def db_upgrade(db: DbOption = DEFAULT_DB_URL) -> None:
    """Create or migrate the database schema to the current version."""
    with _errors():
        store = EventStore.open(db)
        store.upgrade()
        typer.echo(f"database at revision {store.current_revision()}")
        store.close()


@case_app.command("open")
def case_open(
    employee: Annotated[str, typer.Option("--employee", help="Pseudonymous employee reference.")],
    first_sick_day: Annotated[
        str, typer.Option("--first-sick-day", help="First day of incapacity, YYYY-MM-DD.")
    ],
    casemanager: Annotated[str | None, typer.Option("--casemanager")] = None,
    case_id: Annotated[str | None, typer.Option("--case-id", help="Default: generated.")] = None,
    actor: ActorOption = "cli",
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Open a sickness case (ziekmelding) and print its id."""
    day = parse_date(first_sick_day, "--first-sick-day")
    with _errors(), _engine(db, create=True) as engine:
        view = engine.open_case(employee, day, casemanager, actor=actor, case_id=case_id)
        typer.echo(view.case_id)


@case_app.command("record")
def case_record(
    case_id: Annotated[str, typer.Argument(help="The case id.")],
    event: Annotated[
        str, typer.Argument(help="Event JSON (object or list), a file with it, or '-' for stdin.")
    ],
    expected_version: Annotated[
        int | None,
        typer.Option("--expected-version", help="Refuse if the case is not at this version."),
    ] = None,
    actor: ActorOption = "cli",
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Record one or more events (checked by the state machine and the rules first)."""
    raw = _read_json_events(event)
    with _errors(), _engine(db) as engine:
        # All or nothing: one refused event stores none of the list.
        saved = engine.record_many(case_id, raw, actor=actor, expected_version=expected_version)
    for item in saved:
        typer.echo(f"{item.case_id} #{item.seq} {item.type} {item.effective}")


@case_app.command("show")
def case_show(
    case_id: Annotated[str, typer.Argument()],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    language: Annotated[Language, typer.Option("--lang")] = Language.nl,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """The case now: state, casemanager and deadlines."""
    day = parse_date(as_of, "--as-of") if as_of else None
    with _errors(), _engine(db) as engine:
        view = engine.case(case_id, as_of=day)
    if output is OutputFormat.json:
        _echo_json(view.model_dump(mode="json"))
        return
    typer.echo(
        f"{view.case_id}  medewerker {view.employee_ref}  status {view.state}"
        f"  casemanager {view.casemanager or '-'}  versie {view.version}"
        + ("  spoor 2" if view.spoor2 else "")
    )
    typer.echo(deadlines_table(view.case_id, view.as_of, view.deadlines, language.value), nl=False)


@case_app.command("timeline")
def case_timeline(
    case_id: Annotated[str, typer.Argument()],
    output: Annotated[TimelineFormat, typer.Option("--format")] = TimelineFormat.text,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Every recorded event: effective date, when and by whom it was recorded, corrections."""
    with _errors(), _engine(db) as engine:
        entries = engine.timeline(case_id)
    if output is TimelineFormat.json:
        _echo_json([e.model_dump(mode="json") for e in entries])
    else:
        typer.echo(timeline_text(case_id, entries), nl=False)


@app.command("agenda")
def agenda(
    casemanager: Annotated[str | None, typer.Option("--casemanager")] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First due date (YYYY-MM-DD).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last due date (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1)] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    language: Annotated[Language, typer.Option("--lang")] = Language.nl,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Every open legal action of the open cases, soonest first (missed ones stay until done)."""
    first = parse_date(start, "--from") if start else None
    last = parse_date(end, "--to") if end else None
    with _errors(), _engine(db) as engine:
        items = engine.agenda(casemanager, first, last, limit=limit, language=language.value)
    if output is OutputFormat.json:
        _echo_json([i.model_dump(mode="json") for i in items])
        return
    if not items:
        typer.echo("Geen open momenten." if language is Language.nl else "Nothing due.")
    late = "te laat" if language is Language.nl else "overdue"
    for item in items:
        mark = f"⚠ {late}" if item.overdue else ""
        typer.echo(
            f"{format_date(item.due, language.value)}  {mark:<10} {item.label:<36} "
            f"{item.case_id}  {item.employee_ref}  {item.casemanager or '-'}"
        )


@audit_app.command("replay")
def audit_replay(
    case_id: Annotated[str, typer.Argument()],
    as_of: Annotated[str | None, typer.Option("--as-of", help="The case as it stood then.")] = None,
    known_on: Annotated[
        str | None, typer.Option("--known-on", help="Only what was recorded by then.")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    language: Annotated[Language, typer.Option("--lang")] = Language.nl,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Replay a case as of a date and/or as known on a date."""
    t = parse_date(as_of, "--as-of") if as_of else None
    k = parse_date(known_on, "--known-on") if known_on else None
    with _errors(), _engine(db) as engine:
        result = engine.replay(case_id, as_of=t, known_on=k)
    if output is OutputFormat.json:
        _echo_json(result.model_dump(mode="json"))
        return
    known = f", bekend op {format_date(k)}" if k else ""
    typer.echo(f"{case_id}: status {result.state} per {format_date(result.as_of)}{known}")
    typer.echo(f"gebeurtenissen: {', '.join(f'#{s}' for s in result.seqs) or 'geen'}")
    for line in result.recorded_late:
        typer.echo(f"⚠ laat vastgelegd: {line}")
    if result.deadlines:
        typer.echo(
            deadlines_table(case_id, result.as_of, result.deadlines, language.value), nl=False
        )


@audit_app.command("verify")
def audit_verify(
    case_id: Annotated[str | None, typer.Argument(help="One case; default: all.")] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Check the hash chains. Exit 0 when intact, 1 when any link is broken."""
    with _errors(), _engine(db) as engine:
        issues = engine.verify(case_id)
    if not issues:
        typer.echo("ok: every hash chain is intact")
        return
    for issue in issues:
        typer.echo(f"BROKEN {issue}")
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    case_id: Annotated[str, typer.Argument()],
    output: Annotated[TimelineFormat, typer.Option("--format")] = TimelineFormat.text,
    out_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file.")
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """The complete dossier: timeline, current state and deadlines (JSON or text)."""
    with _errors(), _engine(db) as engine:
        view = engine.case(case_id)
        entries = engine.timeline(case_id)
        issues = engine.verify(case_id)
    if output is TimelineFormat.json:
        text = (
            json.dumps(
                {
                    "case": view.model_dump(mode="json"),
                    "timeline": [e.model_dump(mode="json") for e in entries],
                    "integrity": [i.model_dump(mode="json") for i in issues],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        text = (
            timeline_text(case_id, entries)
            + "\n"
            + deadlines_table(case_id, view.as_of, view.deadlines)
        )
        text += "\nIntegriteit: " + ("in orde" if not issues else "; ".join(map(str, issues)))
        text += "\n"
    if out_file is None:
        typer.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{out_file}: cannot be written ({exc.strerror})", code=1)
    typer.echo(f"written to {out_file}")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="poortwachter")


if __name__ == "__main__":  # pragma: no cover
    main()
