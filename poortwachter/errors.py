"""Typed errors. Every error carries its facts as attributes and says what to do.

All errors derive from :class:`PoortwachterError`, so an embedding application can catch the
whole family in one place, and the CLI can turn any of them into exit code 2 with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "CalendarCoverageError",
    "CaseAlreadyOpenError",
    "CaseNotFoundError",
    "ChannelConfigError",
    "ConcurrencyConflictError",
    "IntegrityViolationError",
    "InvalidArgumentError",
    "InvalidCaseFileError",
    "InvalidDatabaseError",
    "InvalidEventError",
    "InvalidQueryError",
    "InvalidTransitionError",
    "MedicalTermError",
    "MedicalTermWarning",
    "ParameterFileError",
    "ParameterNotFoundError",
    "PoortwachterError",
    "ReminderNotFoundError",
    "ReminderPolicyError",
    "StoreUnavailableError",
]


class PoortwachterError(Exception):
    """Root of every error poortwachter raises on purpose."""


def one_line(message: str) -> str:
    """``message`` with control characters escaped: an error is one line, whatever a caller's
    input (a field name with a newline, a terminal escape) put into it."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in message)


class InvalidEventError(PoortwachterError, ValueError):
    """An event is malformed or impossible for this case (nothing was stored).

    ``index`` is the event's position in the input as given (0-based), so a user can find it in
    their file; ``field`` is the offending field (``None`` when the event as a whole is wrong).
    """

    def __init__(
        self,
        reason: str,
        *,
        index: int | None = None,
        event_type: str | None = None,
        field: str | None = None,
        expected: str | None = None,
        source: str | None = None,
    ) -> None:
        self.reason = reason
        self.index = index
        self.event_type = event_type
        self.field = field
        self.expected = expected
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.index is not None:
            where.append(f"event #{self.index}")
        if self.event_type:
            where.append(f"({self.event_type})")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = " ".join(where)
        msg = f"{prefix}: {self.reason}" if prefix else self.reason
        if self.expected:
            msg += f"; expected {self.expected}"
        return one_line(msg)

    def located(self, source: str) -> InvalidEventError:
        """Return a copy that names the file or stream the event came from."""
        return InvalidEventError(
            self.reason,
            index=self.index,
            event_type=self.event_type,
            field=self.field,
            expected=self.expected,
            source=source,
        )


class InvalidCaseFileError(PoortwachterError, ValueError):
    """A case file cannot be read or is not the expected JSON shape."""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        msg = f"{source}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ParameterFileError(PoortwachterError, ValueError):
    """A rule parameter file under ``config/rules`` is malformed. Names file, key and reason."""

    def __init__(self, file: str, key: str | None, reason: str) -> None:
        self.file = file
        self.key = key
        self.reason = reason
        where = f"{file}" + (f" [{key}]" if key else "")
        super().__init__(f"{where}: {reason}")


class ParameterNotFoundError(PoortwachterError, LookupError):
    """No value of a legal parameter applies on the requested date."""

    def __init__(self, name: str, on: dt.date, earliest: dt.date | None, file: str | None) -> None:
        self.name = name
        self.on = on
        self.earliest = earliest
        self.file = file
        hint = (
            f"the earliest value applies from {earliest.isoformat()}"
            if earliest
            else "the parameter has no values"
        )
        super().__init__(
            f"no value of rule parameter '{name}' applies on {on.isoformat()} ({hint}); "
            f"add a dated value with its legal reference to {file or 'config/rules'}"
        )


class CalendarCoverageError(PoortwachterError, LookupError):
    """A working-day computation needs a year whose Atw data are not known to be complete."""

    def __init__(self, year: int, first: int, last: int) -> None:
        self.year = year
        self.first = first
        self.last = last
        super().__init__(
            f"the Algemene termijnenwet calendar is known to be complete for {first}-{last} only, "
            f"not for {year}: days equated to holidays by decree (Atw art. 3 lid 3) for {year} "
            f"are not in config/calendar/atw_equated_days.yaml; add them, or use "
            f"calendar_coverage='flag' to get a flagged estimate"
        )


class CaseNotFoundError(PoortwachterError, LookupError):
    """No case with this id exists in the store."""

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        super().__init__(
            f"case '{case_id}' not found; list cases with 'poortwachter agenda' or open one "
            f"with 'poortwachter case open'"
        )


class InvalidTransitionError(PoortwachterError):
    """The case's state machine does not allow this event now; nothing was stored."""

    def __init__(
        self, case_id: str, state: str, event_type: str, allowed: Sequence[str], reason: str = ""
    ) -> None:
        self.case_id = case_id
        self.state = state
        self.event_type = event_type
        self.allowed = tuple(allowed)
        self.reason = reason
        allowed_txt = ", ".join(self.allowed) if self.allowed else "none (the case is closed)"
        extra = f" ({reason})" if reason else ""
        super().__init__(
            f"case '{case_id}' is in state '{state}': event '{event_type}' is not allowed"
            f"{extra}; allowed now: {allowed_txt}"
        )


