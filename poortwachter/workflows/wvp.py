"""The WVP sickness case as a pure guard: may this event be appended now, and what follows?

One declarative ``transitions`` machine per process (``MACHINE``) holds the rules. No case is
ever bound to it: :func:`apply` builds a throwaway probe from a :class:`CaseStatus`, fires
``MACHINE.events[type].trigger(probe)`` and reads the state back (TECH.md §1: binding 100k
cases with ``add_model`` is quadratic and pins memory). Transitions carry conditions only, no
callbacks, so a refused event has no effects and the status update stays a plain function.

The guard refuses only what cannot be true; a legal-but-late sequence is always storable. A
missed problem analysis does not block the 42nd-week report, a milestone jumps the state
forward (never back), and a fact of the sick period may be entered after the recovery.
Judging lateness is the rules' job, not the guard's. Conversely, every log the guard accepts
also folds into ``poortwachter.rules`` facts under the same options, and on the sick period
itself (relapse, recovery, leave) the two accept exactly the same events
(tests/workflows/test_wvp_rules_agreement.py), so nothing is stored that the deadline rules
cannot compute or would count as another chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from pydantic import BaseModel, ConfigDict
from transitions import EventData, Machine

from poortwachter.errors import InvalidTransitionError
from poortwachter.events import EventBase, MaternityLeave, SickReported

__all__ = [
    "DEFAULT_RELAPSE_GAP_DAYS",
    "GUARDS",
    "MACHINE",
    "MILESTONES",
    "SICK_STAGES",
    "CaseState",
    "CaseStatus",
    "Guard",
    "RelapseRule",
    "allowed_events",
    "apply",
    "fold",
    "initial_status",
]

#: Samentelling: a relapse within 4 weeks of fit days continues the sick period (BW 7:629 lid 10).
DEFAULT_RELAPSE_GAP_DAYS = 28


class CaseState(StrEnum):
    """Where a WVP case stands. The re-integration stages are ordered (see ``SICK_STAGES``)."""

    NEW = "new"
    REPORTED_SICK = "reported_sick"
    PROBLEM_ANALYSED = "problem_analysed"
    PLAN_AGREED = "plan_agreed"
    IN_REINTEGRATION = "in_reintegration"
    REPORTED_TO_UWV = "reported_to_uwv"
    FIRST_YEAR_EVALUATED = "first_year_evaluated"
    REINTEGRATION_REPORTED = "reintegration_reported"
    WIA_APPLIED = "wia_applied"
    RECOVERED = "recovered"
    ON_MATERNITY_LEAVE = "on_maternity_leave"
    CLOSED = "closed"

    @property
    def dutch(self) -> str:
        """The Dutch term used in practice, for docs and the diagram."""
        return _DUTCH[self]


_DUTCH: Mapping[CaseState, str] = {
    CaseState.NEW: "nieuw, nog geen ziekmelding",
    CaseState.REPORTED_SICK: "ziekgemeld",
    CaseState.PROBLEM_ANALYSED: "probleemanalyse gedaan",
    CaseState.PLAN_AGREED: "plan van aanpak vastgesteld",
    CaseState.IN_REINTEGRATION: "re-integratie loopt, plan geëvalueerd",
    CaseState.REPORTED_TO_UWV: "42e-weeksmelding gedaan",
    CaseState.FIRST_YEAR_EVALUATED: "eerstejaarsevaluatie gedaan",
    CaseState.REINTEGRATION_REPORTED: "re-integratieverslag klaar",
    CaseState.WIA_APPLIED: "WIA aangevraagd",
    CaseState.RECOVERED: "volledig hersteld",
    CaseState.ON_MATERNITY_LEAVE: "zwangerschaps-/bevallingsverlof (Wazo)",
    CaseState.CLOSED: "afgesloten",
}

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
    "casemanager_assigned",
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


class CaseStatus(BaseModel):
    """The guard's view of one case: everything :func:`apply` needs, derived by folding events.

    ``state`` is where the case stands now; ``stage`` is the furthest re-integration stage of
    the current chain of sick periods, kept through a recovery or a Wazo leave so that a relapse
    that joins the chain (samentelling) resumes where the process was, not at the start.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    state: CaseState = CaseState.NEW
    stage: CaseState | None = None
    #: Spoor 2 (work with another employer) runs alongside re-integration once started.
    spoor2: bool = False
    plan_agreed: bool = False
    sanctioned: bool = False
    #: F, the first sick day of the chain (a joining relapse keeps it).
    first_sick_day: dt.date | None = None
    #: Start of the running sick period; None while recovered or on leave.
    sick_since: dt.date | None = None
    #: Effective date of the latest recovery, while recovered.
    recovered_on: dt.date | None = None
    #: First and last day of the Wazo leave, while on it.
    leave_start: dt.date | None = None
    leave_end: dt.date | None = None
    #: While recovered or on leave: the last date a late-entered sick-period fact may carry.
    sick_period_until: dt.date | None = None
    #: While on leave: days of the relapse gap before this leave that count as fit. By default
    #: Wazo leave days are neither sick nor fit and never count; with ``leave_days_are_fit``
    #: the days of an earlier leave in the gap count too. Days from this leave on are added on
    #: relapse, by :func:`apply` under the same option.
    fit_days_banked: int = 0
    employment_ended_on: dt.date | None = None
    closed_on: dt.date | None = None
    #: The latest effective date seen (a late entry does not move it back).
    last_effective: dt.date | None = None


