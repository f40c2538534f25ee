"""Citations of a deadline: the parameter values (and fixed articles) its date rests on.

Every legal moment returns its date *together with* the values it used, so a deadline's
``legal_basis`` and ``rule_version`` name exactly those, whatever order the rules ran in. This
module only puts a set of values into words, in one fixed order, so that two
implementations that agree on the set agree on the text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from poortwachter.rules.parameters import ParamValue

__all__ = [
    "EMPLOYMENT_WAGE",
    "EXTENSION",
    "LATE_WIA",
    "PARAM_ORDER",
    "provenance",
]

#: The order in which a legal basis names its parameters: the order of the process.
PARAM_ORDER: tuple[str, ...] = (
    "problem_analysis_week",
    "plan_of_approach_week",
    "plan_of_approach_after_analysis_weeks",
    "plan_evaluation_interval_weeks",
    "uwv_sick_report_week",
    "first_year_evaluation_window_start_week",
    "first_year_evaluation_week",
    "waiting_period_weeks",
    "reintegration_report_week",
    "reintegration_report_weeks_before_end",
    "wia_application_week",
    "uwv_wia_letter_week",
    "wia_late_letter_weeks",
    "wage_sanction_max_weeks",
    "wage_sanction_shortening_weeks",
    "samentelling_gap_weeks",
)
_RANK = {name: i for i, name in enumerate(PARAM_ORDER)}

#: Articles that move a date without a parameter of their own (the amount comes from an event).
EXTENSION = "WIA art. 24 lid 1 (vrijwillige verlenging)"
LATE_WIA = "BW art. 7:629 lid 11 sub a (te late WIA-aanvraag)"
EMPLOYMENT_WAGE = "BW art. 7:629 lid 1 (loon tijdens dienstverband)"


def provenance(values: Iterable[ParamValue], extra: Iterable[str] = ()) -> tuple[str, str]:
    """(legal basis, rule version) of a set of values plus fixed articles (duplicates ignored).

    The basis lists each article once, parameters in :data:`PARAM_ORDER` and then ``extra``
    sorted; the version lists ``name@since`` sorted.
    """
    return _provenance(frozenset(values), tuple(sorted(set(extra))))


@functools.lru_cache(maxsize=4096)
def _provenance(values: frozenset[ParamValue], extra: tuple[str, ...]) -> tuple[str, str]:
    ordered = sorted(values, key=lambda v: (_RANK.get(v.name, len(_RANK)), v.name))
    cites = dict.fromkeys([v.reference.cite() for v in ordered] + list(extra))
    return "; ".join(cites), ", ".join(sorted(v.version for v in values))
