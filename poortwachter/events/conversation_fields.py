"""The value types of conversation events: pseudonymous references, aware instants, the
closed vocabularies, and free text that the medical-term guard reads.

Kept apart from the events so what may be stored about people (a reference and a role, never a
name or a BSN) and which text is checked for medical terms (:data:`FreeText`, listed by
:func:`free_text_of`) are defined once, whatever event carries them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from poortwachter.events.base import IsoDate

__all__ = [
    "Acknowledgement",
    "ChangeReason",
    "ContactForm",
    "FreeText",
    "Instant",
    "Observation",
    "Part",
    "Participant",
    "Prepares",
    "Ref",
    "Role",
    "free_text_of",
    "local_date",
]

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def local_date(instant: dt.datetime) -> dt.date:
    """The calendar day in the Netherlands of an aware instant."""
    return instant.astimezone(_AMSTERDAM).date()


def _ref(value: str) -> str:
    """A pseudonymous reference: no spaces (keeps names out), no BSN."""
    from poortwachter.privacy import is_bsn

    if not _REF.fullmatch(value):
        raise ValueError(
            f"{value[:80]!r} is not a pseudonymous id (1-64 letters, digits or . _ - : "
            f"without spaces, e.g. 'emp-4711')"
        )
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) in (8, 9) and is_bsn(digits):
        raise ValueError(f"{value!r} looks like a BSN; use a pseudonymous reference")
    return value


class _FreeText:
    """Marks a field as work-related free text: the medical-term guard reads it."""


def _instant(value: object) -> object:
    """A date and time only as ISO text or a datetime: never a number (a Unix timestamp)."""
    if isinstance(value, dt.datetime | str):
        return value
    raise ValueError(
        f"{value!r} is not a date and time; expected ISO 8601 with its UTC offset, "
        f"e.g. 2026-03-10T10:00:00+01:00"
    )


#: A moment in time with its UTC offset (ISO 8601 text).
Instant = Annotated[AwareDatetime, BeforeValidator(_instant)]
#: A pseudonymous reference (a person, a contact moment, an agreement).
Ref = Annotated[str, AfterValidator(_ref)]
#: Work-related free text, checked by the medical-term guard.
FreeText = Annotated[str, Field(min_length=1, max_length=2000), _FreeText()]

Role = Literal[
    "employee",
    "manager",
    "casemanager",
    "occupational_physician",
    "labour_expert",
    "jobcoach",
    "career_adviser",
    "hr",
]
ContactForm = Literal["in_person", "phone", "video"]
#: The legal moment a conversation prepares (values of ``DeadlineKind``).
Prepares = Literal[
    "problem_analysis",
    "plan_of_approach",
    "plan_evaluation",
    "uwv_sick_report",
    "first_year_evaluation",
    "reintegration_report",
    "wia_application",
    "relapse_window_end",
]
#: Why a contact moment was moved or cancelled; maps one-to-one onto the field's vocabularies
#: (see ``poortwachter.conversations.export``).
ChangeReason = Literal[
    "by_employee",
    "by_employer",
    "by_professional",
    "employee_recovered",
    "no_show",
    "replaced",
    "other",
]
Observation = Literal[
    "renewed_confidence",
    "clearer_boundaries",
    "taking_action",
    "stress_regulation",
    "future_perspective",
    "more_hours",
    "new_tasks",
    "other",
]


class Part(BaseModel):
    """A frozen part of an event (a person, an acknowledgement, a follow-up)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Participant(Part):
    """Someone taking part, by pseudonymous reference and role (never a name)."""

    ref: Ref
    role: Role


class Acknowledgement(Part):
    """A party's acknowledgement of an agreement or form: who, when and how."""

    by: Participant
    acknowledged_on: IsoDate
    how: Literal["signature", "verbal", "portal"]


def _marked(annotation: Any) -> bool:
    """Whether an annotation (or a member of its union) is :data:`FreeText`."""
    if any(isinstance(m, _FreeText) for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_marked(arg) for arg in get_args(annotation) if arg is not type(None))


def free_text_of(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every work-related free-text value of ``model`` as (field path, text), nested too."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, str):
            if any(isinstance(m, _FreeText) for m in info.metadata) or _marked(info.annotation):
                yield path, value
        elif isinstance(value, BaseModel):
            yield from free_text_of(value, path + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from free_text_of(item, f"{path}.{i}.")
