"""Database-backed case commands: ``case open|record|close|show|timeline|list`` and ``agenda``.

The engine (and with it SQLAlchemy and the store) is imported inside
:func:`.shared_params.open_engine`, only when a command runs that needs it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from poortwachter.cli._core import (
    AsOfOption,
    CaseArg,
    DbOption,
    FormatOption,
    LangOption,
    app,
    case_app,
    clock,
    echo_json,
    echo_text,
    escape,
    fail,
    fail_text,
    help_text,
    parse_date,
    quoted,
    require_date,
    settings,
    warn,
)
from poortwachter.cli.integrity import case_findings, exit_if_broken
from poortwachter.cli.shared_params import (
    ACTOR_TAIL,
    CASE_HEAD,
    KEYWORD,
    ActorOption,
    CasemanagerOption,
    ExpectedVersionOption,
    SoonOption,
    open_engine,
    spliced_command,
)
from poortwachter.texts import text

if TYPE_CHECKING:
    from poortwachter.cli.options import Settings
    from poortwachter.engine import Engine
    from poortwachter.texts import Language
    from poortwachter.views import RecordedEvent

__all__ = ["echo_json_stream", "echo_recorded", "shorthand_event"]

#: The agenda's default period: today and the four weeks after it.
AGENDA_DAYS = 28


def echo_json_stream(items: Iterable[Any]) -> None:
    """A JSON list written item by item, byte for byte what ``echo_json(list(items))`` writes:
    a long agenda or case list is never held in memory."""
    opened = False
    for item in items:
        raw = json.dumps(item, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        body = escape("  " + raw.replace("\n", "\n  "), keep="\n")
        typer.echo(("[\n" if not opened else ",\n") + body, nl=False)
        opened = True
    typer.echo("\n]" if opened else "[]")


def echo_lines(lines: Iterable[str]) -> None:
    """Text lines as they come (each escaped by :func:`echo_text`)."""
    for line in lines:
        echo_text(line + "\n")


@case_app.command("open", help=help_text("case_open"))
def case_open(
    ctx: typer.Context,
    employee: Annotated[str, typer.Option("--employee", help=help_text("employee"))],
    first_sick_day: Annotated[
        str, typer.Option("--first-sick-day", help=help_text("first_sick_day"))
    ],
    casemanager: CasemanagerOption = None,
    case_id: Annotated[str | None, typer.Option("--case-id", help=help_text("case_id"))] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    day = require_date(first_sick_day, "--first-sick-day")
    with open_engine(chosen.db, create=True) as engine:
        opened = engine.open_case(employee, day, casemanager, actor=actor, case_id=case_id)
        reopened = _reopened(engine, opened.case_id)
        view = engine.case(opened.case_id, language=chosen.lang)
    if reopened:
        from poortwachter.render import format_date

        # Say so: the user asked for a new case and got an earlier one back (samentelling).
        message = text(
            "cli.reopened",
            chosen.lang,
            case=quoted(view.case_id),
            day=format_date(day, chosen.lang),
            first=format_date(view.first_sick_day, chosen.lang),
        )
        if case_id is not None and case_id.strip() != view.case_id:
            message += text("cli.reopened_id_unused", chosen.lang, requested=quoted(case_id))
        warn(message)
    if chosen.output == "json":
        data = view.model_dump(mode="json", context={"language": chosen.lang})
        echo_json({**data, "reopened": reopened})
    else:
        echo_text(view.case_id + "\n")


def _reopened(engine: Engine, case_id: str) -> bool:
    """Whether ``case open`` just reopened ``case_id`` instead of opening it: a new case holds
    only its sick report and casemanager, a reopened one ends with ``case_reopened``, the
    relapse and perhaps a new casemanager (:mod:`poortwachter.relapse`)."""
    return any(entry.type == "case_reopened" for entry in engine.timeline(case_id)[-3:])


def _value(raw: str) -> Any:
    """A shorthand value: JSON when it parses (12, true, null, "x", {...}), else the text."""
    from poortwachter.casefile import decode_json
    from poortwachter.errors import InvalidCaseFileError

    try:
        return decode_json(raw, "value")
    except InvalidCaseFileError:
        return raw


def shorthand_event(event_type: str, rest: Sequence[str]) -> dict[str, Any]:
    """``TYPE DATE field=value ...`` as an event object (validated later, like JSON input)."""
    if not rest:
        fail_text("cli.shorthand_date", type=quoted(event_type))
    event: dict[str, Any] = {"type": event_type, "effective": rest[0]}
    for item in rest[1:]:
        field, sep, raw = item.partition("=")
        if not sep or not field:
            fail_text("cli.shorthand_field", item=quoted(item))
        if field in ("type", "effective"):
            fail_text("cli.shorthand_fixed", field=quoted(field))
        if field in event:
            fail_text("cli.shorthand_twice", field=quoted(field))
        event[field] = _value(raw)
    return event


def _events_from(event: str, rest: Sequence[str]) -> list[Any]:
    """The events a ``case record`` call names: JSON, a file, stdin, or the shorthand."""
    from poortwachter.casefile import read_json
    from poortwachter.errors import InvalidCaseFileError
    from poortwachter.events import EVENT_TYPES

    if rest or event in EVENT_TYPES:
        return [shorthand_event(event, rest)]
    data, source = read_json(event, inline=True)
    if data == []:
        raise InvalidCaseFileError(source, "an empty list: no events to record")
    return data if isinstance(data, list) else [data]


def _record_built(
    make: Callable[[], Sequence[Any]],
    *,
    ctx: typer.Context,
    case_id: str,
    expected_version: int | None,
    actor: str,
    **given: str | None,
) -> None:
    """Settings first (their language words any error), then the events, then the store
    (``given``: db, output, lang)."""
    chosen = settings(ctx, **given)
    _record_many(chosen, case_id, make(), actor=actor, expected_version=expected_version)


def _case_recording(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``case NAME``: a command that records, all or nothing, the events it builds."""
    expected_version = inspect.Parameter(
        "expected_version", KEYWORD, annotation=ExpectedVersionOption, default=None
    )
    return spliced_command(
        case_app,
        name,
        f"case_{name}",
        head=CASE_HEAD,
        tail=(expected_version, *ACTOR_TAIL),
        run=_record_built,
    )


