"""The Engine's reads of one case and of the open cases: views built from snapshots and rows.

Apart from the facade because reads never write: each function takes the :class:`Engine` for
its store, rules and clock, folds or restores a case (or streams projection rows) and returns a
view. The agenda and the case list come from the projection, never from a replay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from itertools import chain, islice
from typing import TYPE_CHECKING

from poortwachter import arguments as check
from poortwachter.agenda import (
    WindowStarts,
    agenda_items,
    case_summaries,
    open_actions,
    window_kinds,
    window_lengths,
    window_starter,
)
from poortwachter.audit.log import resolve
from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.moments import ConversationMoment, due_moments
from poortwachter.conversations.replay import conversations_known
from poortwachter.decision import fold_log, restore
from poortwachter.errors import InvalidQueryError
from poortwachter.planning import Planner
from poortwachter.privacy import check_pseudonym
from poortwachter.replay import replay_case
from poortwachter.store.queries import iter_agenda_rows, iter_case_rows
from poortwachter.texts import Language
from poortwachter.views import AgendaItem, CaseFactsView, CaseSummary, CaseView, Replay
from poortwachter.workflows import CaseState, CaseStatus, allowed_events

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = [
    "case_view",
    "conversation_moments_of",
    "conversations_of",
    "iter_agenda",
    "iter_cases",
    "replay_of",
    "status_of",
    "window_starts",
]


def status_of(engine: Engine, case_id: str, as_of: dt.date | None) -> tuple[CaseStatus, dt.date]:
    """The case's status and the as-of date: from the snapshot when it sees every fact,
    else by folding the log up to ``as_of``."""
    head = engine.store.case_head(case_id)
    status = restore(head.snapshot, engine.rules) if head.snapshot is not None else None
    if status is not None:
        last = status.fold.last_effective
        day = as_of or max(engine.clock.today(), status.fold.first_sick_day or last or dt.date.min)
        if last is None or day >= last:
            return status, day
    log = resolve(engine.store.load(case_id))  # once: the cut below reuses it
    day = as_of or max(engine.clock.today(), log.facts[0][1].effective)
    return fold_log(case_id, log.up_to(day), engine.rules, judge=False), day


def conversations_of(
    engine: Engine, case_id: str, as_of: dt.date | None, known_on: dt.date | None
) -> ConversationFold:
    """See :meth:`poortwachter.Engine.conversations`."""
    if known_on is not None:
        return conversations_known(
            engine.store,
            engine.rules,
            case_id,
            as_of=as_of,
            known_on=known_on,
            today=engine.clock.today(),
        )
    status, _ = status_of(engine, case_id, as_of)
    return status.conversations


def conversation_moments_of(
    engine: Engine, case_id: str, as_of: dt.date | None
) -> list[ConversationMoment]:
    """See :meth:`poortwachter.Engine.conversation_moments`."""
    status, day = status_of(engine, case_id, as_of)
    deadlines = engine.rules.deadlines(status.fold.facts(), day)
    return due_moments(
        status.conversations,
        deadlines,
        engine.rules.calendar,
        engine.conversation_policy,
        as_of=day,
    )


def replay_of(
    engine: Engine, case_id: str, as_of: dt.date | None, known_on: dt.date | None
) -> Replay:
    """See :meth:`poortwachter.Engine.replay`."""
    case_id, as_of = check.ref(case_id, "case_id"), check.optional_day(as_of, "as_of")
    known_on = check.optional_day(known_on, "known_on")
    return replay_case(
        engine.store,
        engine.rules,
        case_id,
        as_of=as_of,
        known_on=known_on,
        today=engine.clock.today(),
    )


def case_view(
    engine: Engine, case_id: str, as_of: dt.date | None, language: str, soon_days: int | None
) -> CaseView:
    """See :meth:`poortwachter.Engine.case`."""
    case_id, as_of = check.ref(case_id, "case_id"), check.optional_day(as_of, "as_of")
    row = engine.store.case_row(case_id)
    status, day = status_of(engine, case_id, as_of)
    deadlines = tuple(engine.rules.deadlines(status.fold.facts(), day))
    planned = open_actions(deadlines, _planner(engine, day, soon_days), _language(language))
    return CaseView(
        case_id=case_id,
        employee_ref=row.employee_ref,
        state=status.state.value,
        casemanager=row.casemanager,
        first_sick_day=row.first_sick_day,
        version=row.version,
        closed=row.closed,
        spoor2=status.spoor2,
        facts=CaseFactsView(
            first_sick_day=row.first_sick_day,
            sick_since=status.sick_since,
            recovered_on=status.recovered_on,
            on_leave_until=status.leave_end,
            plan_agreed=status.plan_agreed,
            spoor2=status.spoor2,
            wage_sanction=status.sanctioned,
            employment_ended_on=status.employment_ended_on,
            closed_on=status.closed_on,
        ),
        as_of=day,
        deadlines=deadlines,
        allowed_events=tuple(allowed_events(status)),
        open_actions=planned,
        next_step=planned[0] if planned else None,
        soon_working_days=engine.soon_days if soon_days is None else soon_days,
    )


def iter_agenda(
    engine: Engine,
    casemanager: str | None,
    start: dt.date | None,
    end: dt.date | None,
    *,
    limit: int | None,
    language: str,
    soon_days: int | None,
) -> Iterator[AgendaItem]:
    """See :meth:`poortwachter.Engine.iter_agenda`."""
    casemanager, start, end, limit, language = check.listing(
        casemanager, start, end, limit, language
    )
    today = engine.clock.today()
    planner = _planner(engine, today, soon_days)
    lang = _language(language)
    last_due = None
    if end is not None:
        # plan_on(due) <= end exactly when no working day lies in (end, due].
        last_due = planner.add_working_days(end, 1) - dt.timedelta(days=1)
    rows = partial(
        iter_agenda_rows, engine.store.engine, today=today, casemanager=casemanager, limit=limit
    )
    starts, kinds = window_starts(engine, today), window_kinds(engine.rules)
    overdue = agenda_items(rows(overdue=True), planner, lang, starts, kinds)
    period = agenda_items(
        rows(overdue=False, start=start, end=last_due), planner, lang, starts, kinds
    )
    if end is not None and last_due is not None and (start is None or start <= end):
        # Actions due after the period whose window opens in it (or is open): they can be
        # done in the period. A window opened by today ends within its length from today.
        longest = max(window_lengths(engine.rules).values(), default=0)
        reach = max(end, today) + dt.timedelta(days=longest)
        after = last_due + dt.timedelta(days=1)
        opening = (
            item
            for item in agenda_items(
                rows(overdue=False, start=after, end=reach, kinds=kinds),
                planner,
                lang,
                starts,
                kinds,
            )
            if item.window_start is not None and item.window_start <= end
        )
        period = chain(period, opening)
    # Arguments are checked above, now; the rows are read as the caller iterates.
    return chain(overdue, period if limit is None else islice(period, limit))


def iter_cases(
    engine: Engine,
    *,
    casemanager: str | None,
    employee_ref: str | None,
    state: str | None,
    include_closed: bool,
    language: str,
    soon_days: int | None,
) -> Iterator[CaseSummary]:
    """See :meth:`poortwachter.Engine.cases`."""
    if employee_ref is not None:
        employee_ref = check_pseudonym(employee_ref, "employee_ref")
    if state is not None and state not in {s.value for s in CaseState}:
        expected = "one of " + ", ".join(s.value for s in CaseState)
        raise InvalidQueryError("state", state, expected)
    today = engine.clock.today()
    rows = iter_case_rows(
        engine.store.engine,
        casemanager=casemanager,
        employee_ref=employee_ref,
        state=state,
        include_closed=include_closed,
    )
    planner = _planner(engine, today, soon_days)
    starts = window_starts(engine, today)
    lang = _language(language)
    return case_summaries(rows, planner, lang, starts, window_kinds(engine.rules))


def window_starts(engine: Engine, today: dt.date) -> WindowStarts:
    """Where each open window (the eerstejaarsevaluatie's) starts, read from snapshots."""
    return window_starter(engine.store.engine, engine.rules, today, engine.deadlines)


def _planner(engine: Engine, today: dt.date, soon_days: int | None) -> Planner:
    days = engine.soon_days if soon_days is None else soon_days
    return Planner(engine.rules.calendar, today, days)


def _language(language: str) -> Language:
    return "en" if language == "en" else "nl"