class ConcurrencyConflictError(PoortwachterError):
    """Someone else appended to the case first; reload it and decide again."""

    def __init__(self, case_id: str, expected_version: int, actual_version: int) -> None:
        self.case_id = case_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        super().__init__(
            f"case '{case_id}' is at version {actual_version}, not {expected_version}: another "
            f"writer appended first; reload the case and retry with "
            f"expected_version={actual_version}"
        )


class StoreUnavailableError(PoortwachterError):
    """The database cannot be reached or stayed locked; nothing was written. Retry later."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(
            f"database {url} is unavailable: {reason}; nothing was written — check that the "
            f"server runs and the URL is right, or retry when the lock is released"
        )


class IntegrityViolationError(PoortwachterError):
    """The stored event log of a case fails its hash-chain check."""

    def __init__(self, case_id: str, seq: int | None, reason: str) -> None:
        self.case_id = case_id
        self.seq = seq
        self.reason = reason
        at = f" at sequence {seq}" if seq is not None else ""
        super().__init__(
            f"case '{case_id}' fails its integrity check{at}: {reason}; do not append to it — "
            f"restore the events table from a backup and run 'poortwachter audit verify'"
        )


class ChannelConfigError(PoortwachterError, ValueError):
    """A delivery channel's configuration is missing or wrong; nothing was sent.

    ``channel`` is the channel ("email", "webhook"), ``field`` the configuration field. The
    message never contains a secret's value, only where the secret was expected to come from.
    """

    def __init__(self, channel: str, field: str, reason: str, *, hint: str | None = None) -> None:
        self.channel = channel
        self.field = field
        self.reason = reason
        self.hint = hint
        msg = f"{channel} channel, field '{field}': {reason}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)


class InvalidQueryError(PoortwachterError, ValueError):
    """A read (agenda, case list, planning horizon) was asked with a value it cannot use."""

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field} {value!r} cannot be used: expected {expected}")


class CaseAlreadyOpenError(PoortwachterError, ValueError):
    """The employee already has an open case: a sick report belongs on it, not on a second
    case (one chain of sick periods, one dossier). Nothing was stored."""

    def __init__(self, open_case_id: str, first_sick_day: dt.date) -> None:
        self.open_case_id = open_case_id
        self.first_sick_day = first_sick_day
        super().__init__(
            f"the employee already has an open case '{open_case_id}' (first sick day "
            f"{first_sick_day.isoformat()}); record the sick report or relapse on that case, "
            f"or close it first"
        )


class InvalidArgumentError(InvalidEventError):
    """An argument of an Engine method or a command-line option is wrong; nothing was stored.

    A subclass of :class:`InvalidEventError` because ids and dates are the facts of events:
    code that catches bad event input keeps catching bad arguments. ``field`` names the
    parameter (``case_id``, ``as_of``, ``limit``, ...).
    """

    def __init__(self, field: str, reason: str, *, expected: str | None = None) -> None:
        super().__init__(reason, field=field, expected=expected)


class InvalidDatabaseError(PoortwachterError):
    """The database named is not one poortwachter can use (not SQLite, a bad URL, a
    directory): bad input, not an outage. The URL in the message never shows a password."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(
            f"database {url}: {reason}; give the path of a poortwachter database or a new file "
            f"name, or a URL such as sqlite:///poortwachter.db or "
            f"postgresql+psycopg://user@host/dbname"
        )


class MedicalTermError(InvalidEventError):
    """A free-text field names a medical term and the policy refuses it (nothing was stored).

    ``field`` and ``term`` say where and what; rephrase the text in work-related terms.
    """

    def __init__(self, field: str, term: str, *, event_type: str | None = None) -> None:
        self.term = term
        super().__init__(
            f"the text names the medical term {term!r}; the dossier holds work-related "
            f"content only (no diagnoses, medication or treatments)",
            event_type=event_type,
            field=field,
            expected="the same text rephrased in terms of work, agreements and tasks",
        )


class MedicalTermWarning(UserWarning):
    """An event was stored with a medical term in free text (policy ``warn``): rephrase it."""

    def __init__(self, field: str, term: str, event_type: str | None = None) -> None:
        self.field = field
        self.term = term
        self.event_type = event_type
        super().__init__(
            f"{event_type or 'event'} field '{field}' names the medical term {term!r}; the "
            f"dossier is for work-related content: please rephrase"
        )


class ReminderPolicyError(PoortwachterError, ValueError):
    """The reminder policy (``config/reminders.yaml`` or an override) is malformed."""

    def __init__(self, file: str, field: str | None, reason: str, expected: str = "") -> None:
        self.file = file
        self.field = field
        self.reason = reason
        self.expected = expected
        where = file + (f" [{field}]" if field else "")
        hint = f"; expected {expected}" if expected else ""
        super().__init__(f"{where}: {reason}{hint}")


class ReminderNotFoundError(PoortwachterError, LookupError):
    """No reminder with this idempotency key is in the outbox."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"no reminder with key '{key}'; list them with 'poortwachter reminders list'"
        )
