"""The case vocabulary: frozen, versioned pydantic events with a ``type`` discriminator.

An event is a fact about one sickness case with the date it took effect in law (``effective``).
Who recorded it and when (``recorded_at``) is the store's envelope, not part of the fact.

Privacy by construction: no event has a field for a diagnosis, a cause or any other medical
detail. ``same_cause_as_before`` on a sick report is a yes/no that the bedrijfsarts gives for the
Wazo bridge (samentelling around pregnancy leave); the cause itself is never stored. Unknown
fields are refused, so nothing medical can slip in through an extra key.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from poortwachter.errors import InvalidEventError

__all__ = [
    "EVENT_TYPES",
    "CaseClosed",
    "CasemanagerAssigned",
    "EmploymentEnded",
    "Event",
    "EventBase",
    "EventCorrected",
    "FirstYearEvaluationCompleted",
    "MaternityLeave",
    "PlanEvaluated",
    "PlanOfApproachAgreed",
    "ProblemAnalysisCompleted",
    "Recovered",
    "ReintegrationReportCompleted",
    "SickReported",
    "Spoor2Started",
    "UwvSickReportSent",
    "UwvWiaLetterReceived",
    "WageSanctionImposed",
    "WageSanctionShortened",
    "WaitingPeriodExtended",
    "WiaApplied",
    "WorkPartiallyResumed",
    "day_key",
    "parse_event",
    "parse_events",
    "sort_key",
    "sorted_events",
]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Accept a date or a 'YYYY-MM-DD' string only: no timestamps, no numbers, no times."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time of day is expected (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic then checks that the day exists
    raise ValueError(f"{value!r} is not an ISO date; expected YYYY-MM-DD, e.g. 2026-03-02")


#: A calendar date, given as an ISO string in JSON (never a number or a timestamp).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class EventBase(BaseModel):
    """Common shape: a stable ``type`` name and the ``effective`` date in law."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    #: Bumped when a type's payload changes shape; old payloads are upcast on read.
    schema_version: ClassVar[int] = 1

    type: str
    effective: IsoDate = Field(description="The date the fact took effect (ISO YYYY-MM-DD).")

    def payload(self) -> dict[str, Any]:
        """JSON-ready dict of the event, the canonical form stored and hashed."""
        return self.model_dump(mode="json")


class SickReported(EventBase):
    """Ziekmelding: the employee reports sick; ``effective`` is the first sick day."""

    type: Literal["sick_reported"] = "sick_reported"
    same_cause_as_before: bool | None = Field(
        default=None,
        strict=True,
        description=(
            "Only after a Wazo pregnancy/maternity leave: whether the bedrijfsarts says the "
            "incapacity has the same cause as before the leave (yes/no only, never the cause)."
        ),
    )


class ProblemAnalysisCompleted(EventBase):
    """Probleemanalyse by the bedrijfsarts is done (Regeling procesgang art. 2)."""

    type: Literal["problem_analysis_completed"] = "problem_analysis_completed"


class PlanOfApproachAgreed(EventBase):
    """Plan van aanpak agreed by employer and employee (BW 7:658a lid 3)."""

    type: Literal["plan_of_approach_agreed"] = "plan_of_approach_agreed"


class PlanEvaluated(EventBase):
    """A periodic evaluation (and, where needed, bijstelling) of the plan van aanpak."""

    type: Literal["plan_evaluated"] = "plan_evaluated"


class WorkPartiallyResumed(EventBase):
    """Partial or therapeutic return to work. The sickness clock keeps running."""

    type: Literal["work_partially_resumed"] = "work_partially_resumed"
    percentage: int = Field(
        ge=1,
        le=99,
        strict=True,
        description="Share of the agreed work (hours and tasks) resumed, 1-99.",
    )


class Recovered(EventBase):
    """Hersteldmelding: ``effective`` is the first day fully able to do the agreed work."""

    type: Literal["recovered"] = "recovered"


class MaternityLeave(EventBase):
    """Wazo pregnancy/maternity leave from ``effective`` through ``end`` (both included)."""

    type: Literal["maternity_leave"] = "maternity_leave"
    end: IsoDate = Field(description="Last day of the leave (ISO YYYY-MM-DD).")

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("effective")
        if isinstance(start, dt.date) and end < start:
            raise ValueError(
                f"{end.isoformat()} lies before the first leave day {start.isoformat()}; "
                f"expected the last day of the leave"
            )
        return end


