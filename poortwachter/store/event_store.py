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
facade each do one job: :mod:`~poortwachter.store.connection` (dialects), the hash chain here,
:mod:`~poortwachter.store.projections` (what is derived and written with each append, behind a
small hook) and :mod:`~poortwachter.store.integrity` (verify).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import Any, Final, Self, TypeAlias

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    IntegrityViolationError,
    InvalidEventError,
)
from poortwachter.events import EVENT_TYPES, EventBase
from poortwachter.store.anchor import check_anchor, heads
from poortwachter.store.connection import (
    WRITE,
    connect,
    is_unique_violation,
    require_aware,
    require_text,
)
from poortwachter.store.hashing import GENESIS_HASH, chain_hash
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
    DEADLINE_VALUES,
    SNAPSHOT_AT_VERSION,
    ProjectionHook,
    SnapshotHook,
    StoredDeadlines,
    agenda_query,
    case_row,
    write_case,
    write_deadlines,
)
from poortwachter.store.schema import EVENT_COLUMNS, case_deadlines, case_snapshots, cases, events

__all__ = ["CaseHead", "EventStore"]

#: Rows per INSERT round trip; bounds statement size for very long batches.
_INSERT_CHUNK: Final = 500
#: Rows fetched per round trip when streaming (verify, iter_case_ids).
_STREAM_BATCH: Final = 2000
#: An append with ``expected_version=None`` retries this often when racing a case creation.
_UNCHECKED_RETRIES: Final = 3

#: A result row of any width (SQLAlchemy 2.1 rows are variadic generics).
_AnyRow: TypeAlias = Row[*tuple[Any, ...]]

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
_LOCK_VERSION = _CASE_VERSION.with_for_update()
_INSERT_EVENTS = events.insert()
_LOAD = sa.select(*EVENT_COLUMNS).where(events.c.case_id == _CASE_ID).order_by(events.c.seq)
_LOAD_UP_TO = (
    sa.select(*EVENT_COLUMNS)
    .where(events.c.case_id == _CASE_ID, events.c.recorded_at <= sa.bindparam("p_cutoff"))
    .order_by(events.c.seq)
)
_STORED_FIELDS = tuple(c.name for c in EVENT_COLUMNS)


def _stored_event(row: _AnyRow) -> StoredEvent:
    # Unpacking the row as a tuple is several times cheaper than ten attribute lookups.
    # The store's own rows: typed by the driver and the column types, so no validation again.
    return StoredEvent.model_construct(**dict(zip(_STORED_FIELDS, row, strict=True)))


