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

This module holds the machine and the public guard; the status it judges is
:mod:`poortwachter.workflows.status`, the named conditions :mod:`poortwachter.workflows.guards`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from transitions import Machine

from poortwachter.errors import InvalidTransitionError, Phrase, phrase
from poortwachter.events import EventBase
from poortwachter.events.base import REGISTRY
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.workflows import conversations, process_guard, records
from poortwachter.workflows.guards import (
    AFTER_LEAVE,
    AFTER_PERIOD_START,
    AFTER_RECOVERY,
    GUARDS,
    HAS_PLAN,
    HAS_SANCTION,
    JOINS_CHAIN,
    NO_CAUSE_ANSWER,
    WITHIN_SICK_PERIOD,
    Guard,
    stage_was,
)
from poortwachter.workflows.guards import Probe as _Probe
from poortwachter.workflows.states import CaseState
from poortwachter.workflows.status import (
    MILESTONES,
    SICK_STAGES,
    STAGE_RANK,
    CaseStatus,
    initial_status,
    state_of,
)

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
                if STAGE_RANK[s] < STAGE_RANK[CaseState.PLAN_AGREED]:
                    continue  # a plan implies that stage; below it no plan can exist
                guards: tuple[Guard, ...] = (HAS_PLAN,)
            else:
                guards = ()
            # Forward only, never back.
            dest = target if STAGE_RANK[target] > STAGE_RANK[s] else None
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
            _t("sick_reported", s, st, stage_was(st), *cause, JOINS_CHAIN) for st in SICK_STAGES
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


def _refusal(status: CaseStatus, event: EventBase) -> str | Phrase:
    """Why the machine refused ``event`` in ``status``: the first failing non-dispatch guard,
    or, when the state has no transition for it at all, what the state means."""
    for transition in _transitions_from(event.type, status.state):
        for guard in _guards(transition):
            if not guard.dispatch and not guard.test(status, event):
                return guard.why_not(status, event)
    state = status.state
    unknown = phrase("error.unknown_date")
    if event.type not in MACHINE.events:
        return phrase("error.refusal.unknown", type=repr(event.type))
    if state is CaseState.NEW:
        return phrase("error.refusal.new")
    if state is CaseState.CLOSED:
        return phrase("error.refusal.closed", closed=status.closed_on or unknown)
    if event.type == "sick_reported":
        return phrase("error.refusal.already_sick", since=status.sick_since or unknown)
    if event.type == "recovered" and state is CaseState.ON_MATERNITY_LEAVE:
        return phrase("error.refusal.after_leave")
    if event.type == "recovered":
        return phrase("error.refusal.already_recovered", when=status.recovered_on or unknown)
    return HAS_PLAN.why_not(status, event)


#: Record-keeping steps a refusal names beside the process steps (the rest of the record and
#: conversation vocabulary is counted, not listed: it would bury the message).
_NAMED_RECORDS = frozenset({"case_closed", "case_reopened"})


def process_steps(status: CaseStatus, allowed: Iterable[str]) -> list[str]:
    """The process (WVP) steps among ``allowed`` that move the case on from its state (late
    entries and side records are possible too, but counted, not listed): what a refusal names
    as possible now. Falls back to every process event when none moves the case."""
    sickness = [
        name
        for name in allowed
        if name in _NAMED_RECORDS or getattr(REGISTRY.get(name), "family", "") == "sickness"
    ]
    state = status.state.name

    def moves(name: str) -> bool:
        event = MACHINE.events.get(name)
        transitions = event.transitions.get(state, ()) if event is not None else ()
        return name in _NAMED_RECORDS or any(t.dest not in (None, state) for t in transitions)

    moving = [name for name in sickness if moves(name)]
    return moving if len(moving) > len(_NAMED_RECORDS & set(moving)) else sickness


def _refuse(status: CaseStatus, event: EventBase, case_id: str, reason: str | Phrase) -> None:
    allowed = allowed_events(status)
    raise InvalidTransitionError(
        case_id,
        status.state.value,
        event.type,
        allowed,
        reason,
        shown=process_steps(status, allowed),
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
            phrase("error.refusal.before_first_day", effective=event.effective, first=first),
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
