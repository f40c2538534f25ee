"""The WVP sickness case as a pure guard: may this event be appended now, and what follows?

One declarative ``transitions`` machine per process (``MACHINE``) holds the rules. No case is
ever bound to it: :func:`advance` builds a throwaway probe from a :class:`CaseStatus`, fires
``MACHINE.events[type].trigger(probe)`` and drops it (docs/design.md §5: binding 100k cases with
``add_model`` is quadratic and pins memory). Transitions carry conditions only, no callbacks,
so a refused event has no effects.

The machine judges the sickness family (``poortwachter.events.sickness``); the record-keeping
family has its own small guard (:mod:`poortwachter.workflows.records`). The guard holds no
samentelling: whether a relapse continues the chain is asked of the rules' sickness fold
(:class:`~poortwachter.rules.facts.SicknessFold`), which the status carries, so the guard and
the deadlines can never tell two stories about one case.

The guard refuses only what cannot be true; a legal-but-late sequence is always storable. A
missed problem analysis does not block the 42e-weeksmelding, a milestone jumps the state
forward (never back), and a fact of the sick period may be entered after the recovery.
Judging lateness is the rules' job, not the guard's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from transitions import EventData, Machine

from poortwachter.conversations.fold import ConversationFold
from poortwachter.errors import InvalidTransitionError
from poortwachter.events import EventBase, SickReported
from poortwachter.rules.facts import SicknessFold
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.workflows import conversations, process_guard, records
from poortwachter.workflows.states import CaseState

__all__ = [
    "GUARDS",
    "MACHINE",
    "MILESTONES",
    "SICK_STAGES",
    "CaseState",
    "CaseStatus",
    "Guard",
    "advance",
    "allowed_events",
    "apply",
    "fold",
    "initial_status",
    "state_of",
]


#: The stages of a running sickness, in legal order. While sick, ``state`` is one of these.
SICK_STAGES: tuple[CaseState, ...] = (
    CaseState.REPORTED_SICK,
    CaseState.PROBLEM_ANALYSED,
    CaseState.PLAN_AGREED,
    CaseState.IN_REINTEGRATION,
    CaseState.REPORTED_TO_UWV,
    CaseState.FIRST_YEAR_EVALUATED,
    CaseState.REINTEGRATION_REPORTED,
    CaseState.WIA_APPLIED,
)
_RANK: Mapping[CaseState, int] = {s: i for i, s in enumerate(SICK_STAGES)}
_DAY = dt.timedelta(days=1)

#: Milestone event type -> the stage it proves reached. The state moves to the furthest one.
MILESTONES: Mapping[str, CaseState] = {
    "problem_analysis_completed": CaseState.PROBLEM_ANALYSED,
    "plan_of_approach_agreed": CaseState.PLAN_AGREED,
    "plan_evaluated": CaseState.IN_REINTEGRATION,
    "uwv_sick_report_sent": CaseState.REPORTED_TO_UWV,
    "first_year_evaluation_completed": CaseState.FIRST_YEAR_EVALUATED,
    "reintegration_report_completed": CaseState.REINTEGRATION_REPORTED,
    "wia_applied": CaseState.WIA_APPLIED,
}

#: Recordable whenever the case is open after the sick report, state unchanged. A letter or a
#: UWV decision is a fact that arrived; the 42nd-week report may be made late, even after the
#: recovery, and must then still be storable (its lateness is the rules' finding).
_ANY_TIME_FACTS: tuple[str, ...] = (
    "employment_ended",
    "uwv_wia_letter_received",
    "wage_sanction_imposed",
    "wage_sanction_shortened",
)

#: Facts that only exist during sickness. Once recovered or on leave they may still be entered
#: late, as long as they are effective within the sick period that just ended.
_SICK_PERIOD_FACTS: tuple[str, ...] = (
    "problem_analysis_completed",
    "plan_of_approach_agreed",
    "plan_evaluated",
    "first_year_evaluation_completed",
    "reintegration_report_completed",
    "wia_applied",
    "spoor2_started",
    "waiting_period_extended",
    "work_partially_resumed",
)


class CaseStatus:
    """The guard's view of one case: the WVP state over the one sickness fold.

    ``state`` is where the case stands now. Everything else is read from ``fold`` (the rules'
    facts, :class:`~poortwachter.rules.facts.SicknessFold`), which is the only place that
    decides how sick periods join; the guard never counts days itself.
    """

    __slots__ = ("conversations", "fold", "state")

    def __init__(
        self, state: CaseState, fold: SicknessFold, talks: ConversationFold | None = None
    ) -> None:
        self.state = state
        self.fold = fold
        #: Contact moments, agreements and cadence (:mod:`poortwachter.conversations.fold`).
        self.conversations = talks if talks is not None else ConversationFold()

    @property
    def stage(self) -> CaseState | None:
        """The furthest re-integration stage of the current chain, kept through a recovery or
        a Wazo leave so that a joining relapse resumes where the process was."""
        return _stage(self.fold) if self.fold.periods else None

    @property
    def first_sick_day(self) -> dt.date | None:
        return self.fold.first_sick_day

    @property
    def sick_since(self) -> dt.date | None:
        return self.fold.running_since

    @property
    def recovered_on(self) -> dt.date | None:
        return self.fold.not_sick_from if self.state is CaseState.RECOVERED else None

    @property
    def leave_start(self) -> dt.date | None:
        return self.fold.leaves[-1].start if self.state is CaseState.ON_MATERNITY_LEAVE else None

    @property
    def leave_end(self) -> dt.date | None:
        return self.fold.leaves[-1].end if self.state is CaseState.ON_MATERNITY_LEAVE else None

    @property
    def sick_period_until(self) -> dt.date | None:
        """While recovered or on leave: the last date a late-entered sick-period fact may carry."""
        if self.state is CaseState.RECOVERED:
            return self.fold.not_sick_from
        if self.state is not CaseState.ON_MATERNITY_LEAVE:
            return None
        if self.fold.ended_by == "maternity_leave":
            return self.fold.periods[-1].end
        return self.fold.not_sick_from

    @property
    def plan_agreed(self) -> bool:
        return "plan_of_approach_agreed" in self.fold.milestones

    @property
    def spoor2(self) -> bool:
        return "spoor2_started" in self.fold.milestones

    @property
    def sanctioned(self) -> bool:
        return bool(self.fold.sanctions)

    @property
    def employment_ended_on(self) -> dt.date | None:
        ended = self.fold.milestones.get("employment_ended")
        return ended[-1] if ended else None

    @property
    def closed_on(self) -> dt.date | None:
        return self.fold.closed_on

    @property
    def last_effective(self) -> dt.date | None:
        return self.fold.last_effective

    def copy(self) -> CaseStatus:
        return CaseStatus(self.state, self.fold.copy(), self.conversations.copy())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CaseStatus):
            return NotImplemented
        return (
            self.state is other.state
            and self.fold.to_json() == other.fold.to_json()
            and self.conversations.to_json() == other.conversations.to_json()
        )

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable


def initial_status(
    params: ParameterSet | None = None, options: RuleOptions | None = None
) -> CaseStatus:
    """The status of a case before any event: ``new``, with an empty fold."""
    return CaseStatus(
        CaseState.NEW, SicknessFold(params or default_parameters(), options or RuleOptions())
    )


def state_of(fold: SicknessFold) -> CaseState:
    """Where a case stands, read from its fold: the one definition of the WVP state.

    Replay derives the state this way without running the machine (the stored log passed the
    machine when it was written); a property test checks the machine's own destinations agree.
    """
    if fold.closed_on is not None:
        return CaseState.CLOSED
    if not fold.periods:
        return CaseState.NEW
    not_sick_from = fold.not_sick_from
    if not_sick_from is not None:
        # Not sick: on leave once a Wazo leave began after the sickness (until a relapse).
        if fold.leaves and fold.leaves[-1].start >= not_sick_from:
            return CaseState.ON_MATERNITY_LEAVE
        return CaseState.RECOVERED
    return _stage(fold)


def _stage(fold: SicknessFold) -> CaseState:
    """The furthest stage the milestones of the fold's chain prove reached."""
    reached = [MILESTONES[t] for t in fold.milestones if t in MILESTONES]
    return max(reached, key=_RANK.__getitem__, default=CaseState.REPORTED_SICK)


