"""Cases run in conversations and agreements, on a real database, read like the cases they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from poortwachter import Engine, FrozenClock, InvalidEventError, InvalidTransitionError
from poortwachter.conversations.export import conversation_export
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.errors import MedicalTermError

from .samples import CASEMANAGER, EMPLOYEE, MANAGER, at, werkbalans_form

D = dt.date
COACH = {"ref": "coach-7", "role": "jobcoach"}
ACTOR = "cm-anna"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2026, 1, 5))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock, conversation_policy=ConversationPolicy()) as opened:
        yield opened


class Case:
    """A case and the clock, so each step is recorded on the day it happens."""

    def __init__(self, engine: Engine, clock: FrozenClock, first: D, case_id: str) -> None:
        self.engine, self.clock, self.id = engine, clock, case_id
        clock.set(first)
        engine.open_case("emp-1", first, "cm-anna", actor=ACTOR, case_id=case_id)

    def on(self, day: D, *events: dict[str, Any]) -> Any:
        self.clock.set(day)
        raw = [{"effective": day.isoformat(), **e} for e in events]
        return self.engine.record_conversation(self.id, raw, actor=ACTOR)

    def signals(self, day: D, *, moments: bool = False) -> list[str]:
        """The signals' kinds; legal moments left unprepared only when asked (they have their
        own test: these cases do not record their probleemanalyse)."""
        found = self.engine.signals(case_id=self.id, as_of=day)
        return [s.kind for s in found if moments or s.kind != "moment_unprepared"]


def session(cid: str, day: D, summary: str, *who: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "contact_held",
        "contact_id": cid,
        "at": at(day),
        "form": "in_person",
        "participants": list(who or (EMPLOYEE, COACH)),
        "summary": summary,
    }


def agreement(aid: str, due: D, action: str, contact: str | None = None) -> dict[str, Any]:
    return {
        "type": "agreement_made",
        "agreement_id": aid,
        "owner": EMPLOYEE,
        "action": action,
        "due": due.isoformat(),
        "contact_id": contact,
        "acknowledgements": [
            {"by": EMPLOYEE, "acknowledged_on": due.isoformat(), "how": "signature"}
        ],
    }


def missed(aid: str, new_due: D | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "agreement_missed", "agreement_id": aid, "reason": "forgotten"}
    if new_due is not None:
        event["new_due"] = new_due.isoformat()
    return event


def test_spoor2_agreements_missed_three_times_then_kept_after_a_conversation(
    engine: Engine, clock: FrozenClock
) -> None:
    case = Case(engine, clock, D(2026, 1, 5), "spoor2")
    case.engine.record(case.id, {"type": "spoor2_started", "effective": "2026-01-05"}, actor=ACTOR)
    # Every coaching session: look back at the last assignment, agree the next one (seed 002).
    sessions = [D(2026, 1, 12), D(2026, 1, 19), D(2026, 1, 26), D(2026, 2, 2)]
    case.on(
        sessions[0],
        session("s1", sessions[0], "Zoekprofiel besproken."),
        agreement("a1", sessions[1], "Drie passende vacatures zoeken", "s1"),
    )
    for n, day in enumerate(sessions[1:], start=2):
        prev = f"a{n - 1}"
        case.on(
            day,
            session(f"s{n}", day, "Opdracht van vorige week besproken."),
            missed(prev, day + dt.timedelta(days=7)),
            {"type": "agreement_withdrawn", "agreement_id": prev, "reason": "replaced"},
            agreement(f"a{n}", day + dt.timedelta(days=7), "Drie vacatures zoeken", f"s{n}"),
        )
    # Three misses in a row, the last one noted in the session of 2 February: a pattern.
    assert case.signals(D(2026, 2, 2)) == ["agreements_missed"]
    [signal] = [
        s
        for s in engine.signals(case_id=case.id, as_of=D(2026, 2, 2))
        if s.kind == "agreements_missed"
    ]
    assert signal.since == D(2026, 2, 2)
    assert "3" in signal.reason
    assert "ma 02-02-2026" in signal.reason  # Dutch words write Dutch dates
    english = engine.signals(case_id=case.id, as_of=D(2026, 2, 2), language="en")
    assert any("Mon 2026-02-02" in s.reason for s in english)
    assert signal.with_roles == ("employee", "casemanager")
    # The pattern is the subject of a conversation: the prompt is answered ...
    talk = D(2026, 2, 4)
    case.on(
        talk,
        session(
            "s5",
            talk,
            "Het patroon besproken; weerstand uitgesproken.",
            EMPLOYEE,
            COACH,
            CASEMANAGER,
        ),
    )
    assert case.signals(talk) == []
    # ... and the next agreement is kept.
    case.on(D(2026, 2, 9), {"type": "agreement_kept", "agreement_id": "a4"})
    talks = engine.conversations(case.id)
    assert [o[2] for o in talks.outcomes] == ["missed", "missed", "missed", "kept"]
    # The chain of a1: missed, renewed to 26 January, then replaced by a2 (seed 002).
    [a1] = [
        a
        for a in conversation_export(engine.timeline(case.id), "emp-1")["agreements"]
        if a["id"] == "a1"
    ]
    assert [(h["outcome"], h["new_due"]) for h in a1["history"]] == [
        ("missed", "2026-01-26"),
        ("withdrawn", None),
    ]
    assert talks.agreement_status("a1") == "withdrawn"
    assert talks.agreement_status("a4") == "kept"
    assert talks.missed_streak() == []
    assert case.signals(D(2026, 2, 9)) == []
    # As of the day of the third miss, replay still sees the pattern.
    assert engine.conversations(case.id, as_of=D(2026, 2, 2)).missed_streak()[-1][1] == "a3"


def test_a_driegesprek_every_six_weeks_keeps_its_rhythm_and_says_when_not(
    engine: Engine, clock: FrozenClock
) -> None:
    case = Case(engine, clock, D(2026, 3, 2), "drie")
    trio = (EMPLOYEE, MANAGER, CASEMANAGER)
    case.on(
        D(2026, 3, 9),
        {
            "type": "contact_cadence_agreed",
            "cadence_id": "driegesprek",
            "with_roles": ["employee", "manager", "casemanager"],
            "every": 6,
        },
    )
    # Six weeks are 30 working days after Monday 9 March. Good Friday 3 April (equated by
    # decree, Atw art. 3 lid 3) and Easter Monday 6 April do not count: due Wednesday 22 April.
    status = engine.conversation_moments(case.id, as_of=D(2026, 3, 9))
    [due] = [m for m in status if m.reason == "contact_due"]
    assert due.due == D(2026, 4, 22)
    # A talk with the employee alone does not keep the driegesprek rhythm.
    case.on(D(2026, 4, 1), session("c1", D(2026, 4, 1), "Kort telefonisch contact.", EMPLOYEE))
    assert case.signals(D(2026, 4, 22)) == []
    assert case.signals(D(2026, 4, 23)) == ["no_contact"]
    [late] = [
        s for s in engine.signals(case_id=case.id, as_of=D(2026, 4, 24)) if s.kind == "no_contact"
    ]
    assert late.since == D(2026, 4, 23)
    assert "2026-04-01" not in late.reason
    case.on(D(2026, 4, 24), session("c2", D(2026, 4, 24), "Driegesprek over taken.", *trio))
    assert case.signals(D(2026, 4, 24)) == []
    [due] = [m for m in engine.conversation_moments(case.id) if m.reason == "contact_due"]
    assert due.occurrence == "cadence:driegesprek:2026-04-24"
    # A quiet period suspends the rhythm: its working days do not count.
    case.on(
        D(2026, 5, 1),
        {
            "type": "quiet_period_agreed",
            "start": "2026-05-04",
            "end": "2026-05-15",
            "reason": "holiday",
        },
    )
    [after] = [m for m in engine.conversation_moments(case.id) if m.reason == "contact_due"]
    # 30 working days after Friday 24 April: King's Day 27 April, 5 May, Ascension 14 May, the
    # equated 15 May and Whit Monday 25 May do not count -> Friday 12 June. The quiet period
    # takes seven more working days (4 and 6-13 May) -> Tuesday 23 June.
    assert (due.due, after.due) == (D(2026, 6, 12), D(2026, 6, 23))


def test_recovery_werkbalansgesprek_three_follow_ups_and_a_relapse_inside_the_window(
    engine: Engine, clock: FrozenClock
) -> None:
    case = Case(engine, clock, D(2026, 1, 5), "terug")
    clock.set(D(2026, 4, 13))
    engine.record(case.id, {"type": "recovered", "effective": "2026-04-13"}, actor=ACTOR)
    # 98 days absent: long absence, so the case asks for a werkbalansgesprek.
    assert case.signals(D(2026, 4, 13)) == ["werkbalans_due"]
    moments = {m.reason: m for m in engine.conversation_moments(case.id)}
    assert moments["werkbalans_due"].due == D(2026, 4, 28)  # 10 working days, King's Day skipped
    assert moments["relapse_window_check"].recipient_role == "manager"
    held = case.on(D(2026, 4, 20), werkbalans_form(D(2026, 4, 20)))
    assert held.warnings == ()
    assert case.signals(D(2026, 4, 20)) == []
    talks = engine.conversations(case.id)
    follow_ups = [cid for cid, c in talks.contacts.items() if c["werkbalansgesprek"] == "wbg-1"]
    assert follow_ups == ["wbg-1-f1", "wbg-1-f2", "wbg-1-f3"]  # planned contact moments
    assert talks.agreements["wbg-1-a1"]["werkbalansgesprek"] == "wbg-1"
    assert talks.werkbalans[0]["acknowledged_by"] == ["employee", "manager"]
    reasons = [m.reason for m in engine.conversation_moments(case.id)]
    assert reasons.count("contact_planned") == 3
    assert "werkbalans_due" not in reasons
    # The first follow-up is held; then the employee relapses within four weeks.
    case.on(
        D(2026, 5, 4),
        {
            "type": "contact_held",
            "contact_id": "wbg-1-f1",
            "at": at(D(2026, 5, 4)),
            "summary": "Weekplanning loopt.",
        },
    )
    clock.set(D(2026, 5, 8))
    engine.record(case.id, {"type": "sick_reported", "effective": "2026-05-08"}, actor=ACTOR)
    [relapse] = engine.conversations(case.id).relapses
    assert relapse == {
        "on": "2026-05-08",
        "recovered_on": "2026-04-13",
        "within_window": True,
        "werkbalansgesprek": "wbg-1",
    }


def test_a_handover_keeps_the_whole_history_and_names_its_reason(
    engine: Engine, clock: FrozenClock
) -> None:
    case = Case(engine, clock, D(2026, 2, 2), "over")
    case.on(
        D(2026, 2, 9),
        session("c1", D(2026, 2, 9), "Kennismaking.", EMPLOYEE, CASEMANAGER),
        agreement("a1", D(2026, 2, 20), "Takenlijst opstellen", "c1"),
    )
    case.on(
        D(2026, 2, 16),
        {
            "type": "casemanager_handed_over",
            "casemanager": "cm-bram",
            "previous": "cm-anna",
            "reason": "leave",
        },
    )
    assert engine.case(case.id).casemanager == "cm-bram"
    talks = engine.conversations(case.id)
    assert [c[1:] for c in talks.casemanagers] == [["cm-anna", None], ["cm-bram", "leave"]]
    # Nothing is lost in the handover: the new casemanager sees the whole history.
    assert talks.agreement_status("a1") == "open"
    assert talks.contact_status("c1") == "held"
    assert [e.type for e in engine.timeline(case.id)][-3:] == [
        "contact_held",
        "agreement_made",
        "casemanager_handed_over",
    ]
    with pytest.raises(InvalidEventError) as info:
        case.on(
            D(2026, 2, 17),
            {
                "type": "casemanager_handed_over",
                "casemanager": "cm-cas",
                "previous": "cm-anna",
                "reason": "workload",
            },
        )
    assert info.value.field == "previous"
    assert "cm-bram" in info.value.reason


def _summary_case(engine: Engine, clock: FrozenClock, case_id: str) -> Case:
    return Case(engine, clock, D(2026, 2, 2), case_id)


MEDICAL = "Gesprek over de taken; zij gebruikt oxazepam en de planning loopt."


def test_a_medical_term_in_a_summary_is_stored_with_a_warning_naming_field_and_term(
    engine: Engine, clock: FrozenClock
) -> None:
    case = _summary_case(engine, clock, "warn")
    result = case.on(D(2026, 2, 9), session("c1", D(2026, 2, 9), MEDICAL))
    [finding] = result.warnings
    assert (finding.field, finding.term, finding.event_type) == (
        "summary",
        "oxazepam",
        "contact_held",
    )
    assert result.recorded[0].payload["summary"] == MEDICAL  # nothing else of the event is lost
    # Through the generic API it is a Python warning.
    with pytest.warns(UserWarning, match="oxazepam"):
        engine.record(case.id, session("c2", D(2026, 2, 9), MEDICAL), actor=ACTOR)


def test_a_medical_term_is_refused_when_the_policy_says_so_and_nothing_is_stored(
    store_url: str, clock: FrozenClock
) -> None:
    refuse = ConversationPolicy(medical_terms="refuse")
    with Engine.open(store_url, clock=clock, conversation_policy=refuse) as engine:
        case = _summary_case(engine, clock, "refuse")
        before = engine.case(case.id).version
        plan = {
            "type": "contact_planned",
            "contact_id": "c1",
            "at": at(D(2026, 2, 9)),
            "form": "phone",
            "participants": [EMPLOYEE],
            "purpose": "Planning bespreken",
        }
        with pytest.raises(MedicalTermError) as info:
            case.on(D(2026, 2, 9), plan, session("c1", D(2026, 2, 9), MEDICAL))
        assert (info.value.field, info.value.term) == ("summary", "oxazepam")
        assert engine.case(case.id).version == before  # the whole batch: nothing stored
        rephrased = session("c1", D(2026, 2, 9), "Gesprek over de taken; de planning loopt.")
        assert case.on(D(2026, 2, 9), plan, rephrased).warnings == ()


def test_bad_input_gets_a_precise_error_and_nothing_is_stored(
    store_url: str, clock: FrozenClock
) -> None:
    planned_only = ConversationPolicy(unplanned_contacts="refuse")
    with Engine.open(store_url, clock=clock, conversation_policy=planned_only) as engine:
        case = Case(engine, clock, D(2026, 3, 2), "bad")
        version = engine.case(case.id).version
        day = D(2026, 4, 20)
        # A follow-up dated before its werkbalansgesprek.
        form = werkbalans_form(day)
        form["follow_ups"][1]["at"] = at(day - dt.timedelta(days=3))
        with pytest.raises(InvalidEventError) as info:
            case.on(day, form)
        assert info.value.field == "follow_ups.1.at"
        assert "2026-04-17" in info.value.reason
        # An agreement without an owner.
        no_owner = agreement("a1", day, "Takenlijst")
        del no_owner["owner"]
        with pytest.raises(InvalidEventError) as info:
            case.on(day, no_owner)
        assert info.value.field == "owner"
        assert info.value.expected == "this required field"
        # A contact held that was never planned, while the policy asks for a plan.
        with pytest.raises(InvalidEventError) as info:
            case.on(day, session("c9", day, "Telefonisch contact."))
        assert info.value.field == "contact_id"
        assert "not planned" in info.value.reason
        # An agreement kept that was never made.
        with pytest.raises(InvalidEventError) as info:
            case.on(day, {"type": "agreement_kept", "agreement_id": "a7"})
        assert info.value.field == "agreement_id"
        assert "no agreement 'a7'" in info.value.reason
        assert engine.case(case.id).version == version


def test_conversations_on_a_closed_case_are_refused(engine: Engine, clock: FrozenClock) -> None:
    case = Case(engine, clock, D(2026, 3, 2), "dicht")
    clock.set(D(2026, 3, 20))
    engine.record(
        case.id, {"type": "case_closed", "effective": "2026-03-20", "reason": "other"}, actor=ACTOR
    )
    with pytest.raises(InvalidTransitionError) as info:
        case.on(D(2026, 3, 20), session("c1", D(2026, 3, 20), "Afronding."))
    assert "closed" in info.value.reason


def test_replay_known_on_and_verify_cover_conversations(engine: Engine, clock: FrozenClock) -> None:
    case = Case(engine, clock, D(2026, 3, 2), "audit")
    case.on(
        D(2026, 3, 9),
        session("c1", D(2026, 3, 9), "Kennismaking."),
        agreement("a1", D(2026, 3, 16), "Takenlijst", "c1"),
    )
    case.on(D(2026, 3, 16), {"type": "agreement_kept", "agreement_id": "a1"})
    assert engine.verify(case.id) == []
    # Back-dated entry (refolds the log) and a correction of a conversation event.
    case.on(
        D(2026, 3, 17),
        {
            "type": "progress_noted",
            "effective": "2026-03-10",
            "observations": ["renewed_confidence", "taking_action"],
        },
    )
    timeline = engine.timeline(case.id)
    kept_seq = next(e.seq for e in timeline if e.type == "agreement_kept")
    clock.set(D(2026, 3, 18))
    engine.record(
        case.id,
        {
            "type": "event_corrected",
            "effective": "2026-03-18",
            "corrects_seq": kept_seq,
            "reason": "recorded_in_error",
        },
        actor=ACTOR,
    )
    assert engine.conversations(case.id).agreement_status("a1") == "open"
    assert engine.verify(case.id) == []
    # What the dossier said on 16 March (the keeping, recorded that day, is known; the
    # correction of 18 March is not), and as of 12 March.
    assert engine.conversations(case.id, known_on=D(2026, 3, 16)).agreement_status("a1") == "kept"
    assert engine.conversations(case.id, known_on=D(2026, 3, 15)).agreement_status("a1") == "open"
    assert engine.conversations(case.id, known_on=D(2026, 3, 16)).progress == []
    # What the dossier said on 16 March, and as of 12 March.
    replay = engine.replay(case.id, known_on=D(2026, 3, 16))
    assert kept_seq in replay.seqs
    assert engine.conversations(case.id, as_of=D(2026, 3, 12)).progress == [
        ["2026-03-10", ["renewed_confidence", "taking_action"]]
    ]
