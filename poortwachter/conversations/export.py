"""Contact moments in the field's vocabularies, and what those cannot carry.

Two targets, both models of an *appointment with one professional* (see docs/conversations.md):

- a Visma-style ``Appointment`` JSON (``id``, ``title``, ``status``, ``cancellationReason``,
  ``methodOfConsult``, ``dateStart``/``dateEnd`` as ``YYYY-MM-DD HH:MM:SS`` without an offset,
  ``employee``, ``user``), and summaries as ``DossierNote``-like objects with ``medicalOnly``
  always false;
- a SIVI ``Afspraken``-shaped XML message (``Afspraak`` with ``IdAfspraak``, ``DatAfspraak``,
  ``TijdAfspraak``, ``DuurAfspraak``, ``OmsSrtAfspraak``, ``IdWrknmr``, ``NmFnct`` and the
  ``…Oud`` fields for a move). It is shaped after the published field names and has not been
  validated against ``Afspraken.xsd``, which is not shipped.

Everything our records hold that these cannot carry is listed in ``not_carried``: more than
one professional (a driegesprek), the UTC offset, agreements as records, progress notes, the
werkbalansgesprek. Nothing medical exists to export.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from poortwachter.views import TimelineEntry

__all__ = ["NOT_CARRIED", "conversation_export", "sivi_afspraken_xml", "visma_appointments"]

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_PROFESSIONALS = (
    "casemanager",
    "occupational_physician",
    "labour_expert",
    "jobcoach",
    "career_adviser",
    "hr",
    "manager",
)
#: Our reasons -> Visma's cancellation reasons (None: Visma has no equivalent).
_VISMA_REASON: dict[str, str | None] = {
    "by_employee": "timely-cancellation-by-employee",
    "by_employer": "timely-cancellation-by-employer",
    "by_professional": "timely-cancellation-by-service-provider",
    "employee_recovered": "employee-recovered",
    "no_show": None,
    "replaced": None,
    "other": None,
}
_CONTACT_TYPES = frozenset(
    {"contact_planned", "contact_moved", "contact_cancelled", "contact_held"}
)
_VISMA_STATUS = {"planned": "reserved", "held": "completed", "cancelled": "cancelled"}

NOT_CARRIED: tuple[str, ...] = (
    "participants beyond one employee and one professional (a driegesprek): both vocabularies "
    "know one of each; all participants are in 'participants' of our own record",
    "the UTC offset of a contact time: Visma dateStart has none, so times are given as "
    "Europe/Amsterdam local time",
    "agreements (owner, action, due date, kept or missed, reason, new date, acknowledgements): "
    "neither vocabulary has an agreement record; they are in 'agreements'",
    "progress notes, the contact cadence and quiet periods, and the werkbalansgesprek",
    "cancellation reasons 'no_show' (Visma: status 'no-show'), 'replaced' and 'other'",
    "SIVI StatusAfspraakCd: its code list is in the SIVI documentation and is not mapped; "
    "the status is given in OmsSrtAfspraak",
)


def _local(instant: str) -> dt.datetime:
    return dt.datetime.fromisoformat(instant).astimezone(_AMSTERDAM)


def _contacts(entries: Sequence[TimelineEntry]) -> dict[str, dict[str, Any]]:
    """Each contact moment's current state, read from the (uncorrected) events."""
    corrected = {e.seq for e in entries if e.corrected_by is not None}
    out: dict[str, dict[str, Any]] = {}
    for e in entries:
        p = e.payload
        if e.seq in corrected:
            continue
        if e.type == "werkbalansgesprek_held":  # its follow-ups are planned contact moments
            who = [
                {"ref": p["employee"], "role": "employee"},
                {"ref": p["manager"], "role": p.get("manager_role", "manager")},
            ]
            for f in p.get("follow_ups", []):
                out[f["contact_id"]] = {
                    "id": f["contact_id"],
                    "status": "planned",
                    "moves": [],
                    "participants": who,
                    "at": f["at"],
                    "purpose": f["goal"],
                }
            continue
        if e.type not in _CONTACT_TYPES:
            continue
        cid = p["contact_id"]
        contact = out.setdefault(
            cid, {"id": cid, "status": "planned", "moves": [], "participants": []}
        )
        if e.type == "contact_moved":
            contact["moves"].append(contact.get("at"))
        elif e.type == "contact_cancelled":
            contact["status"], contact["reason"] = "cancelled", p["reason"]
        elif e.type == "contact_held":
            contact["status"] = "held"
            contact["summary"] = p["summary"]
        for name in ("at", "form", "purpose", "duration_minutes", "prepares"):
            if p.get(name) is not None:
                contact[name] = p[name]
        if p.get("participants"):
            contact["participants"] = p["participants"]
    return out


def _first(parts: Sequence[dict[str, str]], roles: Sequence[str]) -> dict[str, str] | None:
    return next((p for role in roles for p in parts if p["role"] == role), None)


