"""Choices the law leaves open, each with the recommended default (docs/legal-basis.md §6).

Every option is a documented alternative reading; the default is the one a careful casemanager
would follow (usually the earlier, safer date). Options are part of a deadline's provenance: the
same events with the same options give the same dates, forever.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from poortwachter.rules.moment_options import MomentOptions

__all__ = ["RuleOptions"]


class RuleOptions(BaseModel):
    """Interpretation choices for the deadline rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    week_convention: Literal["end_of_week", "weeks_after"] = Field(
        default="end_of_week",
        description=(
            "§6.1 'Within 6/8 weeks' for the probleemanalyse and plan van aanpak: the last day "
            "of sick week n (UWV 'uiterlijk in week n', default) or n full weeks after F."
        ),
    )
    equated_days_are_holidays: bool = Field(
        default=True,
        description="§6.3 Days equated to holidays by decree (Atw art. 3 lid 3) are not werkdagen.",
    )
    wia_deadline: Literal["end_of_week", "weeks_before_end"] = Field(
        default="end_of_week",
        description=(
            "§6.4 WIA application: end of week 93 (F+650, UWV 'in week 93', default) or "
            "exactly 11 weeks before the end of the waiting period (F+651)."
        ),
    )
    relapse_process_steps: Literal["chain", "restart"] = Field(
        default="chain",
        description=(
            "§6.6 After a relapse that joins the chain, count the probleemanalyse and plan van "
            "aanpak from the chain's first day (default) or restart them at the relapse."
        ),
    )
    wazo_leave_neutral: bool = Field(
        default=True,
        description=(
            "§6.7 Wazo leave days are neither sick nor fit: they do not count in the gap "
            "between periods (default). False counts them as fit days."
        ),
    )
    reintegration_report_deadline: Literal["practice", "statutory_2005"] = Field(
        default="practice",
        description=(
            "§6.8 Re-integratieverslag to the employee by the end of week 91 (practice, default) "
            "or 15 weeks before the end of the waiting period (2005 text of WIA 25 lid 3)."
        ),
    )
    late_wia_letter_extends: bool = Field(
        default=True,
        description=(
            "§6.11 A UWV letter later than week 89 gives the employee until 4 weeks after the "
            "letter to apply for WIA (default), instead of ignoring the letter."
        ),
    )
    parameters_on: Literal["chain_start", "as_of", "term_end"] = Field(
        default="chain_start",
        description=(
            "§6.15 Which date picks the legal values: the first day of the chain (default, the "
            "law in force when the case began), the as-of date (the law in force today), or the "
            "day each term runs out (the law in force then). A term across a change of its "
            "value is flagged with both dates whichever is chosen."
        ),
    )
    employment_end_report: Literal["last_day_of_employment", "first_sick_day"] = Field(
        default="last_day_of_employment",
        description=(
            "§6.14 Sick when the employment ends, but its last werkdag lies before the first "
            "sick day: report on the last day of the employment (default, the latest day the "
            "statute's 'laatste dag van de dienstbetrekking' still allows) or on the first sick "
            "day. Flagged either way."
        ),
    )
    plan_evaluation_during_leave: Literal["pause", "run"] = Field(
        default="pause",
        description=(
            "§6.16 The 6-weekly evaluation of the plan van aanpak pauses during a Wazo leave "
            "(default: leave days do not count in the interval) or runs on through it."
        ),
    )
    calendar_coverage: Literal["flag", "strict"] = Field(
        default="flag",
        description=(
            "§6.12 A working-day shift into a year outside the equated-days data (not yet "
            "published, or before the data begin): "
            "compute without them and flag the deadline (default), or refuse with an error."
        ),
    )
    moments: MomentOptions = Field(
        default_factory=MomentOptions,
        description="Choices for the moments of issue 7 (docs/legal-basis.md §6.17-§6.19).",
    )
