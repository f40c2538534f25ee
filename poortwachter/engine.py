"""The Engine: the one facade an organisation embeds.

Every command follows the same path: load the case's log, resolve corrections, let the state
machine and the rules judge the new event against the whole log, then append the event and the
refreshed ``cases`` projection in one transaction with the version that was judged. Nothing is
written when any step refuses, and a concurrent writer makes the append fail rather than slip
past the guard.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import re
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa
from pydantic import TypeAdapter

from poortwachter.audit.log import ResolvedLog, replacement_of, resolve
from poortwachter.clock import AMSTERDAM, Clock, SystemClock, end_of_day_utc
from poortwachter.errors import (
    ConcurrencyConflictError,
    InvalidEventError,
    InvalidTransitionError,
    StoreUnavailableError,
)
from poortwachter.events import (
    CaseClosed,
    CasemanagerAssigned,
    EventBase,
    EventCorrected,
    SickReported,
    parse_event,
)
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.deadlines import ACTION_EVENTS, compute_deadlines
from poortwachter.rules.model import ACTION_KINDS, LABELS, Deadline, DeadlineKind, DeadlineStatus
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.store import (
    CaseProjection,
    EventStore,
    IntegrityIssue,
    OpenDeadline,
    StoredEvent,
    head_revision,
)
from poortwachter.views import (
    AgendaItem,
    CaseFactsView,
    CaseView,
    RecordedEvent,
    Replay,
    TimelineEntry,
)
from poortwachter.workflows import CaseState, CaseStatus, allowed_events, apply, initial_status

__all__ = ["DEFAULT_DB_URL", "Engine"]

_AGENDA_ITEMS: TypeAdapter[list[AgendaItem]] = TypeAdapter(list[AgendaItem])

DEFAULT_DB_URL = "sqlite:///poortwachter.db"

_OPEN = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED})
_RETRIES = 10
# Pseudonymous ids: letters, digits and . _ - : only, at most 64. No spaces keeps names out.
_PSEUDONYM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_DIGITS = re.compile(r"\d")


def _is_bsn(digits: str) -> bool:
    """The 11-proef of a burgerservicenummer (8 digits get a leading zero)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _check_pseudonym(value: str, field: str) -> None:
    """Refuse what is no pseudonymous id: spaces (names), or a BSN hidden among separators."""
    if not _PSEUDONYM.fullmatch(value):
        raise InvalidEventError(
            f"{value!r} is not a pseudonymous id",
            field=field,
            expected="1-64 letters, digits or . _ - : without spaces (e.g. 'emp-4711')",
        )
    digits = "".join(_DIGITS.findall(value))
    if len(digits) in (8, 9) and _is_bsn(digits):
        raise InvalidEventError(
            f"{value!r} looks like a BSN; the engine stores pseudonymous references only",
            field=field,
            expected="a pseudonymous reference from your HR system (e.g. 'emp-4711')",
        )


