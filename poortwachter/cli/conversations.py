"""Conversation commands: ``contact plan|hold|move|cancel``, ``agreement add|keep|miss``,
``werkbalans record FORM`` and ``signals``.

Each command builds one event of the conversation family (the same JSON ``case record``
accepts) and records it through :meth:`poortwachter.Engine.record_conversation`; a medical term
in free text is printed as a warning naming the field and the term, or refused (exit 2) when
the policy ``POORTWACHTER_MEDICAL_TERMS=refuse`` says so.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from poortwachter.cli._core import (
    _PLAIN,
    AsOfOption,
    CaseArg,
    DbOption,
    FormatOption,
    LangOption,
    app,
    clock,
    echo_json,
    echo_text,
    fail_text,
    help_text,
    language,
    parse_date,
    quoted,
    settings,
    warn,
)
from poortwachter.cli.cases import ActorOption, open_engine
from poortwachter.errors import MedicalTermWarning
from poortwachter.texts import text

__all__ = ["agreement_app", "contact_app", "werkbalans_app"]

contact_app = typer.Typer(help=help_text("contact"), no_args_is_help=True, **_PLAIN)
agreement_app = typer.Typer(help=help_text("agreement"), no_args_is_help=True, **_PLAIN)
werkbalans_app = typer.Typer(help=help_text("werkbalans"), no_args_is_help=True, **_PLAIN)
app.add_typer(contact_app, name="contact")
app.add_typer(agreement_app, name="agreement")
app.add_typer(werkbalans_app, name="werkbalans")

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


def _instant(value: str, option: str) -> str:
    """An ISO date-time with its UTC offset, or a clear exit-2 error."""
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        fail_text("cli.conv_bad_at", option=option, value=quoted(value))
    return instant.isoformat()


def _party(value: str, option: str) -> dict[str, str]:
    ref, sep, role = value.rpartition(":")
    if not sep or not ref or not role:
        fail_text("cli.conv_bad_party", option=option, value=quoted(value))
    return {"ref": ref, "role": role}


def _today_or(value: str | None, option: str) -> str:
    day = parse_date(value, option)
    return (day or clock().today()).isoformat()


def _record(
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
    for item in result.recorded:
        line = text(
            "cli.recorded",
            chosen.lang,
            case=item.case_id,
            seq=item.seq,
            type=item.type,
            effective=item.effective,
        )
        echo_text(line + "\n")


@contact_app.command("plan", help=help_text("contact_plan"))
def contact_plan(
    ctx: typer.Context,
    case_id: CaseArg,
    contact_id: IdOption,
    at: AtOption,
    purpose: Annotated[str, typer.Option("--purpose", help=help_text("conv_purpose"))],
    form: Annotated[str, typer.Option("--form", help=help_text("conv_form"))] = "in_person",
    with_: WithOption = None,
    prepares: Annotated[
        str | None, typer.Option("--prepares", help=help_text("conv_prepares"))
    ] = None,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event = {
        "type": "contact_planned",
        "effective": _today_or(on, "--on"),
        "contact_id": contact_id,
        "at": _instant(at, "--at"),
        "form": form,
        "participants": [_party(p, "--with") for p in with_ or []],
        "purpose": purpose,
        "prepares": prepares,
    }
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@contact_app.command("hold", help=help_text("contact_hold"))
def contact_hold(
    ctx: typer.Context,
    case_id: CaseArg,
    contact_id: IdOption,
    at: AtOption,
    summary: Annotated[str, typer.Option("--summary", help=help_text("conv_summary"))],
    form: Annotated[str | None, typer.Option("--form", help=help_text("conv_form"))] = None,
    with_: WithOption = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help=help_text("conv_purpose"))
    ] = None,
    prepares: Annotated[
        str | None, typer.Option("--prepares", help=help_text("conv_prepares"))
    ] = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event: dict[str, Any] = {
        "type": "contact_held",
        "contact_id": contact_id,
        "at": _instant(at, "--at"),
        "summary": summary,
        "participants": [_party(p, "--with") for p in with_ or []],
    }
    for name, value in (("form", form), ("purpose", purpose), ("prepares", prepares)):
        if value is not None:
            event[name] = value
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@contact_app.command("move", help=help_text("contact_move"))
def contact_move(
    ctx: typer.Context,
    case_id: CaseArg,
    contact_id: IdOption,
    at: AtOption,
    reason: ReasonOption,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event = {
        "type": "contact_moved",
        "effective": _today_or(on, "--on"),
        "contact_id": contact_id,
        "at": _instant(at, "--at"),
        "reason": reason,
    }
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@contact_app.command("cancel", help=help_text("contact_cancel"))
def contact_cancel(
    ctx: typer.Context,
    case_id: CaseArg,
    contact_id: IdOption,
    reason: ReasonOption,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event = {
        "type": "contact_cancelled",
        "effective": _today_or(on, "--on"),
        "contact_id": contact_id,
        "reason": reason,
    }
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@agreement_app.command("add", help=help_text("agreement_add"))
def agreement_add(
    ctx: typer.Context,
    case_id: CaseArg,
    agreement_id: IdOption,
    owner: Annotated[
        str, typer.Option("--owner", metavar="REF:ROLE", help=help_text("conv_owner"))
    ],
    action: Annotated[str, typer.Option("--action", help=help_text("conv_action"))],
    due: Annotated[str, typer.Option("--due", metavar="DATE", help=help_text("conv_due"))],
    contact: Annotated[
        str | None, typer.Option("--contact", help=help_text("conv_contact"))
    ] = None,
    ack: Annotated[
        list[str] | None,
        typer.Option("--ack", metavar="REF:ROLE:HOW", help=help_text("conv_ack")),
    ] = None,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    day = _today_or(on, "--on")
    acknowledgements = []
    for item in ack or []:
        party, sep, how = item.rpartition(":")
        if not sep:
            fail_text("cli.conv_bad_party", option="--ack", value=quoted(item))
        acknowledgements.append({"by": _party(party, "--ack"), "acknowledged_on": day, "how": how})
    event = {
        "type": "agreement_made",
        "effective": day,
        "agreement_id": agreement_id,
        "owner": _party(owner, "--owner"),
        "action": action,
        "due": due,
        "contact_id": contact,
        "acknowledgements": acknowledgements,
    }
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@agreement_app.command("keep", help=help_text("agreement_keep"))
def agreement_keep(
    ctx: typer.Context,
    case_id: CaseArg,
    agreement_id: IdOption,
    note: NoteOption = None,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event: dict[str, Any] = {
        "type": "agreement_kept",
        "effective": _today_or(on, "--on"),
        "agreement_id": agreement_id,
    }
    if note is not None:
        event["note"] = note
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


@agreement_app.command("miss", help=help_text("agreement_miss"))
def agreement_miss(
    ctx: typer.Context,
    case_id: CaseArg,
    agreement_id: IdOption,
    reason: ReasonOption,
    new_due: Annotated[
        str | None, typer.Option("--new-due", metavar="DATE", help=help_text("conv_new_due"))
    ] = None,
    note: NoteOption = None,
    on: OnOption = None,
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    event: dict[str, Any] = {
        "type": "agreement_missed",
        "effective": _today_or(on, "--on"),
        "agreement_id": agreement_id,
        "reason": reason,
    }
    for name, value in (("new_due", new_due), ("note", note)):
        if value is not None:
            event[name] = value
    _record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


def _read_form(path: str) -> dict[str, Any]:
    """The werkbalansgesprek form from a JSON or YAML file (``-``: JSON on stdin)."""
    from poortwachter.casefile import read_json
    from poortwachter.errors import InvalidCaseFileError

    if path.endswith((".yaml", ".yml")):
        import yaml

        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
        except FileNotFoundError:
            raise InvalidCaseFileError(path, "no such file") from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InvalidCaseFileError(path, f"cannot be read as YAML: {exc}") from None
    else:
        data, _ = read_json(path)
    if not isinstance(data, dict):
        raise InvalidCaseFileError(path, "expected one object: the werkbalansgesprek form")
    return {"type": "werkbalansgesprek_held", **data}


@werkbalans_app.command("record", help=help_text("werkbalans_record"))
def werkbalans_record(
    ctx: typer.Context,
    case_id: CaseArg,
    form: Annotated[
        str, typer.Argument(metavar="FORM.json|yaml", help=help_text("conv_form_file"))
    ],
    actor: ActorOption = "cli",
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    _record(ctx, case_id, [_read_form(form)], actor=actor, db=db, output=output, lang=lang)


@app.command("signals", help=help_text("signals"))
def signals(
    ctx: typer.Context,
    casemanager: Annotated[
        str | None, typer.Option("--casemanager", help=help_text("casemanager"))
    ] = None,
    case_id: Annotated[str | None, typer.Option("--case", help=help_text("conv_case"))] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    day = parse_date(as_of, "--as-of")
    with open_engine(chosen.db) as engine:
        found = engine.signals(
            casemanager=casemanager, case_id=case_id, as_of=day, language=chosen.lang
        )
    if chosen.output == "json":
        echo_json([s.model_dump(mode="json") for s in found])
        return
    from poortwachter.render import format_date

    header = "signal.header_one" if len(found) == 1 else "signal.header"
    lines = [text(header, chosen.lang, count=len(found)) + "\n"]
    for s in found:
        label = text(f"signal.{s.kind}", chosen.lang)
        since = format_date(s.since, chosen.lang)
        lines.append(f"{since}  {s.case_id}  {s.casemanager or '-'}  {label}\n")
        lines.append(f"    {s.reason}\n    → {s.suggests}\n")
    echo_text("".join(lines))
