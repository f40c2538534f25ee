"""Process events of the WVP family added by issue 7: vangnet, spoor 2, RIV parts, UWV decisions.

They belong to the sickness family, so the WVP machine (:mod:`poortwachter.workflows.wvp`)
judges them. Privacy by construction, as in :mod:`poortwachter.events.sickness`: a vangnet case
names the *legal ground* of the Ziektewet safety net (e.g. ``pregnancy_related``), and a deviation
from the process names the bedrijfsarts' *procedural* finding (no usable capacity, quick recovery
expected). Neither is a diagnosis, and no event here has room for one.

Events whose payload the rules read (not only their date) derive from :class:`KeptEvent`: the
sickness fold keeps them whole (``CaseFacts.kept``); the others are milestones, kept as dates.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator

from poortwachter.events.base import in_supported_range, iso_date
from poortwachter.events.sickness import SicknessEvent

__all__ = [
    "SAFETY_NET_GROUNDS",
    "CompanyDoctorReported",
    "CurrentOpinionGiven",
    "ExpertOpinionReceived",
    "ExpertOpinionRequested",
    "FinalEvaluationCompleted",
    "KeptEvent",
    "ProcessDeviation",
    "ProcessDeviationEnded",
    "SafetyNetCase",
    "SanctionObjectionFiled",
    "Spoor2Decided",
    "UwvRecoveryReportSent",
    "WageSanctionShorteningRefused",
    "WageSanctionShorteningRequested",
]

#: The legal grounds of the Ziektewet safety net (vangnet) that change the UWV reporting term.
SafetyNetGround = Literal[
    "pregnancy_related",
    "no_risk_policy",
    "pregnancy_flex_period",
    "after_maternity_leave",
    "organ_donation",
    "fictitious_employment",
    "temp_agency_worker",
]
SAFETY_NET_GROUNDS: tuple[str, ...] = get_args(SafetyNetGround)

#: The bedrijfsarts' procedural findings under art. 5 Regeling procesgang (never a diagnosis).
DeviationGround = Literal["no_usable_capacity", "quick_recovery_expected"]


class KeptEvent(SicknessEvent):
    """Base of the events the sickness fold keeps whole: the rules read their payload."""


class _Milestone(SicknessEvent):
    """A process step whose date is all the rules need."""

    milestone: ClassVar[bool] = True


class CompanyDoctorReported(_Milestone):
    """The employer reported the sickness to the arbodienst/bedrijfsarts (practice, week 1)."""

    labels = ("Gemeld bij arbodienst/bedrijfsarts", "Reported to the occupational health service")
    day_rank = 5
    completes = "company_doctor_report"

    type: Literal["company_doctor_reported"] = "company_doctor_reported"


class SafetyNetCase(KeptEvent):
    """The case is a Ziektewet safety-net (vangnet) case from ``effective`` on; ``ground`` is
    the legal group, which sets the shorter UWV reporting term (ZW art. 38)."""

    labels = ("Vangnetgeval (Ziektewet)", "Safety-net case (Ziektewet)")
    day_rank = 5

    type: Literal["safety_net_case"] = "safety_net_case"
    ground: SafetyNetGround = Field(
        description=(
            "The legal ground of the vangnet, a code: pregnancy_related, no_risk_policy, "
            "pregnancy_flex_period, after_maternity_leave, organ_donation, "
            "fictitious_employment, temp_agency_worker (never a diagnosis)."
        )
    )


class UwvRecoveryReportSent(_Milestone):
    """The employer reported the recovery to UWV (ZW art. 38a lid 5; Ziektewet cases only)."""

    labels = ("Hersteldmelding UWV gedaan", "Recovery report to UWV made")
    day_rank = 125
    completes = "uwv_recovery_report"

    type: Literal["uwv_recovery_report_sent"] = "uwv_recovery_report_sent"


class Spoor2Decided(_Milestone):
    """The decision on spoor 2 after the first-year evaluation (BW 7:658a lid 1)."""

    labels = ("Besluit over spoor 2", "Decision on spoor 2 (second track)")
    day_rank = 65
    completes = "spoor2_decision"

    type: Literal["spoor2_decided"] = "spoor2_decided"
    outcome: Literal["start", "not_needed"] = Field(
        description="start: spoor 2 starts; not_needed: a concrete structural return in the own "
        "organisation is expected (UWV Werkwijzer Poortwachter)."
    )


class FinalEvaluationCompleted(_Milestone):
    """Eindevaluatie held: part of the re-integratieverslag (Regeling procesgang)."""

    labels = ("Eindevaluatie gehouden", "Final evaluation held")
    day_rank = 66
    completes = "final_evaluation"

    type: Literal["final_evaluation_completed"] = "final_evaluation_completed"


class CurrentOpinionGiven(_Milestone):
    """The bedrijfsarts gave the actueel oordeel for the re-integratieverslag (WIA art. 65).
    Only its date is recorded, never its content."""

    labels = ("Actueel oordeel bedrijfsarts", "Current opinion of the company doctor")
    day_rank = 67
    completes = "current_opinion"

    type: Literal["current_opinion_given"] = "current_opinion_given"


class SanctionObjectionFiled(_Milestone):
    """Bezwaar against a loonsanctie lodged with UWV (Awb art. 6:4, 6:7)."""

    labels = ("Bezwaar tegen loonsanctie ingediend", "Objection to the wage sanction lodged")
    day_rank = 95
    completes = "sanction_objection"

    type: Literal["sanction_objection_filed"] = "sanction_objection_filed"


class WageSanctionShorteningRequested(_Milestone):
    """Bekortingsverzoek: the employer asks UWV to end the loonsanctie early (WIA art. 25)."""

    labels = ("Bekortingsverzoek ingediend", "Request to shorten the wage sanction made")
    day_rank = 95

    type: Literal["wage_sanction_shortening_requested"] = "wage_sanction_shortening_requested"


class WageSanctionShorteningRefused(_Milestone):
    """UWV refused the bekortingsverzoek; ``effective`` is the date of the decision."""

    labels = ("Bekortingsverzoek afgewezen", "Request to shorten the wage sanction refused")
    day_rank = 100
    completes = "sanction_shortening_decision"

    type: Literal["wage_sanction_shortening_refused"] = "wage_sanction_shortening_refused"


class ExpertOpinionRequested(_Milestone):
    """A deskundigenoordeel was asked of UWV (BW 7:629a)."""

    labels = ("Deskundigenoordeel aangevraagd", "Expert opinion (deskundigenoordeel) requested")
    day_rank = 45

    type: Literal["expert_opinion_requested"] = "expert_opinion_requested"
    requested_by: Literal["employer", "employee"] = Field(
        description="Who asked UWV for the deskundigenoordeel: employer or employee."
    )


class ExpertOpinionReceived(_Milestone):
    """UWV's deskundigenoordeel arrived (only its date; its content stays in the file)."""

    labels = ("Deskundigenoordeel ontvangen", "Expert opinion (deskundigenoordeel) received")
    day_rank = 46
    completes = "expert_opinion_answer"

    type: Literal["expert_opinion_received"] = "expert_opinion_received"