# --------------------------------------------------------------------------------------------
# Guards: conditions on the machine's transitions, pure functions of (status, event).


class _Probe:
    """The transient model a trigger runs on; dropped right after. Holds no machine state."""

    __slots__ = ("event", "state", "status")

    def __init__(self, status: CaseStatus, event: EventBase | None) -> None:
        self.state = status.state
        self.status = status
        self.event = event


@dataclass(frozen=True, slots=True)
class Guard:
    """A named transition condition that can also say why it failed.

    ``needs_event`` guards look at the event's dates; :func:`allowed_events` (which has no
    event) treats them as passing. ``dispatch`` guards do not allow or refuse: they pick which
    of several transitions applies (the stage a relapse returns to) and are never a reason.
    """

    name: str
    doc: str
    test: Callable[[CaseStatus, EventBase | None], bool]
    why_not: Callable[[CaseStatus, EventBase], str] = lambda s, e: ""
    needs_event: bool = False
    dispatch: bool = False

    def __call__(self, event_data: EventData) -> bool:
        probe = cast(_Probe, event_data.model)
        return self.test(probe.status, probe.event)


def _relapse_refusal(status: CaseStatus, event: EventBase) -> str:
    """Why a sick report after a recovery or a leave cannot join this case ("" if it joins):
    the fold's samentelling decides; a report that starts a new chain is a new case."""
    return status.fold.relapse_refusal(event) if isinstance(event, SickReported) else ""