@contextmanager
def _readable(case_id: str, table: str) -> Iterator[None]:
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
        facts = [self._fact(event, index) for index, event in enumerate(events)]
        attempts = 0
        while True:
            seen = expected_version
            try:
                with self._writer.begin() as conn:
                    seen, prev_hash, deadlines = self._lock_head(conn, case_id, expected_version)
                    return self._write(
                        conn,
                        case_id,
                        facts,
                        actor,
                        recorded,
                        seen,
                        prev_hash,
                        projection,
                        deadlines,
                        extra or {},
                    )
            except IntegrityError as exc:
                if not is_unique_violation(exc):
                    raise
                actual = self._version_or_zero(case_id)
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

    @staticmethod
    def _fact(event: EventBase, index: int) -> tuple[str, int, dt.date, dict[str, Any]]:
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

    @staticmethod
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
        self,
        conn: Connection,
        case_id: str,
        facts: Sequence[tuple[str, int, dt.date, dict[str, Any]]],
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
        for hook in self.hooks:
            hook.write(conn, case_id, new_version, extra.get(hook.name))
        return stored

    def _version_or_zero(self, case_id: str) -> int:
        with self._engine.connect() as conn:
            version = conn.execute(_CASE_VERSION, {"p_case_id": case_id}).scalar_one_or_none()
        return version or 0

    # -- reading -----------------------------------------------------------------------------

    def load(self, case_id: str, *, recorded_up_to: dt.datetime | None = None) -> list[StoredEvent]:
        """The case's events in seq order; with ``recorded_up_to``, only those recorded then.

        ``recorded_up_to`` is inclusive ("what did we know at K"). Returns ``[]`` when the case
        exists but nothing was recorded by then; raises :class:`CaseNotFoundError` when the case
        does not exist.
        """
        with self._engine.connect() as conn, _readable(case_id, "events"):
            if recorded_up_to is None:
                rows = conn.execute(_LOAD, {"p_case_id": case_id}).all()
            else:
                cutoff = require_aware(recorded_up_to, "recorded_up_to")
                rows = conn.execute(_LOAD_UP_TO, {"p_case_id": case_id, "p_cutoff": cutoff}).all()
            if not rows and not self._case_exists(conn, case_id):
                raise CaseNotFoundError(case_id)
        return [_stored_event(row) for row in rows]

    @staticmethod
    def _case_exists(conn: Connection, case_id: str) -> bool:
        return conn.execute(_CASE_VERSION, {"p_case_id": case_id}).first() is not None

    def has_case(self, case_id: str) -> bool:
        """Whether the case has a ``cases`` row."""
        with self._engine.connect() as conn:
            return self._case_exists(conn, case_id)

    def version(self, case_id: str) -> int:
        """The seq of the case's last event; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn:
            version = conn.execute(_CASE_VERSION, {"p_case_id": case_id}).scalar_one_or_none()
        if version is None:
            raise CaseNotFoundError(case_id)
        return int(version)

    def case_row(self, case_id: str) -> CaseRow:
        """The case's projection row with its open deadlines; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn, _readable(case_id, "cases"):
            row = case_row(conn, case_id)
        if row is None:
            raise CaseNotFoundError(case_id)
        return row

    def case_head(self, case_id: str) -> CaseHead:
        """Version, employee reference and the snapshot at that version (one round trip)."""
        with self._engine.connect() as conn, _readable(case_id, "case_snapshots"):
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
        query = (
            sa.select(cases.c.case_id, cases.c.closed, cases.c.first_sick_day)
            .where(cases.c.employee_ref == sa.bindparam("p_ref", type_=sa.String()))
            .order_by(cases.c.first_sick_day.desc(), cases.c.case_id)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query, {"p_ref": employee_ref}).all()
        return [(str(r[0]), bool(r[1]), r[2]) for r in rows]

    def iter_case_ids(self, *, include_closed: bool = True) -> Iterator[str]:
        """All case ids in id order, fetched in pages.

        Keyset paging holds no transaction or cursor open between pages, so callers may write
        (even to the same SQLite file) while iterating; cases created meanwhile may or may not
        be seen.
        """
        last: str | None = None
        while True:
            query = sa.select(cases.c.case_id).order_by(cases.c.case_id).limit(_STREAM_BATCH)
            if not include_closed:
                query = query.where(cases.c.closed == sa.false())
            if last is not None:
                query = query.where(cases.c.case_id > last)
            with self._engine.connect() as conn:
                page = list(conn.execute(query).scalars())
            yield from page
            if len(page) < _STREAM_BATCH:
                return
            last = page[-1]

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
            if case_id is not None and not seen and not self._case_exists(conn, case_id):
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
            if case_id is not None:
                has_events = conn.execute(_LOAD.limit(1), {"p_case_id": case_id}).first()
                if has_events is None and not self._case_exists(conn, case_id):
                    raise CaseNotFoundError(case_id)
            yield from audit_cases(conn, case_id, self.hooks)

    def rewrite_projections(self, case_id: str, expected: ExpectedProjection) -> None:
        """Write every projection of the case as ``expected`` (recomputed from its log).

        Locks the case first; raises :class:`ConcurrencyConflictError` when an append moved it
        past ``expected.version`` meanwhile (recompute and try again). Events are never touched.
        """
        with self._writer.begin() as conn:
            # The version alone: the rows being replaced may hold values that cannot be read.
            version = conn.execute(_LOCK_VERSION, {"p_case_id": case_id}).scalar_one_or_none()
            if version is not None and version != expected.version:
                raise ConcurrencyConflictError(case_id, expected.version, int(version))
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