class Engine:
    """Cases, events, deadlines, agenda and audit over one database."""

    def __init__(
        self,
        store: EventStore,
        *,
        clock: Clock | None = None,
        params: ParameterSet | None = None,
        options: RuleOptions | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.params = params or default_parameters()
        self.options = options or RuleOptions()
        self._calendar = default_calendar(self.options.equated_days_are_holidays)
        self._employee_refs: dict[str, str] = {}

    @classmethod
    def open(
        cls,
        url: str = DEFAULT_DB_URL,
        *,
        clock: Clock | None = None,
        params: ParameterSet | None = None,
        options: RuleOptions | None = None,
        create: bool = True,
    ) -> Self:
        """Open the database at ``url``.

        ``create=True`` (the embedded default) creates a new database and migrates an older
        schema (migrations only add). ``create=False`` refuses a missing or unmigrated database
        with :class:`StoreUnavailableError` instead of creating one: readers and auditors must
        never conjure an empty dossier out of a mistyped path.
        """
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
        return cls(store, clock=clock, params=params, options=options)

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
        ref = employee_ref.strip()
        _check_pseudonym(ref, "employee_ref")
        case_id = (case_id or f"case-{uuid.uuid4().hex[:12]}").strip()
        _check_pseudonym(case_id, "case_id")
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
        status = initial_status()
        for event in events:
            status = self._apply(case_id, status, event)
        log = resolve([(i + 1, e) for i, e in enumerate(events)])
        projection = self._projection(ref, status, log, self._deadlines(log, self._horizon(log)))
        try:
            self.store.append(
                case_id,
                events,
                actor=actor,
                recorded_at=self.clock.now(),
                expected_version=0,
                projection=projection,
            )
        except ConcurrencyConflictError:
            raise InvalidEventError(
                f"a case with id '{case_id}' already exists",
                field="case_id",
                expected="a new case id (or leave it out to have one generated)",
            ) from None
        self._employee_refs[case_id] = ref
        return self.case(case_id)

    def record(
        self,
        case_id: str,
        event: EventBase | Mapping[str, Any],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> RecordedEvent:
        """Append one event after the state machine and the rules have accepted it.

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
        parsed: list[EventBase] = []
        for index, event in enumerate(events):
            if isinstance(event, EventBase):
                parsed.append(event)
                continue
            try:
                parsed.append(parse_event(event))
            except InvalidEventError as exc:
                raise InvalidEventError(
                    exc.reason,
                    index=index,
                    event_type=exc.event_type,
                    field=exc.field,
                    expected=exc.expected,
                ) from None
        if not parsed:
            return []
        for attempt in range(_RETRIES):
            stored = self.store.load(case_id)
            version = stored[-1].seq if stored else 0
            if expected_version is not None and expected_version != version:
                raise ConcurrencyConflictError(case_id, expected_version, version)
            projection = self._judge(case_id, stored, parsed)
            try:
                saved = self.store.append(
                    case_id,
                    parsed,
                    actor=actor,
                    recorded_at=self.clock.now(),
                    expected_version=version,
                    projection=projection,
                )
            except ConcurrencyConflictError:
                if expected_version is not None or attempt == _RETRIES - 1:
                    raise
                # Back off a little (with jitter) so contending writers stop colliding.
                time.sleep(random.uniform(0, 0.002 * 2**attempt))
                continue
            return [_recorded(s) for s in saved]
        raise AssertionError("unreachable")  # pragma: no cover

    # -- queries ----------------------------------------------------------------------------

    def case(self, case_id: str, *, as_of: dt.date | None = None) -> CaseView:
        """The case now: state, casemanager, version and deadlines as of ``as_of`` (today)."""
        row = self.store.case_row(case_id)
        stored = self.store.load(case_id)
        log = resolve(stored)
        status = self._fold(case_id, log)
        day = as_of or max(self.clock.today(), row.first_sick_day)
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
            deadlines=tuple(self._deadlines(log, day)),
            allowed_events=tuple(allowed_events(status)),
        )

    def deadlines(self, case_id: str, as_of: dt.date | None = None) -> list[Deadline]:
        """The case's legal deadlines as of ``as_of`` (default: today)."""
        log = resolve(self.store.load(case_id))
        first = log.facts[0][1].effective
        return self._deadlines(log, as_of or max(self.clock.today(), first))

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
        column = 1 if language == "en" else 0
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
                    "label": LABELS[DeadlineKind(row.kind)][column],
                    "overdue": row.due < today,
                }
                for row in rows
            ]
        )

    def timeline(self, case_id: str) -> list[TimelineEntry]:
        """Every stored event in order, corrections linked both ways."""
        stored = self.store.load(case_id)
        log = resolve(stored)
        return [
            TimelineEntry(
                seq=s.seq,
                type=s.type,
                effective=s.effective,
                recorded_at=s.recorded_at,
                actor=s.actor,
                payload=s.payload,
                hash=s.hash,
                corrected_by=log.corrected_by.get(s.seq),
                recorded_days_after_effective=(_local_day(s.recorded_at) - s.effective).days,
            )
            for s in stored
        ]

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
        cutoff = end_of_day_utc(known_on) if known_on is not None else None
        stored = self.store.load(case_id, recorded_up_to=cutoff)
        day = as_of or known_on or self.clock.today()
        log = resolve(stored, effective_up_to=day)
        if not log.facts:
            status, deadlines = initial_status(), []
        else:
            status = self._fold(case_id, log)
            deadlines = self._deadlines(log, day)
        recorded = {s.seq: _local_day(s.recorded_at) for s in stored}
        late = []
        for d in deadlines:
            if d.met_on is None or d.kind not in ACTION_KINDS:
                continue
            seq = next(
                (seq for seq, e in log.facts if e.effective == d.met_on and _meets(e, d.kind)),
                None,
            )
            # A fact put in place by a correction was known only when the correction was.
            known = recorded[log.corrected_by.get(seq, seq)] if seq is not None else None
            if known is not None and known > d.due:
                late.append(
                    f"{d.kind.value}: done {d.met_on} (due {d.due}) but recorded "
                    f"{known}, after the due date"
                )
        return Replay(
            case_id=case_id,
            as_of=day,
            known_on=known_on,
            state=status.state.value,
            seqs=tuple(seq for seq, _ in log.facts),
            deadlines=tuple(deadlines),
            recorded_late=tuple(late),
        )

    def verify(self, case_id: str | None = None) -> list[IntegrityIssue]:
        """Walk the hash chains; the first broken link per case (empty: all intact)."""
        return self.store.verify(case_id)

    # -- internals --------------------------------------------------------------------------

    def _apply(self, case_id: str, status: CaseStatus, event: EventBase) -> CaseStatus:
        """One step of the state machine, under the same samentelling rules as the deadlines."""
        return apply(
            status,
            event,
            case_id=case_id,
            relapse_gap_days=7 * self.params.at("samentelling_gap_weeks", event.effective).value,
            leave_days_are_fit=not self.options.wazo_leave_neutral,
        )

    def _fold(
        self, case_id: str, log: ResolvedLog, new_seqs: frozenset[int] = frozenset()
    ) -> CaseStatus:
        """Fold the facts through the state machine; a refusal names a new fact."""
        status = initial_status()
        new = next((e for s, e in log.facts if s in new_seqs), None)
        for seq, event in log.facts:
            try:
                status = self._apply(case_id, status, event)
            except InvalidTransitionError as exc:
                if new is None or seq in new_seqs:
                    raise
                raise InvalidTransitionError(
                    case_id,
                    exc.state,
                    new.type,
                    exc.allowed,
                    f"with it, the recorded '{event.type}' of {event.effective} (seq {seq}) "
                    f"would no longer be allowed: {exc.reason}",
                ) from None
        return status

    def _judge(
        self, case_id: str, stored: Sequence[StoredEvent], new: Sequence[EventBase]
    ) -> CaseProjection:
        """Accept or refuse ``new`` against the whole log; the projection after it.

        The new events are judged together with the log in canonical (effective) order, as
        replay will fold them, so the order in which a batch is listed does not matter. Each
        stored event is parsed once, the log folded once and the deadlines computed once.
        """
        items: list[tuple[int, EventBase]] = [(s.seq, s.event) for s in stored]
        current = resolve(items)
        today = self.clock.today()
        # The log before the batch: every new event is prechecked against the same facts.
        first = next((e.effective for _, e in current.facts if isinstance(e, SickReported)), None)
        closed = any(isinstance(e, CaseClosed) for _, e in current.facts)
        seq = stored[-1].seq if stored else 0
        named: set[int] = set()
        for event in new:
            seq += 1
            self._precheck(case_id, current, event, today, first_sick_day=first, closed=closed)
            items.append((seq, event))
            # A refusal names the new fact: the event, or what a correction puts in place.
            named.add(event.corrects_seq if isinstance(event, EventCorrected) else seq)
        with _named(case_id, new[-1]):
            log = resolve(items)
        if not any(isinstance(e, SickReported) for _, e in log.facts):
            status_now = self._fold(case_id, current)
            raise InvalidTransitionError(
                case_id,
                status_now.state.value,
                new[-1].type,
                allowed_events(status_now),
                "the correction would leave the case without its sick report",
            )
        status = self._fold(case_id, log, frozenset(named))
        with _named(case_id, new[-1]):
            deadlines = self._deadlines(log, self._horizon(log))
        return self._projection(self._employee_ref(case_id), status, log, deadlines)

    def _precheck(
        self,
        case_id: str,
        current: ResolvedLog,
        event: EventBase,
        today: dt.date,
        *,
        first_sick_day: dt.date | None,
        closed: bool,
    ) -> None:
        """What no fold can judge: facts from the future, before the case, after closing."""
        fact = replacement_of(event) if isinstance(event, EventCorrected) else event
        if fact is not None and fact.effective > today:
            raise InvalidEventError(
                f"{fact.effective} lies in the future (today is {today})",
                event_type=event.type,
                field="effective",
                expected="a date on or before today: record facts once they have happened",
                source=f"case '{case_id}'",
            )
        first = first_sick_day
        backdated = first is not None and event.effective < first
        if (backdated and not isinstance(event, SickReported | EventCorrected)) or (
            # A closed case takes no new facts, only a correction (a wrong closing can be undone).
            closed and not isinstance(event, EventCorrected)
        ):
            status_now = self._fold(case_id, current)
            reason = (
                f"effective {event.effective} lies before the first sick day {first}"
                if backdated and not closed
                else "the case is closed; a new sickness needs a new case"
            )
            allowed = [] if closed else allowed_events(status_now)
            raise InvalidTransitionError(
                case_id, status_now.state.value, event.type, allowed, reason
            )

    def _employee_ref(self, case_id: str) -> str:
        """A case's employee reference (immutable, so remembered after the first lookup)."""
        ref = self._employee_refs.get(case_id)
        if ref is None:
            if len(self._employee_refs) > 100_000:
                self._employee_refs.clear()
            ref = self._employee_refs[case_id] = self.store.case_row(case_id).employee_ref
        return ref

    def _horizon(self, log: ResolvedLog) -> dt.date:
        """As-of date that sees every recorded fact: today, or a later effective date."""
        return max(self.clock.today(), max(e.effective for _, e in log.facts))

    def _deadlines(self, log: ResolvedLog, as_of: dt.date) -> list[Deadline]:
        return compute_deadlines(
            log.events,
            as_of=as_of,
            params=self.params,
            options=self.options,
            calendar=self._calendar,
        )

    def _projection(
        self,
        employee_ref: str,
        status: CaseStatus,
        log: ResolvedLog,
        deadlines: Sequence[Deadline],
    ) -> CaseProjection:
        """The ``cases`` row after this log: state, casemanager and the next open action."""
        closed = status.state is CaseState.CLOSED
        open_actions = [
            d for d in deadlines if d.kind in ACTION_KINDS and d.status in _OPEN and not closed
        ]
        nxt = min(open_actions, key=lambda d: (d.due, d.kind.value), default=None)
        casemanager = None
        for _, event in log.facts:  # in effective order: the latest assignment in law counts
            if isinstance(event, CasemanagerAssigned):
                casemanager = event.casemanager
        assert status.first_sick_day is not None
        return CaseProjection(
            employee_ref=employee_ref,
            state=status.state.value,
            casemanager=casemanager,
            first_sick_day=status.first_sick_day,
            next_deadline_due=None if nxt is None else nxt.due,
            next_deadline_kind=None if nxt is None else nxt.kind.value,
            closed=closed,
            open_deadlines=tuple(
                OpenDeadline(kind=d.kind.value, due=d.due, status=d.status.value)
                for d in open_actions
            ),
        )


@contextlib.contextmanager
def _named(case_id: str, event: EventBase) -> Iterator[None]:
    """Re-raise an InvalidEventError from the rules naming the case and the new event."""
    try:
        yield
    except InvalidEventError as exc:
        raise InvalidEventError(
            exc.reason,
            event_type=event.type,
            field=exc.field,
            expected=exc.expected,
            source=f"case '{case_id}'",
        ) from None


def _local_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(AMSTERDAM).date()


def _meets(event: EventBase, kind: DeadlineKind) -> bool:
    return ACTION_EVENTS.get(kind) == event.type


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
