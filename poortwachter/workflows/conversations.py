"""The guard of the conversation family: references must hold, dates must make sense.

It refuses only what cannot be true: an agreement kept that was never made, a contact moved
after it was held, a follow-up of a werkbalansgesprek dated on or before the conversation
itself, a handover from someone who is not the casemanager. Choices an organisation makes (must
every contact be planned first? may free text name a medical term?) are policies the engine
applies to new events (:mod:`poortwachter.conversations.policy`), so a stored log never becomes
unreadable when a policy changes. Every refusal names the field and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping

from poortwachter.conversations.fold import ConversationFold
from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.events.conversations import (
    AgreementAcknowledged,
    AgreementKept,
    AgreementMade,
    AgreementMissed,
    AgreementWithdrawn,
    CasemanagerHandedOver,
    ContactCancelled,
    ContactHeld,
    ContactMoved,
    ContactPlanned,
    ProgressNoted,
    QuietPeriodAgreed,
    WerkbalansgesprekHeld,
    local_date,
)
from poortwachter.workflows.states import CaseState

__all__ = ["allowed", "check", "refusal"]

_OPEN = frozenset(CaseState) - {CaseState.NEW, CaseState.CLOSED}
_TYPES = (
    "agreement_acknowledged",
    "agreement_kept",
    "agreement_made",
    "agreement_missed",
    "agreement_withdrawn",
    "casemanager_handed_over",
    "contact_cadence_agreed",
    "contact_cancelled",
    "contact_held",
    "contact_moved",
    "contact_planned",
    "progress_noted",
    "quiet_period_agreed",
    "werkbalansgesprek_held",
)


def allowed(state: CaseState) -> list[str]:
    """The conversation event types allowed in ``state`` (any open case)."""
    return list(_TYPES) if state in _OPEN else []


def refusal(state: CaseState, closed_on: str | None = None) -> str:
    """Why no conversation event can be recorded in ``state`` ("" when one can)."""
    if state in _OPEN:
        return ""
    if state is CaseState.NEW:
        return "nothing can be recorded before the sick report: the first must be sick_reported"
    return f"the case was closed on {closed_on or '?'}; a new sickness needs a new case"


def _fail(index: int | None, event: EventBase, fld: str, reason: str, expected: str) -> None:
    raise InvalidEventError(
        reason, index=index, event_type=event.type, field=fld, expected=expected
    )


def _known(ids: Mapping[str, object], what: str) -> str:
    names = ", ".join(sorted(ids)[:10])
    return f"the id of a {what} recorded earlier in this case" + (f" ({names})" if names else "")


def _contact(fold: ConversationFold, event: EventBase, index: int | None, cid: str) -> str:
    """The status of contact ``cid``; refuses an unknown one."""
    status = fold.contact_status(cid)
    if status is None:
        _fail(
            index,
            event,
            "contact_id",
            f"no contact moment '{cid}' was planned or held on or before {event.effective}",
            _known(fold.contacts, "planned contact moment"),
        )
        raise AssertionError  # pragma: no cover
    return status


def _open_contact(fold: ConversationFold, event: EventBase, index: int | None, cid: str) -> None:
    status = _contact(fold, event, index, cid)
    if status != "planned":
        _fail(
            index,
            event,
            "contact_id",
            f"contact moment '{cid}' was already {status}",
            "a planned contact moment that was not yet held or cancelled",
        )


def _open_agreement(fold: ConversationFold, event: EventBase, index: int | None, aid: str) -> None:
    status = fold.agreement_status(aid)
    if status is None:
        _fail(
            index,
            event,
            "agreement_id",
            f"no agreement '{aid}' was made on or before {event.effective}",
            _known(fold.agreements, "open agreement"),
        )
    if status != "open" and not isinstance(event, AgreementAcknowledged):
        _fail(
            index,
            event,
            "agreement_id",
            f"agreement '{aid}' is already {status}",
            "an open agreement (a missed one with a new date stays open)",
        )


def _new_id(used: bool, event: EventBase, index: int | None, fld: str, value: str) -> None:
    if used:
        _fail(index, event, fld, f"'{value}' is already used in this case", "a new, unique id")


def check(fold: ConversationFold, event: EventBase, index: int | None = None) -> None:
    """Raise :class:`InvalidEventError` when ``event`` cannot follow the folded ones."""
    if isinstance(event, ContactPlanned):
        used = fold.contact_status(event.contact_id) is not None
        _new_id(used, event, index, "contact_id", event.contact_id)
        if local_date(event.at) < event.effective:
            _fail(
                index,
                event,
                "at",
                f"a contact planned on {event.effective} cannot take place before it",
                f"a time on or after {event.effective} (record a past contact as contact_held)",
            )
    elif isinstance(event, ContactMoved | ContactCancelled):
        _open_contact(fold, event, index, event.contact_id)
    elif isinstance(event, ContactHeld):
        if local_date(event.at) != event.effective:
            _fail(
                index,
                event,
                "at",
                f"'at' lies on {local_date(event.at)} in the Netherlands but 'effective' is "
                f"{event.effective}",
                "the same day (or leave 'effective' out)",
            )
        if fold.contact_status(event.contact_id) is not None:
            _open_contact(fold, event, index, event.contact_id)
        else:
            for fld, value in (("form", event.form), ("participants", event.participants)):
                if not value:
                    _fail(
                        index,
                        event,
                        fld,
                        f"contact moment '{event.contact_id}' was not planned, so its {fld} "
                        f"must be given",
                        f"the {fld} of the contact moment",
                    )
    elif isinstance(event, ProgressNoted) and event.contact_id is not None:
        _contact(fold, event, index, event.contact_id)
    elif isinstance(event, AgreementMade):
        _check_agreement_made(fold, event, index)
    elif isinstance(event, AgreementKept | AgreementMissed | AgreementWithdrawn):
        _open_agreement(fold, event, index, event.agreement_id)
        renewed = event.new_due if isinstance(event, AgreementMissed) else None
        if renewed is not None and renewed < event.effective:
            _fail(
                index,
                event,
                "new_due",
                f"the new date {renewed} lies before {event.effective}",
                f"a date on or after {event.effective}",
            )
    elif isinstance(event, AgreementAcknowledged):
        _open_agreement(fold, event, index, event.agreement_id)
    elif isinstance(event, QuietPeriodAgreed) and event.end < event.start:
        _fail(
            index,
            event,
            "end",
            f"end {event.end} lies before start {event.start}",
            f"a date on or after {event.start}",
        )
    elif isinstance(event, CasemanagerHandedOver):
        _check_handover(fold, event, index)
    elif isinstance(event, WerkbalansgesprekHeld):
        _check_werkbalans(fold, event, index)


def _check_agreement_made(fold: ConversationFold, event: AgreementMade, index: int | None) -> None:
    used = fold.agreement_status(event.agreement_id) is not None
    _new_id(used, event, index, "agreement_id", event.agreement_id)
    if event.contact_id is not None and _contact(fold, event, index, event.contact_id) != "held":
        _fail(
            index,
            event,
            "contact_id",
            f"contact moment '{event.contact_id}' has not been held",
            "a contact moment held on or before the agreement (or leave contact_id out)",
        )
    if event.due < event.effective:
        _fail(
            index,
            event,
            "due",
            f"due {event.due} lies before the agreement was made ({event.effective})",
            f"a date on or after {event.effective}",
        )


def _check_handover(
    fold: ConversationFold, event: CasemanagerHandedOver, index: int | None
) -> None:
    current = fold.casemanager
    if current is None:
        _fail(
            index,
            event,
            "previous",
            "the case has no casemanager yet, so nothing can be handed over",
            "casemanager_assigned for the first casemanager",
        )
    if event.previous != current:
        _fail(
            index,
            event,
            "previous",
            f"the casemanager until now is '{current}', not '{event.previous}'",
            f"'{current}'",
        )
    if event.casemanager == current:
        _fail(
            index,
            event,
            "casemanager",
            f"'{current}' is already the casemanager",
            "the new casemanager",
        )


def _check_werkbalans(
    fold: ConversationFold, event: WerkbalansgesprekHeld, index: int | None
) -> None:
    _new_id(
        any(w["id"] == event.werkbalansgesprek_id for w in fold.werkbalans),
        event,
        index,
        "werkbalansgesprek_id",
        event.werkbalansgesprek_id,
    )
    seen: set[str] = set()
    for i, follow_up in enumerate(event.follow_ups):
        fld = f"follow_ups.{i}"
        if fold.contact_status(follow_up.contact_id) is not None or follow_up.contact_id in seen:
            _fail(
                index,
                event,
                f"{fld}.contact_id",
                f"'{follow_up.contact_id}' is already used",
                "a new, unique contact id",
            )
        seen.add(follow_up.contact_id)
        day = local_date(follow_up.at)
        if day <= event.effective:
            _fail(
                index,
                event,
                f"{fld}.at",
                f"the follow-up is dated {day}, not after the werkbalansgesprek of "
                f"{event.effective}",
                f"a date after {event.effective}",
            )
    agreed: set[str] = set()
    for i, item in enumerate(event.agreements):
        fld = f"agreements.{i}"
        if fold.agreement_status(item.agreement_id) is not None or item.agreement_id in agreed:
            _fail(
                index,
                event,
                f"{fld}.agreement_id",
                f"'{item.agreement_id}' is already used",
                "a new, unique agreement id",
            )
        agreed.add(item.agreement_id)
        if item.due < event.effective:
            _fail(
                index,
                event,
                f"{fld}.due",
                f"due {item.due} lies before the werkbalansgesprek ({event.effective})",
                f"a date on or after {event.effective}",
            )
