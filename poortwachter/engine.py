"""The Engine: the one facade an organisation embeds.

Every command is load → decide → append. The decision (:mod:`poortwachter.decision`) is pure:
the guards and the rules judge the new events against the case's snapshot — or, for a
back-dated event or a correction, against the whole log — and say what to write. The store then
appends the events with the projections and the new snapshot in one transaction, at the
version that was judged. Nothing is written when any step refuses, and a concurrent writer
makes the append fail (and the engine decide again) rather than slip past the guard.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any, Self

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
from poortwachter.clock import Clock, SystemClock
from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.medical_terms import MedicalTermFinding
from poortwachter.conversations.moments import ConversationMoment, due_moments
from poortwachter.conversations.policy import (
    ConversationPolicy,
    ConversationRecord,
    check_new_events,
)
from poortwachter.conversations.replay import conversations_known
from poortwachter.conversations.signals import Signal, case_signals
from poortwachter.decision import (
    Decision,
    Rules,
    decide_from_log,
    decide_from_snapshot,
    fold_log,
    restore,
)
from poortwachter.errors import (
    CaseAlreadyOpenError,
    ConcurrencyConflictError,
    InvalidEventError,
    InvalidQueryError,
    MedicalTermWarning,
    StoreUnavailableError,
)
from poortwachter.events import (
    CasemanagerAssigned,
    EventBase,
    SickReported,
)
from poortwachter.notify.channel import Notice
from poortwachter.notify.outbox import OutboxHook
from poortwachter.notify.planner import moments_of, plan_case
from poortwachter.notify.policy import ReminderPolicy, load_policy
from poortwachter.notify.service import Reminders
from poortwachter.planning import DEFAULT_SOON_WORKING_DAYS, Planner
from poortwachter.privacy import check_pseudonym, new_case_id
from poortwachter.relapse import reopen_for_relapse
from poortwachter.replay import replay_case, timeline_entries
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.model import Deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.store import EventStore, IntegrityIssue, StoredEvent, head_revision
from poortwachter.store.anchor import anchor_document, verify_signature
from poortwachter.store.queries import iter_agenda_rows, iter_case_rows
from poortwachter.texts import Language
from poortwachter.verification import RebuildReport, rebuild_cases, verify_cases
from poortwachter.views import (
    AgendaItem,
    CaseFactsView,
    CaseSummary,
    CaseView,
    RecordedEvent,
    Replay,
    TimelineEntry,
)
from poortwachter.workflows import CaseState, CaseStatus, allowed_events

__all__ = ["DEFAULT_DB_URL", "Engine"]

DEFAULT_DB_URL = "sqlite:///poortwachter.db"

_RETRIES = 10


class Engine:
    """Cases, events, deadlines, agenda and audit over one database."""

    def __init__(
        self,
        store: EventStore,
        *,
        clock: Clock | None = None,
        params: ParameterSet | None = None,
        options: RuleOptions | None = None,
        soon_days: int = DEFAULT_SOON_WORKING_DAYS,
        conversation_policy: ConversationPolicy | None = None,
        reminder_policy: ReminderPolicy | None = None,
    ) -> None:
        check.collaborators(clock, params, options, store)
        self.store = store
        #: "binnenkort": an open action whose working day to plan on is this many working
        #: days away or fewer (a view status, see :mod:`poortwachter.planning`).
        self.soon_days = soon_days
        #: Choices about conversations (medical terms, unplanned contacts, signal thresholds).
        self.conversation_policy = conversation_policy or ConversationPolicy.from_env()
        # Reminders are planned into the outbox in the transaction of every append.
        if not any(isinstance(hook, OutboxHook) for hook in store.hooks):
            store.hooks.append(OutboxHook())
        self._policy = reminder_policy
        self.clock: Clock = clock or SystemClock()
        self.params = params or default_parameters()
        self.options = options or RuleOptions()
        self.rules = Rules(
            self.params, self.options, default_calendar(self.options.equated_days_are_holidays)
        )

    @classmethod
    def open(
        cls,
        url: str = DEFAULT_DB_URL,
        *,
        clock: Clock | None = None,
        params: ParameterSet | None = None,
        options: RuleOptions | None = None,
        create: bool = True,
        soon_days: int = DEFAULT_SOON_WORKING_DAYS,
        conversation_policy: ConversationPolicy | None = None,
        reminder_policy: ReminderPolicy | None = None,
    ) -> Self:
        """Open the database at ``url``.

        ``create=True`` (the embedded default) creates a new database and migrates an older
        schema (migrations only add). ``create=False`` refuses a missing or unmigrated database
        with :class:`StoreUnavailableError` instead of creating one: readers and auditors must
        never conjure an empty dossier out of a mistyped path.
        """
        import sqlalchemy as sa

        from poortwachter.store.connection import redacted

        url, create = check.url(url), check.flag(create, "create")
        check.collaborators(clock, params, options)
        if not create:
            sa_url = sa.make_url(url)
            database = sa_url.database or ""
            embedded_file = sa_url.get_backend_name() == "sqlite" and database not in (
                "",
                ":memory:",
            )
            if embedded_file and not Path(database).is_file():
                raise StoreUnavailableError(
                    redacted(sa_url),
                    "no such database file (create it with 'poortwachter db upgrade')",
                )
        store = EventStore.open(url)
        revision, head = store.current_revision(), head_revision()
        if revision != head:
            if not create:
                store.close()
                raise StoreUnavailableError(
                    redacted(store.engine.url),
                    f"schema at revision {revision or 'none'}, this version needs {head} "
                    f"(run 'poortwachter db upgrade')",
                )
            store.upgrade()
        return cls(
            store,
            clock=clock,
            params=params,
            options=options,
            soon_days=soon_days,
            conversation_policy=conversation_policy,
            reminder_policy=reminder_policy,
        )

    def close(self) -> None:
        """Release the database connections."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands ---------------------------------------------------------------------------

    def open_case(
        self,
        employee_ref: str,
        first_sick_day: dt.date,
        casemanager: str | None = None,
        *,
        actor: str,
        case_id: str | None = None,
    ) -> CaseView:
        """Open a sickness case with its ziekmelding (and casemanager, when known).

        The report carries the employee reference, so the case's employee is in its hash
        chain. One open case per employee: a second is refused with
        :class:`CaseAlreadyOpenError` naming the first. A relapse within the samentelling
        window after the employee's latest case was closed reopens that case instead (the
        chain of sick periods continues, and so do its deadlines); the view returned is that
        case's.
        """
        ref, first_sick_day, casemanager, actor, case_id = check.opening(
            employee_ref, first_sick_day, casemanager, actor, case_id
        )
        case_id = case_id or new_case_id()
        today = self.clock.today()
        if first_sick_day > today:
            raise InvalidEventError(
                f"{first_sick_day} lies in the future (today is {today})",
                event_type="sick_reported",
                field="first_sick_day",
                expected="the first day of incapacity, on or before today",
            )
        if self.store.has_case(case_id):
            raise _case_exists(case_id)
        earlier = self.store.employee_cases(ref)
        for other, closed, first in earlier:
            if not closed:
                raise CaseAlreadyOpenError(other, first)
        if earlier:
            reopened = reopen_for_relapse(
                self, earlier[0][0], first_sick_day, casemanager, actor=actor
            )
            if reopened is not None:
                return reopened
        events: list[EventBase] = [SickReported(effective=first_sick_day, employee_ref=ref)]
        if casemanager:
            events.append(CasemanagerAssigned(effective=first_sick_day, casemanager=casemanager))
        decision = decide_from_log(
            case_id, [], events, today=today, employee_ref=ref, rules=self.rules
        )
        try:
            self._append(case_id, events, decision, actor=actor, version=0)
        except ConcurrencyConflictError:
            raise _case_exists(case_id) from None
        return self.case(case_id)

    def record(
        self,
        case_id: str,
        event: EventBase | Mapping[str, Any],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> RecordedEvent:
        """Append one event after the guards and the rules have accepted it.

        With ``expected_version`` the append fails with :class:`ConcurrencyConflictError` when
        the case moved on; without it a conflict is retried on the fresh log (up to 10 times,
        with jittered backoff), judging the event again each time.
        """
        [saved] = self.record_many(case_id, [event], actor=actor, expected_version=expected_version)
        return saved

    def record_many(
        self,
        case_id: str,
        events: Sequence[EventBase | Mapping[str, Any]],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> list[RecordedEvent]:
        """Append several events atomically: each is judged after the ones before it, and
        either all are stored (one transaction) or none is. A medical term in free text is
        reported as a :class:`MedicalTermWarning` (or refused, as the policy says)."""
        case_id, actor, expected_version = check.writing(case_id, actor, expected_version)
        saved, findings = self._record_checked(case_id, events, actor, expected_version)
        for finding in findings:
            warnings.warn(
                MedicalTermWarning(finding.field, finding.term, finding.event_type), stacklevel=2
            )
        return saved

    def _record_checked(
        self,
        case_id: str,
        events: Sequence[EventBase | Mapping[str, Any]],
        actor: str,
        expected_version: int | None,
    ) -> tuple[list[RecordedEvent], list[MedicalTermFinding]]:
        parsed = check.events(events)
        if not parsed:
            return [], []
        findings = self._conversation_findings(case_id, parsed)
        for attempt in range(_RETRIES):
            head = self.store.case_head(case_id)
            if expected_version is not None and expected_version != head.version:
                raise ConcurrencyConflictError(case_id, expected_version, head.version)
            decision = self._decide(case_id, head.version, head.snapshot, head.employee_ref, parsed)
            try:
                saved = self._append(case_id, parsed, decision, actor=actor, version=head.version)
            except ConcurrencyConflictError:
                if expected_version is not None or attempt == _RETRIES - 1:
                    raise
                # Back off a little (with jitter) so contending writers stop colliding.
                time.sleep(random.uniform(0, 0.002 * 2**attempt))
                continue
            return [_recorded(s) for s in saved], findings
        raise AssertionError("unreachable")  # pragma: no cover

    def _conversation_findings(
        self, case_id: str, events: Sequence[EventBase]
    ) -> list[MedicalTermFinding]:
        """The conversation policy on new events (before the guards judge them)."""
        if not any(e.family == "conversation" for e in events):
            return []
        status, _ = self._status(case_id, None)
        return check_new_events(events, status.conversations, self.conversation_policy)

    # -- conversations (poortwachter.conversations) -----------------------------------------

    def record_conversation(
        self,
        case_id: str,
        events: Sequence[EventBase | Mapping[str, Any]],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> ConversationRecord:
        """Record conversation events (atomically, like :meth:`record_many`) and return them
        with the medical-term findings, which the policy ``warn`` stores and reports."""
        saved, findings = self._record_checked(case_id, events, actor, expected_version)
        return ConversationRecord(recorded=tuple(saved), warnings=tuple(findings))

    def conversations(
        self, case_id: str, *, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> ConversationFold:
        """The case's contact moments, agreements, cadence and werkbalansgesprekken, as of
        ``as_of`` and (with ``known_on``) as recorded by the end of that day."""
        if known_on is not None:
            return conversations_known(
                self.store,
                self.rules,
                case_id,
                as_of=as_of,
                known_on=known_on,
                today=self.clock.today(),
            )
        status, _ = self._status(case_id, as_of)
        return status.conversations

    def signals(
        self,
        *,
        casemanager: str | None = None,
        case_id: str | None = None,
        as_of: dt.date | None = None,
        language: str = "nl",
    ) -> list[Signal]:
        """Prompts for a conversation (no contact, plan not evaluated, missed agreements, a
        legal moment unprepared, a werkbalansgesprek due), for one case or every open one."""
        return case_signals(
            self, casemanager=casemanager, case_id=case_id, as_of=as_of, language=language
        )

    def conversation_moments(
        self, case_id: str, *, as_of: dt.date | None = None
    ) -> list[ConversationMoment]:
        """The case's conversation-driven due moments (for reminders), as plain data."""
        status, day = self._status(case_id, as_of)
        deadlines = self.rules.deadlines(status.fold.facts(), day)
        return due_moments(
            status.conversations,
            deadlines,
            self.rules.calendar,
            self.conversation_policy,
            as_of=day,
        )

    def _decide(
        self,
        case_id: str,
        version: int,
        snapshot: dict[str, Any] | None,
        employee_ref: str,
        new: Sequence[EventBase],
    ) -> Decision:
        """One step from the snapshot when the new events come after it, else a refold."""
        today = self.clock.today()
        decision = decide_from_snapshot(
            case_id,
            snapshot,
            version,
            new,
            today=today,
            employee_ref=employee_ref,
            rules=self.rules,
        )
        if decision is None:
            stored = [(s.seq, s.event) for s in self.store.load(case_id)]
            decision = decide_from_log(
                case_id, stored, new, today=today, employee_ref=employee_ref, rules=self.rules
            )
        return decision

    def _append(
        self,
        case_id: str,
        events: Sequence[EventBase],
        decision: Decision,
        *,
        actor: str,
        version: int,
    ) -> list[StoredEvent]:
        return self.store.append(
            case_id,
            events,
            actor=actor,
            recorded_at=self.clock.now(),
            expected_version=version,
            projection=decision.projection,
            extra=self.projection_values(case_id, decision),
        )

    # -- reminders --------------------------------------------------------------------------

    @property
    def reminder_policy(self) -> ReminderPolicy:
        """The reminder policy (``config/reminders.yaml`` or ``$POORTWACHTER_REMINDERS``)."""
        if self._policy is None:
            self._policy = load_policy()
        return self._policy

    def projection_values(self, case_id: str, decision: Decision) -> dict[str, Any]:
        """The value of every projection hook after ``decision``: what an append writes, and
        what ``verify`` recomputes and a rebuild rewrites (one definition for all three)."""
        return {**decision.extras(), "outbox": self.plan_of(case_id, decision)}

    def plan_of(self, case_id: str, decision: Decision) -> list[Notice]:
        """The case's reminders after ``decision`` (the outbox projection's value)."""
        return plan_case(
            case_id,
            moments_of(decision.deadlines, decision.facts),
            casemanager=decision.projection.casemanager,
            closed=decision.projection.closed,
            policy=self.reminder_policy,
            calendar=self.rules.calendar,
            employee_ref=decision.projection.employee_ref,
        )

    @property
    def reminders(self) -> Reminders:
        """Plan, list, explain and re-drive reminders (see :mod:`poortwachter.notify`)."""
        return Reminders(self)

    # -- queries ----------------------------------------------------------------------------

    def _status(self, case_id: str, as_of: dt.date | None) -> tuple[CaseStatus, dt.date]:
        """The case's status and the as-of date: from the snapshot when it sees every fact,
        else by folding the log up to ``as_of``."""
        head = self.store.case_head(case_id)
        status = restore(head.snapshot, self.rules) if head.snapshot is not None else None
        if status is not None:
            last = status.fold.last_effective
            day = as_of or max(
                self.clock.today(), status.fold.first_sick_day or last or dt.date.min
            )
            if last is None or day >= last:
                return status, day
        stored = self.store.load(case_id)
        first = resolve(stored).facts[0][1].effective
        day = as_of or max(self.clock.today(), first)
        return fold_log(case_id, resolve(stored, effective_up_to=day), self.rules, judge=False), day

    def case(
        self,
        case_id: str,
        *,
        as_of: dt.date | None = None,
        language: str = "nl",
        soon_days: int | None = None,
    ) -> CaseView:
        """The case now: state, casemanager, version and deadlines as of ``as_of`` (today),
        with its open actions by date and the next step (seen from the as-of date)."""
        case_id, as_of = check.ref(case_id, "case_id"), check.optional_day(as_of, "as_of")
        row = self.store.case_row(case_id)
        status, day = self._status(case_id, as_of)
        deadlines = tuple(self.rules.deadlines(status.fold.facts(), day))
        planned = open_actions(deadlines, self._planner(day, soon_days), _language(language))
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
            soon_working_days=self.soon_days if soon_days is None else soon_days,
        )

    def deadlines(self, case_id: str, as_of: dt.date | None = None) -> list[Deadline]:
        """The case's legal deadlines as of ``as_of`` (default: today)."""
        case_id, as_of = check.ref(case_id, "case_id"), check.optional_day(as_of, "as_of")
        status, day = self._status(case_id, as_of)
        return self.rules.deadlines(status.fold.facts(), day)

    def agenda(
        self,
        casemanager: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        limit: int | None = None,
        language: str = "nl",
        soon_days: int | None = None,
    ) -> list[AgendaItem]:
        """:meth:`iter_agenda` as a list (for small agendas; stream big ones)."""
        return list(
            self.iter_agenda(
                casemanager, start, end, limit=limit, language=language, soon_days=soon_days
            )
        )

    def iter_agenda(
        self,
        casemanager: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        limit: int | None = None,
        language: str = "nl",
        soon_days: int | None = None,
    ) -> Iterator[AgendaItem]:
        """The open legal actions of the open cases, streamed in two sections.

        First every overdue action (due before today, not done), whatever ``start`` says: what
        was missed is never hidden. Then the period: the actions due from ``start`` (today when
        ``None`` or earlier) whose working day to plan on is on or before ``end`` (unbounded
        when ``None``) — an action due on the weekend or holiday just after ``end`` is planned
        within the period, so it is shown — followed by the actions due later whose window
        (eerstejaarsevaluatie, actueel oordeel) is open or opens by ``end``: they can be done in the
        period. Each section is soonest first and holds at most ``limit`` items. Served from
        the projection by index range scans through a streaming cursor; no case is read (only
        a row stored before revision 0006 reads its window start from the case).
        """
        casemanager, start, end, limit, language = check.listing(
            casemanager, start, end, limit, language
        )
        today = self.clock.today()
        planner = self._planner(today, soon_days)
        lang = _language(language)
        last_due = None
        if end is not None:
            # plan_on(due) <= end exactly when no working day lies in (end, due].
            last_due = planner.add_working_days(end, 1) - dt.timedelta(days=1)
        rows = partial(
            iter_agenda_rows, self.store.engine, today=today, casemanager=casemanager, limit=limit
        )
        starts, kinds = self._window_starter(today), window_kinds(self.rules)
        overdue = agenda_items(rows(overdue=True), planner, lang, starts, kinds)
        period = agenda_items(
            rows(overdue=False, start=start, end=last_due), planner, lang, starts, kinds
        )
        if end is not None and last_due is not None and (start is None or start <= end):
            # Actions due after the period whose window opens in it (or is open): they can be
            # done in the period. A window opened by today ends within its length from today.
            longest = max(window_lengths(self.rules).values(), default=0)
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

    def cases(
        self,
        *,
        casemanager: str | None = None,
        employee_ref: str | None = None,
        state: str | None = None,
        include_closed: bool = False,
        language: str = "nl",
        soon_days: int | None = None,
    ) -> Iterator[CaseSummary]:
        """The cases that match every filter given, by case id, each with its next step;
        streamed. Closed cases only with ``include_closed`` or ``state="closed"``.

        ``employee_ref`` must be a pseudonymous id like every stored one: a BSN typed into the
        filter is refused (:class:`InvalidEventError`), not searched for. An unknown ``state``
        raises :class:`InvalidQueryError`.
        """
        if employee_ref is not None:
            employee_ref = check_pseudonym(employee_ref, "employee_ref")
        if state is not None and state not in {s.value for s in CaseState}:
            expected = "one of " + ", ".join(s.value for s in CaseState)
            raise InvalidQueryError("state", state, expected)
        today = self.clock.today()
        rows = iter_case_rows(
            self.store.engine,
            casemanager=casemanager,
            employee_ref=employee_ref,
            state=state,
            include_closed=include_closed,
        )
        planner = self._planner(today, soon_days)
        starts = self._window_starter(today)
        lang = _language(language)
        return case_summaries(rows, planner, lang, starts, window_kinds(self.rules))

    def _planner(self, today: dt.date, soon_days: int | None) -> Planner:
        days = self.soon_days if soon_days is None else soon_days
        return Planner(self.rules.calendar, today, days)

    def _window_starter(self, today: dt.date) -> WindowStarts:
        return window_starter(self.store.engine, self.rules, today, self.deadlines)

    def timeline(self, case_id: str) -> list[TimelineEntry]:
        """Every stored event in order, corrections linked both ways."""
        case_id = check.ref(case_id, "case_id")
        return timeline_entries(self.store.load(case_id))

    def replay(
        self,
        case_id: str,
        *,
        as_of: dt.date | None = None,
        known_on: dt.date | None = None,
    ) -> Replay:
        """The case as it stood on ``as_of`` from what was recorded by the end of ``known_on``.

        ``as_of`` alone: the facts effective up to that date, as known now. ``known_on`` alone:
        what the dossier said on that day (as of that day). Both: the two cuts combined. The
        same fold and rules as live use, so a replay cannot drift from what the engine did.
        """
        case_id, as_of = check.ref(case_id, "case_id"), check.optional_day(as_of, "as_of")
        known_on = check.optional_day(known_on, "known_on")
        return replay_case(
            self.store,
            self.rules,
            case_id,
            as_of=as_of,
            known_on=known_on,
            today=self.clock.today(),
        )

    def verify(self, case_id: str | None = None) -> list[IntegrityIssue]:
        """Every finding, by case: broken hash chains, and every stored projection (``cases``,
        ``case_deadlines``, the snapshot, every projection hook) that is not what a fresh
        computation from the log gives. Empty: all intact. A stored row that cannot be read
        is a finding (``unreadable_row``), and the other cases are still checked."""
        return verify_cases(
            self.store,
            self.rules,
            check.optional_ref(case_id, "case_id"),
            self.projection_values,
        )

    def rebuild(self, case_id: str | None = None) -> RebuildReport:
        """Rewrite every projection that differs from its log (``poortwachter db rebuild``);
        cases whose chain is broken are reported in ``refused`` and left as they are."""
        return rebuild_cases(
            self.store,
            self.rules,
            check.optional_ref(case_id, "case_id"),
            self.projection_values,
        )

    def anchor(self, key: bytes) -> dict[str, Any]:
        """A signed checkpoint of every case's head (see :mod:`poortwachter.store.anchor`)."""
        return anchor_document(key, self.store.anchor_heads(), self.clock.now())

    def verify_anchor(self, key: bytes, document: object) -> list[IntegrityIssue]:
        """Cases deleted, truncated or rewritten since the anchor ``document`` was signed.

        Raises :class:`~poortwachter.store.anchor.AnchorError` for an unusable anchor."""
        return self.store.check_anchor(verify_signature(key, document))


def _case_exists(case_id: str) -> InvalidEventError:
    return InvalidEventError(
        f"a case with id '{case_id}' already exists",
        field="case_id",
        expected="a new case id (or leave it out to have one generated)",
    )


def _language(language: str) -> Language:
    return "en" if language == "en" else "nl"


def _recorded(saved: StoredEvent) -> RecordedEvent:
    return RecordedEvent(
        case_id=saved.case_id,
        seq=saved.seq,
        type=saved.type,
        effective=saved.effective,
        recorded_at=saved.recorded_at,
        actor=saved.actor,
        payload=saved.payload,
        hash=saved.hash,
    )
