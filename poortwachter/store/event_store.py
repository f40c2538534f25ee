"""The append-only event store: one per-case, hash-chained log plus a queryable case projection.

The same SQLAlchemy Core code runs on SQLite (the embedded default) and PostgreSQL. Writers are
serialised per case, so an append is a plain read-check-write in one transaction:

- SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` (taking the database write
  lock up front, waiting up to ``busy_timeout``), so the version read inside it cannot go stale.
  pysqlite's own transaction handling is switched off for this (it would defer ``BEGIN``).
- PostgreSQL: the case's ``cases`` row is locked ``FOR UPDATE`` before its version is read.
- The ``cases`` row also holds the hash of the last event (``head_hash``), so an append reads
  one row (joined with the case's ``case_deadlines`` rows), then writes the events and the
  projection: the ``cases`` row, and of the case's open legal actions in ``case_deadlines``
  only those that changed (an append usually moves one action, or none).
- Both: ``UNIQUE(case_id, seq)`` and the ``cases`` primary key are the last line of defence
  (two writers creating the same case); a unique violation becomes a
  :class:`~poortwachter.errors.ConcurrencyConflictError`.

The store never updates or deletes events; there is no API for it. The modules around this
facade each do one job: :mod:`~poortwachter.store.connection` (dialects),
:mod:`~poortwachter.store.append` (the hash-chained append), :mod:`~poortwachter.store.reading`
(the log and the case rows),
:mod:`~poortwachter.store.projections` (what is derived and written with each append, behind a
small hook) and :mod:`~poortwachter.store.integrity` (verify).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Final, Self

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
)
from poortwachter.events import EventBase
from poortwachter.store.anchor import check_anchor, heads
from poortwachter.store.append import append_facts, fact_of
from poortwachter.store.connection import (
    WRITE,
    connect,
    require_aware,
    require_text,
)
from poortwachter.store.integrity import CaseAudit, audit_cases, chain_issues
from poortwachter.store.migrate import alembic_config
from poortwachter.store.models import (
    AgendaRow,
    CaseProjection,
    CaseRow,
    IntegrityIssue,
    StoredEvent,
)
from poortwachter.store.projection_check import ExpectedProjection, rewrite
from poortwachter.store.projections import (
    SNAPSHOT_AT_VERSION,
    ProjectionHook,
    SnapshotHook,
    agenda_query,
    case_row,
)
from poortwachter.store.reading import (
    case_exists,
    case_version,
    employee_cases,
    event_rows,
    has_events,
    iter_case_ids,
    readable,
    stored_event,
)
from poortwachter.store.schema import case_snapshots

__all__ = ["CaseHead", "EventStore"]

#: Case ids fetched per round trip by :meth:`EventStore.iter_case_ids`.
_STREAM_BATCH: Final = 2000


class CaseHead:
    """What a writer reads before deciding: the version, the employee and the snapshot."""

    __slots__ = ("employee_ref", "snapshot", "version")

    def __init__(self, version: int, employee_ref: str, snapshot: Any) -> None:
        self.version = version
        self.employee_ref = employee_ref
        #: The decision snapshot at ``version``, or ``None`` (missing or stale).
        self.snapshot: dict[str, Any] | None = snapshot


class EventStore:
    """Append-only, hash-chained per-case event logs with a ``cases`` projection.

    Open with :meth:`open`, create or migrate the schema with :meth:`upgrade`. Thread-safe: one
    store (one connection pool) serves all threads of a process. Every method runs in its own
    transaction; nothing is held between calls.
    """

    def __init__(self, engine: Engine, hooks: Sequence[ProjectionHook] | None = None) -> None:
        """Wrap an engine made by :meth:`open` (use that; it installs the SQLite setup).

        ``hooks`` are the projections written with every append besides the ``cases`` row and
        the open deadlines (default: the decision snapshot).
        """
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE: True})
        self.hooks: list[ProjectionHook] = list(hooks) if hooks is not None else [SnapshotHook()]

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, **engine_options: Any) -> EventStore:
        """Connect to ``sqlite:///path.db`` (the default, embedded) or ``postgresql+psycopg://…``.

        ``engine_options`` go to :func:`sqlalchemy.create_engine` (pool size, echo, …). SQLite
        connections get ``journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000,
        foreign_keys=ON``. ``sqlite://`` (in memory) shares one connection: fine for scripts and
        tests, not for threads. The schema is not touched; call :meth:`upgrade`.
        """
        engine = connect(url, **engine_options)
        return cls(engine)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for layers that keep their own tables in the same database.

        Use it for reads; write through :meth:`begin_write` so SQLite writers queue up properly.
        """
        return self._engine

    def begin_write(self) -> AbstractContextManager[Connection]:
        """A write transaction on :attr:`engine` (commits on success, rolls back on error).

        On SQLite it starts with ``BEGIN IMMEDIATE``: the write lock is taken up front (waiting
        up to ``busy_timeout``), so a read-then-write transaction cannot fail half-way with
        "database is locked" because another writer committed in between. On PostgreSQL it is a
        plain transaction; lock rows with ``FOR UPDATE [SKIP LOCKED]`` as usual.
        """
        return self._writer.begin()

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Close all pooled connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventStore({self._engine.url.render_as_string(hide_password=True)!r})"

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema to ``revision`` (alembic, in one transaction).

        Safe to call from several processes at once: SQLite serialises on the write lock,
        PostgreSQL on an advisory lock taken in ``env.py``.
        """
        cfg = alembic_config()
        with self._writer.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def downgrade(self, revision: str) -> None:
        """Migrate the schema back to ``revision`` (``"base"`` drops every table; data is lost)."""
        cfg = alembic_config()
        with self._writer.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)

    def current_revision(self) -> str | None:
        """The alembic revision the database is at (``None`` before the first upgrade)."""
        with self._engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # -- writing -----------------------------------------------------------------------------

    def append(
        self,
        case_id: str,
        events: Sequence[EventBase],
        *,
        actor: str,
        recorded_at: dt.datetime,
        expected_version: int | None,
        projection: CaseProjection,
        extra: Mapping[str, Any] | None = None,
    ) -> list[StoredEvent]:
        """Append ``events`` to the case and store ``projection``, atomically.

        ``expected_version`` is the version (last seq) the caller decided on: ``0`` creates the
        case (there is no separate create call: a case never exists without its first event),
        ``n`` appends after seq ``n``. ``None`` skips the check (imports, repair tools); the
        engine should always pass the version it replayed.

        Raises :class:`ConcurrencyConflictError` when the case is at another version (someone
        else appended first, or the case already exists for ``0``), :class:`CaseNotFoundError`
        for ``n > 0`` on an unknown case, :class:`IntegrityViolationError` when an event is
        already stored past the case's version (the log was tampered with), and
        :class:`InvalidEventError` for unusable input. On any error nothing is written.
        An empty ``events`` is a no-op that returns ``[]``. ``extra`` holds the values of the
        :attr:`hooks` projections by name (a hook without one gets ``None``).
        """
        require_text(case_id, "case_id")
        require_text(actor, "actor")
        recorded = require_aware(recorded_at, "recorded_at")
        if not events:
            return []
        return append_facts(
            self._writer,
            self.hooks,
            case_id,
            [fact_of(event, index) for index, event in enumerate(events)],
            actor=actor,
            recorded_at=recorded,
            expected_version=expected_version,
            projection=projection,
            extra=extra or {},
        )

    # -- reading -----------------------------------------------------------------------------

    def load(self, case_id: str, *, recorded_up_to: dt.datetime | None = None) -> list[StoredEvent]:
        """The case's events in seq order; with ``recorded_up_to``, only those recorded then.

        ``recorded_up_to`` is inclusive ("what did we know at K"). Returns ``[]`` when the case
        exists but nothing was recorded by then; raises :class:`CaseNotFoundError` when the case
        does not exist.
        """
        cutoff = None if recorded_up_to is None else require_aware(recorded_up_to, "recorded_up_to")
        with self._engine.connect() as conn, readable(case_id, "events"):
            rows = event_rows(conn, case_id, cutoff)
            if not rows and not case_exists(conn, case_id):
                raise CaseNotFoundError(case_id)
        return [stored_event(row) for row in rows]

    def has_case(self, case_id: str) -> bool:
        """Whether the case has a ``cases`` row."""
        with self._engine.connect() as conn:
            return case_exists(conn, case_id)

    def version(self, case_id: str) -> int:
        """The seq of the case's last event; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn:
            version = case_version(conn, case_id)
        if version is None:
            raise CaseNotFoundError(case_id)
        return version

    def case_row(self, case_id: str) -> CaseRow:
        """The case's projection row with its open deadlines; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn, readable(case_id, "cases"):
            row = case_row(conn, case_id)
        if row is None:
            raise CaseNotFoundError(case_id)
        return row

    def case_head(self, case_id: str) -> CaseHead:
        """Version, employee reference and the snapshot at that version (one round trip)."""
        with self._engine.connect() as conn, readable(case_id, "case_snapshots"):
            row = conn.execute(SNAPSHOT_AT_VERSION, {"p_case_id": case_id}).first()
        if row is None:
            raise CaseNotFoundError(case_id)
        return CaseHead(int(row[0]), str(row[1]), row[2])

    def agenda_rows(
        self,
        *,
        casemanager: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
    ) -> list[AgendaRow]:
        """Every open legal action of every open case, soonest first (ties by case id, kind).

        A case has one row per open action (``CaseProjection.open_deadlines``), overdue ones
        included: ``start``/``end`` bound the due date (both inclusive), so leave ``start`` out
        to see what was missed. ``casemanager=None`` means every casemanager. Read from
        ``case_deadlines`` alone, by ``ix_case_deadlines_agenda`` (one casemanager) or
        ``ix_case_deadlines_open_due`` (all): one index range, no join, no sort.
        """
        query = agenda_query(
            casemanager is not None, start is not None, end is not None, limit is not None
        )
        params = {"p_cm": casemanager, "p_start": start, "p_end": end, "p_limit": limit}
        with self._engine.connect() as conn:
            rows = conn.execute(query, {k: v for k, v in params.items() if v is not None}).all()
        # The agenda reads a handful of columns and trusts its own table: no per-row validation.
        return [AgendaRow(*row) for row in rows]

    def employee_cases(self, employee_ref: str) -> list[tuple[str, bool, dt.date]]:
        """(case_id, closed, first_sick_day) of the employee's cases, latest first sick day
        first (by ``ix_cases_employee_ref``)."""
        with self._engine.connect() as conn:
            return employee_cases(conn, employee_ref)

    def iter_case_ids(self, *, include_closed: bool = True) -> Iterator[str]:
        """All case ids in id order, fetched in pages.

        Keyset paging holds no transaction or cursor open between pages, so callers may write
        (even to the same SQLite file) while iterating; cases created meanwhile may or may not
        be seen.
        """
        return iter_case_ids(self._engine, include_closed=include_closed, batch=_STREAM_BATCH)

    # -- integrity ---------------------------------------------------------------------------

    def verify(self, case_id: str | None = None) -> list[IntegrityIssue]:
        """Walk the hash chains and return the first broken link of each case (sorted by case).

        An empty list means every chain is intact and ends at its case's version. Streams the
        events table in bounded memory. With ``case_id``, checks that case only and raises
        :class:`CaseNotFoundError` when it has neither a ``cases`` row nor events.
        """
        with self._engine.connect() as conn:
            if self.dialect == "postgresql":
                # One snapshot for the chain walk and the version check.
                conn.execution_options(isolation_level="REPEATABLE READ")
            found, seen = chain_issues(conn, case_id)
            if case_id is not None and not seen and not case_exists(conn, case_id):
                raise CaseNotFoundError(case_id)
        return [found[key] for key in sorted(found)]

    def audit(self, case_id: str | None = None) -> Iterator[CaseAudit]:
        """Every case (or one) with its chain-checked log and its stored projections, read
        leniently on one connection (one snapshot on PostgreSQL): what ``verify`` compares
        with the projections it recomputes. Raises :class:`CaseNotFoundError` for an unknown
        ``case_id``."""
        with self._engine.connect() as conn:
            if self.dialect == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            if case_id is not None and not (
                has_events(conn, case_id) or case_exists(conn, case_id)
            ):
                raise CaseNotFoundError(case_id)
            yield from audit_cases(conn, case_id, self.hooks)

    def rewrite_projections(self, case_id: str, expected: ExpectedProjection) -> None:
        """Write every projection of the case as ``expected`` (recomputed from its log).

        Locks the case first; raises :class:`ConcurrencyConflictError` when an append moved it
        past ``expected.version`` meanwhile (recompute and try again). Events are never touched.
        """
        with self._writer.begin() as conn:
            # The version alone: the rows being replaced may hold values that cannot be read.
            version = case_version(conn, case_id, lock=True)
            if version is not None and version != expected.version:
                raise ConcurrencyConflictError(case_id, expected.version, version)
            rewrite(conn, case_id, expected, self.hooks)

    def anchor_heads(self) -> list[tuple[str, int, str]]:
        """(case_id, seq, hash) of every case's last stored event: what an anchor signs."""
        with self._engine.connect() as conn:
            return heads(conn)

    def check_anchor(self, anchored: Sequence[tuple[str, int, str]]) -> list[IntegrityIssue]:
        """Anchored cases that were deleted, truncated or rewritten since the anchor."""
        with self._engine.connect() as conn:
            return check_anchor(conn, anchored)

    def snapshots(self, case_ids: Sequence[str]) -> dict[str, tuple[int, Any]]:
        """The stored snapshots (version, snapshot) of ``case_ids``, for verification."""
        query = sa.select(
            case_snapshots.c.case_id, case_snapshots.c.version, case_snapshots.c.snapshot
        ).where(case_snapshots.c.case_id.in_(list(case_ids)))
        with self._engine.connect() as conn:
            return {row[0]: (int(row[1]), row[2]) for row in conn.execute(query)}
