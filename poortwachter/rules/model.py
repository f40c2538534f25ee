"""What the rules produce: a deadline that explains itself, in Dutch or English.

:class:`Deadline` is a plain frozen slotted record (the rules make millions of them); words are
kept as message keys with arguments and rendered when read. :class:`DeadlineJson` is the
pydantic model of the JSON edge (schema and validation), the shape of :meth:`Deadline.as_json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from poortwachter.rules.messages import Msg, render, render_parts
from poortwachter.texts import Language, check_language, text

__all__ = [
    "ACTION_KINDS",
    "LABELS",
    "Deadline",
    "DeadlineJson",
    "DeadlineKind",
    "DeadlineStatus",
    "make_deadline",
]


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
    # Issue 7 (poortwachter.rules.process_moments; docs/legal-basis.md §1 #22-#32).
    COMPANY_DOCTOR_REPORT = "company_doctor_report"
    SAFETY_NET_UWV_REPORT = "safety_net_uwv_report"
    UWV_RECOVERY_REPORT = "uwv_recovery_report"
    SPOOR2_DECISION = "spoor2_decision"
    FINAL_EVALUATION = "final_evaluation"
    CURRENT_OPINION = "current_opinion"
    UWV_WIA_LETTER_EXPECTED = "uwv_wia_letter_expected"
    SANCTION_OBJECTION = "sanction_objection"
    SANCTION_SHORTENING_DECISION = "sanction_shortening_decision"
    EXPERT_OPINION_ANSWER = "expert_opinion_answer"


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
    | {
        # Issue 7: all its moments ask someone to act (or to chase UWV).
        DeadlineKind.COMPANY_DOCTOR_REPORT,
        DeadlineKind.SAFETY_NET_UWV_REPORT,
        DeadlineKind.UWV_RECOVERY_REPORT,
        DeadlineKind.SPOOR2_DECISION,
        DeadlineKind.FINAL_EVALUATION,
        DeadlineKind.CURRENT_OPINION,
        DeadlineKind.UWV_WIA_LETTER_EXPECTED,
        DeadlineKind.SANCTION_OBJECTION,
        DeadlineKind.SANCTION_SHORTENING_DECISION,
        DeadlineKind.EXPERT_OPINION_ANSWER,
    }
)

#: Names people use, Dutch first and English. Kept for existing callers; the words people see
#: come from :mod:`poortwachter.texts` (``kind.<value>``), as :meth:`Deadline.label` does.
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
# The issue 7 kinds take their names from their texts (poortwachter.texts.moments).
LABELS.update(
    {k: (text(f"kind.{k}", "nl"), text(f"kind.{k}", "en")) for k in DeadlineKind if k not in LABELS}
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """One legal moment of a case: when, why, under which rule, and where it stands.

    ``notes`` and ``warnings`` hold the explanation and flags as messages; ``explanation`` and
    ``flags`` give them in Dutch, :meth:`explain` and :meth:`flag_texts` in either language.
    """

    kind: DeadlineKind
    #: Last day on which the moment is on time.
    due: dt.date
    #: First day of the window, where the law gives one.
    window_start: dt.date | None
    #: When the due date is not a werkdag and the law does not move it: the last werkdag
    #: before it, to plan the work on.
    work_target: dt.date | None
    #: The articles the due date rests on.
    legal_basis: str
    #: The dated parameter values the due date rests on, ``name@since``, sorted.
    rule_version: str
    status: DeadlineStatus
    #: When it was done, if it was.
    met_on: dt.date | None
    #: How the date was derived: message parts joined by '; '.
    notes: tuple[Msg, ...]
    #: Warnings a person must see (e.g. calendar data not yet known).
    warnings: tuple[Msg, ...] = ()

    @property
    def explanation(self) -> str:
        """One line in Dutch: how the date was derived."""
        return render_parts(self.notes, "nl")

    @property
    def flags(self) -> tuple[str, ...]:
        """The warnings in Dutch."""
        return tuple(render(w, "nl") for w in self.warnings)

    def explain(self, language: str = "nl") -> str:
        """How the date was derived, in ``language`` ('nl' or 'en')."""
        return render_parts(self.notes, check_language(language))

    def flag_texts(self, language: str = "nl") -> tuple[str, ...]:
        """The warnings in ``language`` ('nl' or 'en')."""
        lang = check_language(language)
        return tuple(render(w, lang) for w in self.warnings)

    def label(self, language: str = "nl") -> str:
        """The moment's name for people ('nl' default, or 'en')."""
        return text(f"kind.{self.kind.value}", check_language(language))

    def as_json(self, language: str = "nl") -> dict[str, Any]:
        """JSON-ready: ISO dates, enum values as strings, words in ``language``."""
        lang: Language = check_language(language)
        return {
            "kind": self.kind.value,
            "due": self.due.isoformat(),
            "window_start": _iso(self.window_start),
            "work_target": _iso(self.work_target),
            "legal_basis": self.legal_basis,
            "rule_version": self.rule_version,
            "explanation": render_parts(self.notes, lang),
            "status": self.status.value,
            "met_on": _iso(self.met_on),
            "flags": [render(w, lang) for w in self.warnings],
        }

    def model_dump(self, *, mode: str = "json") -> dict[str, Any]:
        """What the pydantic model gave (``mode="json"``): :meth:`as_json` in Dutch. Kept so
        that callers of the former pydantic ``Deadline`` keep working."""
        return self.as_json("nl")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


(
    _kind,
    _due,
    _window_start,
    _work_target,
    _legal_basis,
    _rule_version,
    _status,
    _met_on,
    _notes,
    _warnings,
) = (Deadline.__dict__[name].__set__ for name in Deadline.__slots__)
_new = object.__new__


def make_deadline(
    kind: DeadlineKind,
    due: dt.date,
    window_start: dt.date | None,
    work_target: dt.date | None,
    legal_basis: str,
    rule_version: str,
    status: DeadlineStatus,
    met_on: dt.date | None,
    notes: tuple[Msg, ...],
    warnings: tuple[Msg, ...],
) -> Deadline:
    """A :class:`Deadline` from all its fields, about twice as fast as the frozen dataclass's
    own ``__init__`` (which goes through ``object.__setattr__`` per field); the rules build one
    per moment per case, so this is on the hot path. Same result as ``Deadline(...)``."""
    deadline: Deadline = _new(Deadline)
    _kind(deadline, kind)
    _due(deadline, due)
    _window_start(deadline, window_start)
    _work_target(deadline, work_target)
    _legal_basis(deadline, legal_basis)
    _rule_version(deadline, rule_version)
    _status(deadline, status)
    _met_on(deadline, met_on)
    _notes(deadline, notes)
    _warnings(deadline, warnings)
    return deadline


class DeadlineJson(BaseModel):
    """The JSON edge of a :class:`Deadline` (``Deadline.as_json``): schema and validation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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
