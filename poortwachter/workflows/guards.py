"""The WVP machine's guards: named conditions that can also say why an event was refused.

Each guard is a pure function of (status, event), so :func:`~poortwachter.workflows.wvp.advance`
can explain a refusal and ``docs/state-machine.md`` can list every condition; kept apart from
the machine's transitions, which only name them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from transitions import EventData

from poortwachter.errors import Phrase, phrase
from poortwachter.events import EventBase, SickReported
from poortwachter.workflows import process_guard
from poortwachter.workflows.states import CaseState
from poortwachter.workflows.status import CaseStatus

__all__ = [
    "AFTER_LEAVE",
    "AFTER_PERIOD_START",
    "AFTER_RECOVERY",
    "GUARDS",
    "HAS_PLAN",
    "HAS_SANCTION",
    "JOINS_CHAIN",
    "NO_CAUSE_ANSWER",
    "WITHIN_SICK_PERIOD",
    "Guard",
    "Probe",
    "stage_was",
]


class Probe:
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
    why_not: Callable[[CaseStatus, EventBase], str | Phrase] = lambda s, e: ""
    needs_event: bool = False
    dispatch: bool = False

    def __call__(self, event_data: EventData) -> bool:
        probe = cast(Probe, event_data.model)
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


def _why_outside_sick_period(status: CaseStatus, event: EventBase) -> Phrase:
    if status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        now = phrase("guard.recovered_on", day=status.recovered_on)
    else:
        assert status.leave_start is not None
        now = phrase("guard.on_leave_since", day=status.leave_start)
    return phrase(
        "guard.outside_sick_period",
        now=now,
        type=event.type,
        effective=event.effective,
        limit=status.sick_period_until or "-",
    )


def _after_leave(status: CaseStatus, event: EventBase | None) -> bool:
    leaves = status.fold.leaves
    return event is None or not leaves or event.effective > leaves[-1].end


def _why_overlapping_leave(status: CaseStatus, event: EventBase) -> Phrase:
    span = status.fold.leaves[-1]
    return phrase("guard.overlapping_leave", start=span.start, end=span.end)


HAS_PLAN = Guard(
    "has_plan",
    "a plan of approach (plan van aanpak) was agreed",
    lambda s, e: s.plan_agreed,
    lambda s, e: phrase("guard.no_plan"),
)
HAS_SANCTION = Guard(
    "has_sanction",
    "a wage sanction (loonsanctie) was imposed",
    lambda s, e: s.sanctioned,
    lambda s, e: phrase("guard.no_sanction"),
)
AFTER_PERIOD_START = Guard(
    "after_period_start",
    "effective after the first day of the running sick period (a period has a sick day)",
    lambda s, e: e is None or s.sick_since is None or e.effective > s.sick_since,
    lambda s, e: phrase(
        "guard.not_after_period_start", effective=e.effective, first=s.sick_since or "?"
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
    lambda s, e: phrase("guard.cause_answer"),
    needs_event=True,
)
AFTER_RECOVERY = Guard(
    "after_recovery",
    "a Wazo leave after a recovery starts on or after the first fit day",
    lambda s, e: e is None or s.recovered_on is None or e.effective >= s.recovered_on,
    lambda s, e: phrase(
        "guard.leave_before_recovery", effective=e.effective, recovered=s.recovered_on or "?"
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


def stage_was(stage: CaseState) -> Guard:
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
