"""The sickness family: the facts of the WVP process, judged by the WVP machine.

Privacy by construction: no event has a field for a diagnosis, a cause or any other medical
detail. ``same_cause_as_before`` on a sick report is a yes/no that the bedrijfsarts gives for the
Wazo bridge (samentelling around pregnancy leave); the cause itself is never stored. Unknown
fields are refused, so nothing medical can slip in through an extra key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator

from poortwachter.events.base import EventBase, IsoDate

__all__ = [
    "EmploymentEnded",
    "FirstYearEvaluationCompleted",
    "MaternityLeave",
    "PlanEvaluated",
    "PlanOfApproachAgreed",
    "ProblemAnalysisCompleted",
    "Recovered",
    "ReintegrationReportCompleted",
    "SickReported",
    "SicknessEvent",
    "Spoor2Started",
    "UwvSickReportSent",
    "UwvWiaLetterReceived",
    "WageSanctionImposed",
    "WageSanctionShortened",
    "WaitingPeriodExtended",
    "WiaApplied",
    "WorkPartiallyResumed",
]


class SicknessEvent(EventBase):
    """Base of the family: the WVP machine (``poortwachter.workflows.wvp``) judges these."""

    family: ClassVar[str] = "sickness"
    #: Kept per chain of sick periods as a milestone of the process (the rules' facts).
    milestone: ClassVar[bool] = False


class SickReported(SicknessEvent):
    """Ziekmelding: the employee reports sick; ``effective`` is the first sick day."""

    labels = ("Ziekmelding", "Sick report")
    day_rank = 0

    type: Literal["sick_reported"] = "sick_reported"
    same_cause_as_before: bool | None = Field(
        default=None,
        strict=True,
        description=(
            "Only after a Wazo pregnancy/maternity leave: whether the bedrijfsarts says the "
            "incapacity has the same cause as before the leave (yes/no only, never the cause)."
        ),
    )
    employee_ref: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description=(
            "The employee's pseudonymous reference, on the report that opens the case only "
            "(filled in by the engine): it puts the dossier's employee inside the hash chain."
        ),
    )

    def payload(self) -> dict[str, Any]:
        """Without ``employee_ref`` when absent: relapse reports (and reports stored before the
        field existed) keep the payload, and so the hash, they always had."""
        data = super().payload()
        if data.get("employee_ref") is None:
            data.pop("employee_ref", None)
        return data


class MaternityLeave(SicknessEvent):
    """Wazo pregnancy/maternity leave from ``effective`` through ``end`` (both included)."""

    labels = ("Zwangerschaps-/bevallingsverlof", "Pregnancy/maternity leave")
    day_rank = 10

    type: Literal["maternity_leave"] = "maternity_leave"
    end: IsoDate = Field(description="Last day of the leave (ISO YYYY-MM-DD).")

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("effective")
        if isinstance(start, dt.date) and end < start:
            raise ValueError(
                f"{end.isoformat()} lies before the first leave day {start.isoformat()}; "
                f"expected the last day of the leave"
            )
        return end


class ProblemAnalysisCompleted(SicknessEvent):
    """Probleemanalyse by the bedrijfsarts is done (Regeling procesgang art. 2)."""

    labels = ("Probleemanalyse gereed", "Problem analysis completed")
    day_rank = 20
    completes = "problem_analysis"
    milestone = True

    type: Literal["problem_analysis_completed"] = "problem_analysis_completed"


class PlanOfApproachAgreed(SicknessEvent):
    """Plan van aanpak agreed by employer and employee (BW 7:658a lid 3)."""

    labels = ("Plan van aanpak vastgesteld", "Plan of approach agreed")
    day_rank = 30
    completes = "plan_of_approach"
    milestone = True

    type: Literal["plan_of_approach_agreed"] = "plan_of_approach_agreed"


class PlanEvaluated(SicknessEvent):
    """A periodic evaluation (and, where needed, bijstelling) of the plan van aanpak.

    It completes the evaluation that was due; the next one is counted from it.
    """

    labels = ("Plan van aanpak geëvalueerd", "Plan of approach evaluated")
    day_rank = 40
    completes = "plan_evaluation"
    milestone = True

    type: Literal["plan_evaluated"] = "plan_evaluated"


class WorkPartiallyResumed(SicknessEvent):
    """Partial or therapeutic return to work. The sickness clock keeps running."""

    labels = ("Werk gedeeltelijk hervat", "Work partially resumed")
    day_rank = 40

    type: Literal["work_partially_resumed"] = "work_partially_resumed"
    percentage: int = Field(
        ge=1,
        le=99,
        strict=True,
        description="Share of the agreed work (hours and tasks) resumed, 1-99.",
    )


class Spoor2Started(SicknessEvent):
    """Re-integratie spoor 2 (work with another employer) started (BW 7:658a lid 1)."""

    labels = ("Spoor 2 gestart", "Spoor 2 (second track) started")
    day_rank = 40
    milestone = True

    type: Literal["spoor2_started"] = "spoor2_started"


class UwvSickReportSent(SicknessEvent):
    """The 42e-weeksmelding (ziekmelding bij UWV in week 42) was made (ZW art. 38)."""

    labels = ("42e-weeksmelding UWV gedaan", "42nd-week report to UWV made")
    day_rank = 50
    completes = "uwv_sick_report"
    milestone = True

    type: Literal["uwv_sick_report_sent"] = "uwv_sick_report_sent"


class UwvWiaLetterReceived(SicknessEvent):
    """UWV's letter about the WIA application ('bijna 2 jaar ziek', WIA art. 64 lid 2)."""

    labels = ("UWV-brief WIA-aanvraag ontvangen", "UWV letter on the WIA application received")
    day_rank = 50

    type: Literal["uwv_wia_letter_received"] = "uwv_wia_letter_received"