class UwvSickReportSent(EventBase):
    """The 42nd-week sick report (ziekmelding bij UWV) was made (ZW art. 38)."""

    type: Literal["uwv_sick_report_sent"] = "uwv_sick_report_sent"


class FirstYearEvaluationCompleted(EventBase):
    """Eerstejaarsevaluatie held (Regeling procesgang)."""

    type: Literal["first_year_evaluation_completed"] = "first_year_evaluation_completed"


class ReintegrationReportCompleted(EventBase):
    """Re-integratieverslag completed and a copy given to the employee (WIA art. 25 lid 3)."""

    type: Literal["reintegration_report_completed"] = "reintegration_report_completed"


class WiaApplied(EventBase):
    """The employee applied for WIA (WIA art. 64)."""

    type: Literal["wia_applied"] = "wia_applied"


class UwvWiaLetterReceived(EventBase):
    """UWV's letter about the WIA application ('bijna 2 jaar ziek', WIA art. 64 lid 2)."""

    type: Literal["uwv_wia_letter_received"] = "uwv_wia_letter_received"


class WageSanctionImposed(EventBase):
    """Loonsanctie: UWV extends the wage obligation (WIA art. 25 lid 9)."""

    type: Literal["wage_sanction_imposed"] = "wage_sanction_imposed"
    weeks: int = Field(
        ge=1, le=52, strict=True, description="Length of the loonsanctie in weeks, 1-52."
    )


class WageSanctionShortened(EventBase):
    """Bekortingsverzoek granted; ``effective`` is the date of UWV's decision."""

    type: Literal["wage_sanction_shortened"] = "wage_sanction_shortened"


class WaitingPeriodExtended(EventBase):
    """Vrijwillige verlenging of the wachttijd, agreed by employer and employee (WIA art. 24)."""

    type: Literal["waiting_period_extended"] = "waiting_period_extended"
    weeks: int = Field(
        ge=13,
        le=520,
        strict=True,
        description="Length of the extension in weeks; UWV grants at least 13 (WIA art. 24).",
    )


class Spoor2Started(EventBase):
    """Re-integratie spoor 2 (work with another employer) started (BW 7:658a lid 1)."""

    type: Literal["spoor2_started"] = "spoor2_started"


class CasemanagerAssigned(EventBase):
    """The named casemanager for the case (Regeling procesgang); a change is a new event."""

    type: Literal["casemanager_assigned"] = "casemanager_assigned"
    casemanager: str = Field(
        min_length=1, max_length=200, description="Name or id of the casemanager."
    )


class EmploymentEnded(EventBase):
    """The employment ended; ``effective`` is the first day without employment."""

    type: Literal["employment_ended"] = "employment_ended"


class CaseClosed(EventBase):
    """The case is closed: nothing more can be recorded on it."""

    type: Literal["case_closed"] = "case_closed"
    reason: Literal[
        "recovered", "waiting_period_ended", "employment_ended", "opened_in_error", "other"
    ] = Field(description="Why the case closed.")


class EventCorrected(EventBase):
    """A correction of an earlier event, by its sequence number; events are never edited.

    ``replacement`` is the event as it should have been recorded (same vocabulary); without it
    the corrected event is withdrawn. ``effective`` is the date of the correction itself.
    """

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
        kind = EVENT_TYPES.get(str(self.replacement.get("type")))
        current = kind.schema_version if kind is not None else None
        if self.replacement_schema_version not in (None, current):
            # Written under an older schema: the store's upcasters lift it when it is read.
            return self
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


