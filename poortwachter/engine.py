"""The Engine: the one facade an organisation embeds.

Every command is load → decide → append. The decision (:mod:`poortwachter.decision`) is pure:
the guards and the rules judge the new events against the case's snapshot — or, for a
back-dated event or a correction, against the whole log — and say what to write. The store then
appends the events with the projections and the new snapshot in one transaction, at the
version that was judged. Nothing is written when any step refuses, and a concurrent writer
makes the append fail (and the engine decide again) rather than slip past the guard.

The facade holds the public signatures and their contracts; the work is in plain functions
that take the engine: :mod:`poortwachter.commands` (the write path),
:mod:`poortwachter.case_reads` (case views, agenda, case list), :mod:`poortwachter.replay`,
:mod:`poortwachter.verification` and :mod:`poortwachter.conversations`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Self

from poortwachter import arguments as check
from poortwachter import case_reads, commands
from poortwachter.agenda import WindowStarts
from poortwachter.clock import Clock, SystemClock
from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.moments import ConversationMoment
from poortwachter.conversations.policy import ConversationPolicy, ConversationRecord
from poortwachter.conversations.signals import Signal, case_signals
from poortwachter.decision import Decision, Rules
from poortwachter.errors import MedicalTermWarning
from poortwachter.events import EventBase
from poortwachter.notify.channel import Notice
from poortwachter.notify.outbox import OutboxHook
from poortwachter.notify.planner import moments_of, plan_case
from poortwachter.notify.policy import ReminderPolicy, load_policy
from poortwachter.notify.service import Reminders
from poortwachter.planning import DEFAULT_SOON_WORKING_DAYS
from poortwachter.replay import timeline_entries
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.model import Deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.store import EventStore, IntegrityIssue
from poortwachter.store.anchor import anchor_document, verify_signature
from poortwachter.store.opening import open_store
from poortwachter.verification import RebuildReport, rebuild_cases, verify_cases
from poortwachter.views import (
    AgendaItem,
    CaseSummary,
    CaseView,
    RecordedEvent,
    Replay,
    TimelineEntry,
)
from poortwachter.workflows import CaseStatus

__all__ = ["DEFAULT_DB_URL", "Engine"]

DEFAULT_DB_URL = "sqlite:///poortwachter.db"


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
        url, create = check.url(url), check.flag(create, "create")
        check.collaborators(clock, params, options)
        return cls(
            open_store(url, create=create),
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
        return commands.open_case(
            self, employee_ref, first_sick_day, casemanager, actor=actor, case_id=case_id
        )

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
        saved, findings = commands.record_checked(self, case_id, events, actor, expected_version)
        for finding in findings:
            warnings.warn(
                MedicalTermWarning(finding.field, finding.term, finding.event_type), stacklevel=2
            )
        return saved

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
        saved, findings = commands.record_checked(self, case_id, events, actor, expected_version)
        return ConversationRecord(recorded=tuple(saved), warnings=tuple(findings))

    def conversations(
        self, case_id: str, *, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> ConversationFold:
        """The case's contact moments, agreements, cadence and werkbalansgesprekken, as of
        ``as_of`` and (with ``known_on``) as recorded by the end of that day."""
        return case_reads.conversations_of(self, case_id, as_of, known_on)

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
        return case_reads.conversation_moments_of(self, case_id, as_of)

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
        from poortwachter.notify.case_plan import conversation_moments, quiet_periods

        talks = decision.status.conversations
        return plan_case(
            case_id,
            moments_of(decision.deadlines, decision.facts)
            + conversation_moments(
                talks, decision.deadlines, self.rules.calendar, self.conversation_policy
            ),
            casemanager=decision.projection.casemanager,
            closed=decision.projection.closed,
            policy=self.reminder_policy,
            calendar=self.rules.calendar,
            employee_ref=decision.projection.employee_ref,
            quiet=quiet_periods(talks),
        )

    @property
    def reminders(self) -> Reminders:
        """Plan, list, explain and re-drive reminders (see :mod:`poortwachter.notify`)."""
        return Reminders(self)

    # -- queries ----------------------------------------------------------------------------

    def _status(self, case_id: str, as_of: dt.date | None) -> tuple[CaseStatus, dt.date]:
        """The case's status and the as-of date (see :func:`poortwachter.case_reads.status_of`);
        the conversations and the reminders read it too."""
        return case_reads.status_of(self, case_id, as_of)

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
        return case_reads.case_view(self, case_id, as_of, language, soon_days)

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
        return case_reads.iter_agenda(
            self, casemanager, start, end, limit=limit, language=language, soon_days=soon_days
        )

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
        return case_reads.iter_cases(
            self,
            casemanager=casemanager,
            employee_ref=employee_ref,
            state=state,
            include_closed=include_closed,
            language=language,
            soon_days=soon_days,
        )

    def _window_starter(self, today: dt.date) -> WindowStarts:
        return case_reads.window_starts(self, today)

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
        return case_reads.replay_of(self, case_id, as_of, known_on)

    def verify(self, case_id: str | None = None) -> list[IntegrityIssue]:
        """Every finding, by case: broken hash chains, and every stored projection (``cases``,
        ``case_deadlines``, the snapshot, every projection hook) that is not what a fresh
        computation from the log gives. Empty: all intact. A stored row that cannot be read
        is a finding (``unreadable_row``), and the other cases are still checked."""
        scope = check.optional_ref(case_id, "case_id")
        return verify_cases(self.store, self.rules, scope, self.projection_values)

    def rebuild(self, case_id: str | None = None) -> RebuildReport:
        """Rewrite every projection that differs from its log (``poortwachter db rebuild``);
        cases whose chain is broken are reported in ``refused`` and left as they are."""
        scope = check.optional_ref(case_id, "case_id")
        return rebuild_cases(self.store, self.rules, scope, self.projection_values)

    def anchor(self, key: bytes) -> dict[str, Any]:
        """A signed checkpoint of every case's head (see :mod:`poortwachter.store.anchor`)."""
        return anchor_document(key, self.store.anchor_heads(), self.clock.now())

    def verify_anchor(self, key: bytes, document: object) -> list[IntegrityIssue]:
        """Cases deleted, truncated or rewritten since the anchor ``document`` was signed.

        Raises :class:`~poortwachter.store.anchor.AnchorError` for an unusable anchor."""
        return self.store.check_anchor(verify_signature(key, document))
