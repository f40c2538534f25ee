"""Projections: what the store derives and writes in the transaction of every append.

The built-in projections are the ``cases`` row (state, casemanager, next action) and the case's
open legal actions in ``case_deadlines`` (the agenda's table). Further projections plug in as
:class:`ProjectionHook` objects: each gets the append's connection, the case, its new version
and the value the caller decided for it, and writes its own table — so a projection is written
atomically with the events or not at all. The decision snapshot (:class:`SnapshotHook`) is one;
the reminder outbox is meant to be the next.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final, Protocol, TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from poortwachter.store.models import CaseProjection, CaseRow, OpenDeadline
from poortwachter.store.schema import case_deadlines, case_snapshots, cases

__all__ = [
    "ProjectionHook",
    "SnapshotHook",
    "agenda_query",
    "case_row",
    "in_agenda_order",
    "open_deadlines",
    "write_case",
]

_AnyRow: TypeAlias = Row[*tuple[Any, ...]]
#: A case's ``case_deadlines`` rows as an append compares them: kind -> ``DEADLINE_VALUES``.
StoredDeadlines: TypeAlias = dict[str, tuple[Any, ...]]
_CASE_ID = sa.bindparam("p_case_id", type_=sa.String())
_KIND = sa.bindparam("p_kind", type_=sa.String())


class ProjectionHook(Protocol):
    """A projection written in the append's transaction (see the module docstring)."""

    #: The key under which the caller passes this projection's value to ``append``.
    name: str

    def write(self, conn: Connection, case_id: str, version: int, value: Any) -> None:
        """Write the projection of ``case_id`` at ``version``; ``value`` may be ``None``."""

    def read(self, conn: Connection, case_id: str) -> Any:
        """The stored value as :meth:`write` received it (``None`` when absent).

        ``verify`` compares it with the value recomputed from the log, and a rebuild writes the
        recomputed value: a projection that can be read back can be protected. A hook may also
        offer ``read_many(conn, case_ids) -> {case_id: value}``, which verify then uses for a
        page of cases at once (falling back to :meth:`read` per case when it raises).
        """


class SnapshotHook:
    """The per-case decision snapshot; without a value the stale snapshot is removed."""

    name = "snapshot"
    _delete = case_snapshots.delete().where(case_snapshots.c.case_id == _CASE_ID)
    _insert = case_snapshots.insert()

    def write(self, conn: Connection, case_id: str, version: int, value: Any) -> None:
        conn.execute(self._delete, {"p_case_id": case_id})
        if value is not None:
            conn.execute(self._insert, {"case_id": case_id, "version": version, "snapshot": value})

    def read(self, conn: Connection, case_id: str) -> Any:
        query = sa.select(case_snapshots.c.snapshot).where(case_snapshots.c.case_id == _CASE_ID)
        return conn.execute(query, {"p_case_id": case_id}).scalar_one_or_none()

    def read_many(self, conn: Connection, case_ids: Sequence[str]) -> dict[str, Any]:
        """:meth:`read` for many cases in one query (verify reads a page at a time)."""
        query = sa.select(case_snapshots.c.case_id, case_snapshots.c.snapshot).where(
            case_snapshots.c.case_id.in_(list(case_ids))
        )
        found = {str(row[0]): row[1] for row in conn.execute(query)}
        return {case_id: found.get(case_id) for case_id in case_ids}


#: The snapshot of a case at its current version (``None`` when missing or stale).
SNAPSHOT_AT_VERSION = (
    sa.select(cases.c.version, cases.c.employee_ref, case_snapshots.c.snapshot)
    .select_from(
        cases.outerjoin(
            case_snapshots,
            sa.and_(
                case_snapshots.c.case_id == cases.c.case_id,
                case_snapshots.c.version == cases.c.version,
            ),
        )
    )
    .where(cases.c.case_id == _CASE_ID)
)

CASE_COLUMNS = (
    cases.c.case_id,
    cases.c.employee_ref,
    cases.c.state,
    cases.c.casemanager,
    cases.c.first_sick_day,
    cases.c.next_deadline_due,
    cases.c.next_deadline_kind,
    cases.c.version,
    cases.c.head_hash,
    cases.c.opened_at,
    cases.c.updated_at,
    cases.c.closed,
)

#: The ``case_deadlines`` columns an append compares to decide whether a row changed.
DEADLINE_VALUES = (
    "due",
    "status",
    "employee_ref",
    "state",
    "casemanager",
    "closed",
    "window_start",
)
_DEADLINE_COLUMNS = (
    case_deadlines.c.kind,
    case_deadlines.c.due,
    case_deadlines.c.status,
    case_deadlines.c.window_start,
)
# One round trip: the case row repeated once per open deadline (or once with NULLs, for none).
_CASE_ROW = (
    sa.select(*CASE_COLUMNS, *_DEADLINE_COLUMNS)
    .select_from(cases.outerjoin(case_deadlines, case_deadlines.c.case_id == cases.c.case_id))
    .where(cases.c.case_id == _CASE_ID)
    .order_by(case_deadlines.c.due, case_deadlines.c.kind)
)
_DELETE_DEADLINES = case_deadlines.delete().where(case_deadlines.c.case_id == _CASE_ID)
_DELETE_DEADLINE = case_deadlines.delete().where(
    case_deadlines.c.case_id == _CASE_ID, case_deadlines.c.kind == _KIND
)
_UPDATE_DEADLINE = case_deadlines.update().where(  # SET columns = params given
    case_deadlines.c.case_id == _CASE_ID, case_deadlines.c.kind == _KIND
)
_INSERT_DEADLINES = case_deadlines.insert()
#: The projection fields that are columns of ``cases`` (``open_deadlines`` has its own table).
_PROJECTION_COLUMNS: Final = tuple(
    name for name in CaseProjection.model_fields if name != "open_deadlines"
)
_INSERT_CASE = cases.insert()
_UPDATE_CASE = cases.update().where(cases.c.case_id == _CASE_ID)  # SET columns = params given


