"""The hash-chained append: lock the case's head, chain the new events, write them with the
projections, all in one transaction.

Apart from :class:`~poortwachter.store.event_store.EventStore` because this is the one place
that decides what an event's stored envelope and hash are, and how concurrent writers are
told apart from a tampered log; the store's facade only checks its arguments and calls here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    IntegrityViolationError,
    InvalidEventError,
)
from poortwachter.events import EVENT_TYPES, EventBase
from poortwachter.store.connection import is_unique_violation
from poortwachter.store.hashing import GENESIS_HASH, chain_hash
from poortwachter.store.models import CaseProjection, StoredEvent
from poortwachter.store.projections import (
    DEADLINE_VALUES,
    ProjectionHook,
    StoredDeadlines,
    write_case,
    write_deadlines,
)
from poortwachter.store.schema import case_deadlines, cases, events

__all__ = ["Fact", "append_facts", "fact_of"]

#: (type, schema version, effective date, payload): an event as the store writes it.
Fact = tuple[str, int, dt.date, dict[str, Any]]

#: Rows per INSERT round trip; bounds statement size for very long batches.
_INSERT_CHUNK: Final = 500
#: An append with ``expected_version=None`` retries this often when racing a case creation.
_UNCHECKED_RETRIES: Final = 3

# Statements are built once: on SQLite, building and cache-keying a statement costs more than
# running it.
_CASE_ID = sa.bindparam("p_case_id", type_=sa.String())
# The case's deadlines come along with the lock, so the diff costs no extra round trip.
_LOCK_CASE = (
    sa.select(
        cases.c.version,
        cases.c.head_hash,
        case_deadlines.c.kind,
        *(case_deadlines.c[name] for name in DEADLINE_VALUES),
    )
    .select_from(cases.outerjoin(case_deadlines, case_deadlines.c.case_id == cases.c.case_id))
    .where(cases.c.case_id == _CASE_ID)
    .with_for_update(of=cases)
)
_CASE_VERSION = sa.select(cases.c.version).where(cases.c.case_id == _CASE_ID)
_INSERT_EVENTS = events.insert()


def fact_of(event: EventBase, index: int) -> Fact:
    """The event as stored; refuses an object that is not of the vocabulary's own classes."""
    cls = EVENT_TYPES.get(event.type)
    if cls is None or not isinstance(event, cls):
        raise InvalidEventError(
            "not an event class of the poortwachter vocabulary",
            index=index,
            event_type=event.type,
            field="type",
            expected="one of: " + ", ".join(sorted(EVENT_TYPES)),
        )
    return event.type, cls.schema_version, event.effective, event.payload()


def append_facts(
    writer: Engine,
    hooks: Sequence[ProjectionHook],
    case_id: str,
    facts: Sequence[Fact],
    *,
    actor: str,
    recorded_at: dt.datetime,
    expected_version: int | None,
    projection: CaseProjection,
    extra: Mapping[str, Any],
) -> list[StoredEvent]:
    """See :meth:`EventStore.append`: one transaction on ``writer``, retried only when an
    unchecked append (``expected_version=None``) raced the creation of the case."""
    attempts = 0
    while True:
        seen = expected_version
        try:
            with writer.begin() as conn:
                seen, prev_hash, deadlines = _lock_head(conn, case_id, expected_version)
                return _write(
                    conn,
                    hooks,
                    case_id,
                    facts,
                    actor,
                    recorded_at,
                    seen,
                    prev_hash,
                    projection,
                    deadlines,
                    extra,
                )
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
            actual = _version_or_zero(writer, case_id)
            expected = seen if seen is not None else 0
            if actual == expected:
                # Nobody raced us, yet the seq is taken: the log runs past its version.
                raise IntegrityViolationError(
                    case_id,
                    expected + 1,
                    f"an event with seq {expected + 1} is already stored, but the case is "
                    f"at version {actual}",
                ) from None
            if expected_version is None and attempts < _UNCHECKED_RETRIES:
                attempts += 1
                continue
            raise ConcurrencyConflictError(case_id, expected, actual) from None


def _lock_head(
    conn: Connection, case_id: str, expected_version: int | None
) -> tuple[int, str, StoredDeadlines | None]:
    """Lock the case; return (current version, hash of its last event, its deadlines).

    The deadlines are ``None`` when they cannot be trusted for a diff (see below).
    """
    # On PostgreSQL, FOR UPDATE waits for a concurrent writer and then returns the case row
    # as that writer committed it (READ COMMITTED re-reads a locked row), so the version is
    # current. The joined case_deadlines rows are not re-read: they may predate that writer.
    # Then the version moved on, so a checked append stops here; an unchecked one
    # (expected_version None) gets None and rewrites the case's deadlines instead.
    rows = conn.execute(_LOCK_CASE, {"p_case_id": case_id}).all()
    if not rows:
        if expected_version not in (None, 0):
            raise CaseNotFoundError(case_id)
        return 0, GENESIS_HASH, {}
    head = rows[0]
    version, head_hash = int(head[0]), str(head[1])
    if expected_version is None:
        return version, head_hash, None
    if expected_version != version:
        raise ConcurrencyConflictError(case_id, expected_version, version)
    return version, head_hash, {row[2]: tuple(row[3:]) for row in rows if row[2] is not None}


def _write(
    conn: Connection,
    hooks: Sequence[ProjectionHook],
    case_id: str,
    facts: Sequence[Fact],
    actor: str,
    recorded_at: dt.datetime,
    version: int,
    prev_hash: str,
    projection: CaseProjection,
    deadlines: StoredDeadlines | None,
    extra: Mapping[str, Any],
) -> list[StoredEvent]:
    stored: list[StoredEvent] = []
    for offset, (event_type, schema_version, effective, payload) in enumerate(facts, start=1):
        # The envelope is what is hashed and what is stored: one dict for both.
        envelope: dict[str, Any] = {
            "case_id": case_id,
            "seq": version + offset,
            "type": event_type,
            "schema_version": schema_version,
            "effective": effective,
            "recorded_at": recorded_at,
            "actor": actor,
            "payload": payload,
            "prev_hash": prev_hash,
        }
        digest = chain_hash(**envelope)
        stored.append(StoredEvent(**envelope, hash=digest))
        prev_hash = digest

    new_version = version + len(facts)
    write_case(
        conn,
        case_id,
        projection,
        version=version,
        new_version=new_version,
        head_hash=prev_hash,
        recorded_at=recorded_at,
    )
    rows = [event.model_dump() for event in stored]
    for start in range(0, len(rows), _INSERT_CHUNK):
        conn.execute(_INSERT_EVENTS, rows[start : start + _INSERT_CHUNK])
    write_deadlines(conn, case_id, projection, deadlines)
    for hook in hooks:
        hook.write(conn, case_id, new_version, extra.get(hook.name))
    return stored


def _version_or_zero(engine: Engine, case_id: str) -> int:
    with engine.connect() as conn:
        version = conn.execute(_CASE_VERSION, {"p_case_id": case_id}).scalar_one_or_none()
    return version or 0
