"""The public surface is a promise: adding is a decision, removing is a breaking change."""

from __future__ import annotations

import poortwachter

PUBLIC = {
    "AgendaItem", "CalendarCoverageError", "CaseFactsView", "CaseNotFoundError", "CaseView",
    "Clock",
    "ConcurrencyConflictError", "Deadline", "DeadlineKind", "DeadlineStatus", "Engine", "Event",
    "FrozenClock", "IntegrityIssue", "IntegrityViolationError", "InvalidCaseFileError",
    "InvalidEventError", "InvalidTransitionError", "ParameterFileError", "ParameterNotFoundError",
    "PoortwachterError", "RecordedEvent", "Replay", "RuleOptions", "StoreUnavailableError",
    "SystemClock",
    "TimelineEntry", "compute_deadlines", "parse_event",
}  # fmt: skip


def test_public_names_are_pinned() -> None:
    assert set(poortwachter.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(poortwachter, name), name


def test_every_error_derives_from_the_root() -> None:
    errors = [getattr(poortwachter, n) for n in PUBLIC if n.endswith("Error")]
    assert len(errors) == 11
    for error in errors:
        assert issubclass(error, poortwachter.PoortwachterError)
