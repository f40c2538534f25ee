"""The conversation family: contact moments, agreements, cadence and the werkbalansgesprek.

These events record the human side of a case: who spoke with whom, when, about what work, and
which agreements ("who does what by when") were made, kept or missed. They are judged by the
conversation guard (``poortwachter.workflows.conversations``), not by the WVP machine.

Nothing medical has a field here. People are pseudonymous references with a role; free text
(a purpose, a summary, an agreement's action, the parts of the werkbalansgesprek) is for
work-related content only, and the engine's medical-term guard checks every such field
(:func:`free_text_of` lists them). Times of day carry their UTC offset. The value types
(references, instants, free text, roles) are :mod:`poortwachter.events.conversation_fields`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from poortwachter.events.base import EventBase, IsoDate
from poortwachter.events.conversation_fields import (
    Acknowledgement,
    ChangeReason,
    ContactForm,
    FreeText,
    Instant,
    Observation,
    Part,
    Participant,
    Prepares,
    Ref,
    Role,
    free_text_of,
    local_date,
)
from poortwachter.events.records import CasemanagerAssigned

__all__ = [
    "Acknowledgement",
    "AgreementAcknowledged",
    "AgreementKept",
    "AgreementMade",
    "AgreementMissed",
    "AgreementWithdrawn",
    "CasemanagerHandedOver",
    "ContactCadenceAgreed",
    "ContactCancelled",
    "ContactHeld",
    "ContactMoved",
    "ContactPlanned",
    "ConversationEvent",
    "FollowUp",
    "Participant",
    "ProgressNoted",
    "QuietPeriodAgreed",
    "WerkbalansAgreement",
    "WerkbalansgesprekHeld",
    "free_text_of",
    "local_date",
]


class ConversationEvent(EventBase):
    """Base of the family: the conversation guard judges these."""

    family: ClassVar[str] = "conversation"
    #: Stored rows hold nested parts and aware times: read back through validation.
    validate_on_read: ClassVar[bool] = True


def _effective_from(data: Any, time_field: str) -> Any:
    """Fill ``effective`` from a time of day when it is left out: the Dutch calendar day."""
    if isinstance(data, dict) and "effective" not in data and data.get(time_field) is not None:
        value = data[time_field]
        try:
            instant = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return data  # the field's own validation names the problem
        if instant.tzinfo is not None:
            return {**data, "effective": local_date(instant)}
    return data


class ContactPlanned(ConversationEvent):
    """A contact moment is planned (``effective``: the day it was planned)."""

    labels = ("Contactmoment gepland", "Contact moment planned")
    day_rank = 41

    type: Literal["contact_planned"] = "contact_planned"
    contact_id: Ref = Field(description="Id of the contact moment, unique in the case.")
    at: Instant = Field(description="Date and time with offset, e.g. 2026-03-10T10:00+01:00.")
    form: ContactForm
    participants: list[Participant] = Field(min_length=1, max_length=20)
    purpose: FreeText
    prepares: Prepares | None = Field(default=None, description="The legal moment it prepares.")
    duration_minutes: int | None = Field(default=None, ge=5, le=480)


class ContactMoved(ConversationEvent):
    """A planned contact moment moves to another time (the old time stays in the chain)."""

    labels = ("Contactmoment verzet", "Contact moment moved")
    day_rank = 42

    type: Literal["contact_moved"] = "contact_moved"
    contact_id: Ref
    at: Instant = Field(description="The new date and time, with offset.")
    reason: ChangeReason
    form: ContactForm | None = None


class ContactCancelled(ConversationEvent):
    """A planned contact moment will not take place."""

    labels = ("Contactmoment geannuleerd", "Contact moment cancelled")
    day_rank = 43

    type: Literal["contact_cancelled"] = "contact_cancelled"
    contact_id: Ref
    reason: ChangeReason


class ContactHeld(ConversationEvent):
    """A contact moment took place, with a work-related summary.

    ``effective`` is the Dutch calendar day of ``at`` (filled in when left out). For a planned
    moment, form, participants, purpose and ``prepares`` default to the plan's.
    """

    labels = ("Contactmoment gehouden", "Contact moment held")
    day_rank = 50

    type: Literal["contact_held"] = "contact_held"
    contact_id: Ref
    at: Instant
    form: ContactForm | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=20)
    purpose: FreeText | None = None
    prepares: Prepares | None = None
    summary: FreeText

    @model_validator(mode="before")
    @classmethod
    def _fill_effective(cls, data: Any) -> Any:
        return _effective_from(data, "at")


class ProgressNoted(ConversationEvent):
    """Observed progress as a narrative note next to the formal milestones (seed 000)."""

    labels = ("Voortgang genoteerd", "Progress noted")
    day_rank = 58

    type: Literal["progress_noted"] = "progress_noted"
    observations: list[Observation] = Field(min_length=1, max_length=8)
    note: FreeText | None = None
    contact_id: Ref | None = None


class AgreementMade(ConversationEvent):
    """An agreement: who (``owner``) does what (``action``) by when (``due``)."""

    labels = ("Afspraak gemaakt", "Agreement made")
    day_rank = 55

    type: Literal["agreement_made"] = "agreement_made"
    agreement_id: Ref
    owner: Participant = Field(description="Who does it: a pseudonymous reference and role.")
    action: FreeText
    due: IsoDate
    contact_id: Ref | None = Field(default=None, description="The contact moment it was made in.")
    acknowledgements: list[Acknowledgement] = Field(default_factory=list, max_length=20)


class AgreementKept(ConversationEvent):
    """The agreement was kept."""

    labels = ("Afspraak nagekomen", "Agreement kept")
    day_rank = 56

    type: Literal["agreement_kept"] = "agreement_kept"
    agreement_id: Ref
    note: FreeText | None = None


class AgreementMissed(ConversationEvent):
    """The agreement was not kept: why, and (when renewed) the new date (seed 002)."""

    labels = ("Afspraak niet nagekomen", "Agreement missed")
    day_rank = 56

    type: Literal["agreement_missed"] = "agreement_missed"
    agreement_id: Ref
    reason: Literal[
        "forgotten",
        "not_feasible",
        "circumstances_changed",
        "waiting_on_others",
        "disagreed",
        "other",
    ]
    note: FreeText | None = None
    new_due: IsoDate | None = Field(default=None, description="The renewed due date, if any.")


class AgreementWithdrawn(ConversationEvent):
    """The agreement no longer applies."""

    labels = ("Afspraak ingetrokken", "Agreement withdrawn")
    day_rank = 56

    type: Literal["agreement_withdrawn"] = "agreement_withdrawn"
    agreement_id: Ref
    reason: Literal["no_longer_relevant", "replaced", "agreed_by_parties", "other"]


class AgreementAcknowledged(ConversationEvent):
    """A party acknowledges an agreement (signature, recorded verbally, portal)."""

    labels = ("Afspraak bevestigd", "Agreement acknowledged")
    day_rank = 57

    type: Literal["agreement_acknowledged"] = "agreement_acknowledged"
    agreement_id: Ref
    by: Participant
    how: Literal["signature", "verbal", "portal"]


class ContactCadenceAgreed(ConversationEvent):
    """The agreed rhythm of contact, e.g. every two weeks with the employee, or a driegesprek
    (employee, manager, casemanager) every six weeks. The same ``cadence_id`` replaces it."""

    labels = ("Contactritme afgesproken", "Contact cadence agreed")
    day_rank = 45

    type: Literal["contact_cadence_agreed"] = "contact_cadence_agreed"
    cadence_id: Ref
    with_roles: list[Role] = Field(min_length=1, max_length=8)
    every: int = Field(ge=1, le=260, strict=True)
    unit: Literal["working_days", "weeks"] = "weeks"

    @property
    def working_days(self) -> int:
        """The interval in working days (a week is five working days)."""
        return self.every * 5 if self.unit == "weeks" else self.every


class QuietPeriodAgreed(ConversationEvent):
    """An agreed rest period: the contact cadence is suspended from ``start`` to ``end``."""

    labels = ("Rustperiode afgesproken", "Quiet period agreed")
    day_rank = 46

    type: Literal["quiet_period_agreed"] = "quiet_period_agreed"
    start: IsoDate
    end: IsoDate
    reason: Literal["holiday", "agreed_rest", "other"]


class CasemanagerHandedOver(CasemanagerAssigned):
    """A handover to a new casemanager, with the reason; the case keeps its whole history."""

    family: ClassVar[str] = "conversation"
    validate_on_read: ClassVar[bool] = True
    labels = ("Casemanager overgedragen", "Casemanager handed over")
    day_rank = 11

    type: Literal["casemanager_handed_over"] = "casemanager_handed_over"  # type: ignore[assignment]
    previous: str = Field(min_length=1, max_length=200, description="The casemanager until now.")
    reason: Literal[
        "leave", "workload", "left_organisation", "reorganisation", "employee_request", "other"
    ]


class WerkbalansAgreement(Part):
    """An agreement made in the werkbalansgesprek (it becomes an agreement record)."""

    agreement_id: Ref
    owner: Participant
    action: FreeText
    due: IsoDate


class FollowUp(Part):
    """A follow-up conversation of the werkbalansgesprek (it becomes a planned contact)."""

    contact_id: Ref
    goal: FreeText
    at: Instant


class WerkbalansgesprekHeld(ConversationEvent):
    """The werkbalansgesprek after long absence, with exactly the parts of its form.

    Date (``effective``), employee and manager (pseudonymous), both views of the
    re-integration and recovery, what goes better, what is still hard, risk factors in the work
    and other non-medical ones, what the employee can do, what they need from others, next steps
    if the return is not lasting, agreements, up to three follow-ups, and acknowledgements.
    """

    labels = ("Werkbalansgesprek gehouden", "Werkbalansgesprek held")
    day_rank = 125

    type: Literal["werkbalansgesprek_held"] = "werkbalansgesprek_held"
    werkbalansgesprek_id: Ref
    employee: Ref
    manager: Ref
    manager_role: Literal["manager", "hr"] = "manager"
    employee_view: FreeText
    employer_view: FreeText
    going_better: FreeText = Field(description="What goes better now and how that shows.")
    still_hard: FreeText = Field(description="Which tasks are still hard and what is needed.")
    work_risk_factors: FreeText
    other_risk_factors: FreeText = Field(description="Other, non-medical risk factors.")
    own_actions: FreeText = Field(description="What the employee can do when they arise.")
    needs_from_others: FreeText
    next_steps_if_not_lasting: FreeText
    agreements: list[WerkbalansAgreement] = Field(default_factory=list, max_length=20)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=3)
    acknowledgements: list[Acknowledgement] = Field(default_factory=list, max_length=4)
