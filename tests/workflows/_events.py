"""Small event builders for the workflow tests: one sample event of every type."""

from __future__ import annotations

import datetime as dt

from poortwachter.events import (
    EVENT_TYPES,
    CaseClosed,
    CasemanagerAssigned,
    CaseReopened,
    EmploymentEnded,
    EventBase,
    EventCorrected,
    FirstYearEvaluationCompleted,
    MaternityLeave,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    ReintegrationReportCompleted,
    SickReported,
    Spoor2Started,
    UwvSickReportSent,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WaitingPeriodExtended,
    WiaApplied,
    WorkPartiallyResumed,
)
from tests.conversations.samples import conversation_sample

from ._process_events import PROCESS_EVENT_TYPES, process_sample

#: Monday 2 March 2026, the first sick day of most test cases.
F = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    """``day(n)`` of docs/legal-basis.md §0 for one continuous period: F + (n - 1)."""
    return F + dt.timedelta(days=n - 1)


def sample(event_type: str, effective: dt.date, variant: int = 0) -> EventBase:
    """A valid event of ``event_type``; ``variant`` picks among payload choices."""
    match event_type:
        case "sick_reported":
            return SickReported(
                effective=effective, same_cause_as_before=(None, True, False)[variant % 3]
            )
        case "problem_analysis_completed":
            return ProblemAnalysisCompleted(effective=effective)
        case "plan_of_approach_agreed":
            return PlanOfApproachAgreed(effective=effective)
        case "plan_evaluated":
            return PlanEvaluated(effective=effective)
        case "work_partially_resumed":
            return WorkPartiallyResumed(effective=effective, percentage=1 + variant % 99)
        case "recovered":
            return Recovered(effective=effective)
        case "maternity_leave":
            # A third are short, so that a relapse can still join across the leave when the
            # rules count leave days as fit days (RuleOptions.wazo_leave_neutral=False).
            days = variant % 30 if variant % 3 == 0 else variant % 200
            return MaternityLeave(effective=effective, end=effective + dt.timedelta(days=days))
        case "uwv_sick_report_sent":
            return UwvSickReportSent(effective=effective)
        case "first_year_evaluation_completed":
            return FirstYearEvaluationCompleted(effective=effective)
        case "reintegration_report_completed":
            return ReintegrationReportCompleted(effective=effective)
        case "wia_applied":
            return WiaApplied(effective=effective)
        case "uwv_wia_letter_received":
            return UwvWiaLetterReceived(effective=effective)
        case "wage_sanction_imposed":
            return WageSanctionImposed(effective=effective, weeks=1 + variant % 52)
        case "wage_sanction_shortened":
            return WageSanctionShortened(effective=effective)
        case "waiting_period_extended":
            return WaitingPeriodExtended(effective=effective, weeks=13 + variant % 40)
        case "spoor2_started":
            return Spoor2Started(effective=effective)
        case "casemanager_assigned":
            return CasemanagerAssigned(effective=effective, casemanager=f"cm-{variant}")
        case "employment_ended":
            return EmploymentEnded(effective=effective)
        case "case_closed":
            return CaseClosed(effective=effective, reason="other")
        case "case_reopened":
            return CaseReopened(effective=effective, reason="relapse")
        case "event_corrected":
            return EventCorrected(
                effective=effective, corrects_seq=1 + variant, reason="wrong_date"
            )
        case _ if event_type in PROCESS_EVENT_TYPES:
            return process_sample(event_type, effective, variant)
        case _ if event_type in EVENT_TYPES and EVENT_TYPES[event_type].family == "conversation":
            return conversation_sample(event_type, effective, variant)
        case _:
            raise ValueError(f"no sample for event type {event_type!r}; add one")