_INITIAL = CaseStatus()


def initial_status() -> CaseStatus:
    """The status of a case before any event: ``new``."""
    return _INITIAL


# --------------------------------------------------------------------------------------------
# Guards: conditions on the machine's transitions, pure functions of (status, event).


@dataclass(frozen=True, slots=True)
class RelapseRule:
    """How the samentelling gap is measured (BW 7:629 lid 10, wvp-timeline §2.1 and §6.7).

    ``gap_days``: a relapse joins the chain after fewer fit days than this (28 by default).
    ``leave_days_are_fit``: count Wazo leave days in the gap as fit days, as the rules do with
    ``RuleOptions(wazo_leave_neutral=False)``; by default they are neither sick nor fit.
    """

    gap_days: int = DEFAULT_RELAPSE_GAP_DAYS
    leave_days_are_fit: bool = False


_DEFAULT_RULE = RelapseRule()


class _Probe:
    """The transient model a trigger runs on; dropped right after. Holds no machine state."""

    __slots__ = ("event", "rule", "state", "status")

    def __init__(self, status: CaseStatus, event: EventBase | None, rule: RelapseRule) -> None:
        self.state = status.state
        self.status = status
        self.event = event
        self.rule = rule


@dataclass(frozen=True, slots=True)
class Guard:
    """A named transition condition that can also say why it failed.

    ``needs_event`` guards look at the event's dates; :func:`allowed_events` (which has no
    event) treats them as passing. ``dispatch`` guards do not allow or refuse: they pick which
    of several transitions applies (the stage a relapse returns to) and are never a reason.
    """

    name: str
    doc: str
    test: Callable[[CaseStatus, EventBase | None, RelapseRule], bool]
    why_not: Callable[[CaseStatus, EventBase, RelapseRule], str] = lambda s, e, r: ""
    needs_event: bool = False
    dispatch: bool = False

    def __call__(self, event_data: EventData) -> bool:
        probe = cast(_Probe, event_data.model)
        return self.test(probe.status, probe.event, probe.rule)


def _fit_gap(status: CaseStatus, day: dt.date, rule: RelapseRule) -> int:
    """Fully fit days from the end of the last sick period to ``day``.

    That is the samentelling gap of wvp-timeline §2.1 (rule 2): recovery day ``R`` (or the first
    day of the leave that ended the period) up to the new first sick day ``S``, ``S - R`` days,
    minus the Wazo leave days in between unless ``rule.leave_days_are_fit`` -- the same count as
    ``poortwachter.rules.periods.fit_days_between`` with the leaves, or with none.
    """
    if status.state is CaseState.ON_MATERNITY_LEAVE:
        assert status.leave_start is not None
        assert status.leave_end is not None
        since = status.leave_start if rule.leave_days_are_fit else status.leave_end + _DAY
        return status.fit_days_banked + max(0, (day - since).days)
    assert status.recovered_on is not None
    return (day - status.recovered_on).days