def _no_cause_answer(status: CaseStatus, event: EventBase | None) -> bool:
    return not isinstance(event, SickReported) or event.same_cause_as_before is None


def _within_sick_period(status: CaseStatus, event: EventBase | None) -> bool:
    until = status.sick_period_until
    return event is None or until is None or event.effective <= until


def _why_outside_sick_period(status: CaseStatus, event: EventBase) -> str:
    if status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        now = f"the employee recovered on {status.recovered_on.isoformat()}"
    else:
        assert status.leave_start is not None
        now = f"the employee is on Wazo leave since {status.leave_start.isoformat()}"
    limit = status.sick_period_until.isoformat() if status.sick_period_until else "-"
    return (
        f"{now}; a {event.type} effective {event.effective.isoformat()} lies after the sick "
        f"period (late entries of it may be effective up to {limit}): record the relapse "
        f"(sick_reported) first"
    )


def _after_leave(status: CaseStatus, event: EventBase | None) -> bool:
    leaves = status.fold.leaves
    return event is None or not leaves or event.effective > leaves[-1].end


def _why_overlapping_leave(status: CaseStatus, event: EventBase) -> str:
    span = status.fold.leaves[-1]
    return (
        f"overlaps the Wazo leave {span.start.isoformat()}..{span.end.isoformat()}; "
        "leaves never overlap"
    )


