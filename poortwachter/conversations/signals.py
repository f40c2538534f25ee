"""Signals, not sanctions: derived prompts for a conversation, each with its reason.

A signal is computed from the conversation fold, the sickness fold and the case's legal
deadlines on an as-of date; it is never stored and never acts on the employee. Each rule is
one function below, stated in its docstring, and the property tests check that a signal fires
exactly when its rule says:

- ``no_contact``: while the employee is sick, an agreed cadence's next contact is overdue
  (:mod:`~poortwachter.conversations.cadence`, working days, quiet periods excluded);
- ``plan_not_evaluated``: while sick, the plan of approach was agreed and more than the policy's
  weeks (six) passed since it was agreed or last evaluated;
- ``agreements_missed``: the latest agreement outcomes are at least N (three) misses in a row,
  and no contact with the employee was held after the last of them;
- ``moment_unprepared``: an open legal action falls due within N working days and no
  conversation (planned or held, not cancelled) since it was last done prepares it;
- ``werkbalans_due``: the employee recovered after long absence and no werkbalansgesprek was
  held since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from poortwachter.conversations.cadence import add_working_days, cadence_status
from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.decision import restore
from poortwachter.events import EVENT_TYPES
from poortwachter.render import format_date
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.facts import SicknessFold
from poortwachter.rules.model import ACTION_KINDS, Deadline, DeadlineStatus
from poortwachter.store.queries import current_snapshots, open_case_id_pages
from poortwachter.texts import Language, text
from poortwachter.workflows import CaseStatus

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = [
    "Signal",
    "SignalKind",
    "case_signals",
    "signals_of",
    "working_days_between",
]

SignalKind = Literal[
    "no_contact", "plan_not_evaluated", "agreements_missed", "moment_unprepared", "werkbalans_due"
]
_DAY = dt.timedelta(days=1)
#: The event type that completes each legal moment (a moment is prepared anew after it).
_COMPLETED_BY = {cls.completes: name for name, cls in EVENT_TYPES.items() if cls.completes}


class Signal(BaseModel):
    """A prompt for a conversation: what, for which case, since when, why and which talk."""

    model_config = ConfigDict(frozen=True)

    kind: SignalKind
    case_id: str
    casemanager: str | None
    since: dt.date
    reason: str
    suggests: str
    #: The roles the suggested conversation is with.
    with_roles: tuple[str, ...]
    #: The legal moment the suggested conversation prepares, if any.
    prepares: str | None = None


def working_days_between(start: dt.date, end: dt.date, calendar: AtwCalendar) -> int:
    """Working days ``d`` with ``start < d <= end`` (0 when ``end <= start``)."""
    count, day = 0, start
    while day < end:
        day += _DAY
        count += calendar.is_working_day(day)
    return count


def _more_working_days_than(n: int, start: dt.date, end: dt.date, calendar: AtwCalendar) -> bool:
    """``working_days_between(start, end) > n``, counted only as far as ``n + 1``: a legal
    action due in two years is not walked to day by day (that walk was most of the cost of
    the signals of a case)."""
    count, day = 0, start
    while day < end:
        day += _DAY
        count += calendar.is_working_day(day)
        if count > n:
            return True
    return False


def _nth_working_day_back(due: dt.date, n: int, calendar: AtwCalendar) -> dt.date:
    """The ``n``-th working day counting back from ``due`` (``due`` itself counts)."""
    day, seen = due, 0
    while True:
        if calendar.is_working_day(day):
            seen += 1
            if seen == n:
                return day
        day -= _DAY


def _roles(roles: Sequence[str], lang: Language) -> str:
    return ", ".join(text("role." + r, lang) for r in roles)


class _Context:
    """Everything one case's signals are computed from."""

    def __init__(
        self,
        case_id: str,
        casemanager: str | None,
        sickness: SicknessFold,
        talks: ConversationFold,
        deadlines: Sequence[Deadline],
        as_of: dt.date,
        calendar: AtwCalendar,
        policy: ConversationPolicy,
        lang: Language,
    ) -> None:
        self.case_id = case_id
        self.casemanager = casemanager
        self.sickness = sickness
        self.talks = talks
        self.deadlines = deadlines
        self.as_of = as_of
        self.calendar = calendar
        self.policy = policy
        self.lang = lang

    @property
    def sick(self) -> bool:
        return self.sickness.running_since is not None and self.sickness.closed_on is None

    def signal(
        self,
        kind: SignalKind,
        since: dt.date,
        with_roles: Sequence[str],
        prepares: str | None = None,
        **args: object,
    ) -> Signal:
        lang = self.lang
        # Dates in the words as the rest of the output writes them (dd-mm-jjjj in Dutch).
        args = {k: format_date(v, lang) if isinstance(v, dt.date) else v for k, v in args.items()}
        return Signal(
            kind=kind,
            case_id=self.case_id,
            casemanager=self.casemanager,
            since=since,
            reason=text(f"signal.{kind}.reason", lang, **args),
            suggests=text(f"signal.{kind}.suggests", lang, **args),
            with_roles=tuple(with_roles),
            prepares=prepares,
        )