def _joins_chain(status: CaseStatus, event: EventBase | None, rule: RelapseRule) -> bool:
    return event is None or not _relapse_refusal(status, event, rule)


def _relapse_refusal(status: CaseStatus, event: EventBase, rule: RelapseRule) -> str:
    """Why a sick report after a recovery or a leave cannot join this case ("" if it joins).

    Refuses what ``poortwachter.rules.facts`` would refuse too, so that every log the guard
    lets through can also be folded into deadline facts.
    """
    if status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        if event.effective <= status.recovered_on:
            return (
                f"a relapse must start after the recovery on {status.recovered_on.isoformat()}, "
                f"not on {event.effective.isoformat()}"
            )
    else:  # on Wazo leave: the bridge rule (wvp-timeline §2.1 rule 4) needs the cause answer
        assert status.leave_start is not None
        assert status.leave_end is not None
        if event.effective <= status.leave_end:
            return (
                f"{event.effective.isoformat()} is not after the Wazo leave "
                f"{status.leave_start.isoformat()}..{status.leave_end.isoformat()}; a sick "
                f"report after it starts from {(status.leave_end + _DAY).isoformat()}"
            )
        same_cause = event.same_cause_as_before if isinstance(event, SickReported) else None
        if same_cause is None:
            return (
                "a sick report after a Wazo leave must say whether the cause is the same: "
                "same_cause_as_before true or false (the bedrijfsarts' yes/no, never the cause)"
            )
        if same_cause is False:
            return (
                "sick after the Wazo leave with another cause than before it "
                "(same_cause_as_before = false): this is a new sickness case; open a new case"
            )
    gap = _fit_gap(status, event.effective, rule)
    if gap >= rule.gap_days:
        counted = ""
        if status.state is CaseState.ON_MATERNITY_LEAVE and rule.leave_days_are_fit:
            counted = " (Wazo leave days counted as fit days)"
        return (
            f"gap of {gap} days{counted} ≥ {rule.gap_days}: this is a new sickness case; "
            "open a new case"
        )
    return ""


def _no_cause_answer(status: CaseStatus, event: EventBase | None, _rule: RelapseRule) -> bool:
    return not isinstance(event, SickReported) or event.same_cause_as_before is None


def _within_sick_period(status: CaseStatus, event: EventBase | None, _rule: RelapseRule) -> bool:
    return (
        event is None
        or status.sick_period_until is None
        or event.effective <= status.sick_period_until
    )


def _why_outside_sick_period(status: CaseStatus, event: EventBase, _rule: RelapseRule) -> str:
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


HAS_PLAN = Guard(
    "has_plan",
    "a plan of approach (plan van aanpak) was agreed",
    lambda s, e, r: s.plan_agreed,
    lambda s, e, r: "no plan of approach was agreed yet: record plan_of_approach_agreed first",
)
HAS_SANCTION = Guard(
    "has_sanction",
    "a wage sanction (loonsanctie) was imposed",
    lambda s, e, r: s.sanctioned,
    lambda s, e, r: "no wage sanction (loonsanctie) was imposed on this case",
)
AFTER_PERIOD_START = Guard(
    "after_period_start",
    "effective after the first day of the running sick period (a period has a sick day)",
    lambda s, e, r: e is None or s.sick_since is None or e.effective > s.sick_since,
    lambda s, e, r: (
        f"{e.effective.isoformat()} is not after the first sick day "
        f"{s.sick_since.isoformat() if s.sick_since else '?'} of the running period"
    ),
    needs_event=True,
)
AFTER_LEAVE = Guard(
    "after_leave",
    "a next Wazo leave starts after the current one ends (leaves never overlap)",
    lambda s, e, r: e is None or s.leave_end is None or e.effective > s.leave_end,
    lambda s, e, r: (
        f"overlaps the Wazo leave {s.leave_start.isoformat() if s.leave_start else '?'}.."
        f"{s.leave_end.isoformat() if s.leave_end else '?'}; leaves never overlap"
    ),
    needs_event=True,
)
JOINS_CHAIN = Guard(
    "joins_chain",
    "the relapse continues the sick period: fewer than 28 (by default) fit days since the "
    "recovery, Wazo leave days not counted unless `leave_days_are_fit` (BW 7:629 lid 10); after "
    "a leave, starting after it and with same_cause_as_before true",
    _joins_chain,
    _relapse_refusal,
    needs_event=True,
)
NO_CAUSE_ANSWER = Guard(
    "no_cause_answer",
    "same_cause_as_before is not set: the bedrijfsarts' yes/no on the cause is only given for a "
    "sick report after a Wazo leave (privacy)",
    _no_cause_answer,
    lambda s, e, r: "same_cause_as_before only applies to a sick report after a Wazo leave",
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
        lambda s, e, r: s.stage is stage,
        dispatch=True,
    )