HAS_PLAN = Guard(
    "has_plan",
    "a plan of approach (plan van aanpak) was agreed",
    lambda s, e: s.plan_agreed,
    lambda s, e: "no plan of approach was agreed yet: record plan_of_approach_agreed first",
)
HAS_SANCTION = Guard(
    "has_sanction",
    "a wage sanction (loonsanctie) was imposed",
    lambda s, e: s.sanctioned,
    lambda s, e: "no wage sanction (loonsanctie) was imposed on this case",
)
AFTER_PERIOD_START = Guard(
    "after_period_start",
    "effective after the first day of the running sick period (a period has a sick day)",
    lambda s, e: e is None or s.sick_since is None or e.effective > s.sick_since,
    lambda s, e: (
        f"{e.effective.isoformat()} is not after the first sick day "
        f"{s.sick_since.isoformat() if s.sick_since else '?'} of the running period"
    ),
    needs_event=True,
)
AFTER_LEAVE = Guard(
    "after_leave",
    "a next Wazo leave starts after the current one ends (leaves never overlap)",
    _after_leave,
    _why_overlapping_leave,
    needs_event=True,
)
JOINS_CHAIN = Guard(
    "joins_chain",
    "the relapse continues the chain of sick periods, as the rules' samentelling decides "
    "(BW 7:629 lid 10: fewer than 4 weeks fit; after a Wazo leave, starting after it and with "
    "same_cause_as_before true)",
    lambda s, e: e is None or not _relapse_refusal(s, e),
    _relapse_refusal,
    needs_event=True,
)
NO_CAUSE_ANSWER = Guard(
    "no_cause_answer",
    "same_cause_as_before is not set: the bedrijfsarts' yes/no on the cause is only given for a "
    "sick report after a Wazo leave (privacy)",
    _no_cause_answer,
    lambda s, e: "same_cause_as_before only applies to a sick report after a Wazo leave",
    needs_event=True,
)
AFTER_RECOVERY = Guard(
    "after_recovery",
    "a Wazo leave after a recovery starts on or after the first fit day",
    lambda s, e: e is None or s.recovered_on is None or e.effective >= s.recovered_on,
    lambda s, e: (
        f"the leave from {e.effective.isoformat()} starts before the recovery on "
        f"{s.recovered_on.isoformat() if s.recovered_on else '?'}: check its date"
    ),
    needs_event=True,
)
WITHIN_SICK_PERIOD = Guard(
    "within_sick_period",
    "a late entry: effective on or before the recovery date, or before the Wazo leave began",
    _within_sick_period,
    _why_outside_sick_period,
    needs_event=True,
)


def _stage_was(stage: CaseState) -> Guard:
    return Guard(
        f"stage_was_{stage.value}",
        f"the chain had reached {stage.value}",
        lambda s, e: s.stage is stage,
        dispatch=True,
    )


#: Guards of the issue 7 events and of the waiting-period limit (workflows.process_guard).
_PROCESS_GUARDS: dict[str, Guard] = {
    name: Guard(name, doc, test, why, needs_event=needs)
    for name, (doc, test, why, needs) in process_guard.GUARD_SPECS.items()
}

GUARDS: tuple[Guard, ...] = (
    HAS_PLAN,
    HAS_SANCTION,
    AFTER_PERIOD_START,
    AFTER_LEAVE,
    JOINS_CHAIN,
    NO_CAUSE_ANSWER,
    WITHIN_SICK_PERIOD,
    AFTER_RECOVERY,
    *_PROCESS_GUARDS.values(),
)


# --------------------------------------------------------------------------------------------
# The machine, declared as data.


def _t(trigger: str, source: CaseState, dest: CaseState | None, *guards: Guard) -> dict[str, Any]:
    """One transition; ``dest=None`` is an internal transition (allowed, state unchanged)."""
    return {"trigger": trigger, "source": source, "dest": dest, "conditions": list(guards)}