@_case_recording("record")
def case_record(
    event: Annotated[
        str, typer.Argument(metavar="EVENT", help=help_text("event"), show_default=False)
    ],
    rest: Annotated[
        list[str] | None,
        typer.Argument(metavar="DATE FIELD=VALUE", help=help_text("rest"), show_default=False),
    ] = None,
) -> list[Any]:
    return _events_from(event, rest or [])


def _record_many(
    chosen: Settings,
    case_id: str,
    events: Sequence[Any],
    *,
    actor: str,
    expected_version: int | None,
) -> None:
    """What ``case record`` and ``case close`` do: store the events, all or nothing (one
    refused event stores none of the list), and print them."""
    with open_engine(chosen.db) as engine:
        saved = engine.record_many(case_id, events, actor=actor, expected_version=expected_version)
    if chosen.output == "json":
        echo_json([item.model_dump(mode="json") for item in saved])
        return
    echo_recorded(saved, chosen.lang)


def echo_recorded(saved: Sequence[RecordedEvent], lang: Language) -> None:
    """Stored events as text, one line each: what every recording command prints."""
    for item in saved:
        line = text(
            "cli.recorded",
            lang,
            case=item.case_id,
            seq=item.seq,
            type=item.type,
            effective=item.effective,
        )
        echo_text(line + "\n")


@_case_recording("close")
def case_close(
    reason: Annotated[str, typer.Option("--reason", help=help_text("close_reason"))],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help=help_text("close_on"), show_default=False),
    ] = None,
) -> list[dict[str, Any]]:
    """``case record CASE case_closed DATE reason=...`` under the name a user looks for."""
    effective = parse_date(on, "--on") or clock().today()
    return [{"type": "case_closed", "effective": effective.isoformat(), "reason": reason}]


