"""The one interface between the sweep and a delivery channel.

The sweep claims due reminders from the outbox, groups them per recipient (one message, or one
daily digest) and hands a :class:`Delivery` to the recipient's :class:`Channel`. The channel
answers with an :class:`Outcome`; the sweep alone decides about retries, backoff and ``dead``.
A channel never raises for a refusal by the other side: it says so in the outcome, so that one
broken receiver cannot stop the sweep. Every attempt carries the same idempotency key, so a
receiver can drop the duplicates that at-least-once delivery allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from poortwachter.texts import Language

__all__ = ["Channel", "Delivery", "Notice", "Outcome", "Step"]

#: Where a reminder sits in its policy: plan the conversation, shortly before, on the day, or
#: the escalation to a backup role after the moment was overdue.
Step = Literal["plan", "before", "on_day", "escalation"]


@dataclass(frozen=True, slots=True)
class Notice:
    """One planned reminder, as the outbox row holds it; pseudonymous by construction.

    ``key`` is the idempotency key: case, reason, occurrence and step, never a date, so that a
    moved deadline updates its reminder instead of creating a second one.
    """

    key: str
    case_id: str
    reason: str  #: a deadline kind ("plan_of_approach"), "contact_cadence" or "agreement"
    step: Step
    recipient: str  #: pseudonymous reference of the professional (casemanager, backup role)
    due_on: dt.date  #: the moment's date (legal due date, contact due, agreement date)
    plan_on: dt.date  #: the working day the recipient should act on
    send_at: dt.datetime  #: aware, UTC
    legal_basis: str = ""  #: the article the moment rests on, when it is a legal moment
    rule_version: str = ""
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to one recipient: a single notice, or a digest of several."""

    recipient: str
    address: str  #: channel-specific: an email address, a webhook endpoint name, ...
    notices: Sequence[Notice]
    language: Language = "nl"
    attempt: int = 1
    digest: bool = False

    @property
    def key(self) -> str:
        """The idempotency key of the message: the notice's key, or a digest's combined key."""
        if len(self.notices) == 1 and not self.digest:
            return self.notices[0].key
        return "digest:" + ",".join(sorted(n.key for n in self.notices))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a channel reports after one attempt.

    ``delivered``: accepted by the other side. Otherwise ``permanent`` says a retry cannot help
    (HTTP 410, a refused address): the sweep moves the reminder to ``dead`` at once.
    ``retry_after`` (seconds) is the other side's own wish (``Retry-After``), honoured over the
    sweep's backoff. ``detail`` is one line for the history; it never contains a secret.
    """

    delivered: bool
    detail: str = ""
    permanent: bool = False
    retry_after: float | None = None


class Channel(Protocol):
    """A delivery channel. ``deliver`` must not raise for the other side's refusals."""

    name: str

    def deliver(self, delivery: Delivery) -> Outcome: ...
