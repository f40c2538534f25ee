"""``agreement add|keep|miss``: agreements made in a conversation and whether they were kept."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli._core import _PLAIN, app, fail_text, help_text, quoted
from poortwachter.cli.conversation_input import (
    IdOption,
    NoteOption,
    OnOption,
    ReasonOption,
    conversation_command,
    party,
    present,
    today_or,
)

__all__ = ["agreement_app"]

agreement_app = typer.Typer(help=help_text("agreement"), no_args_is_help=True, **_PLAIN)
app.add_typer(agreement_app, name="agreement")


@conversation_command(agreement_app, "add", "agreement_add")
def agreement_add(
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
) -> dict[str, Any]:
    day = today_or(on, "--on")
    acknowledgements = []
    for item in ack or []:
        by, sep, how = item.rpartition(":")
        if not sep:
            fail_text("cli.conv_bad_party", option="--ack", value=quoted(item))
        acknowledgements.append({"by": party(by, "--ack"), "acknowledged_on": day, "how": how})
    return {
        "type": "agreement_made",
        "effective": day,
        "agreement_id": agreement_id,
        "owner": party(owner, "--owner"),
        "action": action,
        "due": due,
        "contact_id": contact,
        "acknowledgements": acknowledgements,
    }


@conversation_command(agreement_app, "keep", "agreement_keep")
def agreement_keep(
    agreement_id: IdOption, note: NoteOption = None, on: OnOption = None
) -> dict[str, Any]:
    event = {
        "type": "agreement_kept",
        "effective": today_or(on, "--on"),
        "agreement_id": agreement_id,
    }
    return present(event, note=note)


@conversation_command(agreement_app, "miss", "agreement_miss")
def agreement_miss(
    agreement_id: IdOption,
    reason: ReasonOption,
    new_due: Annotated[
        str | None, typer.Option("--new-due", metavar="DATE", help=help_text("conv_new_due"))
    ] = None,
    note: NoteOption = None,
    on: OnOption = None,
) -> dict[str, Any]:
    event = {
        "type": "agreement_missed",
        "effective": today_or(on, "--on"),
        "agreement_id": agreement_id,
        "reason": reason,
    }
    return present(event, new_due=new_due, note=note)
