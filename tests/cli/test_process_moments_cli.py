"""The issue 7 moments through `poortwachter deadlines` and `events`: a real process, real exit
codes, Dutch and English, table and JSON."""

from __future__ import annotations

import json

from tests.cli.test_deadlines_cli import case, run

EVENTS = (
    {"type": "sick_reported", "effective": "2025-01-06"},
    {"type": "safety_net_case", "effective": "2025-01-06", "ground": "pregnancy_related"},
    {"type": "expert_opinion_requested", "effective": "2025-06-03", "requested_by": "employer"},
    {"type": "wage_sanction_imposed", "effective": "2026-11-13", "weeks": 10},
)


def test_json_in_english_has_the_new_kinds_with_their_dates() -> None:
    done = run(
        "deadlines", "-", "--format", "json", "--lang", "en", "--as-of", "2026-12-01",
        stdin=case(*EVENTS),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = {r["kind"]: r for r in json.loads(done.stdout)}
    assert got["safety_net_uwv_report"]["due"] == "2025-02-16"
    assert got["expert_opinion_answer"]["due"] == "2025-07-01"
    # Fri 2026-11-13 + 42 = Fri 2026-12-25 (Christmas), then the weekend: Mon 2026-12-28.
    assert got["sanction_objection"]["due"] == "2026-12-28"
    assert got["sanction_objection"]["status"] == "upcoming"
    assert "Atw" in got["sanction_objection"]["legal_basis"]
    assert got["uwv_wia_letter_expected"]["due"] == "2026-09-20"


def test_table_names_the_new_moments_in_each_language() -> None:
    nl = run("deadlines", "-", "--as-of", "2026-12-01", stdin=case(*EVENTS))
    en = run("deadlines", "-", "--lang", "en", "--as-of", "2026-12-01", stdin=case(*EVENTS))
    assert nl.returncode == en.returncode == 0
    assert "Vangnetmelding UWV" in nl.stdout
    assert "Bezwaar tegen loonsanctie" in nl.stdout
    assert "Safety-net report to UWV" in en.stdout
    assert "Objection to the wage sanction" in en.stdout


def test_a_bad_ground_exits_2_naming_the_field() -> None:
    bad = {"type": "safety_net_case", "effective": "2025-01-06", "ground": "flu"}
    done = run("deadlines", "-", stdin=case(EVENTS[0], bad))
    assert done.returncode == 2
    assert "ground" in done.stderr
    assert "pregnancy_related" in done.stderr


def test_events_lists_the_new_types() -> None:
    done = run("events", "--format", "json")
    assert done.returncode == 0, done.stderr
    types = {e["type"] for e in json.loads(done.stdout)}
    assert {"safety_net_case", "process_deviation", "expert_opinion_received"} <= types
