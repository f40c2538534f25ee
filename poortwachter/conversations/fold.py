"""The conversation fold: a case's contact moments, agreements, cadence and werkbalansgesprekken.

Like the sickness fold (:class:`~poortwachter.rules.facts.SicknessFold`) it is incremental —
:meth:`ConversationFold.step` takes one event in canonical order — and serialisable, so it
is part of the per-case snapshot and recording a conversation costs one step. It sees every
event of the case: the conversation family, and the recoveries, relapses and casemanager
assignments it links them to. It holds structure only (ids, dates, roles, outcomes), never
free text: the story reads the texts from the log.

The state is plain JSON (dates as ISO strings), so the snapshot is the state itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from poortwachter.events import CaseClosed, CasemanagerAssigned, EventBase, SickReported
from poortwachter.events.conversations import (
    AgreementAcknowledged,
    AgreementKept,
    AgreementMade,
    AgreementMissed,
    AgreementWithdrawn,
    CasemanagerHandedOver,
    ContactCadenceAgreed,
    ContactCancelled,
    ContactHeld,
    ContactMoved,
    ContactPlanned,
    ProgressNoted,
    QuietPeriodAgreed,
    WerkbalansgesprekHeld,
    local_date,
)
from poortwachter.events.sickness import Recovered

__all__ = ["RELAPSE_WINDOW_DAYS", "ConversationFold"]

#: A relapse within four weeks of a recovery joins the chain (art. 7:629 lid 10 BW); the
#: werkbalansgesprek's relapse window is that same period.
RELAPSE_WINDOW_DAYS = 28
#: Outcomes kept for pattern signals: enough for any streak a policy asks, flat in size.
_OUTCOMES_KEPT = 20


def _iso(day: dt.date) -> str:
    return day.isoformat()


@dataclass
class ConversationFold:
    """The mutable state of the fold (plain JSON); readers use the methods below."""

    #: Open (planned) contact moments, in full.
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Contact moments that were held or cancelled: id -> "held" | "cancelled".
    closed_contacts: dict[str, str] = field(default_factory=dict)
    #: Open agreements, in full (a missed one renewed with a new date stays open).
    agreements: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Agreements that were kept, missed for good or withdrawn: id -> status.
    closed_agreements: dict[str, str] = field(default_factory=dict)
    #: The latest agreement outcomes in order: [day, agreement_id, "kept"|"missed", tick].
    outcomes: list[list[Any]] = field(default_factory=list)
    #: The last held contact per set of roles ("employee,manager"): [day, tick].
    last_held: dict[str, list[Any]] = field(default_factory=dict)
    #: Conversations that prepare a legal moment: [contact_id, moment, day, status].
    preparing: list[list[Any]] = field(default_factory=list)
    cadences: dict[str, dict[str, Any]] = field(default_factory=dict)
    quiet: list[list[str]] = field(default_factory=list)
    #: Every casemanager in order: [day, name, handover reason or None].
    casemanagers: list[list[Any]] = field(default_factory=list)
    werkbalans: list[dict[str, Any]] = field(default_factory=list)
    #: Sick periods that ended in a recovery: [first sick day, recovered on].
    recoveries: list[list[str]] = field(default_factory=list)
    #: Relapses: {"on", "recovered_on", "within_window", "werkbalansgesprek"}.
    relapses: list[dict[str, Any]] = field(default_factory=list)
    #: The latest progress notes: [day, observations].
    progress: list[list[Any]] = field(default_factory=list)
    sick_since: str | None = None
    closed_on: str | None = None
    tick: int = 0

    # -- reading ----------------------------------------------------------------------------

    @property
    def casemanager(self) -> str | None:
        return self.casemanagers[-1][1] if self.casemanagers else None

    def contact_status(self, contact_id: str) -> str | None:
        """ "planned", "held", "cancelled", or None for an unknown contact moment."""
        if contact_id in self.contacts:
            return "planned"
        return self.closed_contacts.get(contact_id)

    def agreement_status(self, agreement_id: str) -> str | None:
        """ "open", "kept", "missed", "withdrawn", or None for an unknown agreement."""
        if agreement_id in self.agreements:
            return "open"
        return self.closed_agreements.get(agreement_id)

    def last_held_with(self, roles: list[str]) -> dt.date | None:
        """The day of the last held contact in which all ``roles`` took part."""
        wanted = set(roles)
        days = [day for key, (day, _) in self.last_held.items() if wanted <= set(key.split(","))]
        return dt.date.fromisoformat(max(days)) if days else None

    def quiet_days(self) -> list[tuple[dt.date, dt.date]]:
        return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in self.quiet]

    def missed_streak(self) -> list[list[Any]]:
        """The trailing run of missed outcomes (oldest first), empty after a kept one."""
        run: list[list[Any]] = []
        for outcome in reversed(self.outcomes):
            if outcome[2] != "missed":
                break
            run.append(outcome)
        return run[::-1]

    def employee_contact_after(self, tick: int) -> bool:
        """Whether a contact with the employee was held after the fold step ``tick``."""
        return any(
            t > tick for key, (_, t) in self.last_held.items() if "employee" in key.split(",")
        )

    def last_recovery(self) -> tuple[dt.date, dt.date] | None:
        """(first sick day, recovered on) of the latest recovery while not sick again."""
        if self.sick_since is not None or not self.recoveries:
            return None
        start, end = self.recoveries[-1]
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)

    def werkbalans_since(self, day: dt.date) -> dict[str, Any] | None:
        """The latest werkbalansgesprek held on or after ``day``."""
        held = [w for w in self.werkbalans if w["on"] >= _iso(day)]
        return held[-1] if held else None

    # -- folding ----------------------------------------------------------------------------

    def step(self, event: EventBase, index: int | None = None) -> None:
        """Fold one event (already judged), in canonical order."""
        self.tick += 1
        day = _iso(event.effective)
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event, day)
        elif isinstance(event, CasemanagerAssigned):
            self.casemanagers.append([day, event.casemanager, None])

    def _sick_reported(self, event: SickReported, day: str) -> None:
        if self.sick_since is None and self.recoveries:
            recovered = dt.date.fromisoformat(self.recoveries[-1][1])
            within = (event.effective - recovered).days < RELAPSE_WINDOW_DAYS
            talk = self.werkbalans_since(recovered)
            self.relapses.append(
                {
                    "on": day,
                    "recovered_on": recovered.isoformat(),
                    "within_window": within,
                    "werkbalansgesprek": talk["id"] if talk and within else None,
                }
            )
        self.sick_since = day

    def _recovered(self, event: Recovered, day: str) -> None:
        if self.sick_since is not None:
            self.recoveries.append([self.sick_since, day])
        self.sick_since = None

    def _closed(self, event: CaseClosed, day: str) -> None:
        self.closed_on = day

    def _planned(self, event: ContactPlanned, day: str) -> None:
        self.contacts[event.contact_id] = {
            "planned_on": day,
            "at": event.at.isoformat(),
            "form": event.form,
            "refs": [p.ref for p in event.participants],
            "roles": [p.role for p in event.participants],
            "prepares": event.prepares,
            "werkbalansgesprek": None,
        }
        if event.prepares is not None:
            self.preparing.append(
                [event.contact_id, event.prepares, _iso(local_date(event.at)), "planned"]
            )

    def _preparing(self, contact_id: str) -> list[Any] | None:
        return next((p for p in self.preparing if p[0] == contact_id), None)

    def _moved(self, event: ContactMoved, day: str) -> None:
        contact = self.contacts[event.contact_id]
        contact["at"] = event.at.isoformat()
        if event.form is not None:
            contact["form"] = event.form
        prep = self._preparing(event.contact_id)
        if prep is not None:
            prep[2] = _iso(local_date(event.at))

    def _cancelled(self, event: ContactCancelled, day: str) -> None:
        del self.contacts[event.contact_id]
        self.closed_contacts[event.contact_id] = "cancelled"
        prep = self._preparing(event.contact_id)
        if prep is not None:
            prep[3] = "cancelled"

    def _held(self, event: ContactHeld, day: str) -> None:
        planned = self.contacts.pop(event.contact_id, None) or {}
        roles = [p.role for p in event.participants] or planned.get("roles", [])
        self.closed_contacts[event.contact_id] = "held"
        key = ",".join(sorted(set(roles)))
        self.last_held[key] = [day, self.tick]
        prepares = event.prepares or planned.get("prepares")
        if prepares is not None:
            prep = self._preparing(event.contact_id)
            if prep is None:
                self.preparing.append([event.contact_id, prepares, day, "held"])
            else:
                prep[1:] = [prepares, day, "held"]

    def _progress(self, event: ProgressNoted, day: str) -> None:
        self.progress.append([day, list(event.observations)])
        del self.progress[:-_OUTCOMES_KEPT]

    def _agreement(self, event: AgreementMade, day: str) -> None:
        self._add_agreement(
            event.agreement_id, event.owner.ref, event.owner.role, day, event.due, event.contact_id
        )
        for ack in event.acknowledgements:
            self.agreements[event.agreement_id]["acks"].append(
                [ack.by.ref, ack.by.role, _iso(ack.acknowledged_on), ack.how]
            )

    def _add_agreement(
        self,
        agreement_id: str,
        ref: str,
        role: str,
        day: str,
        due: dt.date,
        contact_id: str | None,
        werkbalans: str | None = None,
    ) -> None:
        self.agreements[agreement_id] = {
            "owner": [ref, role],
            "made_on": day,
            "due": _iso(due),
            "contact_id": contact_id,
            "werkbalansgesprek": werkbalans,
            "renewals": 0,
            "acks": [],
        }

    def _outcome(self, agreement_id: str, day: str, outcome: str) -> None:
        self.outcomes.append([day, agreement_id, outcome, self.tick])
        del self.outcomes[:-_OUTCOMES_KEPT]

    def _close_agreement(self, agreement_id: str, status: str) -> None:
        del self.agreements[agreement_id]
        self.closed_agreements[agreement_id] = status

    def _kept(self, event: AgreementKept, day: str) -> None:
        self._close_agreement(event.agreement_id, "kept")
        self._outcome(event.agreement_id, day, "kept")

    def _missed(self, event: AgreementMissed, day: str) -> None:
        if event.new_due is None:
            self._close_agreement(event.agreement_id, "missed")
        else:  # renewed: the same agreement runs on to its new date (a chain)
            agreement = self.agreements[event.agreement_id]
            agreement["due"] = _iso(event.new_due)
            agreement["renewals"] += 1
        self._outcome(event.agreement_id, day, "missed")

    def _withdrawn(self, event: AgreementWithdrawn, day: str) -> None:
        self._close_agreement(event.agreement_id, "withdrawn")

    def _acknowledged(self, event: AgreementAcknowledged, day: str) -> None:
        agreement = self.agreements.get(event.agreement_id)
        if agreement is not None:  # a closed agreement keeps only its outcome
            agreement["acks"].append([event.by.ref, event.by.role, day, event.how])

    def _cadence(self, event: ContactCadenceAgreed, day: str) -> None:
        self.cadences[event.cadence_id] = {
            "roles": list(dict.fromkeys(event.with_roles)),
            "working_days": event.working_days,
            "agreed_on": day,
        }

    def _quiet(self, event: QuietPeriodAgreed, day: str) -> None:
        self.quiet.append([_iso(event.start), _iso(event.end)])

    def _handover(self, event: CasemanagerHandedOver, day: str) -> None:
        self.casemanagers.append([day, event.casemanager, event.reason])

    def _werkbalans(self, event: WerkbalansgesprekHeld, day: str) -> None:
        talk = event.werkbalansgesprek_id
        for item in event.agreements:
            self._add_agreement(
                item.agreement_id, item.owner.ref, item.owner.role, day, item.due, None, talk
            )
        for follow_up in event.follow_ups:
            self.contacts[follow_up.contact_id] = {
                "planned_on": day,
                "at": follow_up.at.isoformat(),
                "form": None,
                "refs": [event.employee, event.manager],
                "roles": ["employee", event.manager_role],
                "prepares": None,
                "werkbalansgesprek": talk,
            }
        self.werkbalans.append(
            {
                "id": talk,
                "on": day,
                "follow_ups": [f.contact_id for f in event.follow_ups],
                "follow_up_days": [_iso(local_date(f.at)) for f in event.follow_ups],
                "acknowledged_by": sorted({a.by.role for a in event.acknowledgements}),
                "recovered_on": self.recoveries[-1][1] if self.recoveries else None,
            }
        )

    # -- snapshot ---------------------------------------------------------------------------

    def copy(self) -> ConversationFold:
        """An independent copy (a JSON round trip: several times cheaper than deepcopy)."""
        return ConversationFold.from_json(json.loads(json.dumps(self.to_json())))

    def to_json(self) -> dict[str, Any]:
        """The fold's state as JSON, for the per-case snapshot. It shares structure with the
        fold: serialise it before the fold takes another step."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationFold:
        """Restore a fold saved by :meth:`to_json`; the fold takes ``data`` over (the store
        hands out a freshly decoded snapshot on every read)."""
        return cls(**data)


_HANDLERS: dict[type[EventBase], Any] = {
    SickReported: ConversationFold._sick_reported,
    Recovered: ConversationFold._recovered,
    CaseClosed: ConversationFold._closed,
    ContactPlanned: ConversationFold._planned,
    ContactMoved: ConversationFold._moved,
    ContactCancelled: ConversationFold._cancelled,
    ContactHeld: ConversationFold._held,
    ProgressNoted: ConversationFold._progress,
    AgreementMade: ConversationFold._agreement,
    AgreementKept: ConversationFold._kept,
    AgreementMissed: ConversationFold._missed,
    AgreementWithdrawn: ConversationFold._withdrawn,
    AgreementAcknowledged: ConversationFold._acknowledged,
    ContactCadenceAgreed: ConversationFold._cadence,
    QuietPeriodAgreed: ConversationFold._quiet,
    CasemanagerHandedOver: ConversationFold._handover,
    WerkbalansgesprekHeld: ConversationFold._werkbalans,
}
