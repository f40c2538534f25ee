"""``poortwachter reminders plan|list|why|retry|sweep``: the outbox from the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from poortwachter.cli._core import (
    _PLAIN,
    DbOption,
    FormatOption,
    LangOption,
    app,
    echo_json,
    echo_text,
    fail_text,
    help_text,
    quoted,
    settings,
)
from poortwachter.cli.shared_params import open_engine
from poortwachter.clock import AMSTERDAM
from poortwachter.texts import Language, text

if TYPE_CHECKING:
    from poortwachter.cli.options import Settings
    from poortwachter.engine import Engine
    from poortwachter.notify.sweep import SweepReport

__all__ = ["PolicyOption", "open_reminders_engine", "reminders_app"]

reminders_app = typer.Typer(help=help_text("reminders"), no_args_is_help=True, **_PLAIN)
app.add_typer(reminders_app, name="reminders")

PolicyOption = Annotated[
    str | None,
    typer.Option(
        "--policy",
        envvar="POORTWACHTER_REMINDERS",
        metavar="FILE",
        help=help_text("policy"),
        show_default=False,
    ),
]
T = TypeVar("T")
_STATES = ("pending", "sent", "dead", "cancelled")


@contextmanager
def open_reminders_engine(db: str, policy: str | None, *, create: bool = False) -> Iterator[Engine]:
    """The engine on ``db`` with the reminder policy at ``policy`` (else the default)."""
    from poortwachter.notify.policy import load_policy

    with open_engine(db, create=create, reminder_policy=load_policy(policy)) as engine:
        yield engine


def _on_outbox(
    ctx: typer.Context,
    call: Callable[[Engine], T],
    *,
    policy: str | None,
    db: str | None,
    output: str | None,
    lang: str | None,
) -> tuple[Settings, T]:
    """The command's settings and what ``call`` answers on the engine, closed afterwards."""
    chosen = settings(ctx, db=db, output=output, lang=lang)
    with open_reminders_engine(chosen.db, policy) as engine:
        return chosen, call(engine)


def sweep_line(report: SweepReport, lang: Language) -> str:
    return text("reminders.sweep.done", lang, **vars(report))


@reminders_app.command("plan", help=help_text("reminders_plan"))
def reminders_plan(
    ctx: typer.Context,
    case_id: Annotated[str | None, typer.Argument(metavar="[CASE]", show_default=False)] = None,
    policy: PolicyOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    def plan(engine: Engine) -> tuple[int, dict[str, int]]:
        return engine.reminders.plan(case_id), engine.reminders.counts()

    chosen, (count, counts) = _on_outbox(ctx, plan, policy=policy, db=db, output=output, lang=lang)
    if chosen.output == "json":
        echo_json({"cases": count, "reminders": counts})
    else:
        echo_text(text("reminders.planned", chosen.lang, count=count) + "\n")


@reminders_app.command("list", help=help_text("reminders_list"))
def reminders_list(
    ctx: typer.Context,
    case_id: Annotated[str | None, typer.Option("--case", show_default=False)] = None,
    state: Annotated[
        str | None, typer.Option("--state", help=help_text("state"), show_default=False)
    ] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, show_default=False)] = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    if state is not None and state not in _STATES:
        fail_text(
            "cli.bad_choice", option="--state", value=quoted(state), choices=", ".join(_STATES)
        )
    with open_reminders_engine(chosen.db, None) as engine:
        rows = engine.reminders.rows(case_id=case_id, state=state, recipient=recipient, limit=limit)
    if chosen.output == "json":
        echo_json([row.as_json() for row in rows])
        return
    if not rows:
        echo_text(text("reminders.none", chosen.lang) + "\n")
        return
    lines = [
        text(
            "reminders.row",
            chosen.lang,
            send_at=row.notice.send_at.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
            state=row.state,
            recipient=row.notice.recipient,
            key=row.notice.key,
        )
        for row in rows
    ]
    echo_text("\n".join(lines) + "\n")


@reminders_app.command("why", help=help_text("reminders_why"))
def reminders_why(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", show_default=False)],
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.notify.message import derivation, moment_label

    chosen, why = _on_outbox(
        ctx, lambda engine: engine.reminders.why(key), policy=None, db=db, output=output, lang=lang
    )
    if chosen.output == "json":
        echo_json(why.as_json())
        return
    n, lang_ = why.row.notice, chosen.lang
    lines = [
        text(
            "reminders.why",
            lang_,
            key=n.key,
            state=why.row.state,
            recipient=n.recipient,
            step=text(f"reminders.step.{n.step}", lang_),
            moment=moment_label(n.reason, lang_),
            due=n.due_on.isoformat(),
            basis=n.legal_basis or text("reminders.no_basis", lang_),
            rule_version=n.rule_version or "-",
            derivation=derivation(n, lang_) or "-",
            policy_step=text(
                "reminders.policy_step",
                lang_,
                step=n.step,
                days=n.details.get("working_days", "0"),
                role=n.details.get("role", "-"),
            ),
            plan_on=n.plan_on.isoformat(),
            send_at=n.send_at.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
            seq=why.event_seq,
            event=why.event_type,
            effective=why.event_effective.isoformat(),
            attempts=why.row.attempts,
            sent="-"
            if why.row.sent_at is None
            else f"{why.row.sent_at.isoformat(timespec='seconds')} ({why.row.sent_by})",
            error=why.row.last_error or "-",
        )
    ]
    lines.extend(
        text(
            "reminders.history",
            lang_,
            at=a.at.isoformat(timespec="seconds"),
            attempt=a.attempt,
            outcome=a.outcome,
            detail=a.detail,
        )
        for a in why.attempts
    )
    echo_text("\n".join(lines) + "\n")


@reminders_app.command("retry", help=help_text("reminders_retry"))
def reminders_retry(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(metavar="[KEY]", show_default=False)] = None,
    dead: Annotated[bool, typer.Option("--dead", help=help_text("dead"))] = False,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    if (key is None) == (not dead):
        fail_text("reminders.retry_what")
    with open_reminders_engine(chosen.db, None) as engine:
        keys = engine.reminders.retry(key, dead=dead)
    if chosen.output == "json":
        echo_json({"redriven": keys})
    else:
        echo_text(
            text("reminders.retried", chosen.lang, count=len(keys), keys=", ".join(keys)) + "\n"
        )


@reminders_app.command("sweep", help=help_text("reminders_sweep"))
def reminders_sweep(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help=help_text("once"))] = True,
    policy: PolicyOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.notify.worker import Worker

    chosen, report = _on_outbox(
        ctx,
        lambda engine: Worker(engine).run_once(),
        policy=policy,
        db=db,
        output=output,
        lang=lang,
    )
    if chosen.output == "json":
        echo_json(vars(report))
    else:
        typer.echo(sweep_line(report, chosen.lang), err=True)
