"""Choices for the moments of issue 7 where the sources are silent (docs/legal-basis.md §6.17-19).

Kept as one nested model (``RuleOptions.moments``) so that the choices of these moments live next
to the code that reads them. Each default is the recommended reading; like every option, the
choices are part of a deadline's provenance.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MomentOptions"]


class MomentOptions(BaseModel):
    """Interpretation choices for the issue 7 moments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    company_doctor_report: bool = Field(
        default=True,
        description=(
            "§6.17 Show the practice moment 'report to the arbodienst/bedrijfsarts in week 1' "
            "(not a statutory term; default on). False leaves it out."
        ),
    )
    current_opinion_max_age_months: int = Field(
        default=3,
        ge=1,
        le=24,
        strict=True,
        description=(
            "§6.9/§6.18 Maximum age of the bedrijfsarts' actueel oordeel at the WIA application, "
            "in calendar months (advice, no statutory maximum; default 3)."
        ),
    )
    current_opinion_due: Literal["report", "application"] = Field(
        default="report",
        description=(
            "§6.18 When the bedrijfsarts' actueel oordeel is due: before the re-integratieverslag "
            "and the eindevaluatie it belongs in (end of week 91, default, the earlier date), or "
            "at the WIA application (end of week 93) when UWV checks the verslag."
        ),
    )
    deviation_resume: Literal["term_after_end", "on_end"] = Field(
        default="term_after_end",
        description=(
            "§6.19 When an art. 5 deviation ends, a paused plan van aanpak is due 2 weeks and a "
            "paused evaluation 6 weeks after the first normal day (default), or on that day."
        ),
    )