@case_app.command("show", help=help_text("case_show"))
def case_show(
    ctx: typer.Context,
    case_id: CaseArg,
    as_of: AsOfOption = None,
    db: DbOption = None,
    soon: SoonOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    day = parse_date(as_of, "--as-of")
    with open_engine(chosen.db) as engine:
        view = engine.case(case_id, as_of=day, language=chosen.lang, soon_days=soon)
        broken = case_findings(engine, case_id)
        entries = engine.timeline(case_id)
    if chosen.output == "json":
        echo_json(view.model_dump(mode="json", context={"language": chosen.lang}))
        exit_if_broken(case_id, broken, chosen.lang)
        return
    from poortwachter.conversations.story import story_text
    from poortwachter.render import deadlines_table, next_step_text

    head = text(
        "cli.case_head",
        chosen.lang,
        case=view.case_id,
        employee=view.employee_ref,
        state=text("state." + view.state, chosen.lang),
        casemanager=view.casemanager or "-",
        version=view.version,
    )
    if view.spoor2:
        head += "  " + text("cli.spoor2", chosen.lang)
    soon_kinds = frozenset(a.kind for a in view.open_actions if a.status == "soon")
    table = deadlines_table(view.case_id, view.as_of, view.deadlines, chosen.lang, soon=soon_kinds)
    story = story_text(
        view.case_id, [e for e in entries if e.effective <= view.as_of], view.deadlines, chosen.lang
    )
    echo_text(
        head + "\n" + table + "\n" + next_step_text(view.next_step, chosen.lang) + "\n" + story
    )
    exit_if_broken(case_id, broken, chosen.lang)


@case_app.command("timeline", help=help_text("case_timeline"))
def case_timeline(
    ctx: typer.Context,
    case_id: CaseArg,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    with open_engine(chosen.db) as engine:
        entries = engine.timeline(case_id)
        broken = case_findings(engine, case_id)
    if chosen.output == "json":
        echo_json([e.model_dump(mode="json") for e in entries])
        exit_if_broken(case_id, broken, chosen.lang)
        return
    from poortwachter.render import timeline_text

    echo_text(timeline_text(case_id, entries, chosen.lang))
    exit_if_broken(case_id, broken, chosen.lang)


@app.command("agenda", help=help_text("agenda_view"))
def agenda(
    ctx: typer.Context,
    casemanager: CasemanagerOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help=help_text("agenda_from"), show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help=help_text("agenda_to"), show_default=False)
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help=help_text("agenda_limit"))
    ] = None,
    soon: SoonOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    first = parse_date(start, "--from")
    last = parse_date(end, "--to")
    with open_engine(chosen.db) as engine:
        today = engine.clock.today()
        first = first or today
        last = last or first + dt.timedelta(days=AGENDA_DAYS - 1)
        if last < first:
            fail_text("agenda.bad_window", start=first.isoformat(), end=last.isoformat())
        items = engine.iter_agenda(
            casemanager, first, last, limit=limit, language=chosen.lang, soon_days=soon
        )
        if chosen.output == "json":
            echo_json_stream(item.model_dump(mode="json") for item in items)
            return
        from poortwachter.planning import Planner
        from poortwachter.render import agenda_text

        planner = Planner(engine.rules.calendar, today, engine.soon_days if soon is None else soon)
        echo_lines(
            agenda_text(
                items,
                casemanager=casemanager,
                today=today,
                # The period as it is read: from today at the earliest (what lies before is
                # overdue, above); a period wholly in the past is shown as asked, empty.
                start=max(first, today) if last >= today else first,
                end=last,
                soon_days=planner.soon_days,
                soon_until=planner.soon_until,
                language=chosen.lang,
            )
        )


@case_app.command("list", help=help_text("case_list"))
def case_list(
    ctx: typer.Context,
    casemanager: CasemanagerOption = None,
    employee: Annotated[
        str | None, typer.Option("--employee", help=help_text("employee_filter"))
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help=help_text("state_filter"), show_default=False)
    ] = None,
    include_closed: Annotated[
        bool, typer.Option("--all", help=help_text("include_closed"))
    ] = False,
    soon: SoonOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    from poortwachter.workflows import CaseState

    if state is not None and state not in {s.value for s in CaseState}:
        choices = ", ".join(s.value for s in CaseState)
        fail(text("case_list.bad_state", chosen.lang, value=quoted(state), choices=choices))
    with open_engine(chosen.db) as engine:
        summaries = engine.cases(
            casemanager=casemanager,
            employee_ref=employee,
            state=state,
            include_closed=include_closed,
            language=chosen.lang,
            soon_days=soon,
        )
        if chosen.output == "json":
            echo_json_stream(s.model_dump(mode="json") for s in summaries)
            return
        from poortwachter.render import case_list_text

        echo_lines(case_list_text(summaries, chosen.lang))
