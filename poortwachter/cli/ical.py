"""``poortwachter ical export``: one casemanager's planning feed (iCalendar) from the store.

The feed is a pure function of the store, the reminder policy and today's date
(``POORTWACHTER_NOW``): no state is kept between exports, so the same store gives the same
bytes. The "plan het gesprek" event falls on the day of the policy's ``plan`` reminder for that
moment (the same working day the casemanager is reminded on), unless ``--plan-days`` says
otherwise. ``SEQUENCE`` is the case's
version (its event count) and ``DTSTAMP`` the case's last change: both only move when the case
changed, and never go back. See docs/channels.md for the choice and its limits.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from poortwachter.cli._core import (
    _PLAIN,
    EXIT_FAILURE,
    DbOption,
    LangOption,
    app,
    clock,
    fail_text,
    help_text,
    quoted,
    settings,
)
from poortwachter.cli.reminders import PolicyOption
from poortwachter.texts import Language, text

if TYPE_CHECKING:
    from collections.abc import Callable

    from poortwachter.engine import Engine
    from poortwachter.notify.ical import PlanningItem
    from poortwachter.notify.policy import ReminderPolicy
    from poortwachter.rules.calendar import AtwCalendar

__all__ = ["ical_app", "plan_day_rule", "planning_items", "write_private"]

#: Working days before the due date for a moment the policy gives no ``plan`` step.
DEFAULT_PLAN_DAYS = 10
DEFAULT_KEEP_DAYS = 30

ical_app = typer.Typer(help=help_text("ical"), no_args_is_help=True, **_PLAIN)
app.add_typer(ical_app, name="ical")


def plan_day_rule(
    policy: ReminderPolicy, calendar: AtwCalendar, plan_days: int | None
) -> Callable[[str, dt.date], dt.date]:
    """(kind, due) -> the planning day: ``plan_days`` working days before the due date when
    given, else the day of the policy's ``plan`` reminder for that kind (``DEFAULT_PLAN_DAYS``
    for a kind without one)."""
    from poortwachter.notify.ical import plan_date
    from poortwachter.notify.planner import step_day

    def fixed(kind: str, due: dt.date) -> dt.date:
        days = DEFAULT_PLAN_DAYS if plan_days is None else plan_days
        return plan_date(due, days, calendar.is_working_day)

    if plan_days is not None:
        return fixed
    rules = {
        kind: rule
        for kind, steps in policy.moments.items()
        for rule in steps
        if rule.step == "plan"
    }

    def from_policy(kind: str, due: dt.date) -> dt.date:
        rule = rules.get(kind)
        return fixed(kind, due) if rule is None else step_day(calendar, policy, due, rule)

    return from_policy


def planning_items(
    engine: Engine,
    casemanager: str,
    today: dt.date,
    *,
    plan_days: int | None = None,
    keep_days: int = DEFAULT_KEEP_DAYS,
    language: Language = "nl",
) -> list[PlanningItem]:
    """The feed's items: every open legal action of the casemanager's open cases, plus, for
    cases that changed in the last ``keep_days`` days, their actions that are no longer open
    (done, no longer applicable, case closed) as cancelled items. The planning day follows the
    engine's reminder policy unless ``plan_days`` is given (:func:`plan_day_rule`)."""
    import sqlalchemy as sa

    from poortwachter.notify.ical import PlanningItem
    from poortwachter.rules.model import ACTION_KINDS
    from poortwachter.store.schema import cases

    calendar = engine.rules.calendar
    plan_on = plan_day_rule(engine.reminder_policy, calendar, plan_days)
    query = sa.select(cases.c.case_id, cases.c.version, cases.c.updated_at).where(
        cases.c.casemanager == casemanager
    )
    with engine.store.engine.connect() as conn:
        heads = {row[0]: (int(row[1]), row[2]) for row in conn.execute(query)}
    labels = {kind.value: text("kind." + kind.value, language) for kind in ACTION_KINDS}
    items: list[PlanningItem] = []
    open_kinds: set[tuple[str, str]] = set()
    for row in engine.store.agenda_rows(casemanager=casemanager):
        version, changed = heads.get(row.case_id, (1, None))
        if changed is None:  # the case row changed between the two reads: next export
            continue
        open_kinds.add((row.case_id, row.kind))
        items.append(
            PlanningItem(
                case_id=row.case_id,
                kind=row.kind,
                due=row.due,
                plan_on=plan_on(row.kind, row.due),
                label=labels.get(row.kind, row.kind),
                sequence=version,
                changed_at=changed,
            )
        )
    cutoff = today - dt.timedelta(days=keep_days)
    for case_id, (version, changed) in sorted(heads.items()):
        if changed.astimezone(dt.UTC).date() < cutoff:
            continue
        for deadline in engine.deadlines(case_id, as_of=today):
            kind = deadline.kind.value
            if deadline.kind not in ACTION_KINDS or (case_id, kind) in open_kinds:
                continue
            items.append(
                PlanningItem(
                    case_id=case_id,
                    kind=kind,
                    due=deadline.due,
                    plan_on=plan_on(kind, deadline.due),
                    label=labels[kind],
                    sequence=version,
                    changed_at=changed,
                    cancelled=True,
                )
            )
    return items


def write_private(path: str, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, the file readable by its owner only (0600):
    a subscriber never sees half a feed, and nobody else on the machine reads it."""
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=".ical-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates the file 0600
            handle.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _stdout(content: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        typer.echo(content.decode("utf-8"), nl=False)
        return
    stream.write(content)
    stream.flush()


@ical_app.command("export", help=help_text("ical_export"))
def ical_export(
    ctx: typer.Context,
    casemanager: Annotated[
        str, typer.Option("--casemanager", help=help_text("ical_casemanager"), show_default=False)
    ],
    out_file: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE|-", help=help_text("ical_output")),
    ] = None,
    plan_days: Annotated[
        int | None,
        typer.Option(
            "--plan-days", min=0, max=60, help=help_text("ical_plan_days"), show_default=False
        ),
    ] = None,
    keep_days: Annotated[
        int, typer.Option("--keep-cancelled", min=0, max=366, help=help_text("ical_keep_days"))
    ] = DEFAULT_KEEP_DAYS,
    policy: PolicyOption = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.cli.reminders import open_reminders_engine
    from poortwachter.notify.ical import planning_feed

    chosen = settings(ctx, db=db, lang=lang)
    if not casemanager.strip():
        fail_text("cli.ical_no_casemanager")
    today = clock().today()
    with open_reminders_engine(chosen.db, policy) as engine:
        items = planning_items(
            engine,
            casemanager,
            today,
            plan_days=plan_days,
            keep_days=keep_days,
            language=chosen.lang,
        )
    feed = planning_feed(items, casemanager=casemanager, language=chosen.lang)
    if out_file is None or out_file == "-":
        _stdout(feed)
        return
    try:
        write_private(out_file, feed)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        fail_text("cli.write_failed", EXIT_FAILURE, path=quoted(out_file), reason=reason)
    count = sum(1 for item in items if not item.cancelled)
    typer.echo(
        text(
            "cli.ical_written",
            chosen.lang,
            count=count,
            casemanager=quoted(casemanager),
            path=quoted(out_file),
        )
    )
