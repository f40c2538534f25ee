"""Where a case can stand: the states every guard of a case speaks about."""

from __future__ import annotations

from enum import StrEnum

from poortwachter.texts import text

__all__ = ["CaseState"]


class CaseState(StrEnum):
    """Where a WVP case stands. The re-integration stages are ordered (see ``SICK_STAGES``)."""

    NEW = "new"
    REPORTED_SICK = "reported_sick"
    PROBLEM_ANALYSED = "problem_analysed"
    PLAN_AGREED = "plan_agreed"
    IN_REINTEGRATION = "in_reintegration"
    REPORTED_TO_UWV = "reported_to_uwv"
    FIRST_YEAR_EVALUATED = "first_year_evaluated"
    REINTEGRATION_REPORTED = "reintegration_reported"
    WIA_APPLIED = "wia_applied"
    RECOVERED = "recovered"
    ON_MATERNITY_LEAVE = "on_maternity_leave"
    CLOSED = "closed"

    @property
    def dutch(self) -> str:
        """The Dutch term used in practice, for docs and the diagram."""
        return text("state." + self.value, "nl")

    def label(self, language: str = "nl") -> str:
        """The state in words ('nl' default, or 'en')."""
        return text("state." + self.value, "en" if language == "en" else "nl")
