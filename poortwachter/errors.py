"""Typed errors. Every error carries its facts as attributes and says what to do.

All errors derive from :class:`PoortwachterError`, so an embedding application can catch the
whole family in one place, and the CLI can turn any of them into exit code 2 with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = [
    "CalendarCoverageError",
    "CaseNotFoundError",
    "ChannelConfigError",
    "ConcurrencyConflictError",
    "IntegrityViolationError",
    "InvalidCaseFileError",
    "InvalidEventError",
    "InvalidTransitionError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "PoortwachterError",
    "ReminderNotFoundError",
    "ReminderPolicyError",
    "StoreUnavailableError",
]


class PoortwachterError(Exception):
    """Root of every error poortwachter raises on purpose."""


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
        return msg

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
