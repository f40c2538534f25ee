"""What the Engine returns: frozen pydantic read models, JSON-ready."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from poortwachter.rules.model import Deadline

__all__ = ["AgendaItem", "CaseView", "RecordedEvent", "Replay", "TimelineEntry"]

_FROZEN = ConfigDict(frozen=True)


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
    as_of: dt.date
    deadlines: tuple[Deadline, ...]
    allowed_events: tuple[str, ...]


class AgendaItem(BaseModel):
    """One open case's next legal moment, for a casemanager's planning."""

    model_config = _FROZEN

    case_id: str
    employee_ref: str
    casemanager: str | None
    state: str
    due: dt.date
    kind: str
    label: str


class TimelineEntry(_EventRecord):
    """One stored event in the timeline, with its correction links."""

    #: Set when a later correction replaced or withdrew this event.
    corrected_by: int | None = None
    #: Days between the effective date and the day it was recorded (late entries stand out).
    recorded_days_after_effective: int


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
