"""poortwachter: legally exact, cited, replayable deadlines for the Wet verbetering poortwachter.

The public surface is small and pinned by ``tests/test_public_api.py``::

    from poortwachter import Engine
    engine = Engine.open("sqlite:///poortwachter.db")
    case = engine.open_case("emp-4711", date(2026, 3, 2), "anna", actor="hr")

Every name is imported on first use (PEP 562), so ``import poortwachter`` and the parts of it
that need no database (the rules, the command line's ``deadlines``) never load SQLAlchemy,
alembic or the state machine. Type checkers see the imports below as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from poortwachter.clock import Clock as Clock
    from poortwachter.clock import FrozenClock as FrozenClock
    from poortwachter.clock import SystemClock as SystemClock
    from poortwachter.engine import Engine as Engine
    from poortwachter.errors import CalendarCoverageError as CalendarCoverageError
    from poortwachter.errors import CaseNotFoundError as CaseNotFoundError
    from poortwachter.errors import ConcurrencyConflictError as ConcurrencyConflictError
    from poortwachter.errors import IntegrityViolationError as IntegrityViolationError
    from poortwachter.errors import InvalidCaseFileError as InvalidCaseFileError
    from poortwachter.errors import InvalidEventError as InvalidEventError
    from poortwachter.errors import InvalidTransitionError as InvalidTransitionError
    from poortwachter.errors import ParameterFileError as ParameterFileError
    from poortwachter.errors import ParameterNotFoundError as ParameterNotFoundError
    from poortwachter.errors import PoortwachterError as PoortwachterError
    from poortwachter.errors import StoreUnavailableError as StoreUnavailableError
    from poortwachter.events import Event as Event
    from poortwachter.events import parse_event as parse_event
    from poortwachter.rules import Deadline as Deadline
    from poortwachter.rules import DeadlineKind as DeadlineKind
    from poortwachter.rules import DeadlineStatus as DeadlineStatus
    from poortwachter.rules import RuleOptions as RuleOptions
    from poortwachter.rules import compute_deadlines as compute_deadlines
    from poortwachter.store import IntegrityIssue as IntegrityIssue
    from poortwachter.views import AgendaItem as AgendaItem
    from poortwachter.views import CaseFactsView as CaseFactsView
    from poortwachter.views import CaseView as CaseView
    from poortwachter.views import RecordedEvent as RecordedEvent
    from poortwachter.views import Replay as Replay
    from poortwachter.views import TimelineEntry as TimelineEntry

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported when the name is first used).
_MODULES = {
    "Clock": "poortwachter.clock",
    "FrozenClock": "poortwachter.clock",
    "SystemClock": "poortwachter.clock",
    "Engine": "poortwachter.engine",
    "CalendarCoverageError": "poortwachter.errors",
    "CaseNotFoundError": "poortwachter.errors",
    "ConcurrencyConflictError": "poortwachter.errors",
    "IntegrityViolationError": "poortwachter.errors",
    "InvalidCaseFileError": "poortwachter.errors",
    "InvalidEventError": "poortwachter.errors",
    "InvalidTransitionError": "poortwachter.errors",
    "ParameterFileError": "poortwachter.errors",
    "ParameterNotFoundError": "poortwachter.errors",
    "PoortwachterError": "poortwachter.errors",
    "StoreUnavailableError": "poortwachter.errors",
    "Event": "poortwachter.events",
    "parse_event": "poortwachter.events",
    "Deadline": "poortwachter.rules",
    "DeadlineKind": "poortwachter.rules",
    "DeadlineStatus": "poortwachter.rules",
    "RuleOptions": "poortwachter.rules",
    "compute_deadlines": "poortwachter.rules",
    "IntegrityIssue": "poortwachter.store",
    "AgendaItem": "poortwachter.views",
    "CaseFactsView": "poortwachter.views",
    "CaseView": "poortwachter.views",
    "RecordedEvent": "poortwachter.views",
    "Replay": "poortwachter.views",
    "TimelineEntry": "poortwachter.views",
}

__all__ = [
    "AgendaItem",
    "CalendarCoverageError",
    "CaseFactsView",
    "CaseNotFoundError",
    "CaseView",
    "Clock",
    "ConcurrencyConflictError",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "Engine",
    "Event",
    "FrozenClock",
    "IntegrityIssue",
    "IntegrityViolationError",
    "InvalidCaseFileError",
    "InvalidEventError",
    "InvalidTransitionError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "PoortwachterError",
    "RecordedEvent",
    "Replay",
    "RuleOptions",
    "StoreUnavailableError",
    "SystemClock",
    "TimelineEntry",
    "compute_deadlines",
    "parse_event",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it (PEP 562)."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'poortwachter' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
