"""Connecting to the database: SQLite's set-up, PostgreSQL, and their errors.

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` (taking the database write lock
up front, waiting up to ``busy_timeout``), so a version read inside it cannot go stale; pysqlite's
own transaction handling is switched off for this (it would defer ``BEGIN``). Connections get
``journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000, foreign_keys=ON``. A lost server or a
lock that outlasted ``busy_timeout`` becomes :class:`StoreUnavailableError` on both backends.

Boundaries: a URL that does not parse, an unknown driver, a missing directory or a file that is
not an SQLite database is :class:`InvalidDatabaseError` (bad input). A new SQLite file is
created here with mode 0600 before SQLite opens it, so the database and its ``-wal`` and
``-shm`` files (SQLite gives them the database file's mode) are never readable by others.
No message ever shows a password: URLs pass through :func:`redacted`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from poortwachter.errors import (
    InvalidDatabaseError,
    InvalidEventError,
    StoreUnavailableError,
    phrase,
)
from poortwachter.privacy import redact_url_text

__all__ = [
    "WRITE",
    "connect",
    "is_unique_violation",
    "redacted",
    "require_aware",
    "require_text",
]

#: Execution option marking a connection as a writer (SQLite: ``BEGIN IMMEDIATE``).
WRITE: Final = "poortwachter_write"


#: Query parameters of a URL that may hold a secret (hidden in every message).
_SECRET_KEY = re.compile(r"pass|secret|token|key|cred", re.IGNORECASE)


def redacted(url: str | sa.URL) -> str:
    """``url`` for a message: the password and secret-looking query values as ``***``; a
    string that does not parse loses everything between ``://`` and ``@``."""
    try:
        parsed = sa.make_url(url)
    except Exception:
        return _shortened(redact_url_text(str(url)))
    query = {k: ("***" if _SECRET_KEY.search(k) else v) for k, v in parsed.query.items()}
    return _shortened(parsed.set(query=query).render_as_string(hide_password=True))


def _shortened(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "..."


def _scrub(message: str, url: sa.URL | None) -> str:
    """``message`` (a driver's error) with the URL's password replaced, first line only."""
    line = (message.strip().splitlines() or [""])[0]
    if url is not None:
        for secret in (url.password, *(v for k, v in url.query.items() if _SECRET_KEY.search(k))):
            if isinstance(secret, str) and secret:
                line = line.replace(secret, "***")
    return line


def connect(url: str, **engine_options: Any) -> Engine:
    """An SQLAlchemy engine for ``url`` with poortwachter's connection set-up."""
    try:
        sa_url = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        raise InvalidDatabaseError(redacted(str(url)), phrase("error.database.not_a_url")) from None
    try:
        if sa_url.get_backend_name() == "sqlite":
            if sa_url.database in (None, "", ":memory:"):
                # One shared connection, or every checkout would see its own empty database.
                engine_options.setdefault("poolclass", StaticPool)
                engine_options.setdefault("connect_args", {"check_same_thread": False})
            elif "uri" not in sa_url.query:  # with uri=true the database is a file: URI
                _create_private(sa_url)
            engine = sa.create_engine(sa_url, **engine_options)
            sa.event.listen(engine, "connect", _sqlite_on_connect)
            sa.event.listen(engine, "begin", _sqlite_on_begin)
        else:
            engine = sa.create_engine(sa_url, **engine_options)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise InvalidDatabaseError(
            redacted(sa_url),
            phrase("error.database.unsupported", detail=_scrub(str(exc), sa_url)),
        ) from None
    sa.event.listen(engine, "handle_error", _translate_unavailable)
    return engine


def _create_private(sa_url: sa.URL) -> None:
    """Create a missing SQLite database file with mode 0600 (an empty file is an empty
    database), so SQLite never creates it, or its -wal and -shm files, readable by others."""
    path = sa_url.database or ""
    if os.path.isdir(path):
        raise InvalidDatabaseError(redacted(sa_url), phrase("error.database.directory"))
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidDatabaseError(redacted(sa_url), phrase("error.database.not_utf8")) from None
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return  # SQLite opens it (or says it is not a database)
    except IsADirectoryError:
        raise InvalidDatabaseError(redacted(sa_url), phrase("error.database.directory")) from None
    except FileNotFoundError:
        raise InvalidDatabaseError(redacted(sa_url), phrase("error.database.no_dir")) from None
    except OSError as exc:
        raise InvalidDatabaseError(
            redacted(sa_url), phrase("error.database.not_created", detail=exc.strerror or exc)
        ) from None
    except ValueError as exc:  # a NUL in the path
        raise InvalidDatabaseError(
            redacted(sa_url), phrase("error.database.not_created", detail=exc)
        ) from None
    os.close(handle)


def _translate_unavailable(context: sa.engine.ExceptionContext) -> None:
    """A lost server or a lock that outlasted busy_timeout becomes StoreUnavailableError; a
    file that is not an SQLite database becomes InvalidDatabaseError."""
    url = context.engine.url if context.engine else None
    shown = redacted(url) if url is not None else "?"
    original = context.original_exception
    if getattr(original, "sqlite_errorname", None) == "SQLITE_NOTADB":
        raise InvalidDatabaseError(shown, phrase("error.database.not_sqlite")) from original
    if isinstance(context.sqlalchemy_exception, sa.exc.OperationalError):
        reason = _scrub(str(original), url)
        raise StoreUnavailableError(shown, reason, cause=_cause(original, url)) from original


def _cause(original: BaseException, url: sa.URL | None) -> str:
    """Which advice fits: wait for a lock, check a file, or check a server."""
    name = str(getattr(original, "sqlite_errorname", ""))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(original):
        return "locked"
    if url is not None and url.get_backend_name() == "sqlite":
        return "file"
    return "unreachable"


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
        raise StoreUnavailableError(
            redacted(conn.engine.url), str(exc), cause=_cause(exc, conn.engine.url)
        ) from exc
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