def _no_contact(c: _Context) -> list[Signal]:
    if not c.sick:
        return []
    out = []
    for cadence_id in sorted(c.talks.cadences):
        status = cadence_status(c.talks, cadence_id, c.as_of, c.calendar)
        if status.overdue:
            last = status.last_contact
            out.append(
                c.signal(
                    "no_contact",
                    status.next_due + _DAY,
                    status.roles,
                    roles=_roles(status.roles, c.lang),
                    every=status.working_days,
                    last=last if last is not None else text("signal.none", c.lang),
                    due=status.next_due,
                )
            )
    return out


def _plan_not_evaluated(c: _Context) -> list[Signal]:
    milestones = c.sickness.milestones
    agreed = milestones.get("plan_of_approach_agreed")
    if not c.sick or not agreed:
        return []
    last = max([agreed[-1], *milestones.get("plan_evaluated", [])])
    due = last + dt.timedelta(weeks=c.policy.plan_evaluation_weeks)
    if c.as_of <= due:
        return []
    weeks = c.policy.plan_evaluation_weeks
    return [
        c.signal(
            "plan_not_evaluated",
            due + _DAY,
            ("employee", "manager"),
            last=last,
            weeks=weeks,
        )
    ]


def _agreements_missed(c: _Context) -> list[Signal]:
    run = c.talks.missed_streak()
    if len(run) < c.policy.missed_in_a_row or c.talks.employee_contact_after(run[-1][3]):
        return []
    last = dt.date.fromisoformat(run[-1][0])
    return [
        c.signal(
            "agreements_missed",
            last,
            ("employee", "casemanager"),
            count=len(run),
            last=last,
        )
    ]


def _prepared(c: _Context, kind: str, due: dt.date) -> bool:
    done = c.sickness.milestones.get(_COMPLETED_BY.get(kind, ""), [])
    after = done[-1] if done else None
    for _, moment, day_iso, status in c.talks.preparing:
        day = dt.date.fromisoformat(day_iso)
        if (
            moment == kind
            and status != "cancelled"
            and day <= due
            and (after is None or day > after)
        ):
            return True
    return False


def _moment_unprepared(c: _Context) -> list[Signal]:
    if c.sickness.closed_on is not None:
        return []
    n = c.policy.prepare_within_working_days
    out = []
    for deadline in c.deadlines:
        if deadline.kind not in ACTION_KINDS or deadline.met_on is not None:
            continue
        if deadline.status not in (DeadlineStatus.UPCOMING, DeadlineStatus.DUE):
            continue
        due = deadline.due
        if c.as_of > due or _more_working_days_than(n, c.as_of, due, c.calendar):
            continue
        if _prepared(c, deadline.kind.value, due):
            continue
        since = _nth_working_day_back(due, n + 1, c.calendar)
        moment = text("kind." + deadline.kind.value, c.lang)
        out.append(
            c.signal(
                "moment_unprepared",
                min(since, c.as_of),
                ("employee", "manager", "casemanager"),
                deadline.kind.value,
                moment=moment,
                due=due,
                days=n,
            )
        )
    return out


