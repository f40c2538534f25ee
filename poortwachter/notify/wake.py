"""PostgreSQL LISTEN/NOTIFY: wake the workers when a reminder becomes due now.

Polling stays the mechanism (every ``sweep_interval_seconds``); a notification only shortens
the wait, so a lost one costs latency, never a reminder. The outbox hook and a re-drive send a
notification in their own transaction when a row they wrote is due by the machine's clock;
PostgreSQL delivers it at commit (and not at all on rollback). SQLite has no such thing: there
the sweep polls.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

__all__ = ["CHANNEL", "listen", "notify_if_due"]

#: The notification channel.
CHANNEL: Final = "poortwachter_reminders"
log = logging.getLogger("poortwachter.reminders")
_NOTIFY = sa.select(sa.func.pg_notify(CHANNEL, ""))


def notify_if_due(conn: Connection, earliest: dt.datetime) -> None:
    """On PostgreSQL: notify the workers when a reminder just written is due by now.

    ``earliest`` is the soonest ``next_attempt_at`` written. "Now" is the machine's clock, not
    the engine's: the notification only wakes a sweep early, and the sweep judges with its
    own clock what is due.
    """
    if conn.dialect.name == "postgresql" and earliest <= dt.datetime.now(dt.UTC):
        conn.execute(_NOTIFY)


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
