"""The record-keeping family: who runs the case, closing it, and correcting the record.

These events are about the dossier rather than the sickness, so the small record guard
(``poortwachter.workflows.records``) judges them, not the WVP machine.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from poortwachter.errors import InvalidEventError
from poortwachter.events.base import REGISTRY, EventBase

__all__ = ["CaseClosed", "CaseReopened", "CasemanagerAssigned", "EventCorrected", "RecordEvent"]


class RecordEvent(EventBase):
    """Base of the family."""

    family: ClassVar[str] = "record"


class CasemanagerAssigned(RecordEvent):
    """The named casemanager for the case (Regeling procesgang); a change is a new event."""

    labels = ("Casemanager toegewezen", "Casemanager assigned")
    day_rank = 10

    type: Literal["casemanager_assigned"] = "casemanager_assigned"
    casemanager: str = Field(
        min_length=1, max_length=200, description="Name or id of the casemanager."
    )


class CaseClosed(RecordEvent):
    """The case is closed: nothing more can be recorded on it."""

    labels = ("Dossier gesloten", "Case closed")
    day_rank = 130

    type: Literal["case_closed"] = "case_closed"
    reason: Literal[
        "recovered", "waiting_period_ended", "employment_ended", "opened_in_error", "other"
    ] = Field(description="Why the case closed.")


class CaseReopened(RecordEvent):
    """The closing is undone because the sickness continues: a relapse within the
    samentelling window (BW 7:629 lid 10) after the case was closed.

    ``effective`` is the day of the closing being undone (on or after it), and its place in the
    day comes after a closing, so the relapse folds into the same chain of sick periods: its
    deadlines run from the first sick day of the chain, not from the relapse.
    """

    labels = ("Dossier heropend", "Case reopened")
    day_rank = 135

    type: Literal["case_reopened"] = "case_reopened"
    reason: Literal["relapse", "closed_in_error"] = Field(
        description="Why, as a code: a relapse within the window, or a closing made in error."
    )


class EventCorrected(RecordEvent):
    """A correction of an earlier event, by its sequence number; events are never edited.

    ``replacement`` is the event as it should have been recorded (same vocabulary); without it
    the corrected event is withdrawn. ``effective`` is the date of the correction itself.
    """

    labels = ("Correctie", "Correction")
    day_rank = 100

    type: Literal["event_corrected"] = "event_corrected"
    corrects_seq: int = Field(
        ge=1, strict=True, description="Sequence number of the event being corrected."
    )
    reason: Literal[
        "wrong_date", "wrong_type", "wrong_value", "recorded_in_error", "duplicate", "other"
    ] = Field(description="Why, as a code: free text could carry medical details.")
    replacement: dict[str, Any] | None = Field(
        default=None, description="The corrected event as an object, or null to withdraw it."
    )
    replacement_schema_version: int | None = Field(
        default=None,
        description="Schema version of the replacement's type when it was recorded (filled in).",
    )

    @model_validator(mode="after")
    def _replacement_is_an_event(self) -> EventCorrected:
        if self.replacement is None:
            return self
        kind = REGISTRY.get(str(self.replacement.get("type")))
        current = kind.schema_version if kind is not None else None
        if self.replacement_schema_version not in (None, current):
            # Written under an older schema: the store's upcasters lift it when it is read.
            return self
        from poortwachter.events.parsing import parse_event

        try:
            event = parse_event(self.replacement)
        except InvalidEventError as exc:
            where = f".{exc.field}" if exc.field else ""
            hint = f"; expected {exc.expected}" if exc.expected else ""
            raise ValueError(f"replacement{where}: {exc.reason}{hint}") from None
        if isinstance(event, EventCorrected):
            raise ValueError("a replacement cannot itself be a correction")
        # Store the normalised form and its version, so hashes, replays and later upcasts
        # all see one canonical payload.
        object.__setattr__(self, "replacement", event.payload())
        object.__setattr__(self, "replacement_schema_version", event.schema_version)
        return self
