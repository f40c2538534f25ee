"""What the Engine returns: frozen pydantic read models, JSON-ready."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializationInfo, field_serializer

from poortwachter.rules.model import Deadline
from poortwachter.texts import LANGUAGES

__all__ = [
    "AgendaItem",
    "CaseFactsView",
    "CaseSummary",
    "CaseView",
    "PlannedAction",
    "RecordedEvent",
    "Replay",
    "TimelineEntry",
]

_FROZEN = ConfigDict(frozen=True)


def _deadlines_json(deadlines: tuple[Deadline, ...], info: SerializationInfo) -> Any:
    """Deadlines as the ``deadlines`` command prints them (``explanation`` and ``flags`` in
    words), never as the internal message tuples. The language comes from the serialisation
    context (``model_dump(context={"language": "en"})``); Dutch by default."""
    context = info.context if isinstance(info.context, dict) else {}
    language = context.get("language", "nl")
    lang = language if language in LANGUAGES else "nl"
    if info.mode_is_json():
        return [d.as_json(lang) for d in deadlines]
    return deadlines


class _EventRecord(BaseModel):
    """The envelope every stored event has: place, fact, who and when."""

    model_config = _FROZEN

    seq: int
    type: str
    effective: dt.date
    recorded_at: dt.datetime
    actor: str
    payload: dict[str, Any]
    hash: str


class RecordedEvent(_EventRecord):
    """An event as stored: the fact plus who recorded it, when, and its place in the chain."""

    case_id: str


class CaseFactsView(BaseModel):
    """What the log says about the case now, in the terms a casemanager uses."""

    model_config = _FROZEN

    first_sick_day: dt.date
    sick_since: dt.date | None = None
    recovered_on: dt.date | None = None
    on_leave_until: dt.date | None = None
    plan_agreed: bool = False
    spoor2: bool = False
    wage_sanction: bool = False
    employment_ended_on: dt.date | None = None
    closed_on: dt.date | None = None


class CaseView(BaseModel):
    """A case now: its state, people, version and deadlines as of a date."""

    model_config = _FROZEN

    case_id: str
    employee_ref: str
    state: str
    casemanager: str | None
    first_sick_day: dt.date
    version: int
    closed: bool
    spoor2: bool
    facts: CaseFactsView
    as_of: dt.date
    deadlines: tuple[Deadline, ...]
    allowed_events: tuple[str, ...]
    #: The open legal actions by due date, each with its working day to plan on and status.
    open_actions: tuple[PlannedAction, ...] = ()
    #: The first of ``open_actions``: what to do next (``None`` when nothing is open).
    next_step: PlannedAction | None = None
    #: The "binnenkort" horizon the statuses were computed with, in working days.
    soon_working_days: int | None = None

    _serialize_deadlines = field_serializer("deadlines")(_deadlines_json)


class PlannedAction(BaseModel):
    """One open legal action as a casemanager plans it (see :mod:`poortwachter.planning`).

    ``due`` is the legal date, unchanged; ``plan_on`` the last working day on or before it;
    ``status`` a planning status computed when read (``overdue``, ``due``, ``soon``,
    ``upcoming``), with its words in ``status_label``.
    """

    model_config = _FROZEN

    kind: str
    label: str
    due: dt.date
    #: First day of the window, where the law gives one (the eerstejaarsevaluatie).
    window_start: dt.date | None = None
    plan_on: dt.date
    status: str
    status_label: str
    #: The due date has passed and the action is not done yet.
    overdue: bool = False


class AgendaItem(PlannedAction):
    """One open legal action of a case, for a casemanager's planning."""

    case_id: str
    employee_ref: str
    casemanager: str | None
    state: str
    state_label: str


class CaseSummary(BaseModel):
    """One case in a list: who, where it stands and its next legal step."""

    model_config = _FROZEN

    case_id: str
    employee_ref: str
    casemanager: str | None
    state: str
    state_label: str
    first_sick_day: dt.date
    closed: bool
    version: int
    #: The earliest open legal action (overdue ones included), or ``None``.
    next_step: PlannedAction | None


class TimelineEntry(_EventRecord):
    """One stored event in the timeline, with its correction links."""

    #: Set when a later correction replaced or withdrew this event.
    corrected_by: int | None = None
    #: Days between the effective date and the day it was recorded (late entries stand out).
    recorded_days_after_effective: int


class RecordedLate(BaseModel):
    """A moment done on time but recorded after its due date: the facts, worded by the
    reader (``poortwachter.replay.recorded_late_text``)."""

    model_config = _FROZEN

    kind: str
    done: dt.date
    due: dt.date
    recorded: dt.date


class Replay(BaseModel):
    """A case as it stood on ``as_of``, from what was known on ``known_on``."""

    model_config = _FROZEN

    case_id: str
    as_of: dt.date
    known_on: dt.date | None
    state: str
    seqs: tuple[int, ...]
    deadlines: tuple[Deadline, ...]
    #: Moments done on time but *recorded* after their due date: the dossier shows them late.
    recorded_late: tuple[str, ...] = ()
    #: The same moments as facts (kind, done, due, recorded), for words in any language.
    late_entries: tuple[RecordedLate, ...] = ()

    _serialize_deadlines = field_serializer("deadlines")(_deadlines_json)