class FirstYearEvaluationCompleted(SicknessEvent):
    """Eerstejaarsevaluatie held (Regeling procesgang)."""

    labels = ("Eerstejaarsevaluatie gehouden", "First-year evaluation held")
    day_rank = 60
    completes = "first_year_evaluation"
    milestone = True

    type: Literal["first_year_evaluation_completed"] = "first_year_evaluation_completed"


class ReintegrationReportCompleted(SicknessEvent):
    """Re-integratieverslag completed and a copy given to the employee (WIA art. 25 lid 3)."""

    labels = ("Re-integratieverslag gereed", "Re-integration report completed")
    day_rank = 70
    completes = "reintegration_report"
    milestone = True

    type: Literal["reintegration_report_completed"] = "reintegration_report_completed"


class WiaApplied(SicknessEvent):
    """The employee applied for WIA (WIA art. 64)."""

    labels = ("WIA aangevraagd", "WIA applied for")
    day_rank = 80
    completes = "wia_application"
    milestone = True

    type: Literal["wia_applied"] = "wia_applied"


class WageSanctionImposed(SicknessEvent):
    """Loonsanctie: UWV extends the wage obligation (WIA art. 25 lid 9)."""

    labels = ("Loonsanctie opgelegd", "Wage sanction imposed")
    day_rank = 90

    type: Literal["wage_sanction_imposed"] = "wage_sanction_imposed"
    weeks: int = Field(
        ge=1, le=52, strict=True, description="Length of the loonsanctie in weeks, 1-52."
    )


class WageSanctionShortened(SicknessEvent):
    """Bekortingsverzoek granted; ``effective`` is the date of UWV's decision."""

    labels = ("Loonsanctie bekort", "Wage sanction shortened")
    day_rank = 100

    type: Literal["wage_sanction_shortened"] = "wage_sanction_shortened"


class WaitingPeriodExtended(SicknessEvent):
    """Vrijwillige verlenging of the wachttijd, agreed by employer and employee (WIA art. 24)."""

    labels = ("Wachttijd vrijwillig verlengd", "Waiting period voluntarily extended")
    day_rank = 100

    type: Literal["waiting_period_extended"] = "waiting_period_extended"
    weeks: int = Field(
        ge=13,
        le=520,
        strict=True,
        description="Length of the extension in weeks; UWV grants at least 13 (WIA art. 24).",
    )


class EmploymentEnded(SicknessEvent):
    """The employment ended; ``effective`` is the first day without employment."""

    labels = ("Dienstverband beëindigd", "Employment ended")
    day_rank = 110
    milestone = True

    type: Literal["employment_ended"] = "employment_ended"


class Recovered(SicknessEvent):
    """Hersteldmelding: ``effective`` is the first day fully able to do the agreed work."""

    labels = ("Hersteld", "Recovered")
    day_rank = 120

    type: Literal["recovered"] = "recovered"
