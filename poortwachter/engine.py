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
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from pydantic import TypeAdapter

from poortwachter.audit.log import resolve
from poortwachter.clock import Clock, SystemClock
from poortwachter.decision import (
    Decision,
    Rules,
    decide_from_log,
    decide_from_snapshot,
    fold_log,
    restore,
    snapshot_of,
)
from poortwachter.errors import (
    ConcurrencyConflictError,
    InvalidEventError,
    StoreUnavailableError,
)
from poortwachter.events import (
    CasemanagerAssigned,
    EventBase,
    SickReported,
    log_key,
    parse_event,
)
from poortwachter.notify.channel import Notice
from poortwachter.notify.outbox import OutboxHook
from poortwachter.notify.planner import moments_of, plan_case
from poortwachter.notify.policy import ReminderPolicy, load_policy
from poortwachter.notify.service import Reminders
from poortwachter.privacy import check_pseudonym, is_bsn
from poortwachter.replay import replay_case, timeline_entries
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.model import Deadline, DeadlineKind
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.store import EventStore, IntegrityIssue, StoredEvent, head_revision
from poortwachter.texts import Language, text
from poortwachter.views import (
    AgendaItem,
    CaseFactsView,
    CaseView,
    RecordedEvent,
    Replay,
    TimelineEntry,
)
from poortwachter.workflows import CaseStatus, allowed_events

__all__ = ["DEFAULT_DB_URL", "Engine"]

_AGENDA_ITEMS: TypeAdapter[list[AgendaItem]] = TypeAdapter(list[AgendaItem])

DEFAULT_DB_URL = "sqlite:///poortwachter.db"

_RETRIES = 10


def _validated(event: object, index: int) -> EventBase:
    """Every event is validated from its serialised form, whatever object the caller passed:
    a subclass with an extra field or an object built without validation is refused."""
    payload: object = event
    if isinstance(event, EventBase):
        try:
            payload = event.model_dump(mode="json")
        except Exception as exc:
            raise InvalidEventError(
                f"cannot be serialised ({type(exc).__name__})",
                index=index,
                event_type=getattr(event, "type", None),
                expected="an event of the poortwachter vocabulary, built by validation",
            ) from None
    try:
        return parse_event(payload)
    except InvalidEventError as exc:
        raise InvalidEventError(
            exc.reason,
            index=index,
            event_type=exc.event_type,
            field=exc.field,
            expected=exc.expected,
        ) from None


