"""``agreement add|keep|miss``: agreements made in a conversation and whether they were kept."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli._core import (
    _PLAIN,
    CaseArg,
    DbOption,
    FormatOption,
    LangOption,
    app,
    fail_text,
    help_text,
    quoted,
)
from poortwachter.cli.cases import ActorOption
from poortwachter.cli.conversation_input import (
    IdOption,
    NoteOption,
    OnOption,
    ReasonOption,
    party,
    record,
    today_or,
)

__all__ = ["agreement_app"]

agreement_app = typer.Typer(help=help_text("agreement"), no_args_is_help=True, **_PLAIN)
app.add_typer(agreement_app, name="agreement")


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
    day = today_or(on, "--on")
    acknowledgements = []
    for item in ack or []:
        by, sep, how = item.rpartition(":")
        if not sep:
            fail_text("cli.conv_bad_party", option="--ack", value=quoted(item))
        acknowledgements.append({"by": party(by, "--ack"), "acknowledged_on": day, "how": how})
    event = {
        "type": "agreement_made",
        "effective": day,
        "agreement_id": agreement_id,
        "owner": party(owner, "--owner"),
        "action": action,
        "due": due,
        "contact_id": contact,
        "acknowledgements": acknowledgements,
    }
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


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
        "effective": today_or(on, "--on"),
        "agreement_id": agreement_id,
    }
    if note is not None:
        event["note"] = note
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


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
        "effective": today_or(on, "--on"),
        "agreement_id": agreement_id,
        "reason": reason,
    }
    for name, value in (("new_due", new_due), ("note", note)):
        if value is not None:
            event[name] = value
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)
