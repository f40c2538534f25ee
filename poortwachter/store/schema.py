"""Table definitions (SQLAlchemy Core), shared by the store and the migrations' autogenerate.

The migration in ``poortwachter/migrations/versions`` is the source of the live schema; this
module must describe the same tables (a test compares the two on every backend).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

__all__ = [
    "EVENT_COLUMNS",
    "UTCDateTime",
    "case_deadlines",
    "case_snapshots",
    "cases",
    "events",
    "metadata",
    "reminder_attempts",
    "reminders",
]

# Stable constraint names so that migrations and error translation can refer to them.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timestamp that goes in and comes out as an aware UTC ``datetime`` on every backend.

    SQLite has no time zones: it stores the UTC wall time as text (fixed-width, so text order is
    time order) and we re-attach UTC on read. PostgreSQL stores ``timestamptz`` and returns it in
    the session time zone, which we normalise to UTC. Naive datetimes are refused, so a local
    wall-clock time can never be stored as if it were UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):  # pragma: no cover - drivers return datetimes
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# JSONB on PostgreSQL (indexable, compact); JSON text elsewhere. Hashes are computed over a
# canonical re-encoding, so JSONB's key reordering does not matter.
Payload = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("case_id", sa.String(), nullable=False),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("type", sa.String(), nullable=False),
    sa.Column("schema_version", sa.Integer(), nullable=False),
    sa.Column("effective", sa.Date(), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.Column("actor", sa.String(), nullable=False),
    sa.Column("payload", Payload, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # The unique index is also what makes concurrent appends safe: two writers can never both
    # store the same (case_id, seq), whatever the isolation level.
    sa.UniqueConstraint("case_id", "seq"),
    sa.CheckConstraint("seq >= 1", name="seq_positive"),
)

#: Every column of an event row in storage order: what is hashed plus the chain link.
EVENT_COLUMNS = (
    events.c.case_id,
    events.c.seq,
    events.c.type,
    events.c.schema_version,
    events.c.effective,
    events.c.recorded_at,
    events.c.actor,
    events.c.payload,
    events.c.prev_hash,
    events.c.hash,
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("case_id", sa.String(), primary_key=True),
    sa.Column("employee_ref", sa.String(), nullable=False),
    sa.Column("state", sa.String(), nullable=False),
    sa.Column("casemanager", sa.String(), nullable=True),
    sa.Column("first_sick_day", sa.Date(), nullable=False),
    sa.Column("next_deadline_due", sa.Date(), nullable=True),
    sa.Column("next_deadline_kind", sa.String(), nullable=True),
    sa.Column("version", sa.Integer(), nullable=False),
    # Hash of the event at ``version``: appends chain onto it without reading the events table,
    # and it anchors the chain's end (a rewritten or truncated tail no longer matches it).
    sa.Column("head_hash", sa.String(64), nullable=False),
    sa.Column("opened_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("closed", sa.Boolean(), nullable=False),
    sa.CheckConstraint("version >= 1", name="version_positive"),
)

# "All cases of this casemanager", open or closed. (Revision 0001 also indexed the next deadline
# for the agenda; revision 0002 moved the agenda to case_deadlines and dropped those indexes.)
sa.Index("ix_cases_casemanager", cases.c.casemanager)
# "The cases of this employee", latest first (revision 0004): one open case per employee, and a
# relapse reopens the latest closed case when it continues its chain.
sa.Index("ix_cases_employee_ref", cases.c.employee_ref, cases.c.first_sick_day)

#: Every open legal action of every case: the agenda's table. The store replaces a case's rows
#: in the transaction of each append. ``employee_ref``, ``state``, ``casemanager`` and ``closed``
#: are copies of the ``cases`` row (rewritten with it), so an agenda is one index range read
#: without a join: with a join, PostgreSQL hashes the whole ``cases`` table and sorts.
case_deadlines = sa.Table(
    "case_deadlines",
    metadata,
    sa.Column("case_id", sa.String(), sa.ForeignKey(cases.c.case_id), nullable=False),
    sa.Column("kind", sa.String(), nullable=False),
    sa.Column("due", sa.Date(), nullable=False),
    sa.Column("status", sa.String(), nullable=False),
    sa.Column("employee_ref", sa.String(), nullable=False),
    sa.Column("state", sa.String(), nullable=False),
    sa.Column("casemanager", sa.String(), nullable=True),
    sa.Column("closed", sa.Boolean(), nullable=False),
    # The first day of the action's window where it has one (revision 0006): the agenda plans
    # by it. NULL: no window, or a row stored before 0006 (the agenda then reads the case).
    sa.Column("window_start", sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint("case_id", "kind"),
    sa.CheckConstraint("status IN ('upcoming', 'due', 'missed')", name="status_open"),
)

# Agenda of one casemanager: equality on (closed, casemanager), range + order on the due date;
# (case_id, kind) make the order total (stable paging) and let the index deliver it unsorted.
# The trailing columns make it covering (revisions 0003, 0006): the agenda never visits the table.
sa.Index(
    "ix_case_deadlines_agenda",
    case_deadlines.c.closed,
    case_deadlines.c.casemanager,
    case_deadlines.c.due,
    case_deadlines.c.case_id,
    case_deadlines.c.kind,
    case_deadlines.c.employee_ref,
    case_deadlines.c.state,
    case_deadlines.c.status,
    case_deadlines.c.window_start,
)
# Agenda across all casemanagers (the index above cannot order by due date without one).
sa.Index(
    "ix_case_deadlines_open_due",
    case_deadlines.c.closed,
    case_deadlines.c.due,
    case_deadlines.c.case_id,
    case_deadlines.c.kind,
    case_deadlines.c.employee_ref,
    case_deadlines.c.casemanager,
    case_deadlines.c.state,
    case_deadlines.c.status,
    case_deadlines.c.window_start,
)

#: The per-case snapshot of the decision fold (``poortwachter.decision``), written with each
#: append so that the next in-order event is folded in one step instead of a replay. Derived
#: from the log like every projection; ``verify`` recomputes and compares it.
case_snapshots = sa.Table(
    "case_snapshots",
    metadata,
    sa.Column("case_id", sa.String(), sa.ForeignKey(cases.c.case_id), primary_key=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("snapshot", Payload, nullable=False),
)

#: The reminder outbox (``poortwachter.notify``): each row is one planned reminder *and* its
#: delivery job. The planned columns are a projection written with every append (through the
#: outbox hook); the delivery columns belong to the sweep. Keyed by the idempotency key.
reminders = sa.Table(
    "reminders",
    metadata,
    sa.Column("key", sa.String(), primary_key=True),
    sa.Column("case_id", sa.String(), sa.ForeignKey(cases.c.case_id), nullable=False),
    sa.Column("reason", sa.String(), nullable=False),
    sa.Column("occurrence", sa.String(), nullable=False),
    sa.Column("step", sa.String(), nullable=False),
    sa.Column("recipient", sa.String(), nullable=False),
    sa.Column("due_on", sa.Date(), nullable=False),
    sa.Column("plan_on", sa.Date(), nullable=False),
    sa.Column("send_at", UTCDateTime(), nullable=False),
    sa.Column("legal_basis", sa.String(), nullable=False),
    sa.Column("rule_version", sa.String(), nullable=False),
    sa.Column("details", Payload, nullable=False),
    # A fingerprint of the planned columns: an append compares it instead of the values.
    sa.Column("plan_hash", sa.String(32), nullable=False),
    # In the case's latest plan (False: cancelled, or kept as history after it was sent).
    sa.Column("in_plan", sa.Boolean(), nullable=False),
    sa.Column("planned_version", sa.Integer(), nullable=False),
    sa.Column("state", sa.String(), nullable=False),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("failures", sa.Integer(), nullable=False),
    sa.Column("claimed_by", sa.String(), nullable=True),
    sa.Column("lease_until", UTCDateTime(), nullable=True),
    sa.Column("sent_at", UTCDateTime(), nullable=True),
    # The worker that delivered it (the row is the record of a delivery; failures, retries
    # and re-drives are in reminder_attempts).
    sa.Column("sent_by", sa.String(), nullable=True),
    sa.Column("last_error", sa.String(), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'sent', 'dead', 'cancelled')", name="reminder_state"),
)
# The sweep's claim: pending rows by the time they may next be attempted.
sa.Index("ix_reminders_state_next_attempt_at", reminders.c.state, reminders.c.next_attempt_at)
# A case's current plan (an append reads it; history rows stay out of the way).
sa.Index("ix_reminders_case_id_in_plan", reminders.c.case_id, reminders.c.in_plan)

#: Every failed delivery attempt and every re-drive of a reminder (a delivery itself is recorded
#: on the reminder's row): the history ``reminders why`` shows.
reminder_attempts = sa.Table(
    "reminder_attempts",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("key", sa.String(), sa.ForeignKey(reminders.c.key), nullable=False),
    sa.Column("attempt", sa.Integer(), nullable=False),
    sa.Column("worker", sa.String(), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("outcome", sa.String(), nullable=False),
    sa.Column("detail", sa.String(), nullable=False),
)
sa.Index("ix_reminder_attempts_key", reminder_attempts.c.key)