class Engine:
    """Cases, events, deadlines, agenda and audit over one database."""

    def __init__(
        self,
        store: EventStore,
        *,
        clock: Clock | None = None,
        params: ParameterSet | None = None,
        options: RuleOptions | None = None,
        reminder_policy: ReminderPolicy | None = None,
    ) -> None:
        self.store = store
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
        reminder_policy: ReminderPolicy | None = None,
    ) -> Self:
        """Open the database at ``url``.

        ``create=True`` (the embedded default) creates a new database and migrates an older
        schema (migrations only add). ``create=False`` refuses a missing or unmigrated database
        with :class:`StoreUnavailableError` instead of creating one: readers and auditors must
        never conjure an empty dossier out of a mistyped path.
        """
        import sqlalchemy as sa

        if not create:
            sa_url = sa.make_url(url)
            database = sa_url.database or ""
            embedded_file = sa_url.get_backend_name() == "sqlite" and database not in (
                "",
                ":memory:",
            )
            if embedded_file and not Path(database).is_file():
                raise StoreUnavailableError(
                    sa_url.render_as_string(hide_password=True),
                    "no such database file (create it with 'poortwachter db upgrade')",
                )
        store = EventStore.open(url)
        revision, head = store.current_revision(), head_revision()
        if revision != head:
            if not create:
                store.close()
                raise StoreUnavailableError(
                    store.engine.url.render_as_string(hide_password=True),
                    f"schema at revision {revision or 'none'}, this version needs {head} "
                    f"(run 'poortwachter db upgrade')",
                )
            store.upgrade()
        return cls(
            store, clock=clock, params=params, options=options, reminder_policy=reminder_policy
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
        """Open a sickness case with its ziekmelding (and casemanager, when known)."""
        ref = check_pseudonym(employee_ref, "employee_ref")
        case_id = check_pseudonym(case_id, "case_id") if case_id is not None else _new_case_id()
        today = self.clock.today()
        if first_sick_day > today:
            raise InvalidEventError(
                f"{first_sick_day} lies in the future (today is {today})",
                event_type="sick_reported",
                field="first_sick_day",
                expected="the first day of incapacity, on or before today",
            )
        events: list[EventBase] = [SickReported(effective=first_sick_day)]
        if casemanager:
            events.append(CasemanagerAssigned(effective=first_sick_day, casemanager=casemanager))
        decision = decide_from_log(
            case_id, [], events, today=today, employee_ref=ref, rules=self.rules
        )
        try:
            self._append(case_id, events, decision, actor=actor, version=0)
        except ConcurrencyConflictError:
            raise InvalidEventError(
                f"a case with id '{case_id}' already exists",
                field="case_id",
                expected="a new case id (or leave it out to have one generated)",
            ) from None
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
        either all are stored (one transaction) or none is."""
        parsed = [_validated(event, index) for index, event in enumerate(events)]
        if not parsed:
            return []
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
            return [_recorded(s) for s in saved]
        raise AssertionError("unreachable")  # pragma: no cover

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
            extra={"snapshot": decision.snapshot, "outbox": self.plan_of(case_id, decision)},
        )

    # -- reminders --------------------------------------------------------------------------

    @property
    def reminder_policy(self) -> ReminderPolicy:
        """The reminder policy (``config/reminders.yaml`` or ``$POORTWACHTER_REMINDERS``)."""
        if self._policy is None:
            self._policy = load_policy()
        return self._policy

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

    def case(self, case_id: str, *, as_of: dt.date | None = None) -> CaseView:
        """The case now: state, casemanager, version and deadlines as of ``as_of`` (today)."""
        row = self.store.case_row(case_id)
        status, day = self._status(case_id, as_of)
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
            deadlines=tuple(self.rules.deadlines(status.fold.facts(), day)),
            allowed_events=tuple(allowed_events(status)),
        )

    def deadlines(self, case_id: str, as_of: dt.date | None = None) -> list[Deadline]:
        """The case's legal deadlines as of ``as_of`` (default: today)."""
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
    ) -> list[AgendaItem]:
        """Every open legal action of every open case due in ``start..end`` (inclusive),
        soonest first.

        Served from the projection by one index range scan: no case is replayed. An action
        that was missed stays on the agenda (``overdue``, with its past due date) until it is
        done, next to the case's later actions.
        """
        rows = self.store.agenda_rows(casemanager=casemanager, start=start, end=end, limit=limit)
        lang: Language = "en" if language == "en" else "nl"
        labels = {kind.value: text("kind." + kind.value, lang) for kind in DeadlineKind}
        today = self.clock.today()
        # One batch validation in pydantic-core is about 3x cheaper than a model per row.
        return _AGENDA_ITEMS.validate_python(
            [
                {
                    "case_id": row.case_id,
                    "employee_ref": row.employee_ref,
                    "casemanager": row.casemanager,
                    "state": row.state,
                    "due": row.due,
                    "kind": row.kind,
                    "label": labels[row.kind],
                    "overdue": row.due < today,
                }
                for row in rows
            ]
        )

    def timeline(self, case_id: str) -> list[TimelineEntry]:
        """Every stored event in order, corrections linked both ways."""
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
        return replay_case(
            self.store,
            self.rules,
            case_id,
            as_of=as_of,
            known_on=known_on,
            today=self.clock.today(),
        )

    def verify(self, case_id: str | None = None) -> list[IntegrityIssue]:
        """Walk the hash chains and check each case's snapshot against its log.

        Returns the first finding per case (empty: all intact). A snapshot that differs from a
        fresh fold of the log is reported as ``snapshot_mismatch``: what the engine decides
        from must be what the log says.
        """
        issues = {issue.case_id: issue for issue in self.store.verify(case_id)}
        ids = [case_id] if case_id is not None else list(self.store.iter_case_ids())
        for start in range(0, len(ids), 500):
            batch = [c for c in ids[start : start + 500] if c not in issues]
            stored = self.store.snapshots(batch)
            for cid in batch:
                issue = self._check_snapshot(cid, stored.get(cid))
                if issue is not None:
                    issues[cid] = issue
        return [issues[key] for key in sorted(issues)]

    def _check_snapshot(
        self, case_id: str, stored: tuple[int, Any] | None
    ) -> IntegrityIssue | None:
        if stored is None:
            return None  # no snapshot: the next append refolds the log and writes one
        version, snapshot = stored
        events = self.store.load(case_id)
        try:
            log = resolve(events)
            status = fold_log(case_id, log, self.rules, judge=False)
        except InvalidEventError as exc:
            return IntegrityIssue(
                case_id=case_id, seq=None, kind="snapshot_mismatch", detail=f"log: {exc}"
            )
        last_seq, last_event = log.facts[-1]
        expected = snapshot_of(status, log_key(last_seq, last_event))
        if version != (events[-1].seq if events else 0) or expected != snapshot:
            return IntegrityIssue(
                case_id=case_id,
                seq=version,
                kind="snapshot_mismatch",
                detail="the stored snapshot differs from a fold of the log (it was edited)",
            )
        return None


def _new_case_id() -> str:
    """A random case id that can never pass for a BSN (its digits fail the 11-proef)."""
    while True:
        case_id = f"case-{uuid.uuid4().hex[:12]}"
        digits = "".join(ch for ch in case_id if ch.isdigit())
        if not (len(digits) in (8, 9) and is_bsn(digits)):
            return case_id


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
