"""``contact plan|hold|move|cancel``: contact moments with the employee, as conversation events."""

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
    help_text,
)
from poortwachter.cli.cases import ActorOption
from poortwachter.cli.conversation_input import (
    AtOption,
    IdOption,
    OnOption,
    ReasonOption,
    WithOption,
    instant,
    party,
    record,
    today_or,
)

__all__ = ["contact_app"]

contact_app = typer.Typer(help=help_text("contact"), no_args_is_help=True, **_PLAIN)
app.add_typer(contact_app, name="contact")


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
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "at": instant(at, "--at"),
        "form": form,
        "participants": [party(p, "--with") for p in with_ or []],
        "purpose": purpose,
        "prepares": prepares,
    }
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


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
        "at": instant(at, "--at"),
        "summary": summary,
        "participants": [party(p, "--with") for p in with_ or []],
    }
    for name, value in (("form", form), ("purpose", purpose), ("prepares", prepares)):
        if value is not None:
            event[name] = value
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


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
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "at": instant(at, "--at"),
        "reason": reason,
    }
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)


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
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "reason": reason,
    }
    record(ctx, case_id, [event], actor=actor, db=db, output=output, lang=lang)
