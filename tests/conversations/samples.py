"""One valid sample event of every conversation type (the other tests build real cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from poortwachter.events import EventBase, parse_event

AMS = dt.timezone(dt.timedelta(hours=1))


def at(day: dt.date, hour: int = 10) -> str:
    """An aware time of day on ``day`` (winter offset: these are test data)."""
    return dt.datetime.combine(day, dt.time(hour), AMS).isoformat()


EMPLOYEE = {"ref": "emp-1", "role": "employee"}
MANAGER = {"ref": "mgr-1", "role": "manager"}
CASEMANAGER = {"ref": "cm-1", "role": "casemanager"}


def werkbalans_form(day: dt.date, **overrides: Any) -> dict[str, Any]:
    """A complete werkbalansgesprek form (seed 001) held on ``day``."""
    form: dict[str, Any] = {
        "type": "werkbalansgesprek_held",
        "effective": day.isoformat(),
        "werkbalansgesprek_id": "wbg-1",
        "employee": "emp-1",
        "manager": "mgr-1",
        "employee_view": "De opbouw in uren ging stap voor stap en voelde haalbaar.",
        "employer_view": "Goede samenwerking; het team is blij met de terugkeer.",
        "going_better": "Plannen van het werk lukt beter: weekplanning wordt gehaald.",
        "still_hard": "Klantgesprekken met hoge druk; nodig is een collega als vraagbaak.",
        "work_risk_factors": "Piekdrukte aan het einde van het kwartaal.",
        "other_risk_factors": "Lange reistijd bij files.",
        "own_actions": "Tijdig aangeven wanneer de planning vol raakt.",
        "needs_from_others": "Wekelijks kort overleg met de leidinggevende.",
        "next_steps_if_not_lasting": "Direct een gesprek met casemanager en leidinggevende.",
        "agreements": [
            {
                "agreement_id": "wbg-1-a1",
                "owner": EMPLOYEE,
                "action": "Weekplanning delen op maandag",
                "due": (day + dt.timedelta(days=7)).isoformat(),
            }
        ],
        "follow_ups": [
            {"contact_id": f"wbg-1-f{i}", "goal": goal, "at": at(day + dt.timedelta(days=d))}
            for i, (goal, d) in enumerate(
                [("Eerste evaluatie", 14), ("Tweede evaluatie", 28), ("Afronding", 56)], start=1
            )
        ],
        "acknowledgements": [
            {"by": EMPLOYEE, "acknowledged_on": day.isoformat(), "how": "signature"},
            {"by": MANAGER, "acknowledged_on": day.isoformat(), "how": "signature"},
        ],
    }
    form.update(overrides)
    return form


def conversation_sample(event_type: str, effective: dt.date, variant: int = 0) -> EventBase:
    """A valid event of a conversation type (references may not exist in the case)."""
    day = effective.isoformat()
    raw: dict[str, Any] = {
        "contact_planned": {
            "contact_id": f"c-{variant}",
            "at": at(effective),
            "form": "phone",
            "participants": [EMPLOYEE, CASEMANAGER],
            "purpose": "Hoe gaat het met de opbouw van het werk",
        },
        "contact_moved": {"contact_id": f"c-{variant}", "at": at(effective, 14), "reason": "other"},
        "contact_cancelled": {"contact_id": f"c-{variant}", "reason": "by_employee"},
        "contact_held": {
            "contact_id": f"c-{variant}",
            "at": at(effective),
            "form": "video",
            "participants": [EMPLOYEE, MANAGER, CASEMANAGER],
            "summary": "Driegesprek over passende taken.",
        },
        "progress_noted": {"observations": ["renewed_confidence"]},
        "agreement_made": {
            "agreement_id": f"a-{variant}",
            "owner": EMPLOYEE,
            "action": "Twee vacatures bespreken",
            "due": day,
        },
        "agreement_kept": {"agreement_id": f"a-{variant}"},
        "agreement_missed": {"agreement_id": f"a-{variant}", "reason": "forgotten"},
        "agreement_withdrawn": {"agreement_id": f"a-{variant}", "reason": "replaced"},
        "agreement_acknowledged": {
            "agreement_id": f"a-{variant}",
            "by": EMPLOYEE,
            "how": "verbal",
        },
        "contact_cadence_agreed": {
            "cadence_id": "employee",
            "with_roles": ["employee"],
            "every": 1 + variant % 6,
        },
        "quiet_period_agreed": {"start": day, "end": day, "reason": "holiday"},
        "casemanager_handed_over": {
            "casemanager": f"cm-{variant + 1}",
            "previous": f"cm-{variant}",
            "reason": "workload",
        },
        "werkbalansgesprek_held": {
            k: v for k, v in werkbalans_form(effective).items() if k not in ("type", "effective")
        },
    }[event_type]
    return parse_event({"type": event_type, "effective": day, **raw})
