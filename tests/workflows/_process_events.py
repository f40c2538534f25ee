"""Sample events of the issue 7 vocabulary (poortwachter.events.process) for the guard tests."""

from __future__ import annotations

import datetime as dt

from poortwachter.events import EventBase
from poortwachter.events.process import (
    SAFETY_NET_GROUNDS,
    CompanyDoctorReported,
    CurrentOpinionGiven,
    ExpertOpinionReceived,
    ExpertOpinionRequested,
    FinalEvaluationCompleted,
    ProcessDeviation,
    ProcessDeviationEnded,
    SafetyNetCase,
    SanctionObjectionFiled,
    Spoor2Decided,
    UwvRecoveryReportSent,
    WageSanctionShorteningRefused,
    WageSanctionShorteningRequested,
)

_PLAIN: dict[str, type[EventBase]] = {
    "company_doctor_reported": CompanyDoctorReported,
    "uwv_recovery_report_sent": UwvRecoveryReportSent,
    "final_evaluation_completed": FinalEvaluationCompleted,
    "current_opinion_given": CurrentOpinionGiven,
    "sanction_objection_filed": SanctionObjectionFiled,
    "wage_sanction_shortening_requested": WageSanctionShorteningRequested,
    "wage_sanction_shortening_refused": WageSanctionShorteningRefused,
    "expert_opinion_received": ExpertOpinionReceived,
    "process_deviation_ended": ProcessDeviationEnded,
}
PROCESS_EVENT_TYPES = frozenset(
    {*_PLAIN, "safety_net_case", "spoor2_decided", "expert_opinion_requested", "process_deviation"}
)


def process_sample(event_type: str, effective: dt.date, variant: int = 0) -> EventBase:
    """A valid issue 7 event of ``event_type``; ``variant`` picks among payload choices."""
    if event_type in _PLAIN:
        return _PLAIN[event_type](effective=effective)
    if event_type == "safety_net_case":
        ground = SAFETY_NET_GROUNDS[variant % len(SAFETY_NET_GROUNDS)]
        return SafetyNetCase(effective=effective, ground=ground)  # type: ignore[arg-type]
    if event_type == "spoor2_decided":
        return Spoor2Decided(effective=effective, outcome=("start", "not_needed")[variant % 2])
    if event_type == "expert_opinion_requested":
        by = ("employer", "employee")[variant % 2]
        return ExpertOpinionRequested(effective=effective, requested_by=by)
    grounds = ("no_usable_capacity", "quick_recovery_expected")
    end = None if variant % 3 == 0 else effective + dt.timedelta(days=variant % 120)
    return ProcessDeviation(effective=effective, ground=grounds[variant % 2], end=end)
