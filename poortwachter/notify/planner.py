"""Planning: a case's moments and the policy in, its reminders (:class:`Notice`) out. Pure.

A *moment* is anything a reminder can serve: a legal deadline (its kind is the reason), a
contact due under the agreed cadence (``contact_cadence``) or an agreement's date
(``agreement``). Each policy step becomes one notice with a stable key
``case/reason/occurrence/step`` — never a date, so a moved deadline moves its reminder.

Days are counted in working days on the Atw calendar from the moment's last working day (a due
date on a Saturday is worked towards on the Friday before); a step that lands in a quiet period
moves out of it (earlier for the steps before the moment, later for an escalation). The send
instant is the policy's local time on that day, converted to UTC, so 07:30 stays 07:30 in
Amsterdam on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from poortwachter.notify.channel import Notice
from poortwachter.notify.policy import QuietPeriod, ReminderPolicy, StepRule
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.model import ACTION_KINDS, Deadline, DeadlineStatus

__all__ = ["Moment", "moments_of", "notice_key", "plan_case", "step_day"]

#: Statuses of a legal moment that still asks someone to act.
_OPEN = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED})
#: Kinds that recur within one case: the occurrence counts the ones already done.
_RECURRING = {"plan_evaluation": "plan_evaluated"}
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Moment:
    """Something a reminder serves: reason, occurrence (no date), due date and its grounds."""

    reason: str
    occurrence: str
    due_on: dt.date
    legal_basis: str = ""
    rule_version: str = ""
    derivation: str = ""
    #: The derivation in English (the outbox keeps both; a message uses its recipient's).
    derivation_en: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    #: Whether the case's own quiet periods (agreed with the employee) hold for this moment:
    #: they suspend the conversation moments, not the employer's legal deadlines.
    case_quiet: bool = True


def notice_key(case_id: str, reason: str, occurrence: str, step: str) -> str:
    """The idempotency key: case, reason, occurrence and step (``/`` never occurs in an id)."""
    return f"{case_id}/{reason}/{occurrence}/{step}"


def moments_of(deadlines: Iterable[Deadline], facts: CaseFacts | None = None) -> list[Moment]:
    """The open legal actions as moments; met, late-but-done and closed ones plan nothing."""
    moments = []
    for deadline in deadlines:
        if deadline.kind not in ACTION_KINDS or deadline.status not in _OPEN:
            continue
        kind = deadline.kind.value
        done = 0
        if facts is not None and kind in _RECURRING:
            done = len(facts.milestones.get(_RECURRING[kind], ()))
        moments.append(
            Moment(
                reason=kind,
                occurrence=str(done + 1),
                due_on=deadline.due,
                legal_basis=deadline.legal_basis,
                rule_version=deadline.rule_version,
                derivation=deadline.explain("nl"),
                derivation_en=deadline.explain("en"),
                case_quiet=False,
            )
        )
    return moments


@functools.lru_cache(maxsize=65536)
def _shift(calendar: AtwCalendar, day: dt.date, working_days: int, direction: int) -> dt.date:
    """``working_days`` working days from ``day`` in ``direction`` (cached: cases share dates)."""
    step = _ONE_DAY if direction > 0 else -_ONE_DAY
    left = working_days
    while left:
        day += step
        if calendar.is_working_day(day):
            left -= 1
    return day


def _out_of_quiet(
    calendar: AtwCalendar, quiet: Sequence[QuietPeriod], day: dt.date, later: bool
) -> dt.date:
    """``day``, or the nearest working day outside every quiet period (earlier or later)."""
    step = _ONE_DAY if later else -_ONE_DAY
    if not quiet:
        return day  # already a working day
    while any(p.contains(day) for p in quiet) or not calendar.is_working_day(day):
        day += step
    return day


def step_day(
    calendar: AtwCalendar,
    policy: ReminderPolicy,
    due_on: dt.date,
    rule: StepRule,
    quiet: Sequence[QuietPeriod] = (),
) -> dt.date:
    """The working day a step is delivered on, outside the policy's quiet periods and the
    case's own (``quiet``, e.g. agreed with the employee)."""
    periods = (*policy.quiet_periods, *quiet)
    anchor = _shift(calendar, due_on + _ONE_DAY, 1, -1)  # the last working day on or before
    if rule.step == "escalation":
        # Overdue counts from the day after the due date itself.
        day = _shift(calendar, due_on, rule.working_days_after, +1)
        return _out_of_quiet(calendar, periods, day, later=True)
    day = _shift(calendar, anchor, rule.working_days_before, -1)
    return _out_of_quiet(calendar, periods, day, later=False)


def send_instant(policy: ReminderPolicy, day: dt.date) -> dt.datetime:
    """The policy's local send time on ``day``, as an aware UTC instant."""
    local = dt.datetime.combine(day, policy.send_time, policy.zone)
    return local.astimezone(dt.UTC)


def plan_case(
    case_id: str,
    moments: Sequence[Moment],
    *,
    casemanager: str | None,
    policy: ReminderPolicy,
    calendar: AtwCalendar,
    closed: bool = False,
    employee_ref: str | None = None,
    quiet: Sequence[QuietPeriod] = (),
) -> list[Notice]:
    """Every reminder the policy asks for, sorted by key; a closed case plans none.

    A reminder never goes to the employee: should a role resolve to the case's employee
    reference, it goes to the ``unassigned_role`` instead. ``quiet`` are the case's own quiet
    periods (agreed in the conversations), on top of the policy's, for the moments that
    follow them (:attr:`Moment.case_quiet`).
    """
    if closed:
        return []
    fallback = policy.roles[policy.unassigned_role]
    notices: list[Notice] = []
    for moment in moments:
        for rule in policy.moments.get(moment.reason, ()):
            own = quiet if moment.case_quiet else ()
            day = step_day(calendar, policy, moment.due_on, rule, own)
            recipient = policy.role_ref(rule.role, casemanager)
            if employee_ref is not None and recipient == employee_ref:
                recipient = fallback
            details = {
                "policy": policy.fingerprint,
                "occurrence": moment.occurrence,
                "role": rule.role,
                "working_days": str(rule.offset()),
                **({"derivation": moment.derivation} if moment.derivation else {}),
                **({"derivation_en": moment.derivation_en} if moment.derivation_en else {}),
                **moment.extra,
            }
            notices.append(
                Notice(
                    key=notice_key(case_id, moment.reason, moment.occurrence, rule.step),
                    case_id=case_id,
                    reason=moment.reason,
                    step=rule.step,
                    recipient=recipient,
                    due_on=moment.due_on,
                    plan_on=day,
                    send_at=send_instant(policy, day),
                    legal_basis=moment.legal_basis,
                    rule_version=moment.rule_version,
                    details=details,
                )
            )
    notices.sort(key=lambda n: n.key)
    return notices
