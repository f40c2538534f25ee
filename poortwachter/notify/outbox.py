"""The outbox: a case's planned reminders, written in the transaction of every append.

:class:`OutboxHook` is a store projection hook (``poortwachter.store.projections``). Its value
is the case's plan, a list of :class:`Notice` sorted by key. Writing it compares the plan with
the rows there: new keys are inserted ``pending``; a changed reminder is updated in place (the
key stays, so a moved deadline moves its reminder); a key that left the plan is ``cancelled``
when it was still pending — never sent — and kept as history when it was already sent or dead.
A pending reminder never expires, however far ahead it lies.

:meth:`OutboxHook.read` gives back exactly the plan that was written (the rows still in the
plan), so ``verify`` can compare it with a fresh planning from the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from poortwachter.notify.channel import Notice, Step
from poortwachter.notify.wake import notify_if_due
from poortwachter.store.schema import reminder_attempts, reminders

__all__ = ["OutboxHook", "OutboxRow", "notice_of", "plan_hash", "row_of"]

_R = reminders.c
_CASE_ID = sa.bindparam("p_case_id", type_=sa.String())
_KEY = sa.bindparam("p_key", type_=sa.String())
#: The columns that hold the plan (what :class:`Notice` carries); the rest is delivery state.
PLANNED: Final = (
    "case_id",
    "reason",
    "occurrence",
    "step",
    "recipient",
    "due_on",
    "plan_on",
    "send_at",
    "legal_basis",
    "rule_version",
    "details",
)
_PLANNED_COLUMNS = tuple(_R[name] for name in PLANNED)
_STATE = (_R.key, _R.plan_hash, _R.state, _R.in_plan, _R.failures)
_STORED = sa.select(*_STATE).where(
    sa.or_(
        sa.and_(_R.case_id == _CASE_ID, _R.in_plan == sa.true()),
        _R.key.in_(sa.bindparam("p_keys", expanding=True)),
    )
)
_IN_PLAN = (
    sa.select(_R.key, *_PLANNED_COLUMNS)
    .where(_R.case_id == _CASE_ID, _R.in_plan == sa.true())
    .order_by(_R.key)
)
_UPDATE = reminders.update().where(_R.key == _KEY)
#: Out of the plan: a pending reminder is cancelled (never sent); one sent or dead is history.
_LEAVE_PLAN = _UPDATE.values(
    in_plan=False,
    state=sa.case((_R.state == "pending", "cancelled"), else_=_R.state),
    claimed_by=sa.case((_R.state == "pending", None), else_=_R.claimed_by),
)


def plan_hash(planned: Mapping[str, Any]) -> str:
    """A fingerprint of a reminder's planned columns: an append compares it, not the values."""
    text = repr([planned[name] for name in PLANNED])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def row_of(notice: Notice) -> dict[str, Any]:
    """The planned columns of ``notice``."""
    return {
        "case_id": notice.case_id,
        "reason": notice.reason,
        "occurrence": str(notice.details.get("occurrence", "")),
        "step": notice.step,
        "recipient": notice.recipient,
        "due_on": notice.due_on,
        "plan_on": notice.plan_on,
        "send_at": notice.send_at,
        "legal_basis": notice.legal_basis,
        "rule_version": notice.rule_version,
        "details": dict(notice.details),
    }


def notice_of(key: str, values: Sequence[Any]) -> Notice:
    """A :class:`Notice` from the key and the :data:`PLANNED` columns, in that order."""
    row = dict(zip(PLANNED, values, strict=True))
    step: Step = row["step"]
    return Notice(
        key=key,
        case_id=row["case_id"],
        reason=row["reason"],
        step=step,
        recipient=row["recipient"],
        due_on=row["due_on"],
        plan_on=row["plan_on"],
        send_at=row["send_at"],
        legal_basis=row["legal_basis"],
        rule_version=row["rule_version"],
        details=dict(row["details"]),
    )


class OutboxHook:
    """The reminder outbox as a projection (see the module docstring)."""

    name = "outbox"

    def write(self, conn: Connection, case_id: str, version: int, value: Any) -> None:
        """Make the case's outbox follow ``value`` (a plan); ``None`` leaves it untouched.

        Reads only the rows in the current plan (a long case accumulates history) and any
        planned key that was in an earlier plan (a cancelled reminder comes back) — one round
        trip, by two indexes — compares each by its plan fingerprint, and writes only what
        changed.
        """
        if value is None:
            return
        plan: Sequence[Notice] = value
        params = {"p_case_id": case_id, "p_keys": [notice.key for notice in plan]}
        stored = {row[0]: row[1:] for row in conn.execute(_STORED, params)}
        changes = _Changes()
        changes.add(stored, plan, version)
        changes.apply(conn)

    def staleness(self, have: Any, want: Any) -> str | None:
        """Why a stored plan differs without having been edited: it was made under another
        reminder policy (each notice carries the policy's fingerprint). ``None`` otherwise."""
        planned = {n.details.get("policy") for n in have or ()}
        current = {n.details.get("policy") for n in want or ()}
        if not planned or not current or planned & current:
            return None
        return (
            "planned under another reminder policy than today's; "
            "run 'poortwachter reminders plan' to re-plan"
        )

    def repair(self, conn: Connection, case_id: str, version: int, value: Any) -> None:
        """:meth:`write` after forgetting the stored fingerprints (``db rebuild``): a row edited
        behind the store's back keeps its old fingerprint, so it must not be trusted."""
        conn.execute(
            sa.update(reminders).where(_R.case_id == case_id, _R.in_plan).values(plan_hash="")
        )
        self.write(conn, case_id, version, value)

    def write_many(
        self, conn: Connection, plans: Mapping[str, tuple[int, Sequence[Notice]]]
    ) -> None:
        """:meth:`write` for many cases at once (``case_id -> (version, plan)``): one read and
        one statement per kind of change for all of them, for re-planning a whole database."""
        if not plans:
            return
        query = sa.select(*_STATE, _R.case_id).where(_R.case_id.in_(list(plans)))
        by_case: dict[str, dict[str, tuple[Any, ...]]] = {case_id: {} for case_id in plans}
        for row in conn.execute(query):
            by_case[row[-1]][row[0]] = tuple(row[1:-1])
        changes = _Changes()
        for case_id, (version, plan) in plans.items():
            wanted = {notice.key for notice in plan}
            stored = {k: v for k, v in by_case[case_id].items() if v[2] or k in wanted}
            changes.add(stored, plan, version)
        changes.apply(conn)

    def read(self, conn: Connection, case_id: str) -> Any:
        """The plan as :meth:`write` received it: the notices in the plan, sorted by key (the
        planner's order); a case without reminders has the empty plan."""
        rows = conn.execute(_IN_PLAN, {"p_case_id": case_id}).all()
        return [notice_of(row[0], row[1:]) for row in rows]