def _werkbalans_due(c: _Context) -> list[Signal]:
    recovery = c.talks.last_recovery()
    if recovery is None or c.sickness.closed_on is not None:
        return []
    start, recovered = recovery
    days = (recovered - start).days
    if days < c.policy.long_absence_days or c.talks.werkbalans_since(recovered) is not None:
        return []
    due = add_working_days(recovered, c.policy.werkbalans_within_working_days, c.calendar)
    return [
        c.signal(
            "werkbalans_due",
            recovered,
            ("employee", "manager"),
            recovered=recovered,
            days=days,
            due=due,
        )
    ]


_RULES = (_no_contact, _plan_not_evaluated, _agreements_missed, _moment_unprepared, _werkbalans_due)


def signals_of(
    case_id: str,
    casemanager: str | None,
    sickness: SicknessFold,
    talks: ConversationFold,
    deadlines: Sequence[Deadline],
    as_of: dt.date,
    calendar: AtwCalendar,
    policy: ConversationPolicy,
    language: Language = "nl",
) -> list[Signal]:
    """Every signal of one case on ``as_of`` (pure: no store, no clock); none once closed."""
    if sickness.closed_on is not None and sickness.closed_on <= as_of:
        return []
    context = _Context(
        case_id, casemanager, sickness, talks, deadlines, as_of, calendar, policy, language
    )
    return [signal for rule in _RULES for signal in rule(context)]


def case_signals(
    engine: Engine,
    *,
    casemanager: str | None,
    case_id: str | None,
    as_of: dt.date | None,
    language: str,
) -> list[Signal]:
    """See :meth:`poortwachter.Engine.signals`: one case, or every open case (of a
    casemanager), oldest signal first.

    Each case is read from its stored snapshot (the fold of its whole log), a page of cases per
    query, and only refolded from its log when the snapshot is missing, stale or does not see
    the as-of date (:func:`_statuses`). Without ``as_of`` the casemanager is filtered on the
    ``cases`` row first (it is the fold's casemanager as of the last append, and no fact lies
    after today): the other casemanagers' cases are not read at all."""
    lang: Language = "en" if language == "en" else "nl"
    if case_id is not None:
        pages: Iterable[list[str]] = [[case_id]]
    else:
        pages = open_case_id_pages(
            engine.store.engine, casemanager=casemanager if as_of is None else None
        )
    out: list[Signal] = []
    for ids in pages:
        for cid, (status, day) in _statuses(engine, ids, as_of):
            manager = status.fold.casemanager
            if casemanager is not None and manager != casemanager:
                continue
            deadlines = engine.rules.deadlines(status.fold.facts(), day)
            out += signals_of(
                cid,
                manager,
                status.fold,
                status.conversations,
                deadlines,
                day,
                engine.rules.calendar,
                engine.conversation_policy,
                lang,
            )
    return sorted(out, key=lambda s: (s.since, s.case_id, s.kind))


def _statuses(
    engine: Engine, case_ids: list[str], as_of: dt.date | None
) -> Iterator[tuple[str, tuple[CaseStatus, dt.date]]]:
    """(case id, (status, as-of day)) as ``Engine._status`` gives them, for a page of cases:
    the current snapshots in one query; a case without a usable one by ``Engine._status``
    (which refolds its log, and names a damaged row)."""
    if len(case_ids) > 1:
        try:
            snapshots = current_snapshots(engine.store.engine, case_ids)
        except Exception:  # a damaged snapshot in the page: let each case be read on its own
            snapshots = {}
    else:
        snapshots = {}  # one case: Engine._status reads it in one round trip as well
    today = engine.clock.today()
    for cid in case_ids:
        stored = snapshots.get(cid)
        status = restore(stored, engine.rules) if isinstance(stored, Mapping) else None
        if status is not None:
            last = status.fold.last_effective
            day = as_of or max(today, status.fold.first_sick_day or last or dt.date.min)
            if last is None or day >= last:
                yield cid, (status, day)
                continue
        yield cid, engine._status(cid, as_of)
