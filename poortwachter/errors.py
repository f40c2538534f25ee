"""Typed errors. Every error carries its facts as attributes and says what to do.

All errors derive from :class:`PoortwachterError`, so an embedding application can catch the
whole family in one place, and the CLI can turn any of them into exit code 2 with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from poortwachter.printable import escape

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
    "MedicalTermInIdError",
    "MedicalTermWarning",
    "ParameterFileError",
    "ParameterNotFoundError",
    "Phrase",
    "PoortwachterError",
    "ReminderNotFoundError",
    "ReminderPolicyError",
    "StoreUnavailableError",
]


@dataclass(frozen=True)
class Phrase:
    """A message as a text key with its facts, worded only when shown: an error raised deep in
    the library knows what went wrong, the edge (CLI, an embedding app) knows the reader's
    language. ``key`` is a ``poortwachter.texts`` key (``error.*`` and others); ``args`` fill
    it in. A date argument is shown as dd-mm-jjjj in Dutch and ISO in English, a nested
    :class:`Phrase` in the same language, anything else as ``str``."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str = "en") -> str:
        from poortwachter.texts import text  # texts is pure data; imported late, no cycle

        lang: Literal["nl", "en"] = "en" if language == "en" else "nl"
        return text(self.key, lang, **{k: _shown(v, lang) for k, v in self.args.items()})


def phrase(key: str, **args: Any) -> Phrase:
    """``Phrase(key, args)``, written as a call."""
    return Phrase(key, args)


def _shown(value: object, language: str) -> object:
    if isinstance(value, WordedText):
        value = value.phrase
    if isinstance(value, Phrase):
        return value.render(language)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat() if language == "en" else f"{value:%d-%m-%Y}"
    return value


