"""Read queries for planning: the agenda in two sections and the list of cases, streamed.

A national database holds hundreds of thousands of cases: these queries never load a result
into memory. Each is one statement read through a streaming cursor (a server-side cursor on
PostgreSQL, SQLite's own step-wise cursor) in batches of :data:`BATCH` rows.

The agenda reads ``case_deadlines`` alone, like :meth:`EventStore.agenda_rows`, by the same
covering indexes: the overdue section is the range ``due < today`` and the window the range
``start <= due <= end`` of ``ix_case_deadlines_agenda`` (one casemanager) or
``ix_case_deadlines_open_due`` (all), each in index order (due, case id, kind), never sorted.
Both indexes hold every column read, the window start included (revision 0006).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import Any, Final

import sqlalchemy as sa

from poortwachter.store.models import AgendaRow
from poortwachter.store.projections import in_agenda_order, open_deadlines
from poortwachter.store.schema import case_deadlines, case_snapshots, cases

__all__ = [
    "BATCH",
    "CASE_LIST_COLUMNS",
    "current_snapshots",
    "iter_agenda_rows",
    "iter_case_rows",
    "open_case_id_pages",
]

#: Rows fetched from the cursor at a time: memory stays bounded whatever the result size.
BATCH: Final = 500


@functools.cache
def _agenda_section(
    overdue: bool, by_casemanager: bool, to_end: bool, limited: bool, by_kind: bool = False
) -> Any:
    """One prebuilt statement per section and filter combination."""
    c = case_deadlines.c
    query = open_deadlines(by_casemanager)
    if by_kind:  # checked on the (covering) index entries of the due range
        query = query.where(c.kind.in_(sa.bindparam("p_kinds", expanding=True)))
    if overdue:
        query = query.where(c.due < sa.bindparam("p_today", type_=sa.Date()))
    else:
        query = query.where(c.due >= sa.bindparam("p_start", type_=sa.Date()))
        if to_end:
            query = query.where(c.due <= sa.bindparam("p_end", type_=sa.Date()))
    return in_agenda_order(query, limited)


def _stream(engine: sa.Engine, query: Any, params: dict[str, Any]) -> Iterator[Any]:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query, params)
        for partition in result.partitions():
            yield from partition


def iter_agenda_rows(
    engine: sa.Engine,
    *,
    overdue: bool,
    today: dt.date,
    casemanager: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
    kinds: frozenset[str] | None = None,
) -> Iterator[AgendaRow]:
    """One agenda section of the open actions of open cases, soonest first.

    ``overdue=True``: every action due before ``today`` (whatever ``start`` and ``end`` say:
    what was missed is always shown). ``overdue=False``: the actions due from
    ``max(start, today)`` up to ``end`` (inclusive; no end bound when ``None``). ``kinds``
    keeps only actions of those kinds.
    """
    first = today if start is None else max(start, today)
    if not overdue and end is not None and end < first:
        return
    if kinds is not None and not kinds:
        return
    query = _agenda_section(
        overdue, casemanager is not None, end is not None, limit is not None, kinds is not None
    )
    params: dict[str, Any] = {"p_today": today} if overdue else {"p_start": first, "p_end": end}
    params.update(p_cm=casemanager, p_limit=limit)
    if kinds is not None:
        params["p_kinds"] = sorted(kinds)
    bound = {key: value for key, value in params.items() if value is not None}
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query, bound)
        for partition in result.partitions():
            yield from map(AgendaRow._make, partition)


#: The columns of a :func:`iter_case_rows` row, in order.
CASE_LIST_COLUMNS: Final = (
    cases.c.case_id,
    cases.c.employee_ref,
    cases.c.casemanager,
    cases.c.state,
    cases.c.first_sick_day,
    cases.c.closed,
    cases.c.version,
    cases.c.next_deadline_due,
    cases.c.next_deadline_kind,
)


def iter_case_rows(
    engine: sa.Engine,
    *,
    casemanager: str | None = None,
    employee_ref: str | None = None,
    state: str | None = None,
    include_closed: bool = False,
) -> Iterator[sa.Row[Any]]:
    """The ``cases`` rows that match every filter given, by case id.

    ``include_closed=False`` leaves closed cases out (unless ``state`` asks for ``closed``).
    One casemanager's cases are read by ``ix_cases_casemanager``; the other filters are
    applied while scanning the primary key.
    """
    c = cases.c
    query = sa.select(*CASE_LIST_COLUMNS).order_by(c.case_id)
    if casemanager is not None:
        query = query.where(c.casemanager == casemanager)
    if employee_ref is not None:
        query = query.where(c.employee_ref == employee_ref)
    if state is not None:
        query = query.where(c.state == state)
    elif not include_closed:
        query = query.where(c.closed == sa.false())
    yield from _stream(engine, query, {})


_CURRENT_SNAPSHOTS = (
    sa.select(cases.c.case_id, case_snapshots.c.snapshot)
    .select_from(
        cases.join(
            case_snapshots,
            sa.and_(
                case_snapshots.c.case_id == cases.c.case_id,
                case_snapshots.c.version == cases.c.version,
            ),
        )
    )
    .where(cases.c.case_id.in_(sa.bindparam("p_ids", expanding=True)))
)


def current_snapshots(engine: sa.Engine, case_ids: Sequence[str]) -> dict[str, Any]:
    """The decision snapshots of ``case_ids`` that are at their case's version, in one query
    (a case without one, or with a stale one, is left out)."""
    if not case_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(_CURRENT_SNAPSHOTS, {"p_ids": list(case_ids)})
        return {row[0]: row[1] for row in rows}


def open_case_id_pages(
    engine: sa.Engine, *, casemanager: str | None = None, page: int = BATCH
) -> Iterator[list[str]]:
    """The ids of the open cases (of one casemanager, by ``ix_cases_casemanager``), by id, a
    page at a time. Keyset paging holds no cursor open between pages, so a caller may run
    other queries per page."""
    c = cases.c
    query = sa.select(c.case_id).where(c.closed == sa.false()).order_by(c.case_id).limit(page)
    if casemanager is not None:
        query = query.where(c.casemanager == casemanager)
    last: str | None = None
    while True:
        paged = query if last is None else query.where(c.case_id > last)
        with engine.connect() as conn:
            ids = [str(case_id) for case_id in conn.execute(paged).scalars()]
        if ids:
            yield ids
        if len(ids) < page:
            return
        last = ids[-1]