GUARDS: tuple[Guard, ...] = (
    HAS_PLAN,
    HAS_SANCTION,
    AFTER_PERIOD_START,
    AFTER_LEAVE,
    JOINS_CHAIN,
    NO_CAUSE_ANSWER,
    WITHIN_SICK_PERIOD,
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
        _t("maternity_leave", CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE),
        # A next leave (a later pregnancy) while no sickness came between.
        _t("maternity_leave", CaseState.ON_MATERNITY_LEAVE, None, AFTER_LEAVE),
    ]
    for s in (*SICK_STAGES, CaseState.RECOVERED, CaseState.ON_MATERNITY_LEAVE):
        for trigger in _ANY_TIME_FACTS:
            guards = (HAS_SANCTION,) if trigger == "wage_sanction_shortened" else ()
            out.append(_t(trigger, s, None, *guards))
        out.append(_t("case_closed", s, CaseState.CLOSED))
    # A correction fixes the record, not the case's life, so even a closed case takes one (a
    # wrong closing date must stay fixable). Its effect is not a transition: the engine refolds
    # the log with the correction resolved, and that fold is what must pass the guard.
    out += [_t("event_corrected", s, None) for s in CaseState if s is not CaseState.NEW]
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
    """Event types that may be appended now (sorted).

    Exact for what depends on the case; optimistic for what depends on the event's own dates
    (a relapse's gap, a late entry's date), which only :func:`apply` can judge.
    """
    out = []
    for trigger, event in MACHINE.events.items():
        for transition in event.transitions.get(status.state.name, ()):
            if all(
                g.needs_event or g.test(status, None, _DEFAULT_RULE) for g in _guards(transition)
            ):
                out.append(trigger)
                break
    return sorted(out)


def _refusal(status: CaseStatus, event: EventBase, rule: RelapseRule) -> str:
    """Why the machine refused ``event`` in ``status``: the first failing non-dispatch guard,
    or, when the state has no transition for it at all, what the state means."""
    candidates = _transitions_from(event.type, status.state)
    for transition in candidates:
        for guard in _guards(transition):
            if not guard.dispatch and not guard.test(status, event, rule):
                return guard.why_not(status, event, rule)
    state = status.state
    if event.type not in MACHINE.events:
        # A type added to the vocabulary but not yet to the machine is refused, never crashes;
        # a test keeps the two in step.
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
    if event.type == "plan_evaluated":
        return HAS_PLAN.why_not(status, event, rule)
    return "not possible in this state"  # pragma: no cover - every gap is named above


