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

The store never updates or deletes events; there is no API for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Final, Self, TypeAlias

import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    IntegrityViolationError,
    InvalidEventError,
    StoreUnavailableError,
)
from poortwachter.events import EVENT_TYPES, EventBase
from poortwachter.store.hashing import GENESIS_HASH, chain_hash
from poortwachter.store.migrate import alembic_config
from poortwachter.store.models import (
    AgendaRow,
    CaseProjection,
    CaseRow,
    IntegrityIssue,
    OpenDeadline,
    StoredEvent,
)
from poortwachter.store.schema import case_deadlines, cases, events

__all__ = ["EventStore"]

#: Execution option marking a connection as a writer (SQLite: ``BEGIN IMMEDIATE``).
_WRITE: Final = "poortwachter_write"
#: Rows per INSERT round trip; bounds statement size for very long batches.
_INSERT_CHUNK: Final = 500
#: Rows fetched per round trip when streaming (verify, iter_case_ids).
_STREAM_BATCH: Final = 2000
#: An append with ``expected_version=None`` retries this often when racing a case creation.
_UNCHECKED_RETRIES: Final = 3

#: A result row of any width (SQLAlchemy 2.1 rows are variadic generics).
_AnyRow: TypeAlias = Row[*tuple[Any, ...]]
#: A case's ``case_deadlines`` rows as an append compares them: kind -> ``_DEADLINE_VALUES``.
_StoredDeadlines: TypeAlias = dict[str, tuple[Any, ...]]