class _Changes:
    """What one or more plans change in the outbox, collected, then written in few statements."""

    def __init__(self) -> None:
        self.inserts: list[dict[str, Any]] = []
        self.updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self.gone: list[dict[str, Any]] = []

    def add(self, stored: dict[str, Any], plan: Sequence[Notice], version: int) -> None:
        """Compare a case's plan with its stored rows (key -> :data:`_STATE` without the key)."""
        for notice in plan:
            planned = row_of(notice)
            fingerprint = plan_hash(planned)
            old = stored.pop(notice.key, None)
            if old is None:
                self.inserts.append(
                    {
                        "key": notice.key,
                        **planned,
                        "plan_hash": fingerprint,
                        "in_plan": True,
                        "planned_version": version,
                        "state": "pending",
                        "next_attempt_at": notice.send_at,
                        "attempts": 0,
                        "failures": 0,
                    }
                )
                continue
            old_hash, state, in_plan, failures = old
            if old_hash == fingerprint and in_plan and state != "cancelled":
                continue
            update: dict[str, Any] = {
                "p_key": notice.key,
                **planned,
                "plan_hash": fingerprint,
                "in_plan": True,
                "planned_version": version,
            }
            if state == "cancelled":  # back in the plan: deliverable again
                update.update(state="pending", failures=0, next_attempt_at=notice.send_at)
            elif state == "pending" and failures == 0:
                update["next_attempt_at"] = notice.send_at
            self.updates.setdefault(tuple(update), []).append(update)
        # What is left was in the plan and is not any more.
        self.gone.extend({"p_key": key} for key, row in stored.items() if row[2])

    def apply(self, conn: Connection) -> None:
        if self.inserts:
            conn.execute(reminders.insert(), self.inserts)
        for batch in self.updates.values():  # one executemany per set of columns
            conn.execute(_UPDATE, batch)
        if self.gone:
            conn.execute(_LEAVE_PLAN, self.gone)
        due = [r["next_attempt_at"] for r in self.inserts]
        due += [
            u["next_attempt_at"] for b in self.updates.values() for u in b if "next_attempt_at" in u
        ]
        if due:
            notify_if_due(conn, min(due))


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """A reminder as the outbox holds it: the plan and its delivery state."""

    notice: Notice
    state: str
    in_plan: bool
    planned_version: int
    next_attempt_at: dt.datetime
    attempts: int
    failures: int
    claimed_by: str | None
    lease_until: dt.datetime | None
    sent_at: dt.datetime | None
    sent_by: str | None
    last_error: str | None

    def as_json(self) -> dict[str, Any]:
        n = self.notice
        return {
            "key": n.key,
            "case_id": n.case_id,
            "reason": n.reason,
            "step": n.step,
            "recipient": n.recipient,
            "due_on": n.due_on.isoformat(),
            "plan_on": n.plan_on.isoformat(),
            "send_at": n.send_at.isoformat(),
            "legal_basis": n.legal_basis,
            "rule_version": n.rule_version,
            "details": dict(n.details),
            "state": self.state,
            "in_plan": self.in_plan,
            "planned_version": self.planned_version,
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "attempts": self.attempts,
            "failures": self.failures,
            "sent_at": None if self.sent_at is None else self.sent_at.isoformat(),
            "sent_by": self.sent_by,
            "last_error": self.last_error,
        }


ROW_COLUMNS: Final = (
    _R.key,
    *_PLANNED_COLUMNS,
    _R.state,
    _R.in_plan,
    _R.planned_version,
    _R.next_attempt_at,
    _R.attempts,
    _R.failures,
    _R.claimed_by,
    _R.lease_until,
    _R.sent_at,
    _R.sent_by,
    _R.last_error,
)


def outbox_row(row: Sequence[Any]) -> OutboxRow:
    """An :class:`OutboxRow` from a row of :data:`ROW_COLUMNS`."""
    width = len(PLANNED)
    notice = notice_of(row[0], row[1 : 1 + width])
    rest = row[1 + width :]
    return OutboxRow(notice, *rest)


ATTEMPT_COLUMNS: Final = (
    reminder_attempts.c.attempt,
    reminder_attempts.c.worker,
    reminder_attempts.c.at,
    reminder_attempts.c.outcome,
    reminder_attempts.c.detail,
)
