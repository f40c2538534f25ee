"""PostgreSQL LISTEN/NOTIFY: wake the workers when a reminder becomes due now.

Polling stays the mechanism (every ``sweep_interval_seconds``); a notification only shortens
the wait, so a lost one costs latency, never a reminder. The outbox hook and a re-drive send a
notification, in their own transaction, when a row they wrote is pending and due by the
database's clock; PostgreSQL delivers it at commit (and not at all on rollback). SQLite has no
such thing: there the sweep polls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from poortwachter.store.schema import reminders

__all__ = ["CHANNEL", "listen", "notify_if_due"]

#: The notification channel.
CHANNEL: Final = "poortwachter_reminders"
log = logging.getLogger("poortwachter.reminders")
_R = reminders.c
_NOTIFY = sa.select(sa.func.pg_notify(CHANNEL, "")).where(
    sa.exists().where(
        _R.key.in_(sa.bindparam("p_keys", expanding=True)),
        _R.state == "pending",
        _R.next_attempt_at <= sa.func.now(),
    )
)


def notify_if_due(conn: Connection, keys: Sequence[str]) -> None:
    """On PostgreSQL: notify the workers when one of ``keys`` is pending and due now."""
    if keys and conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY, {"p_keys": list(keys)})


def listen(url: sa.URL, on_wake: Callable[[], None], stopped: threading.Event) -> None:
    """LISTEN on ``url`` until ``stopped``, calling ``on_wake`` per notification batch.

    Runs in its own thread with its own connection; a lost connection is retried after a
    pause (the polling sweep carries on meanwhile).
    """
    import psycopg

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    while not stopped.is_set():
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                while not stopped.is_set():
                    if any(True for _ in conn.notifies(timeout=1.0, stop_after=1)):
                        on_wake()
        except psycopg.Error as exc:
            log.warning("listen failed", extra={"event": "listen_failed", "detail": str(exc)})
            stopped.wait(5.0)
