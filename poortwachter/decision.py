"""The pure decision step: (log or snapshot, new events, today, rules) → decision.

Everything the engine writes is decided here, without I/O: whether the guards accept the new
events, the case's status and facts after them, its deadlines, and the projection rows and
snapshot the store writes in the same transaction. The engine only loads, calls, and appends.

Two ways in, one fold:

- :func:`decide_from_snapshot` steps the stored per-case snapshot (the fold of the log so far)
  with events that come after everything folded, in canonical order: one step per event, so
  recording costs the same on the tenth event as on the two-thousandth.
- :func:`decide_from_log` refolds the whole log: for a back-dated event, a correction, or a
  case without a snapshot. Both end in :func:`_conclude`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from poortwachter.audit.log import ResolvedLog, replacement_of, resolve
from poortwachter.conversations.fold import ConversationFold
from poortwachter.errors import InvalidEventError, InvalidTransitionError, phrase
from poortwachter.events import CaseReopened, EventBase, EventCorrected, SickReported, log_key
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.deadlines import evaluate
from poortwachter.rules.facts import CaseFacts, SicknessFold
from poortwachter.rules.model import ACTION_KINDS, Deadline, DeadlineStatus
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.store.models import CaseProjection, OpenDeadline
from poortwachter.workflows import CaseState, CaseStatus, advance, allowed_events, state_of
from poortwachter.workflows.wvp import process_steps

__all__ = [
    "Decision",
    "Rules",
    "decide_from_log",
    "decide_from_snapshot",
    "fold_log",
    "recompute",
]

_OPEN = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED})
#: Bumped when the snapshot's shape changes: an older snapshot is ignored and the log refolded.
SNAPSHOT_FORMAT = 2  # 2: with the conversation fold


@dataclass(frozen=True)
class Rules:
    """The legal context of every decision: parameters, options and the Atw calendar."""

    params: ParameterSet
    options: RuleOptions
    calendar: AtwCalendar

    def fold(self) -> SicknessFold:
        return SicknessFold(self.params, self.options)

    def deadlines(self, facts: CaseFacts, as_of: dt.date) -> list[Deadline]:
        return evaluate(
            facts,
            as_of=as_of,
            params=self.params,
            options=self.options,
            calendar=self.calendar,
        )


@dataclass(frozen=True)
class Decision:
    """What the engine writes after accepting new events."""

    status: CaseStatus
    facts: CaseFacts
    deadlines: list[Deadline]
    projection: CaseProjection
    #: The fold after the new events, as stored with the projection (see :func:`snapshot_of`).
    snapshot: dict[str, Any]

    def extras(self) -> dict[str, Any]:
        """The values of the store's projection hooks, by hook name: what an append writes
        and what ``verify`` and a rebuild recompute (add a hook's value here, once)."""
        return {"snapshot": self.snapshot}


def fold_log(case_id: str, log: ResolvedLog, rules: Rules, *, judge: bool) -> CaseStatus:
    """Fold a resolved log. ``judge=True`` runs every guard (writing); ``False`` trusts a log
    this store accepted before and only folds the facts (reading, replay)."""
    status = CaseStatus(CaseState.NEW, rules.fold())
    for seq, event in log.facts:
        if judge:
            advance(status, event, case_id=case_id, index=seq - 1)
        else:
            status.fold.step(event, seq - 1)
            status.conversations.step(event, seq - 1)
    if not judge:
        status.state = state_of(status.fold)
    return status


def snapshot_of(status: CaseStatus, last_key: tuple[dt.date, int, int] | None) -> dict[str, Any]:
    """The per-case snapshot: the fold, the state and the canonical key of the last fact."""
    return {
        "format": SNAPSHOT_FORMAT,
        "state": status.state.value,
        "fold": status.fold.to_json(),
        "conversations": status.conversations.to_json(),
        "last_key": None if last_key is None else [last_key[0].isoformat(), *last_key[1:]],
    }


def restore(snapshot: Mapping[str, Any], rules: Rules) -> CaseStatus | None:
    """The status a snapshot holds, or ``None`` when it is of another format."""
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        return None
    fold = SicknessFold.from_json(snapshot["fold"], rules.params, rules.options)
    talks = ConversationFold.from_json(snapshot["conversations"])
    return CaseStatus(CaseState(snapshot["state"]), fold, talks)


def _last_key(snapshot: Mapping[str, Any]) -> tuple[dt.date, int, int] | None:
    key = snapshot.get("last_key")
    return None if key is None else (dt.date.fromisoformat(key[0]), int(key[1]), int(key[2]))


def precheck(
    case_id: str,
    status: CaseStatus,
    event: EventBase,
    today: dt.date,
    *,
    opening: bool = False,
    reopening: bool = False,
) -> None:
    """What no fold can judge: facts from the future, before the case, after closing, and
    an employee reference anywhere but on the report that opens the case (``opening``).
    ``reopening``: the batch reopens a closed case, so its other facts may follow."""
    fact = replacement_of(event) if isinstance(event, EventCorrected) else event
    if isinstance(fact, SickReported) and fact.employee_ref is not None and not opening:
        raise InvalidEventError(
            "the employee is fixed when the case is opened and cannot be given again",
            event_type=event.type,
            field="employee_ref",
            expected="no employee_ref: leave it out (a case belongs to one employee)",
            source=f"case '{case_id}'",
        )
    if fact is not None and fact.effective > today:
        raise InvalidEventError(
            f"{fact.effective} lies in the future (today is {today})",
            event_type=event.type,
            field="effective",
            expected="a date on or before today: record facts once they have happened",
            source=f"case '{case_id}'",
        )
    first = status.fold.first_sick_day
    closed = status.state is CaseState.CLOSED
    backdated = first is not None and event.effective < first
    if (backdated and not isinstance(event, SickReported | EventCorrected)) or (
        # A closed case takes no new facts, only a correction (a wrong closing can be undone)
        # or a reopening with what follows it (a relapse within the samentelling window).
        closed and not isinstance(event, EventCorrected) and not reopening
    ):
        reason = (
            phrase("error.refusal.before_first_day", effective=event.effective, first=first)
            if backdated and not closed
            else phrase("error.refusal.closed_reopen")
        )
        allowed = [] if closed else allowed_events(status)
        shown = process_steps(status, allowed)
        raise InvalidTransitionError(
            case_id, status.state.value, event.type, allowed, reason, shown=shown
        )


def _reopens(new: Sequence[EventBase]) -> bool:
    return any(isinstance(event, CaseReopened) for event in new)


def decide_from_snapshot(
    case_id: str,
    snapshot: Mapping[str, Any] | None,
    version: int,
    new: Sequence[EventBase],
    *,
    today: dt.date,
    employee_ref: str,
    rules: Rules,
) -> Decision | None:
    """Step the snapshot with ``new``; ``None`` when the log must be refolded instead (no
    usable snapshot, a correction, or an event that does not come after the folded ones)."""
    if snapshot is None or any(isinstance(e, EventCorrected) for e in new):
        return None
    status = restore(snapshot, rules)
    last = _last_key(snapshot)
    if status is None or last is None:
        return None
    keyed = sorted(
        ((log_key(version + i, e), e) for i, e in enumerate(new, start=1)),
        key=lambda pair: pair[0],
    )
    if keyed[0][0] < last:
        return None  # back-dated: its place in the fold is behind what was folded
    reopening = _reopens(new)
    for event in new:
        precheck(case_id, status, event, today, reopening=reopening)
    for key, event in keyed:
        advance(status, event, case_id=case_id, index=key[2] - 1)
    return _conclude(status, keyed[-1][0], today=today, employee_ref=employee_ref, rules=rules)


def decide_from_log(
    case_id: str,
    stored: Sequence[tuple[int, EventBase]],
    new: Sequence[EventBase],
    *,
    today: dt.date,
    employee_ref: str,
    rules: Rules,
) -> Decision:
    """Judge ``new`` against the whole log, in canonical order, as replay will fold it.

    The order in which a batch is listed does not matter. A refusal names the new fact, also
    when it is an older recorded fact that the new one makes impossible.
    """
    items = list(stored)
    current = resolve(items)
    before = fold_log(case_id, current, rules, judge=False)
    seq = stored[-1][0] if stored else 0
    named: set[int] = set()
    reopening = _reopens(new)
    for event in new:
        seq += 1
        precheck(case_id, before, event, today, opening=seq == 1, reopening=reopening)
        items.append((seq, event))
        # A refusal names the new fact: the event, or what a correction puts in place.
        named.add(event.corrects_seq if isinstance(event, EventCorrected) else seq)
    with named_errors(case_id, new[-1]):
        log = resolve(items)
    if not any(isinstance(e, SickReported) for _, e in log.facts):
        raise InvalidTransitionError(
            case_id,
            before.state.value,
            new[-1].type,
            allowed_events(before),
            "the correction would leave the case without its sick report",
        )
    status = _judged_fold(case_id, log, named, rules)
    last_seq, last_event = log.facts[-1]
    with named_errors(case_id, new[-1]):
        return _conclude(
            status,
            log_key(last_seq, last_event),
            today=today,
            employee_ref=employee_ref,
            rules=rules,
        )


def recompute(
    case_id: str,
    stored: Sequence[tuple[int, EventBase]],
    *,
    today: dt.date,
    employee_ref: str,
    rules: Rules,
) -> Decision:
    """The decision the case's last append wrote, recomputed from its log (for ``verify`` and
    a rebuild): the same fold and conclusion, without judging again. ``today`` is the day of
    that append. Raises :class:`InvalidEventError` when the log holds no sick report."""
    log = resolve(stored)
    if not log.facts:
        raise InvalidEventError(
            "the log holds no fact to fold", field="events", expected="a sick report"
        )
    status = fold_log(case_id, log, rules, judge=False)
    if status.fold.first_sick_day is None:
        raise InvalidEventError(
            "the log holds no sick report", field="events", expected="a sick report"
        )
    last_seq, last_event = log.facts[-1]
    return _conclude(
        status, log_key(last_seq, last_event), today=today, employee_ref=employee_ref, rules=rules
    )


def _judged_fold(case_id: str, log: ResolvedLog, named: set[int], rules: Rules) -> CaseStatus:
    """Fold the facts through the guards; a refusal of an older fact names the new one."""
    status = CaseStatus(CaseState.NEW, rules.fold())
    new = next((e for s, e in log.facts if s in named), None)
    for seq, event in log.facts:
        try:
            advance(status, event, case_id=case_id, index=seq - 1)
        except InvalidTransitionError as exc:
            if new is None or seq in named:
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


def _conclude(
    status: CaseStatus,
    last_key: tuple[dt.date, int, int],
    *,
    today: dt.date,
    employee_ref: str,
    rules: Rules,
) -> Decision:
    facts = status.fold.facts()
    # The horizon sees every recorded fact: today, or a later effective date.
    horizon = max(today, status.fold.last_effective or today)
    deadlines = rules.deadlines(facts, horizon)
    return Decision(
        status=status,
        facts=facts,
        deadlines=deadlines,
        projection=projection_of(employee_ref, status, deadlines),
        snapshot=snapshot_of(status, last_key),
    )


def projection_of(
    employee_ref: str, status: CaseStatus, deadlines: Sequence[Deadline]
) -> CaseProjection:
    """The ``cases`` row after this fold: state, casemanager and the open actions."""
    closed = status.state is CaseState.CLOSED
    open_actions = [
        d for d in deadlines if d.kind in ACTION_KINDS and d.status in _OPEN and not closed
    ]
    nxt = min(open_actions, key=lambda d: (d.due, d.kind.value), default=None)
    first = status.fold.first_sick_day
    assert first is not None
    return CaseProjection(
        employee_ref=employee_ref,
        state=status.state.value,
        casemanager=status.fold.casemanager,
        first_sick_day=first,
        next_deadline_due=None if nxt is None else nxt.due,
        next_deadline_kind=None if nxt is None else nxt.kind.value,
        closed=closed,
        open_deadlines=tuple(
            OpenDeadline(
                kind=d.kind.value, due=d.due, status=d.status.value, window_start=d.window_start
            )
            for d in open_actions
        ),
    )


@contextlib.contextmanager
def named_errors(case_id: str, event: EventBase) -> Iterator[None]:
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
