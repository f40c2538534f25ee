"""The sweep: claim what is due with a lease, deliver it, record the outcome.

One statement claims a batch: the due pending rows whose lease is free or ran out, oldest
first, are marked with this worker's id (fresh per process start, never a host name), a lease
expiry and one more attempt. On PostgreSQL the inner select takes the rows ``FOR UPDATE SKIP
LOCKED`` inside a CTE (the fence keeps the planner from updating more rows than the limit), so
several workers never claim the same row; SQLite runs one worker. A worker that dies leaves its
claims to run out: the next sweep after the lease takes them again.

Delivery is at least once: every attempt carries the reminder's idempotency key. A failure is
retried with exponential backoff and jitter (or the receiver's ``Retry-After``), and after
``max_failures`` — or at once for a permanent refusal — the reminder is ``dead``: visible,
kept with its history, and re-driven by :func:`retry`.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from poortwachter.errors import ReminderNotFoundError
from poortwachter.notify.channel import Channel, Delivery, Notice, Outcome
from poortwachter.notify.outbox import ROW_COLUMNS, OutboxRow, outbox_row
from poortwachter.notify.policy import ReminderPolicy
from poortwachter.notify.wake import notify_if_due
from poortwachter.store import EventStore
from poortwachter.store.schema import UTCDateTime, reminder_attempts, reminders

__all__ = ["Sweep", "SweepReport", "backoff_seconds", "claim", "retry"]

log = logging.getLogger("poortwachter.reminders")
_R = reminders.c
_KEY = sa.bindparam("p_key", type_=sa.String())
_WORKER = sa.bindparam("p_worker", type_=sa.String())
_STATE_OWNED: Final = sa.and_(_R.key == _KEY, _R.claimed_by == _WORKER, _R.state == "pending")


_NOW = sa.bindparam("p_now", type_=UTCDateTime())
_DUE = (
    sa.select(_R.key)
    .where(
        _R.state == "pending",
        _R.next_attempt_at <= _NOW,
        sa.or_(_R.lease_until.is_(None), _R.lease_until < _NOW),
    )
    .order_by(_R.next_attempt_at, _R.key)
    .limit(sa.bindparam("p_limit", type_=sa.Integer()))
    .with_for_update(skip_locked=True)
    .cte("due")
)
# Built once: building and cache-keying a statement costs as much as running a small one.
_CLAIM = (
    reminders.update()
    .where(_R.key == _DUE.c.key)
    .values(
        claimed_by=_WORKER,
        lease_until=sa.bindparam("p_until", type_=UTCDateTime()),
        attempts=_R.attempts + 1,
    )
    .returning(*ROW_COLUMNS)
)
_ACK = (
    reminders.update()
    .where(
        _R.key.in_(sa.bindparam("p_keys", expanding=True)),
        _R.claimed_by == _WORKER,
        _R.state == "pending",
    )
    .values(
        state="sent",
        sent_at=_NOW,
        sent_by=_WORKER,
        claimed_by=None,
        lease_until=None,
        last_error=None,
    )
    .returning(_R.key)
)


def claim(
    store: EventStore, worker: str, now: dt.datetime, lease_seconds: float, limit: int
) -> list[OutboxRow]:
    """Claim up to ``limit`` due reminders for ``worker`` in one statement (see module doc)."""
    params = {
        "p_now": now,
        "p_limit": limit,
        "p_worker": worker,
        "p_until": now + dt.timedelta(seconds=lease_seconds),
    }
    with store.begin_write() as conn:
        rows = conn.execute(_CLAIM, params).all()
    claimed = [outbox_row(row) for row in rows]
    claimed.sort(key=lambda r: (r.next_attempt_at, r.notice.key))
    return claimed


def backoff_seconds(policy: ReminderPolicy, failures: int, rng: random.Random) -> float:
    """Exponential backoff, capped, with jitter over its upper half (never zero)."""
    settings = policy.delivery
    delay = min(settings.backoff_cap_seconds, settings.backoff_base_seconds * 2 ** (failures - 1))
    return rng.uniform(delay / 2, delay)


@dataclass
class SweepReport:
    """What one sweep did (counts of reminders, not of messages, except ``messages``)."""

    claimed: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    messages: int = 0
    lost_claims: int = 0

    def add(self, other: SweepReport) -> None:
        for name in ("claimed", "delivered", "retried", "dead", "messages", "lost_claims"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Sweep:
    """One worker's sweep: claims, groups per recipient, delivers, records.

    ``channel_for`` builds (or returns a cached) channel by name; ``now`` is the clock.
    """

    store: EventStore
    policy: ReminderPolicy
    channel_for: Callable[[str], Channel]
    now: Callable[[], dt.datetime]
    worker: str
    stop: threading.Event = field(default_factory=threading.Event)
    rng: random.Random = field(default_factory=random.Random)

    def run_once(self) -> SweepReport:
        """Deliver everything due now, batch by batch, until nothing is due (or asked to stop)."""
        total = SweepReport()
        settings = self.policy.delivery
        while not self.stop.is_set():
            rows = claim(
                self.store, self.worker, self.now(), settings.lease_seconds, settings.batch_size
            )
            if not rows:
                break
            total.add(self._deliver(rows))
        return total

    def deliveries(
        self, rows: Sequence[OutboxRow], now: dt.datetime
    ) -> list[tuple[Delivery, str, list[OutboxRow]]]:
        """The messages for ``rows``: per recipient (after delegation) one digest, or one per
        reminder — with overdue reminders merged into one catch-up message when the policy
        says so. Each with its channel name and the rows it carries."""
        today = now.astimezone(self.policy.zone).date()
        late = now - dt.timedelta(minutes=self.policy.catch_up_after_minutes)
        by_recipient: dict[str, list[OutboxRow]] = defaultdict(list)
        for row in rows:
            by_recipient[self.policy.delegate_for(row.notice.recipient, today)].append(row)
        out: list[tuple[Delivery, str, list[OutboxRow]]] = []
        for recipient, mine in sorted(by_recipient.items()):
            settings = self.policy.recipient(recipient)
            groups: list[list[OutboxRow]]
            if settings.mode == "digest":
                groups = [mine]
            else:
                overdue = [r for r in mine if r.notice.send_at < late]
                on_time = [r for r in mine if r.notice.send_at >= late]
                merge = self.policy.catch_up == "merge" and len(overdue) > 1
                groups = ([overdue] if merge else [[r] for r in overdue]) + [[r] for r in on_time]
            for group in groups:
                delivery = Delivery(
                    recipient=recipient,
                    address=settings.address,
                    notices=tuple(r.notice for r in group),
                    language=settings.language,
                    attempt=max(r.attempts for r in group),
                    digest=len(group) > 1 or settings.mode == "digest",
                )
                out.append((delivery, settings.channel, group))
        return out

    def _deliver(self, rows: Sequence[OutboxRow]) -> SweepReport:
        """Deliver a claimed batch. Outcomes are recorded as soon as ``ack_interval_seconds``
        passed since the last record (so after every message when delivery is slow): a crash
        repeats only what went out since, and the receiver drops that by its key. Past half
        the lease, the rest of the batch gets a fresh lease (a heartbeat), so a slow receiver
        never lets another worker take messages this one is still sending."""
        report = SweepReport(claimed=len(rows))
        settings = self.policy.delivery
        leased = flushed = time.monotonic()
        done: list[tuple[OutboxRow, Outcome, float]] = []
        plan = self.deliveries(rows, self.now())
        for index, (delivery, channel_name, group) in enumerate(plan):
            if time.monotonic() - leased > settings.lease_seconds / 2:
                self._extend([row for _, _, rest in plan[index:] for row in rest])
                leased = time.monotonic()
            outcome = self._attempt(channel_name, delivery)
            report.messages += 1
            log.info(
                "delivery",
                extra={
                    "event": "delivered" if outcome.delivered else "failed",
                    "key": delivery.key,
                    "recipient": delivery.recipient,
                    "channel": channel_name,
                    "reminders": len(group),
                    "attempt": delivery.attempt,
                    "detail": outcome.detail,
                    "worker": self.worker,
                },
            )
            # One wait for the whole message, so a failed digest is retried as one digest.
            wait = 0.0
            if not outcome.delivered:
                failures = max(row.failures for row in group) + 1
                wait = max(
                    backoff_seconds(self.policy, failures, self.rng), outcome.retry_after or 0
                )
            done.extend((row, outcome, wait) for row in group)
            if time.monotonic() - flushed >= settings.ack_interval_seconds:
                report.add(self._record(done))
                done, flushed = [], time.monotonic()
        if done:
            report.add(self._record(done))
        return report

    def _extend(self, rows: Sequence[OutboxRow]) -> None:
        """Renew this worker's lease on ``rows`` (those it still holds)."""
        until = self.now() + dt.timedelta(seconds=self.policy.delivery.lease_seconds)
        keys = [row.notice.key for row in rows]
        with self.store.begin_write() as conn:
            conn.execute(
                reminders.update()
                .where(_R.key.in_(keys), _R.claimed_by == self.worker, _R.state == "pending")
                .values(lease_until=until)
            )

    def _attempt(self, channel_name: str, delivery: Delivery) -> Outcome:
        """One attempt; a broken channel becomes a failed outcome, never a stopped sweep."""
        try:
            return self.channel_for(channel_name).deliver(delivery)
        except Exception as exc:  # a channel must not raise; if it does, the sweep goes on
            return Outcome(False, detail=f"{type(exc).__name__} in channel '{channel_name}'")

    def _record(self, results: Sequence[tuple[OutboxRow, Outcome, float]]) -> SweepReport:
        """Acknowledge or reschedule every row, in one transaction.

        The delivered rows are acknowledged by one statement (state, ``sent_at``, ``sent_by``:
        the row itself is the record of a delivery). Everything else — a failure, a retry, a
        death, an acknowledgement that came too late — gets a row in ``reminder_attempts``.
        Only rows this worker still holds change: one whose lease ran out and was taken, or
        that was cancelled meanwhile, is reported as a lost claim.
        """
        report = SweepReport()
        now = self.now()
        delivered = [row.notice.key for row, outcome, _ in results if outcome.delivered]
        history: list[dict[str, Any]] = []
        with self.store.begin_write() as conn:
            acked: set[str] = set()
            if delivered:
                params = {"p_keys": delivered, "p_worker": self.worker, "p_now": now}
                acked = set(conn.execute(_ACK, params).scalars())
                report.delivered += len(acked)
            for row, outcome, wait in results:
                if outcome.delivered and row.notice.key in acked:
                    continue
                if outcome.delivered:
                    kind = "delivered (claim lost)"
                    report.lost_claims += 1
                else:
                    kind = self._failed(conn, row, outcome, now, wait, report)
                history.append(
                    {
                        "key": row.notice.key,
                        "attempt": row.attempts,
                        "worker": self.worker,
                        "at": now,
                        "outcome": kind,
                        "detail": outcome.detail[:500],
                    }
                )
            if history:
                conn.execute(reminder_attempts.insert(), history)
        return report

    def _failed(
        self,
        conn: Connection,
        row: OutboxRow,
        outcome: Outcome,
        now: dt.datetime,
        wait: float,
        report: SweepReport,
    ) -> str:
        """Reschedule a failed row with backoff, or make it dead; returns the history's word."""
        failures = row.failures + 1
        values: dict[str, Any] = {
            "claimed_by": None,
            "lease_until": None,
            "failures": failures,
            "last_error": outcome.detail[:500],
        }
        if outcome.permanent or failures >= self.policy.delivery.max_failures:
            values["state"] = "dead"
            kind = "dead"
        else:
            values["next_attempt_at"] = now + dt.timedelta(seconds=wait)
            kind = "retry"
        params = {"p_key": row.notice.key, "p_worker": self.worker}
        if not conn.execute(
            reminders.update().where(_STATE_OWNED).values(**values), params
        ).rowcount:
            return f"{kind} (claim lost)"
        if kind == "dead":
            report.dead += 1
        else:
            report.retried += 1
        return kind