class ProcessDeviation(KeptEvent):
    """Art. 5 Regeling procesgang: the bedrijfsarts found no usable capacity, or expects a quick
    recovery, from ``effective`` through ``end`` (open while ``end`` is absent). The plan van
    aanpak and its evaluations due in that period are paused."""

    labels = ("Afwijking van de procesgang (art. 5)", "Deviation from the process (art. 5)")
    day_rank = 25

    type: Literal["process_deviation"] = "process_deviation"
    ground: DeviationGround = Field(
        description="no_usable_capacity (geen benutbare mogelijkheden) or "
        "quick_recovery_expected (herstel binnen afzienbare tijd): a code, never a diagnosis."
    )
    end: dt.date | None = Field(
        default=None,
        description="Last day of the deviation (ISO YYYY-MM-DD); absent while open-ended.",
    )

    @field_validator("end", mode="before")
    @classmethod
    def _iso_end(cls, value: object) -> object:
        return None if value is None else iso_date(value)

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if end is not None:
            in_supported_range(end)
        start = info.data.get("effective")
        if end is not None and isinstance(start, dt.date) and end < start:
            raise ValueError(
                f"{end.isoformat()} lies before the deviation's first day {start.isoformat()}; "
                "expected its last day"
            )
        return end


class ProcessDeviationEnded(KeptEvent):
    """The open deviation ended: ``effective`` is the first day the normal process applies."""

    labels = ("Afwijking van de procesgang beëindigd", "Deviation from the process ended")
    day_rank = 24

    type: Literal["process_deviation_ended"] = "process_deviation_ended"
