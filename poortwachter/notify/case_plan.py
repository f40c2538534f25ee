"""A case's whole reminder plan: its legal moments, its conversation moments and quiet periods.

The planner (:mod:`poortwachter.notify.planner`) turns moments into reminders; this module
gathers the moments of one case from both folds, so that an append, ``verify``, a rebuild and
``reminders plan`` all plan from the same inputs (:func:`plan_for_case`).

From the conversation fold (:func:`~poortwachter.conversations.moments.due_moments`) come:

- ``contact_cadence``: the next contact each agreed cadence asks for. The occurrence is the
  cadence and the contact it counts from (the last one held with everyone it names, or the day
  it was agreed) — an identity, not the due date: a quiet period that pushes the next contact
  back updates its reminder under the same key, and a held contact starts a new occurrence.
- ``agreement``: each open agreement's due date. The occurrence is the agreement id and its
  round (a missed agreement renewed with a new date is a new round, so it is reminded again);
  a kept, withdrawn or finally missed agreement leaves the fold and its pending reminders are
  cancelled.

The case's agreed quiet periods are quiet days for these moments, on top of the policy's own:
no cadence or agreement reminder goes out inside one (a step due inside moves to the working
day before it, an escalation to the one after). They do not hold for the legal moments: the
employer's obligations run on while the employee rests.
"""

from __future__ import annotations

from collections.abc import Sequence

from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.moments import due_moments
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.notify.channel import Notice
from poortwachter.notify.planner import Moment, moments_of, plan_case
from poortwachter.notify.policy import QuietPeriod, ReminderPolicy
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.model import Deadline

__all__ = ["conversation_moments", "plan_for_case", "quiet_periods"]

#: The name a case's own quiet period carries in the planner.
_AGREED = "agreed"


def conversation_moments(
    talks: ConversationFold,
    deadlines: Sequence[Deadline],
    calendar: AtwCalendar,
    policy: ConversationPolicy,
) -> list[Moment]:
    """The contact-cadence and agreement moments of a case (see the module docstring)."""
    out: list[Moment] = []
    for moment in due_moments(talks, deadlines, calendar, policy):
        if moment.reason == "contact_due":
            cadence_id, _, start = moment.occurrence.removeprefix("cadence:").rpartition(":")
            cadence = talks.cadences[cadence_id]
            out.append(
                Moment(
                    reason="contact_cadence",
                    occurrence=f"{cadence_id}:{start}",
                    due_on=moment.due,
                    extra={
                        "cadence": cadence_id,
                        "with_roles": ",".join(cadence["roles"]),
                        "every_working_days": str(cadence["working_days"]),
                    },
                )
            )
        elif moment.reason == "agreement_due":
            agreement_id = moment.occurrence.removeprefix("agreement:").rpartition(":")[0]
            agreement = talks.agreements[agreement_id]
            out.append(
                Moment(
                    reason="agreement",
                    occurrence=f"{agreement_id}:{int(agreement['renewals']) + 1}",
                    due_on=moment.due,
                    extra={"agreement": agreement_id, "owner_role": agreement["owner"][1]},
                )
            )
    return out


def quiet_periods(talks: ConversationFold) -> tuple[QuietPeriod, ...]:
    """The case's agreed quiet periods, as the planner's quiet days."""
    return tuple(QuietPeriod(start=a, end=b, name=_AGREED) for a, b in talks.quiet_days())


def plan_for_case(
    case_id: str,
    *,
    deadlines: Sequence[Deadline],
    facts: CaseFacts,
    talks: ConversationFold,
    casemanager: str | None,
    closed: bool,
    employee_ref: str | None,
    reminder_policy: ReminderPolicy,
    conversation_policy: ConversationPolicy,
    calendar: AtwCalendar,
) -> list[Notice]:
    """Every reminder of the case: legal moments first, then the conversation moments, under
    the case's quiet periods. Pure: the same folds give the same plan (``verify`` relies on it)."""
    moments = moments_of(deadlines, facts)
    moments += conversation_moments(talks, deadlines, calendar, conversation_policy)
    return plan_case(
        case_id,
        moments,
        casemanager=casemanager,
        closed=closed,
        policy=reminder_policy,
        calendar=calendar,
        employee_ref=employee_ref,
        quiet=quiet_periods(talks),
    )
