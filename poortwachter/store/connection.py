"""Connecting to the database: SQLite's set-up, PostgreSQL, and their errors.

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` (taking the database write lock
up front, waiting up to ``busy_timeout``), so a version read inside it cannot go stale; pysqlite's
own transaction handling is switched off for this (it would defer ``BEGIN``). Connections get
``journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000, foreign_keys=ON``. A lost server or a
lock that outlasted ``busy_timeout`` becomes :class:`StoreUnavailableError` on both backends.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from poortwachter.errors import InvalidEventError, StoreUnavailableError

__all__ = [
    "WRITE",
    "connect",
    "is_unique_violation",
    "require_aware",
    "require_text",
]

#: Execution option marking a connection as a writer (SQLite: ``BEGIN IMMEDIATE``).
WRITE: Final = "poortwachter_write"


def connect(url: str, **engine_options: Any) -> Engine:
    """An SQLAlchemy engine for ``url`` with poortwachter's connection set-up."""
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
    return engine


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
    writer = bool(conn.get_execution_options().get(WRITE, False))
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


def is_unique_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)  # psycopg
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    name = getattr(orig, "sqlite_errorname", None)  # sqlite3, Python >= 3.11
    if name is not None:
        return name in {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
    return "unique" in str(orig).lower()  # pragma: no cover - other drivers


def require_aware(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidEventError(
            f"naive datetime {value.isoformat()} is ambiguous",
            field=field,
            expected="a timezone-aware datetime (UTC is stored)",
        )
    return value.astimezone(dt.UTC)


def require_text(value: str, field: str) -> None:
    if not value or value != value.strip():
        raise InvalidEventError(
            f"{value!r} is empty or has surrounding whitespace",
            field=field,
            expected="a non-empty identifier without surrounding whitespace",
        )
