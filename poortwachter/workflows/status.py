"""Where a WVP case stands: the guard's :class:`CaseStatus` over the rules' sickness fold.

Kept apart from the machine because replay, the decision and the views read the state without
judging anything: :func:`state_of` is the one definition of the state, read from the fold, so
the guard and the deadlines can never tell two stories about one case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from poortwachter.conversations.fold import ConversationFold
from poortwachter.rules.facts import SicknessFold
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.workflows.states import CaseState

__all__ = [
    "MILESTONES",
    "SICK_STAGES",
    "STAGE_RANK",
    "CaseStatus",
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
#: A stage's place in :data:`SICK_STAGES`: the state only ever moves forward.
STAGE_RANK: Mapping[CaseState, int] = {s: i for i, s in enumerate(SICK_STAGES)}

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
    return max(reached, key=STAGE_RANK.__getitem__, default=CaseState.REPORTED_SICK)