_EVENT_COLUMNS = (
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
_CASE_COLUMNS = (
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

# Statements are built once: on SQLite, building and cache-keying a statement costs more than
# running it.
_CASE_ID = sa.bindparam("p_case_id", type_=sa.String())
_KIND = sa.bindparam("p_kind", type_=sa.String())
#: The ``case_deadlines`` columns an append compares to decide whether a row changed.
_DEADLINE_VALUES = ("due", "status", "employee_ref", "state", "casemanager", "closed")
# The case's deadlines come along with the lock, so the diff costs no extra round trip.
_LOCK_CASE = (
    sa.select(
        cases.c.version,
        cases.c.head_hash,
        case_deadlines.c.kind,
        *(case_deadlines.c[name] for name in _DEADLINE_VALUES),
    )
    .select_from(cases.outerjoin(case_deadlines, case_deadlines.c.case_id == cases.c.case_id))
    .where(cases.c.case_id == _CASE_ID)
    .with_for_update(of=cases)
)
_CASE_VERSION = sa.select(cases.c.version).where(cases.c.case_id == _CASE_ID)
_INSERT_CASE = cases.insert()
_UPDATE_CASE = cases.update().where(cases.c.case_id == _CASE_ID)  # SET columns = params given
_INSERT_EVENTS = events.insert()
_LOAD = sa.select(*_EVENT_COLUMNS).where(events.c.case_id == _CASE_ID).order_by(events.c.seq)
_LOAD_UP_TO = (
    sa.select(*_EVENT_COLUMNS)
    .where(events.c.case_id == _CASE_ID, events.c.recorded_at <= sa.bindparam("p_cutoff"))
    .order_by(events.c.seq)
)
_DEADLINE_COLUMNS = (case_deadlines.c.kind, case_deadlines.c.due, case_deadlines.c.status)
# One round trip: the case row repeated once per open deadline (or once with NULLs, for none).
_CASE_ROW = (
    sa.select(*_CASE_COLUMNS, *_DEADLINE_COLUMNS)
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
_AGENDA_COLUMNS = (
    case_deadlines.c.case_id,
    case_deadlines.c.employee_ref,
    case_deadlines.c.casemanager,
    case_deadlines.c.state,
    case_deadlines.c.due,
    case_deadlines.c.kind,
    case_deadlines.c.status,
)


@functools.cache
def _agenda_query(by_casemanager: bool, from_start: bool, to_end: bool, limited: bool) -> Any:
    """One prebuilt agenda statement per combination of filters (8 at most)."""
    deadlines = case_deadlines.c
    query = sa.select(*_AGENDA_COLUMNS).where(deadlines.closed == sa.false())
    if by_casemanager:
        query = query.where(deadlines.casemanager == sa.bindparam("p_cm", type_=sa.String()))
    if from_start:
        query = query.where(deadlines.due >= sa.bindparam("p_start", type_=sa.Date()))
    if to_end:
        query = query.where(deadlines.due <= sa.bindparam("p_end", type_=sa.Date()))
    query = query.order_by(deadlines.due, deadlines.case_id, deadlines.kind)
    if limited:
        query = query.limit(sa.bindparam("p_limit", type_=sa.Integer()))
    return query


def _translate_unavailable(context: sa.engine.ExceptionContext) -> None:
    """A lost server or a lock that outlasted busy_timeout becomes StoreUnavailableError."""
    if isinstance(context.sqlalchemy_exception, sa.exc.OperationalError):
        url = context.engine.url.render_as_string(hide_password=True) if context.engine else "?"
        reason = str(context.original_exception).strip().splitlines()[0]
        raise StoreUnavailableError(url, reason) from context.original_exception


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from pysqlite (see module docstring); busy_timeout first so
    # the journal_mode switch itself waits for a lock instead of failing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    writer = bool(conn.get_execution_options().get(_WRITE, False))
    # Straight to the driver: this runs for every transaction, and the SQLAlchemy execute path
    # (events, result set-up) costs as much as a small statement itself.
    statement = "BEGIN IMMEDIATE" if writer else "BEGIN"
    driver = conn.connection.driver_connection
    if driver is None:  # pragma: no cover - a checked-out connection always has one
        conn.exec_driver_sql(statement)
        return
    try:
        driver.execute(statement)
    except sqlite3.OperationalError as exc:
        # This bypasses SQLAlchemy's error handling, so translate here what handle_error would:
        # "database is locked" after busy_timeout means the store is unavailable for now.
        url = conn.engine.url.render_as_string(hide_password=True)
        raise StoreUnavailableError(url, str(exc)) from exc
    except sqlite3.Error as exc:
        raise sa.exc.DBAPIError.instance(statement, None, exc, sqlite3.Error) from exc


def _is_unique_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)  # psycopg
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    name = getattr(orig, "sqlite_errorname", None)  # sqlite3, Python >= 3.11
    if name is not None:
        return name in {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
    return "unique" in str(orig).lower()  # pragma: no cover - other drivers


def _require_aware(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidEventError(
            f"naive datetime {value.isoformat()} is ambiguous",
            field=field,
            expected="a timezone-aware datetime (UTC is stored)",
        )
    return value.astimezone(dt.UTC)


def _require_text(value: str, field: str) -> None:
    if not value or value != value.strip():
        raise InvalidEventError(
            f"{value!r} is empty or has surrounding whitespace",
            field=field,
            expected="a non-empty identifier without surrounding whitespace",
        )


_STORED_FIELDS = tuple(c.name for c in _EVENT_COLUMNS)


def _stored_event(row: _AnyRow) -> StoredEvent:
    # Unpacking the row as a tuple is several times cheaper than ten attribute lookups.
    return StoredEvent.model_validate(dict(zip(_STORED_FIELDS, row, strict=True)))


_CASE_FIELDS = tuple(c.name for c in _CASE_COLUMNS)


def _case_row(rows: Sequence[_AnyRow]) -> CaseRow:
    """A :class:`CaseRow` from the ``_CASE_ROW`` join (one row per open deadline)."""
    width = len(_CASE_FIELDS)
    values: dict[str, Any] = dict(zip(_CASE_FIELDS, rows[0][:width], strict=True))
    values["open_deadlines"] = tuple(
        OpenDeadline(kind=row[width], due=row[width + 1], status=row[width + 2])
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
        }
        for deadline in projection.open_deadlines
    ]


class EventStore:
    """Append-only, hash-chained per-case event logs with a ``cases`` projection.

    Open with :meth:`open`, create or migrate the schema with :meth:`upgrade`. Thread-safe: one
    store (one connection pool) serves all threads of a process. Every method runs in its own
    transaction; nothing is held between calls.
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine made by :meth:`open` (use that; it installs the SQLite setup)."""
        self._engine = engine
        self._writer = engine.execution_options(**{_WRITE: True})

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, **engine_options: Any) -> EventStore:
        """Connect to ``sqlite:///path.db`` (the default, embedded) or ``postgresql+psycopg://…``.

        ``engine_options`` go to :func:`sqlalchemy.create_engine` (pool size, echo, …). SQLite
        connections get ``journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000,
        foreign_keys=ON``. ``sqlite://`` (in memory) shares one connection: fine for scripts and
        tests, not for threads. The schema is not touched; call :meth:`upgrade`.
        """
        sa_url = sa.make_url(url)
        if sa_url.get_backend_name() == "sqlite":
            if sa_url.database in (None, "", ":memory:"):
                # One shared connection, or every checkout would see its own empty database.
                engine_options.setdefault("poolclass", StaticPool)
                engine_options.setdefault("connect_args", {"check_same_thread": False})
            engine = sa.create_engine(sa_url, **engine_options)
            sa.event.listen(engine, "connect", _sqlite_on_connect)
            sa.event.listen(engine, "begin", _sqlite_on_begin)
        else:
            engine = sa.create_engine(sa_url, **engine_options)
        sa.event.listen(engine, "handle_error", _translate_unavailable)
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
        An empty ``events`` is a no-op that returns ``[]``.
        """
        _require_text(case_id, "case_id")
        _require_text(actor, "actor")
        recorded = _require_aware(recorded_at, "recorded_at")
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
                    )
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
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
    ) -> tuple[int, str, _StoredDeadlines | None]:
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

    @staticmethod
    def _write(
        conn: Connection,
        case_id: str,
        facts: Sequence[tuple[str, int, dt.date, dict[str, Any]]],
        actor: str,
        recorded_at: dt.datetime,
        version: int,
        prev_hash: str,
        projection: CaseProjection,
        deadlines: _StoredDeadlines | None,
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
        values = {name: getattr(projection, name) for name in _PROJECTION_COLUMNS}
        if version == 0:
            # Creating the case first makes two racing creators collide on the primary key
            # before either has written its events.
            conn.execute(
                _INSERT_CASE,
                {
                    "case_id": case_id,
                    "version": new_version,
                    "head_hash": prev_hash,
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
                    "head_hash": prev_hash,
                    "updated_at": recorded_at,
                    **values,
                },
            )
        rows = [event.model_dump() for event in stored]
        for start in range(0, len(rows), _INSERT_CHUNK):
            conn.execute(_INSERT_EVENTS, rows[start : start + _INSERT_CHUNK])
        EventStore._write_deadlines(conn, case_id, projection, deadlines)
        return stored

    @staticmethod
    def _write_deadlines(
        conn: Connection,
        case_id: str,
        projection: CaseProjection,
        stored: _StoredDeadlines | None,
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
            values = tuple(row[name] for name in _DEADLINE_VALUES)
            before = stored.pop(row["kind"], None)
            if before is None:
                inserts.append(row)
            elif before != values:
                update = dict(zip(_DEADLINE_VALUES, values, strict=True))
                updates.append({"p_case_id": case_id, "p_kind": row["kind"], **update})
        if stored:  # what is left was open before and is not any more
            gone = [{"p_case_id": case_id, "p_kind": kind} for kind in stored]
            conn.execute(_DELETE_DEADLINE, gone)
        if updates:
            conn.execute(_UPDATE_DEADLINE, updates)
        if inserts:
            conn.execute(_INSERT_DEADLINES, inserts)

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
        with self._engine.connect() as conn:
            if recorded_up_to is None:
                rows = conn.execute(_LOAD, {"p_case_id": case_id}).all()
            else:
                cutoff = _require_aware(recorded_up_to, "recorded_up_to")
                rows = conn.execute(_LOAD_UP_TO, {"p_case_id": case_id, "p_cutoff": cutoff}).all()
            if not rows and not self._case_exists(conn, case_id):
                raise CaseNotFoundError(case_id)
        return [_stored_event(row) for row in rows]

    @staticmethod
    def _case_exists(conn: Connection, case_id: str) -> bool:
        return conn.execute(_CASE_VERSION, {"p_case_id": case_id}).first() is not None

    def version(self, case_id: str) -> int:
        """The seq of the case's last event; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn:
            version = conn.execute(_CASE_VERSION, {"p_case_id": case_id}).scalar_one_or_none()
        if version is None:
            raise CaseNotFoundError(case_id)
        return int(version)

    def case_row(self, case_id: str) -> CaseRow:
        """The case's projection row with its open deadlines; raises :class:`CaseNotFoundError`."""
        with self._engine.connect() as conn:
            rows = conn.execute(_CASE_ROW, {"p_case_id": case_id}).all()
        if not rows:
            raise CaseNotFoundError(case_id)
        return _case_row(rows)

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
        query = _agenda_query(
            casemanager is not None, start is not None, end is not None, limit is not None
        )
        params = {"p_cm": casemanager, "p_start": start, "p_end": end, "p_limit": limit}
        with self._engine.connect() as conn:
            rows = conn.execute(query, {k: v for k, v in params.items() if v is not None}).all()
        # The agenda reads a handful of columns and trusts its own table: no per-row validation.
        return [AgendaRow(*row) for row in rows]

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
        found: dict[str, IntegrityIssue] = {}
        with self._engine.connect() as conn:
            if self.dialect == "postgresql":
                # One snapshot for the chain walk and the version check below.
                conn.execution_options(isolation_level="REPEATABLE READ")
            query = sa.select(*_EVENT_COLUMNS).order_by(events.c.case_id, events.c.seq)
            if case_id is not None:
                query = query.where(events.c.case_id == case_id)
            rows = conn.execution_options(yield_per=_STREAM_BATCH).execute(query)
            walker = _ChainWalker()
            for row in rows:
                issue = walker.step(row)
                if issue is not None:
                    found[issue.case_id] = issue
            seen_events = walker.cases_seen
            for issue in self._version_issues(conn, case_id):
                found.setdefault(issue.case_id, issue)
            if case_id is not None and not seen_events and not self._case_exists(conn, case_id):
                raise CaseNotFoundError(case_id)
        return [found[key] for key in sorted(found)]

    @staticmethod
    def _version_issues(conn: Connection, case_id: str | None) -> Iterator[IntegrityIssue]:
        """Cases whose log does not end at (version, head_hash), and events without a case."""
        last = sa.select(
            events.c.case_id.label("case_id"), sa.func.max(events.c.seq).label("last_seq")
        ).group_by(events.c.case_id)
        if case_id is not None:
            last = last.where(events.c.case_id == case_id)
        tail = last.subquery("tail")
        head = events.alias("head")
        mismatched = (
            sa.select(
                cases.c.case_id,
                cases.c.version,
                cases.c.head_hash,
                tail.c.last_seq,
                head.c.hash.label("stored_hash"),
            )
            .select_from(
                cases.outerjoin(tail, tail.c.case_id == cases.c.case_id).outerjoin(
                    head, sa.and_(head.c.case_id == cases.c.case_id, head.c.seq == cases.c.version)
                )
            )
            .where(
                sa.or_(
                    tail.c.last_seq.is_(None),
                    tail.c.last_seq != cases.c.version,
                    head.c.hash.is_(None),
                    head.c.hash != cases.c.head_hash,
                )
            )
        )
        if case_id is not None:
            mismatched = mismatched.where(cases.c.case_id == case_id)
        for row in conn.execute(mismatched):
            version, last_seq = int(row.version), row.last_seq
            if last_seq is None:
                yield IntegrityIssue(
                    case_id=row.case_id,
                    seq=1,
                    kind="version_mismatch",
                    detail=f"the case is at version {version} but has no events",
                )
            elif last_seq == version:
                yield IntegrityIssue(
                    case_id=row.case_id,
                    seq=version,
                    kind="head_hash_mismatch",
                    detail=(
                        f"the last event hashes to {str(row.stored_hash)[:12]}… but the case "
                        f"recorded {row.head_hash[:12]}…: the log's tail was rewritten"
                    ),
                )
            elif last_seq < version:
                yield IntegrityIssue(
                    case_id=row.case_id,
                    seq=last_seq + 1,
                    kind="version_mismatch",
                    detail=(
                        f"the case is at version {version} but its log ends at seq {last_seq}: "
                        f"events {last_seq + 1}..{version} are missing"
                    ),
                )
            else:
                yield IntegrityIssue(
                    case_id=row.case_id,
                    seq=version + 1,
                    kind="version_mismatch",
                    detail=(
                        f"the case is at version {version} but events up to seq {last_seq} "
                        f"are stored: seq {version + 1}.. were added outside the store"
                    ),
                )
        orphans = sa.select(tail.c.case_id, tail.c.last_seq).where(
            ~sa.exists().where(cases.c.case_id == tail.c.case_id)
        )
        for orphan in conn.execute(orphans):
            yield IntegrityIssue(
                case_id=orphan.case_id,
                seq=None,
                kind="orphan_events",
                detail=(
                    f"events up to seq {orphan.last_seq} are stored for a case that has no "
                    f"row in the cases table"
                ),
            )


class _ChainWalker:
    """Checks rows ordered by (case_id, seq), remembering only the current case's link."""

    def __init__(self) -> None:
        self._case: str | None = None
        self._expected = 1
        self._prev = GENESIS_HASH
        self._broken = False
        self.cases_seen = 0

    def step(self, row: _AnyRow) -> IntegrityIssue | None:
        if row.case_id != self._case:
            self._case, self._expected, self._prev = row.case_id, 1, GENESIS_HASH
            self._broken = False
            self.cases_seen += 1
        if self._broken:
            return None
        issue = self._check(row)
        if issue is None:
            self._prev = row.hash
            self._expected += 1
        else:
            self._broken = True
        return issue

    def _check(self, row: _AnyRow) -> IntegrityIssue | None:
        case_id, seq = row.case_id, row.seq
        if seq != self._expected:
            return IntegrityIssue(
                case_id=case_id,
                seq=self._expected,
                kind="seq_gap",
                detail=f"no event at seq {self._expected}; the next stored event has seq {seq}",
            )
        if row.prev_hash != self._prev:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="prev_hash_mismatch",
                detail=(
                    f"prev_hash {row.prev_hash[:12]}… does not match the hash "
                    f"{self._prev[:12]}… of the event before it"
                ),
            )
        try:
            recomputed = chain_hash(
                case_id=case_id,
                seq=seq,
                type=row.type,
                schema_version=row.schema_version,
                effective=row.effective,
                recorded_at=row.recorded_at,
                actor=row.actor,
                payload=row.payload,
                prev_hash=row.prev_hash,
            )
        except (TypeError, ValueError) as exc:  # a payload that is no longer JSON-encodable
            return IntegrityIssue(
                case_id=case_id, seq=seq, kind="hash_mismatch", detail=f"cannot be hashed: {exc}"
            )
        if recomputed != row.hash:
            return IntegrityIssue(
                case_id=case_id,
                seq=seq,
                kind="hash_mismatch",
                detail=(
                    f"content hashes to {recomputed[:12]}… but {row.hash[:12]}… was stored: "
                    f"the event was changed after it was written"
                ),
            )
        return None