def retry(
    store: EventStore, now: dt.datetime, *, key: str | None = None, dead: bool = False
) -> list[str]:
    """Re-drive one reminder (any state but cancelled) or every dead one; keeps the history.

    The reminder becomes pending and due now, with its failure count reset (its attempt count
    and attempt rows stay). Returns the keys re-driven.
    """
    query = sa.select(_R.key, _R.state, _R.attempts)
    if key is not None:
        query = query.where(_R.key == key)
    elif dead:
        query = query.where(_R.state == "dead")
    else:
        return []
    with store.begin_write() as conn:
        rows = conn.execute(query.order_by(_R.key)).all()
        if key is not None and not rows:
            raise ReminderNotFoundError(key)
        keys = [row[0] for row in rows if row[1] != "cancelled"]
        for row in rows:
            if row[1] == "cancelled":
                continue
            conn.execute(
                reminders.update()
                .where(_R.key == row[0])
                .values(
                    state="pending",
                    failures=0,
                    next_attempt_at=now,
                    claimed_by=None,
                    lease_until=None,
                )
            )
        if keys:
            notify_if_due(conn, now)
            conn.execute(
                reminder_attempts.insert(),
                [
                    {
                        "key": row[0],
                        "attempt": row[2],
                        "worker": "retry",
                        "at": now,
                        "outcome": "redriven",
                        "detail": f"was {row[1]}",
                    }
                    for row in rows
                    if row[1] != "cancelled"
                ],
            )
    return keys


def notices(rows: Sequence[OutboxRow]) -> list[Notice]:
    return [row.notice for row in rows]
