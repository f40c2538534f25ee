"""``contact plan|hold|move|cancel``: contact moments with the employee, as conversation events."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli._core import _PLAIN, app, help_text
from poortwachter.cli.conversation_input import (
    AtOption,
    IdOption,
    OnOption,
    ReasonOption,
    WithOption,
    conversation_command,
    instant,
    party,
    present,
    today_or,
)

__all__ = ["contact_app"]

contact_app = typer.Typer(help=help_text("contact"), no_args_is_help=True, **_PLAIN)
app.add_typer(contact_app, name="contact")

PurposeOption = Annotated[str, typer.Option("--purpose", help=help_text("conv_purpose"))]
PreparesOption = Annotated[str | None, typer.Option("--prepares", help=help_text("conv_prepares"))]


@conversation_command(contact_app, "plan", "contact_plan")
def contact_plan(
    contact_id: IdOption,
    at: AtOption,
    purpose: PurposeOption,
    form: Annotated[str, typer.Option("--form", help=help_text("conv_form"))] = "in_person",
    with_: WithOption = None,
    prepares: PreparesOption = None,
    on: OnOption = None,
) -> dict[str, Any]:
    return {
        "type": "contact_planned",
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "at": instant(at, "--at"),
        "form": form,
        "participants": [party(p, "--with") for p in with_ or []],
        "purpose": purpose,
        "prepares": prepares,
    }


@conversation_command(contact_app, "hold", "contact_hold")
def contact_hold(
    contact_id: IdOption,
    at: AtOption,
    summary: Annotated[str, typer.Option("--summary", help=help_text("conv_summary"))],
    form: Annotated[str | None, typer.Option("--form", help=help_text("conv_form"))] = None,
    with_: WithOption = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help=help_text("conv_purpose"))
    ] = None,
    prepares: PreparesOption = None,
) -> dict[str, Any]:
    event = {
        "type": "contact_held",
        "contact_id": contact_id,
        "at": instant(at, "--at"),
        "summary": summary,
        "participants": [party(p, "--with") for p in with_ or []],
    }
    return present(event, form=form, purpose=purpose, prepares=prepares)


@conversation_command(contact_app, "move", "contact_move")
def contact_move(
    contact_id: IdOption, at: AtOption, reason: ReasonOption, on: OnOption = None
) -> dict[str, Any]:
    return {
        "type": "contact_moved",
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "at": instant(at, "--at"),
        "reason": reason,
    }


@conversation_command(contact_app, "cancel", "contact_cancel")
def contact_cancel(
    contact_id: IdOption, reason: ReasonOption, on: OnOption = None
) -> dict[str, Any]:
    return {
        "type": "contact_cancelled",
        "effective": today_or(on, "--on"),
        "contact_id": contact_id,
        "reason": reason,
    }
