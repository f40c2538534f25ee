"""The store's reads of its own tables: a case's log, its version, the case ids, strictly.

Apart from :class:`~poortwachter.store.event_store.EventStore` so the statements (built once:
on SQLite building and cache-keying a statement costs more than running it) and the rule that
an unreadable stored value is an integrity failure, not an internal error, live in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeAlias

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine, Row

from poortwachter.errors import IntegrityViolationError, InvalidEventError
from poortwachter.store.models import StoredEvent
from poortwachter.store.schema import EVENT_COLUMNS, cases, events

__all__ = [
    "case_exists",
    "case_version",
    "employee_cases",
    "event_rows",
    "has_events",
    "iter_case_ids",
    "readable",
    "stored_event",
]

#: A result row of any width (SQLAlchemy 2.1 rows are variadic generics).
_AnyRow: TypeAlias = Row[*tuple[Any, ...]]

_CASE_ID = sa.bindparam("p_case_id", type_=sa.String())
_CASE_VERSION = sa.select(cases.c.version).where(cases.c.case_id == _CASE_ID)
_LOCK_VERSION = _CASE_VERSION.with_for_update()
_LOAD = sa.select(*EVENT_COLUMNS).where(events.c.case_id == _CASE_ID).order_by(events.c.seq)
_LOAD_UP_TO = (
    sa.select(*EVENT_COLUMNS)
    .where(events.c.case_id == _CASE_ID, events.c.recorded_at <= sa.bindparam("p_cutoff"))
    .order_by(events.c.seq)
)
_FIRST_EVENT = _LOAD.limit(1)
_STORED_FIELDS = tuple(c.name for c in EVENT_COLUMNS)
_EMPLOYEE_CASES = (
    sa.select(cases.c.case_id, cases.c.closed, cases.c.first_sick_day)
    .where(cases.c.employee_ref == sa.bindparam("p_ref", type_=sa.String()))
    .order_by(cases.c.first_sick_day.desc(), cases.c.case_id)
)


def stored_event(row: _AnyRow) -> StoredEvent:
    """A row of ``events`` as a :class:`StoredEvent`, without validating it again."""
    # Unpacking the row as a tuple is several times cheaper than ten attribute lookups.
    # The store's own rows: typed by the driver and the column types, so no validation again.
    return StoredEvent.model_construct(**dict(zip(_STORED_FIELDS, row, strict=True)))


@contextmanager
def readable(case_id: str, table: str) -> Iterator[None]:
    """A stored value the driver cannot decode (malformed JSON, an impossible date: SQLite keeps
    whatever was written) is an integrity failure of the case, not an internal error."""
    try:
        yield
    except (ValueError, TypeError, ValidationError) as exc:
        if isinstance(exc, InvalidEventError):
            raise
        reason = f"a stored row of {table} cannot be read ({type(exc).__name__})"
        if table != "events":
            reason += "; 'poortwachter db rebuild' restores it from the log"
        raise IntegrityViolationError(case_id, None, reason) from None


def event_rows(conn: Connection, case_id: str, cutoff: dt.datetime | None) -> Sequence[_AnyRow]:
    """The case's ``events`` rows in seq order, only those recorded by ``cutoff`` if given."""
    if cutoff is None:
        return conn.execute(_LOAD, {"p_case_id": case_id}).all()
    return conn.execute(_LOAD_UP_TO, {"p_case_id": case_id, "p_cutoff": cutoff}).all()


def case_exists(conn: Connection, case_id: str) -> bool:
    """Whether the case has a ``cases`` row."""
    return conn.execute(_CASE_VERSION, {"p_case_id": case_id}).first() is not None


def has_events(conn: Connection, case_id: str) -> bool:
    """Whether any event of the case is stored (with or without its ``cases`` row)."""
    return conn.execute(_FIRST_EVENT, {"p_case_id": case_id}).first() is not None


def case_version(conn: Connection, case_id: str, *, lock: bool = False) -> int | None:
    """The case's version from its ``cases`` row (locked ``FOR UPDATE`` with ``lock``)."""
    statement = _LOCK_VERSION if lock else _CASE_VERSION
    version = conn.execute(statement, {"p_case_id": case_id}).scalar_one_or_none()
    return None if version is None else int(version)


def employee_cases(conn: Connection, employee_ref: str) -> list[tuple[str, bool, dt.date]]:
    """(case_id, closed, first_sick_day) of the employee's cases, latest first sick day first."""
    rows = conn.execute(_EMPLOYEE_CASES, {"p_ref": employee_ref}).all()
    return [(str(r[0]), bool(r[1]), r[2]) for r in rows]


def iter_case_ids(engine: Engine, *, include_closed: bool, batch: int) -> Iterator[str]:
    """All case ids in id order, ``batch`` per page and connection (see
    :meth:`EventStore.iter_case_ids`)."""
    last: str | None = None
    while True:
        query = sa.select(cases.c.case_id).order_by(cases.c.case_id).limit(batch)
        if not include_closed:
            query = query.where(cases.c.closed == sa.false())
        if last is not None:
            query = query.where(cases.c.case_id > last)
        with engine.connect() as conn:
            page = list(conn.execute(query).scalars())
        yield from page
        if len(page) < batch:
            return
        last = page[-1]