def _transitions() -> list[dict[str, Any]]:
    out = [_t("sick_reported", CaseState.NEW, CaseState.REPORTED_SICK, NO_CAUSE_ANSWER)]
    for s in SICK_STAGES:
        for trigger, target in MILESTONES.items():
            if trigger == "plan_evaluated":
                if _RANK[s] < _RANK[CaseState.PLAN_AGREED]:
                    continue  # a plan implies that stage; below it no plan can exist
                guards: tuple[Guard, ...] = (HAS_PLAN,)
            else:
                guards = ()
            dest = target if _RANK[target] > _RANK[s] else None  # forward only, never back
            out.append(_t(trigger, s, dest, *guards))
        for trigger in ("spoor2_started", "waiting_period_extended", "work_partially_resumed"):
            out.append(_t(trigger, s, None))
        out += [
            _t("recovered", s, CaseState.RECOVERED, AFTER_PERIOD_START),
            _t("maternity_leave", s, CaseState.ON_MATERNITY_LEAVE, AFTER_PERIOD_START),
        ]
    for s in (CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE):
        # A relapse resumes the chain where it was: one transition per stage, picked by dispatch.
        # Only after a leave is the cause asked (JOINS_CHAIN then needs the answer).
        cause = (NO_CAUSE_ANSWER,) if s is CaseState.RECOVERED else ()
        out += [
            _t("sick_reported", s, st, _stage_was(st), *cause, JOINS_CHAIN) for st in SICK_STAGES
        ]
        out.append(_t("uwv_sick_report_sent", s, None))
        for trigger in _SICK_PERIOD_FACTS:
            guards = (
                (HAS_PLAN, WITHIN_SICK_PERIOD)
                if trigger == "plan_evaluated"
                else (WITHIN_SICK_PERIOD,)
            )
            out.append(_t(trigger, s, None, *guards))
    out += [
        _t("maternity_leave", CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE, AFTER_RECOVERY),
        # A next leave (a later pregnancy) while no sickness came between.
        _t("maternity_leave", CaseState.ON_MATERNITY_LEAVE, None, AFTER_LEAVE),
    ]
    for s in (*SICK_STAGES, CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE):
        for trigger in _ANY_TIME_FACTS:
            guards = (HAS_SANCTION,) if trigger == "wage_sanction_shortened" else ()
            out.append(_t(trigger, s, None, *guards))
    return _with_process_events(out)