Event = Annotated[
    SickReported
    | ProblemAnalysisCompleted
    | PlanOfApproachAgreed
    | PlanEvaluated
    | WorkPartiallyResumed
    | Recovered
    | MaternityLeave
    | UwvSickReportSent
    | FirstYearEvaluationCompleted
    | ReintegrationReportCompleted
    | WiaApplied
    | UwvWiaLetterReceived
    | WageSanctionImposed
    | WageSanctionShortened
    | WaitingPeriodExtended
    | Spoor2Started
    | CasemanagerAssigned
    | EmploymentEnded
    | CaseClosed
    | EventCorrected,
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

#: Event type name -> class, derived from the union so the two cannot drift apart.
EVENT_TYPES: Mapping[str, type[EventBase]] = {
    cls.model_fields["type"].default: cls for cls in typing.get_args(typing.get_args(Event)[0])
}

# Same-day order follows the process: a sick report opens the day, the analysis comes before
# the plan and the plan before its evaluation, a recovery or closing ends the day. This makes the
# derived facts independent of the order in which events happen to be listed or recorded.
_DAY_ORDER: Mapping[str, int] = {
    name: rank
    for rank, names in enumerate(
        (
            ("sick_reported",),
            ("casemanager_assigned", "maternity_leave"),
            ("problem_analysis_completed",),
            ("plan_of_approach_agreed",),
            ("plan_evaluated", "work_partially_resumed", "spoor2_started"),
            ("uwv_sick_report_sent", "uwv_wia_letter_received"),
            ("first_year_evaluation_completed",),
            ("reintegration_report_completed",),
            ("wia_applied",),
            ("wage_sanction_imposed",),
            ("wage_sanction_shortened", "waiting_period_extended", "event_corrected"),
            ("employment_ended",),
            ("recovered",),
            ("case_closed",),
        )
    )
    for name in names
}


def sort_key(event: EventBase) -> tuple[dt.date, int, str]:
    """Canonical order of events: by effective date, then by kind, then by content."""
    return (event.effective, _DAY_ORDER[event.type], event.model_dump_json())


def _describe_expected(err_type: str, ctx: Mapping[str, Any] | None) -> str | None:
    ctx = ctx or {}
    if err_type.startswith("date"):
        return "an ISO date YYYY-MM-DD that exists in the calendar"
    if err_type == "extra_forbidden":
        return "no such field (events hold no free-form or medical data)"
    if err_type == "missing":
        return "this required field"
    if err_type == "union_tag_invalid":
        return "one of: " + ", ".join(sorted(EVENT_TYPES))
    if err_type == "union_tag_not_found":
        return "a 'type' field naming the event, one of: " + ", ".join(sorted(EVENT_TYPES))
    if err_type in {"greater_than_equal", "less_than_equal"}:
        words = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
        bounds = " and ".join(f"{words.get(k, k)} {v}" for k, v in ctx.items())
        return f"a whole number {bounds}"
    if err_type.startswith("int"):
        return "a whole number"
    if err_type.startswith("bool"):
        return "true or false"
    if err_type == "value_error":
        return None
    if err_type == "literal_error" and "expected" in ctx:
        return f"one of {ctx['expected']}"
    return err_type.replace("_", " ")


def parse_event(data: Any, *, index: int | None = None) -> Event:
    """Validate one raw event (a mapping) or raise :class:`InvalidEventError`."""
    event_type = data.get("type") if isinstance(data, Mapping) else None
    if not isinstance(data, Mapping):
        raise InvalidEventError(
            f"is a {type(data).__name__}, not an object",
            index=index,
            expected='an object like {"type": "sick_reported", "effective": "2026-03-02"}',
        )
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        # The discriminated union puts the tag first in loc; drop it to name the field.
        if loc and isinstance(event_type, str) and loc[0] == event_type:
            loc = loc[1:]
        field = ".".join(loc) or ("type" if first["type"].startswith("union_tag") else None)
        reason = first["msg"]
        if first["type"] == "union_tag_invalid":
            reason = f"unknown event type {event_type!r}"
        elif first["type"] == "extra_forbidden":
            reason = "unknown field"
        elif first["type"] == "value_error":
            reason = reason.removeprefix("Value error, ")
        raise InvalidEventError(
            reason,
            index=index,
            event_type=event_type if isinstance(event_type, str) else None,
            field=field,
            expected=_describe_expected(first["type"], first.get("ctx")),
        ) from None


def parse_events(raw: Iterable[Any]) -> list[Event]:
    """Validate a list of raw events, keeping their input order (index = position)."""
    return [parse_event(item, index=i) for i, item in enumerate(raw)]


def day_key(event: EventBase) -> tuple[dt.date, int, str]:
    """Order by effective date, then kind (a sick report opens the day, a recovery ends it)."""
    return (event.effective, _DAY_ORDER[event.type], event.type)


def _cheap_key(pair: tuple[int, EventBase]) -> tuple[dt.date, int, str]:
    return day_key(pair[1])


def sorted_events(events: Sequence[EventBase]) -> list[tuple[int, EventBase]]:
    """Events with their input index, in canonical order (see :func:`sort_key`).

    Serialising every event for the tie-break is costly, so it is done only when two events
    share date and type (rare), which keeps the order independent of the listing order.
    """
    pairs = sorted(enumerate(events), key=_cheap_key)
    keys = [_cheap_key(p) for p in pairs]
    if any(a == b for a, b in itertools.pairwise(keys)):
        pairs.sort(key=lambda pair: sort_key(pair[1]))
    return pairs
