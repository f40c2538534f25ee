"""The conversation-driven due moments of a case, as plain data for reminders.

A reminder planner needs (reason, occurrence, due date, recipient role) and nothing else: the
next contact per agreed cadence, each planned contact moment, each open agreement's due date,
the werkbalansgesprek after a recovery from long absence, and the check at the end of its
relapse window. ``occurrence`` identifies one occurrence stably, so a reminder is planned once
and a moved date is a new occurrence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from poortwachter.conversations.cadence import add_working_days, cadence_status
from poortwachter.conversations.fold import RELAPSE_WINDOW_DAYS, ConversationFold
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.model import Deadline, DeadlineKind

__all__ = ["ConversationMoment", "due_moments"]


@dataclass(frozen=True)
class ConversationMoment:
    """One due moment: why, which occurrence, when, and for whom (a role)."""

    reason: str
    occurrence: str
    due: dt.date
    recipient_role: str


def due_moments(
    fold: ConversationFold,
    deadlines: Sequence[Deadline],
    calendar: AtwCalendar,
    policy: ConversationPolicy,
    *,
    as_of: dt.date | None = None,
) -> list[ConversationMoment]:
    """The open conversation moments of a case, soonest first."""
    out: list[ConversationMoment] = []
    sick = fold.sick_since is not None and fold.closed_on is None
    for cadence_id in sorted(fold.cadences) if sick else ():
        status = cadence_status(fold, cadence_id, as_of or dt.date.min, calendar)
        start = status.last_contact or dt.date.fromisoformat(fold.cadences[cadence_id]["agreed_on"])
        out.append(
            ConversationMoment(
                "contact_due", f"cadence:{cadence_id}:{start}", status.next_due, "casemanager"
            )
        )
    for contact_id, contact in fold.contacts.items():  # the open (planned) ones
        out.append(
            ConversationMoment(
                "contact_planned",
                f"contact:{contact_id}:{contact['at']}",
                dt.date.fromisoformat(contact["at"][:10]),
                "casemanager",
            )
        )
    for agreement_id, agreement in fold.agreements.items():  # the open ones
        out.append(
            ConversationMoment(
                "agreement_due",
                f"agreement:{agreement_id}:{agreement['due']}",
                dt.date.fromisoformat(agreement["due"]),
                agreement["owner"][1],
            )
        )
    out += _after_recovery(fold, deadlines, calendar, policy)
    return sorted(out, key=lambda m: (m.due, m.reason, m.occurrence))


def _after_recovery(
    fold: ConversationFold,
    deadlines: Sequence[Deadline],
    calendar: AtwCalendar,
    policy: ConversationPolicy,
) -> list[ConversationMoment]:
    recovery = fold.last_recovery()
    if recovery is None or fold.closed_on is not None:
        return []
    start, recovered = recovery
    if (recovered - start).days < policy.long_absence_days:
        return []
    out = []
    if fold.werkbalans_since(recovered) is None:
        due = add_working_days(recovered, policy.werkbalans_within_working_days, calendar)
        out.append(ConversationMoment("werkbalans_due", f"werkbalans:{recovered}", due, "manager"))
    window = next((d for d in deadlines if d.kind is DeadlineKind.RELAPSE_WINDOW_END), None)
    end = window.due if window is not None else recovered + dt.timedelta(RELAPSE_WINDOW_DAYS - 1)
    out.append(
        ConversationMoment("relapse_window_check", f"relapse_check:{recovered}", end, "manager")
    )
    return out
