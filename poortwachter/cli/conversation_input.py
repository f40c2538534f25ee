"""What the conversation commands share: their options, the checks of their values, and the
recording of the event they build.

Kept apart so ``contact``, ``agreement`` and ``werkbalans`` judge a date-time, a party and a
medical term the same way, and print what was recorded the same way.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from poortwachter.cli._core import (
    clock,
    echo_json,
    fail_text,
    help_text,
    language,
    parse_date,
    quoted,
    settings,
    warn,
)
from poortwachter.cli.cases import echo_recorded
from poortwachter.cli.shared_params import ACTOR_TAIL, CASE_HEAD, open_engine, spliced_command
from poortwachter.errors import MedicalTermWarning
from poortwachter.texts import text

__all__ = [
    "AtOption",
    "IdOption",
    "NoteOption",
    "OnOption",
    "ReasonOption",
    "WithOption",
    "conversation_command",
    "instant",
    "party",
    "present",
    "record",
    "today_or",
]

IdOption = Annotated[str, typer.Option("--id", help=help_text("conv_id"))]
AtOption = Annotated[str, typer.Option("--at", help=help_text("conv_at"))]
WithOption = Annotated[
    list[str] | None, typer.Option("--with", metavar="REF:ROLE", help=help_text("conv_with"))
]
OnOption = Annotated[
    str | None, typer.Option("--on", metavar="DATE", help=help_text("conv_on"), show_default=False)
]
ReasonOption = Annotated[str, typer.Option("--reason", help=help_text("conv_reason"))]
NoteOption = Annotated[str | None, typer.Option("--note", help=help_text("conv_note"))]


def _show_medical_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A medical-term warning from ``case record`` as one translated line on stderr."""
    if isinstance(message, MedicalTermWarning):
        warn(text("conv.medical_warning", language(), field=message.field, term=message.term))
        return
    _DEFAULT_SHOW(message, category, filename, lineno, file, line)


_DEFAULT_SHOW = warnings.showwarning
warnings.showwarning = _show_medical_warning


# Every finding, not only the first per source line (Python's default).
warnings.simplefilter("always", MedicalTermWarning)


def instant(value: str, option: str) -> str:
    """An ISO date-time with its UTC offset, or a clear exit-2 error."""
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        fail_text("cli.conv_bad_at", option=option, value=quoted(value))
    return instant.isoformat()


def party(value: str, option: str) -> dict[str, str]:
    ref, sep, role = value.rpartition(":")
    if not sep or not ref or not role:
        fail_text("cli.conv_bad_party", option=option, value=quoted(value))
    return {"ref": ref, "role": role}


def today_or(value: str | None, option: str) -> str:
    day = parse_date(value, option)
    return (day or clock().today()).isoformat()


def present(event: dict[str, Any], **optional: Any) -> dict[str, Any]:
    """``event`` with those of ``optional`` that were given: a field left out is not ``null``."""
    event.update({name: value for name, value in optional.items() if value is not None})
    return event


def _record_built(
    make: Callable[[], dict[str, Any]], *, ctx: typer.Context, case_id: str, **options: Any
) -> None:
    """Build the event, then record it (``options``: actor, db, output, lang)."""
    record(ctx, case_id, [make()], **options)


def conversation_command(
    group: typer.Typer, name: str, help_key: str
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Registers ``build`` as ``group name``: a command that records the one event it builds.

    ``build`` declares only its own options and returns the event; the case argument, the
    ``--actor/--db/--format/--lang`` options and the recording are the same for every
    conversation command, so they are added here once.
    """
    return spliced_command(
        group, name, help_key, head=CASE_HEAD, tail=ACTOR_TAIL, run=_record_built
    )


def record(
    ctx: typer.Context,
    case_id: str,
    events: Sequence[dict[str, Any]],
    *,
    actor: str,
    db: str | None,
    output: str | None,
    lang: str | None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    with open_engine(chosen.db) as engine:
        result = engine.record_conversation(case_id, events, actor=actor)
    for f in result.warnings:
        warn(text("conv.medical_warning", chosen.lang, field=f.field, term=f.term))
    if chosen.output == "json":
        echo_json(
            {
                "recorded": [r.model_dump(mode="json") for r in result.recorded],
                "warnings": [
                    {"field": f.field, "term": f.term, "event_type": f.event_type}
                    for f in result.warnings
                ],
            }
        )
        return
    echo_recorded(result.recorded, chosen.lang)