def _with_process_events(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the issue 7 events and conditions declared in :mod:`.process_guard`."""
    named = {g.name: g for g in GUARDS}
    for t in out:
        t["conditions"] += [named[n] for n in process_guard.EXTRA_GUARDS.get(t["trigger"], ())]
    for trigger, when, names in process_guard.TRANSITIONS:
        guards = [named[n] for n in names]
        out += [_t(trigger, s, None, *guards) for s in SICK_STAGES]
        late = [] if when == "any_time" else [WITHIN_SICK_PERIOD]
        for s in (CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE):
            out.append(_t(trigger, s, None, *guards, *late))
    return out


#: The one machine of the process. Never bind a case to it (no ``add_model``).
MACHINE = Machine(
    model=None,
    states=CaseState,
    initial=CaseState.NEW,
    transitions=_transitions(),
    auto_transitions=False,
    send_event=True,
)

# --------------------------------------------------------------------------------------------
# The public guard.


#: (state name, trigger) pairs the machine has any transition for; checked before triggering,
#: because an absent pair would raise MachineError instead of returning False.
_HAS_TRANSITION: frozenset[tuple[str, str]] = frozenset(
    (source, trigger) for trigger, ev in MACHINE.events.items() for source in ev.transitions
)


def _transitions_from(trigger: str, state: CaseState) -> list[Any]:
    event = MACHINE.events.get(trigger)
    if event is None:
        return []
    # .get, never [...]: Event.transitions is a defaultdict, and indexing it would add a
    # source to the shared machine.
    return list(event.transitions.get(state.name, ()))


def _guards(transition: Any) -> Iterable[Guard]:
    return (c.func for c in transition.conditions if isinstance(c.func, Guard))


def allowed_events(status: CaseStatus) -> list[str]:
    """Event types that may be appended now (sorted), over every family's guard.

    Exact for what depends on the case; optimistic for what depends on the event's own dates
    (a relapse's gap, a late entry's date), which only :func:`advance` can judge.
    """

    out = set(records.allowed(status.state)) | set(conversations.allowed(status.state))
    for trigger, event in MACHINE.events.items():
        for transition in event.transitions.get(status.state.name, ()):
            if all(g.needs_event or g.test(status, None) for g in _guards(transition)):
                out.add(trigger)
                break
    return sorted(out)


def _refusal(status: CaseStatus, event: EventBase) -> str:
    """Why the machine refused ``event`` in ``status``: the first failing non-dispatch guard,
    or, when the state has no transition for it at all, what the state means."""
    for transition in _transitions_from(event.type, status.state):
        for guard in _guards(transition):
            if not guard.dispatch and not guard.test(status, event):
                return guard.why_not(status, event)
    state = status.state
    if event.type not in MACHINE.events:
        return f"unknown event type {event.type!r}"
    if state is CaseState.NEW:
        return "nothing can be recorded before the sick report: the first must be sick_reported"
    if state is CaseState.CLOSED:
        closed = status.closed_on.isoformat() if status.closed_on else "?"
        return f"the case was closed on {closed}; a new sickness needs a new case"
    if event.type == "sick_reported":
        since = status.sick_since.isoformat() if status.sick_since else "?"
        return f"the employee is already sick since {since}; record recovered first"
    if event.type == "recovered" and state is CaseState.ON_MATERNITY_LEAVE:
        return (
            "the Wazo leave ended the sick period: after the leave the employee is fit unless "
            "a new sick report (sick_reported) follows"
        )
    if event.type == "recovered":
        when = status.recovered_on.isoformat() if status.recovered_on else "?"
        return f"the employee already recovered on {when}"
    return HAS_PLAN.why_not(status, event)


def _refuse(status: CaseStatus, event: EventBase, case_id: str, reason: str) -> None:
    raise InvalidTransitionError(
        case_id,
        status.state.value,
        event.type,
        allowed_events(status),
        reason,
    )


def advance(
    status: CaseStatus, event: EventBase, *, case_id: str, index: int | None = None
) -> None:
    """Judge ``event`` and fold it into ``status`` in place, or raise and change nothing.

    Events must come in canonical order (:mod:`poortwachter.events.order`); keeping that order
    is the caller's job. Sickness events go through the WVP machine, record-keeping events
    through their own guard; the fold then takes the event and the state is read from it.
    Raises :class:`InvalidTransitionError` (the guard refused) or
    :class:`~poortwachter.errors.InvalidEventError` (the facts cannot be so).
    """

    first = status.fold.first_sick_day
    if first is not None and event.effective < first:
        _refuse(
            status,
            event,
            case_id,
            f"effective {event.effective.isoformat()} lies before the first sick day "
            f"{first.isoformat()}",
        )
    if event.family == "record":
        reason = records.refusal(status.state, event, status.closed_on)
        if reason:
            _refuse(status, event, case_id, reason)
    elif event.family == "conversation":
        closed = status.closed_on.isoformat() if status.closed_on else None
        reason = conversations.refusal(status.state, closed)
        if reason:
            _refuse(status, event, case_id, reason)
        conversations.check(status.conversations, event, index)
    elif (status.state.name, event.type) not in _HAS_TRANSITION or not MACHINE.events[
        event.type
    ].trigger(_Probe(status, event)):
        _refuse(status, event, case_id, _refusal(status, event))
    status.fold.step(event, index)
    status.conversations.step(event, index)
    status.state = state_of(status.fold)


def apply(status: CaseStatus, event: EventBase, *, case_id: str) -> CaseStatus:
    """The status after ``event`` (a new object; ``status`` is left as it was)."""
    after = status.copy()
    advance(after, event, case_id=case_id)
    return after


def fold(
    events: Sequence[EventBase],
    *,
    case_id: str,
    params: ParameterSet | None = None,
    options: RuleOptions | None = None,
) -> CaseStatus:
    """Judge and fold ``events`` (in canonical order) from the initial status."""
    status = initial_status(params, options)
    for event in events:
        advance(status, event, case_id=case_id)
    return status