def apply(
    status: CaseStatus,
    event: EventBase,
    *,
    case_id: str,
    relapse_gap_days: int = DEFAULT_RELAPSE_GAP_DAYS,
    leave_days_are_fit: bool = False,
) -> CaseStatus:
    """The status after ``event``, or :class:`InvalidTransitionError` if it cannot be appended.

    Events must come in canonical order (:func:`poortwachter.events.sort_key`); keeping that
    order is the caller's job. The guard itself refuses an event effective before the first
    sick day, because no sickness case can hold a fact from before it began.

    ``relapse_gap_days`` and ``leave_days_are_fit`` measure the samentelling gap as the rules
    do: pass ``7 * samentelling_gap_weeks`` (at the event's date) and
    ``not RuleOptions.wazo_leave_neutral``. Pass the same ``leave_days_are_fit`` for every event
    of a case: ``fit_days_banked`` in the status is counted under it.
    """
    rule = RelapseRule(relapse_gap_days, leave_days_are_fit)
    reason = ""
    if status.first_sick_day is not None and event.effective < status.first_sick_day:
        reason = (
            f"effective {event.effective.isoformat()} lies before the first sick day "
            f"{status.first_sick_day.isoformat()}"
        )
    elif (status.state.name, event.type) in _HAS_TRANSITION:
        probe = _Probe(status, event, rule)
        if MACHINE.events[event.type].trigger(probe):
            return _evolve(status, event, probe.state, rule)
    if not reason:
        reason = _refusal(status, event, rule)
    raise InvalidTransitionError(
        case_id, status.state.value, event.type, allowed_events(status), reason
    )


def fold(
    events: Sequence[EventBase],
    *,
    case_id: str,
    relapse_gap_days: int = DEFAULT_RELAPSE_GAP_DAYS,
    leave_days_are_fit: bool = False,
) -> CaseStatus:
    """Apply ``events`` in the given (canonical) order to the initial status."""
    status = _INITIAL
    for event in events:
        status = apply(
            status,
            event,
            case_id=case_id,
            relapse_gap_days=relapse_gap_days,
            leave_days_are_fit=leave_days_are_fit,
        )
    return status


def _evolve(
    status: CaseStatus, event: EventBase, state: CaseState, rule: RelapseRule
) -> CaseStatus:
    """The status update of an accepted event: plain data, outside the machine's callbacks."""
    eff = event.effective
    last = status.last_effective
    upd: dict[str, Any] = {
        "state": state,
        "last_effective": eff if last is None or eff > last else last,
    }
    kind = event.type
    previous = status.state
    if kind in MILESTONES and status.stage is not None:
        target = MILESTONES[kind]
        if _RANK[target] > _RANK[status.stage]:
            upd["stage"] = target
    if kind == "sick_reported":
        upd.update(_SICK_AGAIN, sick_since=eff)
        if previous is CaseState.NEW:
            upd.update(first_sick_day=eff, stage=CaseState.REPORTED_SICK)
    elif kind == "recovered":
        upd.update(recovered_on=eff, sick_since=None, sick_period_until=eff)
    elif isinstance(event, MaternityLeave):
        upd.update(_leave_update(status, event, rule))
    elif kind == "plan_of_approach_agreed":
        upd["plan_agreed"] = True
    elif kind == "spoor2_started":
        upd["spoor2"] = True
    elif kind == "wage_sanction_imposed":
        upd["sanctioned"] = True
    elif kind == "employment_ended":
        upd["employment_ended_on"] = eff
    elif kind == "case_closed":
        upd["closed_on"] = eff
    return status.model_copy(update=upd)


_SICK_AGAIN: Mapping[str, Any] = {
    "recovered_on": None,
    "leave_start": None,
    "leave_end": None,
    "sick_period_until": None,
    "fit_days_banked": 0,
}


def _leave_update(status: CaseStatus, event: MaternityLeave, rule: RelapseRule) -> dict[str, Any]:
    """A Wazo leave ends a running sick period (rules do the same). The gap days before it that
    count as fit are banked for the relapse gap: by default its days count as neither sick nor
    fit, with ``rule.leave_days_are_fit`` the days of an earlier leave in the gap count too."""
    start, end = event.effective, event.end
    upd: dict[str, Any] = {"leave_start": start, "leave_end": end}
    if status.state is CaseState.ON_MATERNITY_LEAVE:  # a next leave, fit days between
        assert status.leave_start is not None
        assert status.leave_end is not None
        since = status.leave_start if rule.leave_days_are_fit else status.leave_end + _DAY
        upd["fit_days_banked"] = status.fit_days_banked + (start - since).days
    elif status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        upd.update(recovered_on=None, fit_days_banked=max(0, (start - status.recovered_on).days))
    else:
        upd.update(sick_since=None, sick_period_until=start - _DAY, fit_days_banked=0)
    return upd
