"""What the rules produce: a deadline that explains itself."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ACTION_KINDS", "LABELS", "Deadline", "DeadlineKind", "DeadlineStatus"]


class DeadlineKind(StrEnum):
    """Stable names of the legal moments (used in JSON, the store and reminders)."""

    PROBLEM_ANALYSIS = "problem_analysis"
    PLAN_OF_APPROACH = "plan_of_approach"
    PLAN_EVALUATION = "plan_evaluation"
    UWV_SICK_REPORT = "uwv_sick_report"
    FIRST_YEAR_EVALUATION = "first_year_evaluation"
    REINTEGRATION_REPORT = "reintegration_report"
    WIA_APPLICATION = "wia_application"
    LAST_WAGE_DAY = "last_wage_day"
    WAITING_PERIOD_END = "waiting_period_end"
    RELAPSE_WINDOW_END = "relapse_window_end"


class DeadlineStatus(StrEnum):
    """Where a moment stands on the as-of date.

    Actions: upcoming → due (window open / due today) → met, late or missed.
    Dates that need no action (end of wage obligation, EWT, relapse window): upcoming, due, passed.
    """

    UPCOMING = "upcoming"
    DUE = "due"
    MET = "met"
    LATE = "late"
    MISSED = "missed"
    PASSED = "passed"
    NOT_APPLICABLE = "not_applicable"


#: Moments that ask someone to act; the others (last wage day, EWT, relapse window) are dates
#: to know. Only actions are met, late or missed, and only they go on the agenda.
ACTION_KINDS: frozenset[DeadlineKind] = frozenset(
    {
        DeadlineKind.PROBLEM_ANALYSIS,
        DeadlineKind.PLAN_OF_APPROACH,
        DeadlineKind.PLAN_EVALUATION,
        DeadlineKind.UWV_SICK_REPORT,
        DeadlineKind.FIRST_YEAR_EVALUATION,
        DeadlineKind.REINTEGRATION_REPORT,
        DeadlineKind.WIA_APPLICATION,
    }
)

#: Names people use, Dutch first (the default for user-facing text) and English.
LABELS: dict[DeadlineKind, tuple[str, str]] = {
    DeadlineKind.PROBLEM_ANALYSIS: ("Probleemanalyse", "Problem analysis"),
    DeadlineKind.PLAN_OF_APPROACH: ("Plan van aanpak", "Plan of approach"),
    DeadlineKind.PLAN_EVALUATION: ("Evaluatie plan van aanpak", "Plan of approach evaluation"),
    DeadlineKind.UWV_SICK_REPORT: ("Ziekmelding UWV (42e week)", "42nd-week report to UWV"),
    DeadlineKind.FIRST_YEAR_EVALUATION: ("Eerstejaarsevaluatie", "First-year evaluation"),
    DeadlineKind.REINTEGRATION_REPORT: ("Re-integratieverslag", "Re-integration report"),
    DeadlineKind.WIA_APPLICATION: ("WIA-aanvraag", "WIA application"),
    DeadlineKind.LAST_WAGE_DAY: ("Laatste dag loondoorbetaling", "Last day of wage payment"),
    DeadlineKind.WAITING_PERIOD_END: ("Einde wachttijd (WIA kan ingaan)", "End of waiting period"),
    DeadlineKind.RELAPSE_WINDOW_END: (
        "Einde terugvalperiode (4 weken)",
        "End of relapse window (4 weeks)",
    ),
}


class Deadline(BaseModel):
    """One legal moment of a case: when, why, under which rule, and where it stands."""

    model_config = ConfigDict(frozen=True)

    kind: DeadlineKind
    due: dt.date = Field(description="Last day on which the moment is on time (ISO date).")
    window_start: dt.date | None = Field(
        default=None, description="First day of the window, where the law gives one."
    )
    work_target: dt.date | None = Field(
        default=None,
        description=(
            "When the due date is not a werkdag and the law does not move it: the last werkdag "
            "before it, to plan the work on."
        ),
    )
    legal_basis: str
    rule_version: str = Field(description="The dated parameter values used, name@since.")
    explanation: str = Field(description="One line: how the date was derived.")
    status: DeadlineStatus
    met_on: dt.date | None = Field(default=None, description="When it was done, if it was.")
    flags: tuple[str, ...] = Field(
        default=(), description="Warnings a person must see (e.g. calendar data not yet known)."
    )

    def label(self, language: str = "nl") -> str:
        """The moment's name for people ('nl' default, or 'en')."""
        nl, en = LABELS[self.kind]
        return en if language == "en" else nl
