"""Value objects the store takes and returns (frozen pydantic models, no ORM)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from poortwachter.errors import IntegrityViolationError
from poortwachter.events import EVENT_TYPES, Event, parse_event, trusted_event
from poortwachter.store.upcasting import UPCASTERS

__all__ = [
    "AgendaRow",
    "CaseProjection",
    "CaseRow",
    "DeadlineState",
    "IntegrityIssue",
    "IssueKind",
    "OpenDeadline",
    "StoredEvent",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class StoredEvent(BaseModel):
    """One event as stored: the fact (``payload``) in its envelope, with its chain link.

    ``payload`` is exactly what was stored (possibly an old schema version); read
    :attr:`event` for the typed, current-version event.
    """

    model_config = _FROZEN

    case_id: str
    seq: int = Field(ge=1)
    type: str
    schema_version: int
    effective: dt.date
    recorded_at: AwareDatetime
    actor: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def event(self) -> Event:
        """The payload upcast to the current schema and parsed as an event.

        Raises :class:`~poortwachter.errors.InvalidEventError` when no upcaster bridges the
        stored version or the payload no longer validates.
        """
        cls = EVENT_TYPES.get(self.type)
        if cls is not None and cls.schema_version == self.schema_version:
            # Written by this store under the current schema and guarded by the hash chain:
            # rebuilt without validating again (reading trusts the store's own rows).
            try:
                return trusted_event(self.payload)
            except (KeyError, TypeError, ValueError):
                pass  # not as this store writes it: validate, which names what is wrong
        payload = UPCASTERS.upcast(self.type, self.schema_version, self.payload)
        return parse_event(payload, index=self.seq - 1)


#: Where an open legal action stood when the projection was computed (the open subset of
#: :class:`~poortwachter.rules.model.DeadlineStatus`; done or inapplicable actions are not open).
DeadlineState = Literal["upcoming", "due", "missed"]


class OpenDeadline(BaseModel):
    """One legal action of a case that is not done yet: a row of ``case_deadlines``.

    ``kind`` is a :class:`~poortwachter.rules.model.DeadlineKind` value (one open action per
    kind and case); ``status`` is as of the append that stored it, so an ``"upcoming"`` action
    whose ``due`` date has passed since is overdue all the same: compare ``due`` with today.
    """

    model_config = _FROZEN

    kind: str = Field(min_length=1)
    due: dt.date
    status: DeadlineState
    #: The first day of the action's window, for the kinds whose window opens before the due
    #: date (eerstejaarsevaluatie, actueel oordeel); stored so the agenda need not read the case.
    window_start: dt.date | None = None


def _by_due(deadline: OpenDeadline) -> tuple[dt.date, str]:
    return deadline.due, deadline.kind


class CaseProjection(BaseModel):
    """The derived, queryable summary of a case, written in the same transaction as its events.

    The engine computes it from the full event log after the append; the store only persists it,
    so the agenda never has to replay a case. ``open_deadlines`` are every open legal action
    (overdue ones included), one per kind, kept sorted by (due, kind); ``next_deadline_*`` is
    the earliest of them, on the ``cases`` row for a quick look.
    """

    model_config = _FROZEN

    employee_ref: str = Field(min_length=1)
    state: str = Field(min_length=1)
    casemanager: str | None = None
    first_sick_day: dt.date
    next_deadline_due: dt.date | None = None
    next_deadline_kind: str | None = None
    closed: bool = False
    open_deadlines: tuple[OpenDeadline, ...] = ()

    @field_validator("open_deadlines")
    @classmethod
    def _one_per_kind_sorted(cls, value: tuple[OpenDeadline, ...]) -> tuple[OpenDeadline, ...]:
        if len(value) < 2:
            return value
        kinds = [deadline.kind for deadline in value]
        if len(set(kinds)) != len(kinds):
            twice = sorted({kind for kind in kinds if kinds.count(kind) > 1})
            raise ValueError(f"one open deadline per kind; given more than once: {twice}")
        return tuple(sorted(value, key=_by_due))


class CaseRow(CaseProjection):
    """A row of the ``cases`` table (with its ``case_deadlines`` rows as ``open_deadlines``):
    the projection plus the store's bookkeeping.

    ``version`` is the seq of the last event and ``head_hash`` its hash (publish it somewhere
    else to anchor the chain); ``opened_at``/``updated_at`` are the ``recorded_at`` of the first
    and of the latest append.
    """

    case_id: str
    version: int = Field(ge=1)
    head_hash: str
    opened_at: AwareDatetime
    updated_at: AwareDatetime


class AgendaRow(NamedTuple):
    """One open legal action of an open case, as the agenda shows it.

    A plain tuple: read often, in bulk. A case with several open actions has several rows.
    ``status`` is as stored by the case's last append (see :class:`OpenDeadline`).
    """

    case_id: str
    employee_ref: str
    casemanager: str | None
    state: str
    due: dt.date
    kind: str
    status: DeadlineState
    #: See :attr:`OpenDeadline.window_start` (``None``: no window, or a row stored before
    #: revision 0006 that no append or rebuild has rewritten yet).
    window_start: dt.date | None = None


#: What broke in a hash chain (see :meth:`EventStore.verify`):
#:
#: - ``seq_gap``: no event is stored at ``seq`` although later ones are (one was removed).
#: - ``prev_hash_mismatch``: the event at ``seq`` does not link to the event before it
#:   (one was removed, re-ordered or slipped in with a recomputed hash).
#: - ``hash_mismatch``: the event at ``seq`` is not what was hashed when it was stored
#:   (a field was edited, or two events swapped places).
#: - ``version_mismatch``: the events are intact but the case's version says the log should end
#:   elsewhere (events removed from, or added to, the end). ``seq`` is the first seq in question.
#: - ``head_hash_mismatch``: the log ends at the case's version, but that event's hash is not the
#:   case's recorded head hash (the tail was rewritten or truncated with recomputed hashes).
#: - ``orphan_events``: events exist for a case that has no ``cases`` row.
#: - ``snapshot_mismatch``: the case's decision snapshot is not the fold of its log.
#: - ``projection_mismatch``: a stored projection row (``cases``, ``case_deadlines`` or a
#:   projection hook's table, named in ``projection``; the column in ``field``) is not what the
#:   log says: it was edited, removed or added outside the store. ``db rebuild`` restores it.
#: - ``stale_projection``: a projection hook's rows were planned under other configuration than
#:   today's (the reminder policy changed): not an edit, but what users are sent no longer
#:   follows the log; ``poortwachter reminders plan`` (or ``db rebuild``) re-plans it.
#: - ``unreadable_row``: a stored value cannot be decoded (malformed JSON, an impossible date,
#:   a value of the wrong type); ``projection`` names the table, ``field`` the column.
#: - ``anchor_deleted`` / ``anchor_truncated`` / ``anchor_rewritten``: compared with a signed
#:   anchor, the case is gone, its log ends before the anchored head, or the event at the
#:   anchored head is another one (the log was rewritten, hashes recomputed or not).
IssueKind = Literal[
    "projection_mismatch",
    "stale_projection",
    "unreadable_row",
    "anchor_deleted",
    "anchor_truncated",
    "anchor_rewritten",
    "snapshot_mismatch",
    "seq_gap",
    "prev_hash_mismatch",
    "hash_mismatch",
    "version_mismatch",
    "head_hash_mismatch",
    "orphan_events",
]


class IntegrityIssue(BaseModel):
    """One finding about a case: a broken link of its hash chain, or a stored projection that
    is not what its log says."""

    model_config = _FROZEN

    case_id: str
    seq: int | None
    kind: IssueKind
    detail: str
    #: The table or projection hook concerned (``None`` for the chain itself).
    projection: str | None = None
    #: The column or value concerned, when one is.
    field: str | None = None

    def to_error(self) -> IntegrityViolationError:
        """The issue as the typed error, for callers that refuse to work on a broken log."""
        return IntegrityViolationError(self.case_id, self.seq, f"{self.kind}: {self.detail}")

    def __str__(self) -> str:
        at = f" at seq {self.seq}" if self.seq is not None else ""
        where = ".".join(p for p in (self.projection, self.field) if p)
        where = f" [{where}]" if where else ""
        return f"case {self.case_id!r}{at}: {self.kind}{where}: {self.detail}"
