"""The reminders of an :class:`~poortwachter.engine.Engine`: plan, list, explain, re-drive.

Reached as ``engine.reminders``. Planning normally happens inside every append; :meth:`plan`
re-plans outside one (after a policy change, or for cases recorded before the outbox existed),
under the case's lock and at the version it decided from, exactly as an append would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from poortwachter.errors import ReminderNotFoundError
from poortwachter.notify.case_plan import plan_for_case
from poortwachter.notify.channel import Notice
from poortwachter.notify.outbox import (
    ATTEMPT_COLUMNS,
    ROW_COLUMNS,
    OutboxHook,
    OutboxRow,
    outbox_row,
)
from poortwachter.notify.sweep import retry
from poortwachter.store.schema import cases, events, reminder_attempts, reminders

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = ["Attempt", "Reminders", "Why"]

_R = reminders.c
#: Cases planned per transaction by :meth:`Reminders.plan` without a case.
_PLAN_BATCH = 200


@dataclass(frozen=True, slots=True)
class Attempt:
    """One line of a reminder's delivery history."""

    attempt: int
    worker: str
    at: dt.datetime
    outcome: str
    detail: str


@dataclass(frozen=True, slots=True)
class Why:
    """Why a reminder exists: the event that planned it, the legal moment and the policy step."""

    row: OutboxRow
    event_seq: int
    event_type: str
    event_effective: dt.date
    attempts: tuple[Attempt, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.row.as_json(),
            "event": {
                "seq": self.event_seq,
                "type": self.event_type,
                "effective": self.event_effective.isoformat(),
            },
            "history": [
                {
                    "attempt": a.attempt,
                    "worker": a.worker,
                    "at": a.at.isoformat(),
                    "outcome": a.outcome,
                    "detail": a.detail,
                }
                for a in self.attempts
            ],
        }


class Reminders:
    """The engine's reminder operations (a thin view; holds no state of its own)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store

    def plan(self, case_id: str | None = None) -> int:
        """Re-plan one case's reminders, or every case's (in batches); returns the count."""
        if case_id is not None:
            self._replan(case_id)
            return 1
        count, batch = 0, []
        for cid in self.store.iter_case_ids():
            batch.append(cid)
            if len(batch) == _PLAN_BATCH:
                count += self._replan_many(batch)
                batch = []
        return count + (self._replan_many(batch) if batch else 0)

    def _plan_now(self, case_id: str) -> tuple[int, list[Notice]]:
        """The case's version and its plan at that version (the same fold the reads use)."""
        engine = self.engine
        version = self.store.version(case_id)
        status, day = engine._status(case_id, None)
        facts = status.fold.facts()
        row = self.store.case_row(case_id)
        plan = plan_for_case(
            case_id,
            deadlines=engine.rules.deadlines(facts, day),
            facts=facts,
            talks=status.conversations,
            casemanager=row.casemanager,
            closed=row.closed,
            employee_ref=row.employee_ref,
            reminder_policy=engine.reminder_policy,
            conversation_policy=engine.conversation_policy,
            calendar=engine.rules.calendar,
        )
        return version, plan

    def _replan(self, case_id: str) -> None:
        lock = sa.select(cases.c.version).where(cases.c.case_id == case_id).with_for_update()
        while True:
            version, plan = self._plan_now(case_id)
            with self.store.begin_write() as conn:
                if conn.execute(lock).scalar_one() != version:
                    continue  # an append came in between: decide again
                OutboxHook().write(conn, case_id, version, plan)
                return

    def _replan_many(self, ids: Sequence[str]) -> int:
        """Plan a batch of cases and write the plans in one transaction, under the cases'
        locks; a case that moved on meanwhile is planned again on its own."""
        planned = {cid: self._plan_now(cid) for cid in ids}
        lock = (
            sa.select(cases.c.case_id, cases.c.version)
            .where(cases.c.case_id.in_(list(ids)))
            .with_for_update()
        )
        with self.store.begin_write() as conn:
            current = {row[0]: row[1] for row in conn.execute(lock)}
            fresh = {cid: vp for cid, vp in planned.items() if current.get(cid) == vp[0]}
            OutboxHook().write_many(conn, fresh)
        for cid in sorted(planned.keys() - fresh.keys()):
            self._replan(cid)
        return len(ids)

    def rows(
        self,
        *,
        case_id: str | None = None,
        state: str | None = None,
        recipient: str | None = None,
        limit: int | None = None,
    ) -> list[OutboxRow]:
        """Reminders by send time (then key), filtered by case, state and recipient."""
        query = sa.select(*ROW_COLUMNS).order_by(_R.send_at, _R.key)
        if case_id is not None:
            query = query.where(_R.case_id == case_id)
        if state is not None:
            query = query.where(_R.state == state)
        if recipient is not None:
            query = query.where(_R.recipient == recipient)
        if limit is not None:
            query = query.limit(limit)
        with self.store.engine.connect() as conn:
            return [outbox_row(row) for row in conn.execute(query)]

    def get(self, key: str) -> OutboxRow:
        """The reminder with idempotency key ``key``; :class:`ReminderNotFoundError` if none."""
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(*ROW_COLUMNS).where(_R.key == key)).first()
        if row is None:
            raise ReminderNotFoundError(key)
        return outbox_row(row)

    def why(self, key: str) -> Why:
        """ "Why did I get this?": the event, the rule and article, the deadline, the step."""
        row = self.get(key)
        event_query = sa.select(events.c.seq, events.c.type, events.c.effective).where(
            events.c.case_id == row.notice.case_id, events.c.seq == row.planned_version
        )
        history_query = (
            sa.select(*ATTEMPT_COLUMNS)
            .where(reminder_attempts.c.key == key)
            .order_by(reminder_attempts.c.id)
        )
        with self.store.engine.connect() as conn:
            event = conn.execute(event_query).one()
            history = tuple(Attempt(*a) for a in conn.execute(history_query))
        return Why(row, int(event[0]), str(event[1]), event[2], history)

    def retry(self, key: str | None = None, *, dead: bool = False) -> list[str]:
        """Re-drive ``key``, or every dead reminder; returns the keys re-driven."""
        return retry(self.store, self.engine.clock.now(), key=key, dead=dead)

    def counts(self) -> dict[str, int]:
        """Reminders per state, and how many are due now (``due_now``)."""
        now = self.engine.clock.now()
        by_state = sa.select(_R.state, sa.func.count()).group_by(_R.state)
        due = sa.select(sa.func.count()).where(_R.state == "pending", _R.next_attempt_at <= now)
        with self.store.engine.connect() as conn:
            counts = {str(s): int(n) for s, n in conn.execute(by_state)}
            counts["due_now"] = int(conn.execute(due).scalar_one())
        return counts
