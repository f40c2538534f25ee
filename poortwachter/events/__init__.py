"""The case vocabulary: frozen, versioned pydantic events in families, with a ``type`` tag.

Families are modules: :mod:`~poortwachter.events.sickness` (the WVP process, extended by
:mod:`~poortwachter.events.process`) and
:mod:`~poortwachter.events.records` (the dossier itself). Every event class registers itself;
:data:`EVENT_TYPES`, the validating union and the canonical order are derived from the classes.
"""

from typing import TypeAlias

from poortwachter.events import conversations as conversations
from poortwachter.events.base import REGISTRY, EventBase, IsoDate
from poortwachter.events.order import day_key, log_key, sort_key, sorted_events
from poortwachter.events.parsing import event_adapter, parse_event, parse_events, trusted_event
from poortwachter.events.process import (
    CompanyDoctorReported,
    CurrentOpinionGiven,
    ExpertOpinionReceived,
    ExpertOpinionRequested,
    FinalEvaluationCompleted,
    KeptEvent,
    ProcessDeviation,
    ProcessDeviationEnded,
    SafetyNetCase,
    SanctionObjectionFiled,
    Spoor2Decided,
    UwvRecoveryReportSent,
    WageSanctionShorteningRefused,
    WageSanctionShorteningRequested,
)
from poortwachter.events.records import (
    CaseClosed,
    CasemanagerAssigned,
    CaseReopened,
    EventCorrected,
)
from poortwachter.events.sickness import (
    EmploymentEnded,
    FirstYearEvaluationCompleted,
    MaternityLeave,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    ReintegrationReportCompleted,
    SicknessEvent,
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

#: Any event of the vocabulary (validated through :func:`parse_event`).
Event: TypeAlias = EventBase
#: Event type name -> class, for every registered event.
EVENT_TYPES = REGISTRY

__all__ = [
    "EVENT_TYPES",
    "CaseClosed",
    "CaseReopened",
    "CasemanagerAssigned",
    "CompanyDoctorReported",
    "CurrentOpinionGiven",
    "EmploymentEnded",
    "Event",
    "EventBase",
    "EventCorrected",
    "ExpertOpinionReceived",
    "ExpertOpinionRequested",
    "FinalEvaluationCompleted",
    "FirstYearEvaluationCompleted",
    "IsoDate",
    "KeptEvent",
    "MaternityLeave",
    "PlanEvaluated",
    "PlanOfApproachAgreed",
    "ProblemAnalysisCompleted",
    "ProcessDeviation",
    "ProcessDeviationEnded",
    "Recovered",
    "ReintegrationReportCompleted",
    "SafetyNetCase",
    "SanctionObjectionFiled",
    "SickReported",
    "SicknessEvent",
    "Spoor2Decided",
    "Spoor2Started",
    "UwvRecoveryReportSent",
    "UwvSickReportSent",
    "UwvWiaLetterReceived",
    "WageSanctionImposed",
    "WageSanctionShortened",
    "WageSanctionShorteningRefused",
    "WageSanctionShorteningRequested",
    "WaitingPeriodExtended",
    "WiaApplied",
    "WorkPartiallyResumed",
    "day_key",
    "event_adapter",
    "log_key",
    "parse_event",
    "parse_events",
    "sort_key",
    "sorted_events",
    "trusted_event",
]
