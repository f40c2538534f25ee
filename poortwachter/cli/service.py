"""``poortwachter run``: the reminder service, the engine's main job.

It opens (or creates) the database, prints what it will deliver where, and sweeps the outbox
on a schedule until SIGTERM or SIGINT. Logs are JSON lines on stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from poortwachter.cli._core import DbOption, LangOption, app, help_text, settings
from poortwachter.cli.reminders import PolicyOption, open_reminders_engine, sweep_line
from poortwachter.texts import text

__all__ = ["run_service"]


@app.command("run", help=help_text("run"))
def run_service(
    ctx: typer.Context,
    policy: PolicyOption = None,
    interval: Annotated[
        float | None, typer.Option("--interval", min=0.05, help=help_text("interval"))
    ] = None,
    once: Annotated[bool, typer.Option("--once", help=help_text("once"))] = False,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.notify.worker import Worker, configure_logging

    chosen = settings(ctx, db=db, lang=lang)
    with open_reminders_engine(chosen.db, policy, create=True) as engine:
        worker = Worker(engine, interval=interval)
        rules = engine.reminder_policy
        counts = engine.reminders.counts()
        url = engine.store.engine.url.render_as_string(hide_password=True)
        lines = [
            text(
                "reminders.run.summary",
                chosen.lang,
                db=url,
                worker=worker.id,
                policy=rules.source or "-",
                send_time=rules.send_time.strftime("%H:%M"),
                zone=rules.timezone,
                interval=f"{worker.interval:g}",
                lease=f"{rules.delivery.lease_seconds:g}",
                max_failures=rules.delivery.max_failures,
                pending=counts.get("pending", 0),
                due=counts["due_now"],
                dead=counts.get("dead", 0),
            )
        ]
        lines.extend(
            text(
                "reminders.run.route",
                chosen.lang,
                recipient=ref,
                channel=route.channel,
                address=route.address or "-",
                mode=route.mode,
            )
            for ref, route in sorted(rules.recipients.items())
        )
        typer.echo("\n".join(lines), err=True)
        configure_logging()
        report = worker.run_once() if once else worker.run()
    typer.echo(sweep_line(report, chosen.lang), err=True)