def write_case(
    conn: Connection,
    case_id: str,
    projection: CaseProjection,
    *,
    version: int,
    new_version: int,
    head_hash: str,
    recorded_at: Any,
) -> None:
    """Insert (first append) or update the case's ``cases`` row."""
    values = {name: getattr(projection, name) for name in _PROJECTION_COLUMNS}
    if version == 0:
        # Creating the case first makes two racing creators collide on the primary key
        # before either has written its events.
        conn.execute(
            _INSERT_CASE,
            {
                "case_id": case_id,
                "version": new_version,
                "head_hash": head_hash,
                "opened_at": recorded_at,
                "updated_at": recorded_at,
                **values,
            },
        )
    else:
        conn.execute(
            _UPDATE_CASE,
            {
                "p_case_id": case_id,
                "version": new_version,
                "head_hash": head_hash,
                "updated_at": recorded_at,
                **values,
            },
        )


def case_row(conn: Connection, case_id: str) -> CaseRow | None:
    """The case's row with its open deadlines, or ``None``."""
    rows = conn.execute(_CASE_ROW, {"p_case_id": case_id}).all()
    return _case_row(rows) if rows else None


_AGENDA_COLUMNS = (
    case_deadlines.c.case_id,
    case_deadlines.c.employee_ref,
    case_deadlines.c.casemanager,
    case_deadlines.c.state,
    case_deadlines.c.due,
    case_deadlines.c.kind,
    case_deadlines.c.status,
    case_deadlines.c.window_start,
)


def open_deadlines(by_casemanager: bool) -> Any:
    """The agenda's columns of the open deadlines, of one casemanager (``p_cm``) or all: what
    every agenda statement starts from, here and in :mod:`poortwachter.store.queries`."""
    query = sa.select(*_AGENDA_COLUMNS).where(case_deadlines.c.closed == sa.false())
    if by_casemanager:
        query = query.where(case_deadlines.c.casemanager == sa.bindparam("p_cm", type_=sa.String()))
    return query


def in_agenda_order(query: Any, limited: bool) -> Any:
    """``query`` in index order (due, case id, kind), at most ``p_limit`` rows if ``limited``."""
    deadlines = case_deadlines.c
    query = query.order_by(deadlines.due, deadlines.case_id, deadlines.kind)
    if limited:
        query = query.limit(sa.bindparam("p_limit", type_=sa.Integer()))
    return query


@functools.cache
def agenda_query(by_casemanager: bool, from_start: bool, to_end: bool, limited: bool) -> Any:
    """One prebuilt agenda statement per combination of filters (8 at most)."""
    deadlines = case_deadlines.c
    query = open_deadlines(by_casemanager)
    if from_start:
        query = query.where(deadlines.due >= sa.bindparam("p_start", type_=sa.Date()))
    if to_end:
        query = query.where(deadlines.due <= sa.bindparam("p_end", type_=sa.Date()))
    return in_agenda_order(query, limited)


_CASE_FIELDS = tuple(c.name for c in CASE_COLUMNS)


def _case_row(rows: Sequence[_AnyRow]) -> CaseRow:
    """A :class:`CaseRow` from the ``_CASE_ROW`` join (one row per open deadline)."""
    width = len(_CASE_FIELDS)
    values: dict[str, Any] = dict(zip(_CASE_FIELDS, rows[0][:width], strict=True))
    values["open_deadlines"] = tuple(
        OpenDeadline(
            kind=row[width], due=row[width + 1], status=row[width + 2], window_start=row[width + 3]
        )
        for row in rows
        if row[width] is not None
    )
    return CaseRow.model_validate(values)


def _deadline_rows(case_id: str, projection: CaseProjection) -> list[dict[str, Any]]:
    """The case's ``case_deadlines`` rows, with their copies of the ``cases`` columns."""
    return [
        {
            "case_id": case_id,
            "kind": deadline.kind,
            "due": deadline.due,
            "status": deadline.status,
            "employee_ref": projection.employee_ref,
            "state": projection.state,
            "casemanager": projection.casemanager,
            "closed": projection.closed,
            "window_start": deadline.window_start,
        }
        for deadline in projection.open_deadlines
    ]


def write_deadlines(
    conn: Connection,
    case_id: str,
    projection: CaseProjection,
    stored: StoredDeadlines | None,
) -> None:
    """Make the case's ``case_deadlines`` rows the projection's open deadlines.

    ``stored`` are the rows there now (by kind), read under the case's lock: only what
    differs is written. ``None`` (not known): delete them all and insert the new ones.
    """
    rows = _deadline_rows(case_id, projection)
    if stored is None:
        conn.execute(_DELETE_DEADLINES, {"p_case_id": case_id})
        if rows:
            conn.execute(_INSERT_DEADLINES, rows)
        return
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        values = tuple(row[name] for name in DEADLINE_VALUES)
        before = stored.pop(row["kind"], None)
        if before is None:
            inserts.append(row)
        elif before != values:
            update = dict(zip(DEADLINE_VALUES, values, strict=True))
            updates.append({"p_case_id": case_id, "p_kind": row["kind"], **update})
    if stored:  # what is left was open before and is not any more
        gone = [{"p_case_id": case_id, "p_kind": kind} for kind in stored]
        conn.execute(_DELETE_DEADLINE, gone)
    if updates:
        conn.execute(_UPDATE_DEADLINE, updates)
    if inserts:
        conn.execute(_INSERT_DEADLINES, inserts)