def visma_appointments(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    """The contact moments as Visma-style ``Appointment`` objects."""
    out = []
    for contact in _contacts(entries).values():
        start = _local(contact["at"])
        minutes = contact.get("duration_minutes")
        end = start + dt.timedelta(minutes=minutes) if minutes else None
        reason = contact.get("reason")
        status = _VISMA_STATUS[contact["status"]]
        if reason == "no_show":
            status = "no-show"
        professional = _first(contact["participants"], _PROFESSIONALS)
        employee = _first(contact["participants"], ("employee",))
        out.append(
            {
                "id": contact["id"],
                "title": contact.get("purpose") or "",
                "status": status,
                "cancellationReason": _VISMA_REASON.get(reason) if reason else None,
                "methodOfConsult": contact.get("form"),
                "dateStart": f"{start:%Y-%m-%d %H:%M:%S}",
                "dateEnd": f"{end:%Y-%m-%d %H:%M:%S}" if end else None,
                "employee": employee["ref"] if employee else None,
                "user": professional["ref"] if professional else None,
            }
        )
    return out


def dossier_notes(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    """Summaries of held contacts as ``DossierNote``-like objects (never medical)."""
    return [
        {
            "title": contact.get("purpose") or contact["id"],
            "content": contact["summary"],
            "forBothParties": False,
            "medicalOnly": False,
        }
        for contact in _contacts(entries).values()
        if contact["status"] == "held"
    ]


def sivi_afspraken_xml(entries: Sequence[TimelineEntry], employee_ref: str) -> str:
    """The contact moments as a SIVI ``Afspraken``-shaped XML message (not XSD-validated)."""
    root = ET.Element("Afspraken")
    for contact in _contacts(entries).values():
        item = ET.SubElement(root, "Afspraak")
        start = _local(contact["at"])
        ET.SubElement(item, "IdAfspraak").text = contact["id"]
        ET.SubElement(item, "DatAfspraak").text = f"{start:%Y-%m-%d}"
        ET.SubElement(item, "TijdAfspraak").text = f"{start:%H:%M}"
        if contact["moves"] and contact["moves"][-1]:
            old = _local(contact["moves"][-1])
            ET.SubElement(item, "IdAfspraakOud").text = contact["id"]
            ET.SubElement(item, "DatAfspraakOud").text = f"{old:%Y-%m-%d}"
            ET.SubElement(item, "TijdAfspraakOud").text = f"{old:%H:%M}"
        if contact.get("duration_minutes"):
            ET.SubElement(item, "DuurAfspraak").text = f"{contact['duration_minutes'] / 60:.2f}"
        ET.SubElement(
            item, "OmsSrtAfspraak"
        ).text = f"{contact['status']}: {contact.get('purpose') or ''}".strip()
        worker = ET.SubElement(item, "Wrknmr")
        ET.SubElement(worker, "IdWrknmr").text = employee_ref
        professional = _first(contact["participants"], _PROFESSIONALS)
        if professional is not None:
            doer = ET.SubElement(item, "UitvoerderAfspraak")
            ET.SubElement(doer, "NmFnct").text = professional["role"]
    return ET.tostring(root, encoding="unicode")


def _agreements(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    corrected = {e.seq for e in entries if e.corrected_by is not None}
    out: dict[str, dict[str, Any]] = {}
    for e in entries:
        p = e.payload
        if e.seq in corrected:
            continue
        made = [p] if e.type == "agreement_made" else []
        if e.type == "werkbalansgesprek_held":
            made = list(p.get("agreements", []))
        for item in made:
            out[item["agreement_id"]] = {
                "id": item["agreement_id"],
                "owner": item["owner"],
                "action": item["action"],
                "due": item["due"],
                "status": "open",
                "history": [],
            }
        if e.type in ("agreement_kept", "agreement_missed", "agreement_withdrawn"):
            record = out.get(p["agreement_id"])
            if record is None:
                continue
            outcome = e.type.removeprefix("agreement_")
            record["history"].append(
                {
                    "on": p["effective"],
                    "outcome": outcome,
                    "reason": p.get("reason"),
                    "new_due": p.get("new_due"),
                }
            )
            record["status"] = "open" if p.get("new_due") else outcome
            if p.get("new_due"):
                record["due"] = p["new_due"]
    return list(out.values())


def conversation_export(entries: Sequence[TimelineEntry], employee_ref: str) -> dict[str, Any]:
    """The export's ``conversations`` section: mappings, our own records, and the gaps."""
    return {
        "visma_appointments": visma_appointments(entries),
        "visma_dossier_notes": dossier_notes(entries),
        "sivi_afspraken_xml": sivi_afspraken_xml(entries, employee_ref),
        "agreements": _agreements(entries),
        "not_carried": list(NOT_CARRIED),
    }
