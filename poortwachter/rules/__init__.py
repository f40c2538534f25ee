"""Pure legal rules: calendar, sickness periods, parameters and deadlines. No I/O, no clock."""

from poortwachter.rules.calendar import AtwCalendar as AtwCalendar
from poortwachter.rules.calendar import default_calendar as default_calendar
from poortwachter.rules.deadlines import compute_deadlines as compute_deadlines
from poortwachter.rules.facts import CaseFacts as CaseFacts
from poortwachter.rules.facts import derive_facts as derive_facts
from poortwachter.rules.model import Deadline as Deadline
from poortwachter.rules.model import DeadlineKind as DeadlineKind
from poortwachter.rules.model import DeadlineStatus as DeadlineStatus
from poortwachter.rules.options import RuleOptions as RuleOptions
from poortwachter.rules.parameters import ParameterSet as ParameterSet
from poortwachter.rules.parameters import default_parameters as default_parameters

__all__ = [
    "AtwCalendar",
    "CaseFacts",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "ParameterSet",
    "RuleOptions",
    "compute_deadlines",
    "default_calendar",
    "default_parameters",
    "derive_facts",
]
