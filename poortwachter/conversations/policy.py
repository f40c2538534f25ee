"""An organisation's choices about conversations, applied to new events only.

The guard refuses what cannot be true; a policy refuses what an organisation does not want
(a contact recorded as held that was never planned, a medical term in free text) and sets the
thresholds of the signals. Policies are applied when events are recorded, never when a stored
log is folded again, so changing a policy never makes an existing dossier unreadable.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.medical_terms import (
    MedicalTermFinding,
    MedicalTermPolicy,
    check_free_text,
)
from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.events.conversations import ContactHeld, ContactPlanned, free_text_of
from poortwachter.views import RecordedEvent

__all__ = ["ConversationPolicy", "ConversationRecord", "check_new_events"]

MEDICAL_ENV = "POORTWACHTER_MEDICAL_TERMS"
UNPLANNED_ENV = "POORTWACHTER_UNPLANNED_CONTACTS"


class ConversationPolicy(BaseModel):
    """The choices, each with its default; :meth:`from_env` reads the environment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    medical_terms: MedicalTermPolicy = Field(
        default="warn",
        description="A medical term in free text: store and warn (default) or refuse.",
    )
    unplanned_contacts: Literal["allow", "refuse"] = Field(
        default="allow",
        description="A contact recorded as held without a plan: allow (default) or refuse.",
    )
    long_absence_days: int = Field(
        default=42,
        ge=1,
        description="A recovery after a sick period this long (days) asks for a werkbalansgesprek.",
    )
    werkbalans_within_working_days: int = Field(
        default=10, ge=1, description="The werkbalansgesprek within this many working days."
    )
    plan_evaluation_weeks: int = Field(
        default=6, ge=1, description="The plan of approach is evaluated at least this often."
    )
    missed_in_a_row: int = Field(
        default=3, ge=2, le=20, description="This many missed agreements in a row is a pattern."
    )
    prepare_within_working_days: int = Field(
        default=10,
        ge=1,
        description="A legal moment this close (working days) wants a conversation preparing it.",
    )

    @classmethod
    def from_env(cls) -> ConversationPolicy:
        """The defaults, with ``POORTWACHTER_MEDICAL_TERMS`` (warn|refuse) and
        ``POORTWACHTER_UNPLANNED_CONTACTS`` (allow|refuse) when set."""
        values: dict[str, str] = {}
        for env, name in ((MEDICAL_ENV, "medical_terms"), (UNPLANNED_ENV, "unplanned_contacts")):
            value = os.environ.get(env)
            if value:
                values[name] = value.strip()
        try:
            return cls.model_validate(values)
        except ValueError:
            raise InvalidEventError(
                f"the environment sets {values}",
                field=f"{MEDICAL_ENV} / {UNPLANNED_ENV}",
                expected="POORTWACHTER_MEDICAL_TERMS=warn|refuse and "
                "POORTWACHTER_UNPLANNED_CONTACTS=allow|refuse",
            ) from None


class ConversationRecord(BaseModel):
    """Recorded conversation events and the medical-term findings the policy let through."""

    model_config = ConfigDict(frozen=True)

    recorded: tuple[RecordedEvent, ...]
    warnings: tuple[MedicalTermFinding, ...]


def check_new_events(
    events: Sequence[EventBase],
    fold: ConversationFold | None,
    policy: ConversationPolicy,
) -> list[MedicalTermFinding]:
    """Apply the policy to events about to be recorded (``fold``: the case before them).

    Raises :class:`~poortwachter.errors.MedicalTermError` or
    :class:`~poortwachter.errors.InvalidEventError`; returns the findings to warn about.
    """
    findings: list[MedicalTermFinding] = []
    planned = set(fold.contacts) if fold is not None else set()
    for index, event in enumerate(events):
        if event.family != "conversation":
            continue
        findings += check_free_text(
            free_text_of(event), policy.medical_terms, event_type=event.type
        )
        if isinstance(event, ContactPlanned):
            planned.add(event.contact_id)
        elif (
            isinstance(event, ContactHeld)
            and policy.unplanned_contacts == "refuse"
            and event.contact_id not in planned
        ):
            raise InvalidEventError(
                f"contact moment '{event.contact_id}' was not planned, and the policy asks "
                f"that every contact is planned before it is held",
                index=index,
                event_type=event.type,
                field="contact_id",
                expected="a contact_planned for it first (poortwachter contact plan)",
            )
    return findings