class WordedText(str):
    """The English wording of a :class:`Phrase` that remembers the phrase: an error's
    ``reason`` stays a plain string for code that reads it, and an error re-raised from it
    (``InvalidEventError(exc.reason, ...)``) still speaks the reader's language."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> WordedText:
        made = super().__new__(cls, phrase.render("en"))
        made.phrase = phrase
        return made


def as_phrase(value: str | Phrase | None) -> str | Phrase | None:
    """``value`` with the phrase behind a :class:`WordedText` taken back out."""
    return value.phrase if isinstance(value, WordedText) else value


def worded(value: str | Phrase | None, language: str = "en") -> str:
    """``value`` in ``language``: a :class:`Phrase` rendered, a plain string as it is."""
    value = as_phrase(value)
    if value is None:
        return ""
    return value.render(language) if isinstance(value, Phrase) else value


def _kept(value: str | Phrase | None) -> str | None:
    """The English of ``value`` as a string that still carries its phrase."""
    value = as_phrase(value)
    if isinstance(value, Phrase):
        return WordedText(value)
    return value


class PoortwachterError(Exception):
    """Root of every error poortwachter raises on purpose.

    ``str(error)`` is English (for logs and library users); :meth:`message` words the same
    facts in Dutch or English from ``poortwachter.texts`` when the error carries a
    :attr:`phrase` (the CLI shows it in the language of ``--lang``)."""

    #: The error's message as a text key with its facts; None: only ``str(self)`` exists.
    phrase: Phrase | None = None

    def message(self, language: str = "en") -> str:
        """The message in ``language`` ("nl" or "en"), one line."""
        if self.phrase is None:
            return str(self)
        return one_line(self.phrase.render(language))

    def _say(self, key: str, **args: Any) -> None:
        """Set the phrase and make its English wording ``str(self)``."""
        self.phrase = Phrase(key, args)
        Exception.__init__(self, one_line(self.phrase.render("en")))


def one_line(message: str) -> str:
    """``message`` with control characters escaped: an error is one line, whatever a caller's
    input (a field name with a newline, a terminal escape) put into it."""
    return escape(message)


class InvalidEventError(PoortwachterError, ValueError):
    """An event is malformed or impossible for this case (nothing was stored).

    ``index`` is the event's position in the input as given (0-based), so a user can find it in
    their file; ``field`` is the offending field (``None`` when the event as a whole is wrong).
    ``reason`` and ``expected`` are English text or a :class:`Phrase` (worded in the reader's
    language by :meth:`message`); the attributes ``reason`` and ``expected`` hold the English.
    """

    def __init__(
        self,
        reason: str | Phrase,
        *,
        index: int | None = None,
        event_type: str | None = None,
        field: str | None = None,
        expected: str | Phrase | None = None,
        source: str | None = None,
    ) -> None:
        self.reason_phrase: str | Phrase = as_phrase(reason) or ""
        self.expected_phrase = as_phrase(expected)
        self.reason: str = _kept(reason) or ""
        self.index = index
        self.event_type = event_type
        self.field = field
        self.expected: str | None = _kept(expected) or None
        self.source = source
        super().__init__(self.message("en"))

    def message(self, language: str = "en") -> str:
        lang = "en" if language == "en" else "nl"
        where = []
        if self.source:
            where.append(self.source)
        if self.index is not None:
            where.append(Phrase("error.frame.index", {"index": self.index}).render(lang))
        if self.event_type:
            where.append(f"({self.event_type})")
        if self.field:
            where.append(Phrase("error.frame.field", {"field": self.field}).render(lang))
        prefix = " ".join(where)
        reason = worded(self.reason_phrase, lang)
        msg = f"{prefix}: {reason}" if prefix else reason
        if self.expected_phrase:
            expected = worded(self.expected_phrase, lang)
            msg += Phrase("error.frame.expected", {"expected": expected}).render(lang)
        return one_line(msg)

    def located(self, source: str) -> InvalidEventError:
        """Return a copy that names the file or stream the event came from."""
        copy = InvalidEventError(
            self.reason_phrase,
            index=self.index,
            event_type=self.event_type,
            field=self.field,
            expected=self.expected_phrase,
            source=source,
        )
        if isinstance(self, MedicalTermError):
            copy.term = self.term  # type: ignore[attr-defined]
        return copy


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
        self._say("error.case_not_found", case_id=case_id)


def _keys() -> Mapping[str, object]:
    from poortwachter.texts import MESSAGES

    return MESSAGES


def _process_events(allowed: Sequence[str]) -> list[str]:
    """The process (WVP) events and the closing or reopening of a case among ``allowed``."""
    from poortwachter.events.base import REGISTRY  # the vocabulary; imported late, no cycle

    named = {"case_closed", "case_reopened"}
    return [
        a for a in allowed if a in named or getattr(REGISTRY.get(a), "family", "") == "sickness"
    ]


#: Up to this many allowed events, a refusal lists them all.
_LIST_ALL = 6


def _allowed_phrase(shown: Sequence[str], hidden: int, refused: str, again: bool) -> Phrase:
    if not shown and not hidden:
        if again:
            return Phrase("error.transition.only_again", {"event_type": refused})
        return Phrase("error.transition.none")
    listed = ", ".join(shown)
    if not hidden:
        return Phrase("error.transition.list", {"listed": listed})
    if not shown:
        return Phrase("error.transition.only_more", {"more": hidden})
    return Phrase("error.transition.list_more", {"listed": listed, "more": hidden})


class InvalidTransitionError(PoortwachterError):
    """The case's state machine does not allow this event now; nothing was stored.

    ``allowed`` is every event type that may be appended now (the refused type too when it
    is possible with other facts, such as another date); ``shown`` the ones the message lists:
    the process steps that make sense now, never the refused type (the others are counted,
    not listed, so that a message stays one readable line)."""

    def __init__(
        self,
        case_id: str,
        state: str,
        event_type: str,
        allowed: Sequence[str],
        reason: str | Phrase = "",
        *,
        shown: Sequence[str] | None = None,
    ) -> None:
        self.case_id = case_id
        self.state = state
        self.event_type = event_type
        self.allowed = tuple(allowed)
        self.reason = _kept(reason) or ""
        self.reason_phrase = as_phrase(reason)
        listed = shown if shown is not None else _process_events(self.allowed)
        # The message never lists the refused event as allowed: at most, the same type with
        # other facts (another date) is possible, and then it says so.
        self.shown = tuple(a for a in listed if a != event_type)
        others = [a for a in self.allowed if a != event_type]
        hidden = len(others) - len(self.shown)
        if len(others) <= _LIST_ALL:
            self.shown, hidden = tuple(others), 0
        self.phrase = Phrase(
            "error.transition",
            {
                "case_id": case_id,
                "state": state,
                "state_label": Phrase(f"state.{state}") if f"state.{state}" in _keys() else state,
                "event_type": event_type,
                "reason": (Phrase("error.transition.reason", {"reason": reason}) if reason else ""),
                "allowed": _allowed_phrase(
                    self.shown, hidden, event_type, event_type in self.allowed
                ),
            },
        )
        Exception.__init__(self, one_line(self.phrase.render("en")))


class ConcurrencyConflictError(PoortwachterError):
    """Someone else appended to the case first; reload it and decide again."""

    def __init__(self, case_id: str, expected_version: int, actual_version: int) -> None:
        self.case_id = case_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        self._say(
            "error.conflict",
            case_id=case_id,
            expected_version=expected_version,
            actual_version=actual_version,
        )


class StoreUnavailableError(PoortwachterError):
    """The database cannot be reached or stayed locked; nothing was written. Retry later."""

    def __init__(self, url: str, reason: str | Phrase, *, cause: str = "unreachable") -> None:
        self.url = url
        self.reason = _kept(reason) or ""
        #: What went wrong, so that the message gives one advice: "missing" (no database file),
        #: "outdated" (schema behind), "locked" (another writer holds the lock), "file" (an
        #: SQLite file that cannot be read or written), "unreachable" (server or URL).
        self.cause = cause
        self._say(f"error.store.{cause}", url=url, reason=reason)


class IntegrityViolationError(PoortwachterError):
    """The stored event log of a case fails its hash-chain check."""

    def __init__(self, case_id: str, seq: int | None, reason: str | Phrase) -> None:
        self.case_id = case_id
        self.seq = seq
        self.reason = _kept(reason) or ""
        at = Phrase("error.integrity.at", {"seq": seq}) if seq is not None else ""
        self._say("error.integrity", case_id=case_id, at=at, reason=reason)


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
        self._say("error.case_open", case_id=open_case_id, first_sick_day=first_sick_day)


class InvalidArgumentError(InvalidEventError):
    """An argument of an Engine method or a command-line option is wrong; nothing was stored.

    A subclass of :class:`InvalidEventError` because ids and dates are the facts of events:
    code that catches bad event input keeps catching bad arguments. ``field`` names the
    parameter (``case_id``, ``as_of``, ``limit``, ...).
    """

    def __init__(
        self, field: str, reason: str | Phrase, *, expected: str | Phrase | None = None
    ) -> None:
        super().__init__(reason, field=field, expected=expected)


class InvalidDatabaseError(PoortwachterError):
    """The database named is not one poortwachter can use (not SQLite, a bad URL, a
    directory): bad input, not an outage. The URL in the message never shows a password."""

    def __init__(self, url: str, reason: str | Phrase) -> None:
        self.url = url
        self.reason = _kept(reason) or ""
        self._say("error.database", url=url, reason=reason)


class MedicalTermError(InvalidEventError):
    """A free-text field names a medical term and the policy refuses it (nothing was stored).

    ``field`` and ``term`` say where and what; rephrase the text in work-related terms.
    """

    def __init__(self, field: str, term: str, *, event_type: str | None = None) -> None:
        self.term = term
        super().__init__(
            Phrase("error.medical.reason", {"term": repr(term)}),
            event_type=event_type,
            field=field,
            expected=Phrase("error.medical.expected"),
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


class MedicalTermInIdError(MedicalTermError):
    """An id (case, employee, casemanager, actor, contact, participant) names a medical term.

    Ids are pseudonymous references, never free text, so this is refused whatever the free-text
    policy says (nothing was stored). ``field`` names the id's field, ``term`` the term."""

    def __init__(self, field: str, term: str, *, event_type: str | None = None) -> None:
        self.term = term
        InvalidEventError.__init__(
            self,
            Phrase("error.medical_id", {"term": repr(term)}),
            event_type=event_type,
            field=field,
            expected=Phrase("error.medical_id.expected"),
        )
