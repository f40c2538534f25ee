"""A case from sick report through recovery and werkbalansgesprek, told as one story and
exported to the field's vocabularies (saying what they cannot carry)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from poortwachter import Engine, FrozenClock
from poortwachter.conversations.export import conversation_export
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.conversations.story import story_text

from .samples import CASEMANAGER, EMPLOYEE, MANAGER, at, werkbalans_form

D = dt.date
ACTOR = "cm-anna"


@pytest.fixture
def engine(tmp_path: object) -> Iterator[Engine]:
    clock = FrozenClock(D(2026, 1, 5))
    with Engine.open(
        f"sqlite:///{tmp_path}/story.db", clock=clock, conversation_policy=ConversationPolicy()
    ) as opened:
        yield opened


def _on(engine: Engine, day: D, *events: dict[str, object]) -> None:
    assert isinstance(engine.clock, FrozenClock)
    engine.clock.set(day)
    engine.record_conversation(
        "k1", [{"effective": day.isoformat(), **e} for e in events], actor=ACTOR
    )


def _whole_case(engine: Engine) -> None:
    engine.open_case("emp-1", D(2026, 1, 5), "cm-anna", actor=ACTOR, case_id="k1")
    trio = [EMPLOYEE, MANAGER, CASEMANAGER]
    _on(
        engine,
        D(2026, 1, 6),
        {
            "type": "contact_planned",
            "contact_id": "c1",
            "at": at(D(2026, 2, 2)),
            "form": "in_person",
            "participants": trio,
            "purpose": "Werkplek en taken bespreken",
            "prepares": "problem_analysis",
            "duration_minutes": 60,
        },
    )
    _on(
        engine,
        D(2026, 1, 20),
        {
            "type": "contact_moved",
            "contact_id": "c1",
            "at": at(D(2026, 2, 3)),
            "reason": "by_employer",
        },
    )
    _on(
        engine,
        D(2026, 2, 3),
        {
            "type": "contact_held",
            "contact_id": "c1",
            "at": at(D(2026, 2, 3)),
            "summary": "Driegesprek: aangepaste taken afgesproken.",
        },
        {
            "type": "agreement_made",
            "agreement_id": "a1",
            "owner": EMPLOYEE,
            "action": "Twee ochtenden op kantoor",
            "due": "2026-02-17",
            "contact_id": "c1",
        },
    )
    _on(
        engine,
        D(2026, 2, 17),
        {"type": "agreement_kept", "agreement_id": "a1"},
        {"type": "progress_noted", "observations": ["renewed_confidence", "taking_action"]},
    )
    engine.clock.set(D(2026, 2, 9))
    engine.record(
        "k1", {"type": "problem_analysis_completed", "effective": "2026-02-09"}, actor=ACTOR
    )
    engine.clock.set(D(2026, 4, 13))
    engine.record("k1", {"type": "recovered", "effective": "2026-04-13"}, actor=ACTOR)
    _on(engine, D(2026, 4, 20), werkbalans_form(D(2026, 4, 20)))


def test_case_show_tells_the_story_in_order_dutch_by_default(engine: Engine) -> None:
    _whole_case(engine)
    view = engine.case("k1")
    story = story_text("k1", engine.timeline("k1"), view.deadlines)
    lines = story.splitlines()
    order = [
        "Ziekmelding",
        "Contactmoment c1 gepland voor 02-02-2026 10:00 (+0100) (persoonlijk)",
        "Contactmoment c1 verzet naar 03-02-2026",
        "Gesprek c1 (persoonlijk) met emp-1 (werknemer), mgr-1 (leidinggevende), cm-1",
        "Afspraak a1: emp-1 (werknemer) — Twee ochtenden op kantoor — uiterlijk di 17-02-2026",
        "Probleemanalyse gereed",
        "Afspraak a1 nagekomen",
        "Voortgang: hernieuwd vertrouwen, weer in actie",
        "Hersteld",
        "Werkbalansgesprek wbg-1 met emp-1 en mgr-1; 1 afspraken, 3 vervolggesprekken",
        "Vervolggesprek wbg-1-f3 op 15-06-2026",
    ]
    positions = [next(i for i, line in enumerate(lines) if want in line) for want in order]
    assert positions == sorted(positions)
    assert "bereidt voor: Probleemanalyse" in story
    assert any(
        line.startswith("ma 20-04-2026      Welke andere niet-medische factoren") for line in lines
    )
    english = story_text("k1", engine.timeline("k1"), view.deadlines, "en")
    assert "Agreement a1 kept" in english
    assert "Afspraak" not in english


def test_a_relapse_inside_the_window_is_linked_in_the_story(engine: Engine) -> None:
    _whole_case(engine)
    engine.clock.set(D(2026, 5, 1))
    engine.record("k1", {"type": "sick_reported", "effective": "2026-05-01"}, actor=ACTOR)
    story = story_text("k1", engine.timeline("k1"), [])
    assert (
        "vr 01-05-2026  ↩ Terugval op vr 01-05-2026, binnen de terugvalperiode na het "
        "werkbalansgesprek wbg-1" in story
    )


def test_the_export_maps_contact_moments_and_says_what_it_cannot_carry(engine: Engine) -> None:
    _whole_case(engine)
    exported = conversation_export(engine.timeline("k1"), "emp-1")
    [c1, *follow_ups] = exported["visma_appointments"]
    assert c1 == {
        "id": "c1",
        "title": "Werkplek en taken bespreken",
        "status": "completed",
        "cancellationReason": None,
        "methodOfConsult": "in_person",
        "dateStart": "2026-02-03 10:00:00",
        "dateEnd": "2026-02-03 11:00:00",
        "employee": "emp-1",
        "user": "cm-1",
    }
    assert [f["status"] for f in follow_ups] == ["reserved"] * 3
    assert any("driegesprek" in gap for gap in exported["not_carried"])
    assert exported["agreements"][0]["status"] == "kept"
    root = ET.fromstring(exported["sivi_afspraken_xml"])
    first = root.find("Afspraak")
    assert first is not None
    assert first.findtext("DatAfspraakOud") == "2026-02-02"
    assert first.findtext("DuurAfspraak") == "1.00"
    # No exported field can carry medical information.
    flat = json.dumps(exported).lower()
    assert "diagnos" not in flat
    assert "ismedical" not in flat
    assert all(note["medicalOnly"] is False for note in exported["visma_dossier_notes"])


def test_moment_unprepared_on_a_real_case_until_a_conversation_prepares_it(
    engine: Engine,
) -> None:
    engine.open_case("emp-1", D(2026, 1, 5), "cm-anna", actor=ACTOR, case_id="k1")
    # The probleemanalyse is due at the end of week 6: Sunday 15 February 2026. Within ten
    # working days of it (2-6 and 9-13 February) from Friday 30 January on.
    kinds = lambda day: [s.kind for s in engine.signals(case_id="k1", as_of=day)]  # noqa: E731
    assert "moment_unprepared" not in kinds(D(2026, 1, 29))
    [signal] = [
        s
        for s in engine.signals(case_id="k1", as_of=D(2026, 2, 3))
        if s.kind == "moment_unprepared"
    ]
    assert signal.since == D(2026, 1, 30)
    assert signal.prepares == "problem_analysis"
    assert "Probleemanalyse" in signal.reason
    _on(
        engine,
        D(2026, 2, 3),
        {
            "type": "contact_planned",
            "contact_id": "c1",
            "at": at(D(2026, 2, 10)),
            "form": "phone",
            "participants": [EMPLOYEE, CASEMANAGER],
            "purpose": "Voorbereiden",
            "prepares": "problem_analysis",
        },
    )
    assert "moment_unprepared" not in kinds(D(2026, 2, 3))
