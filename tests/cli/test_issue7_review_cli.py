"""Review of issue 7 through `poortwachter deadlines` (helper `legalreview`): the words of the
new moments follow --lang in the JSON too; the English table shows the planning werkdag whole."""

from __future__ import annotations

import json

from tests.cli.test_deadlines_cli import case, run

#: F Mon 2025-04-07: the vangnet report S + 41 = Sun 2025-05-18, planned on Fri 2025-05-16.
EVENTS: tuple[dict[str, object], ...] = (
    {"type": "sick_reported", "effective": "2025-04-07"},
    {"type": "safety_net_case", "effective": "2025-04-07", "ground": "pregnancy_related"},
    {"type": "expert_opinion_requested", "effective": "2026-03-10", "requested_by": "employer"},
)


def test_json_explanations_follow_the_language() -> None:
    args = ("deadlines", "-", "--format", "json", "--as-of", "2025-04-10")
    en = run(*args, "--lang", "en", stdin=case(*EVENTS))
    nl = run(*args, stdin=case(*EVENTS))
    assert en.returncode == nl.returncode == 0, en.stderr + nl.stderr
    en_rows = {r["kind"]: r for r in json.loads(en.stdout)}
    nl_rows = {r["kind"]: r for r in json.loads(nl.stdout)}
    assert "counted from 2025-04-07" in en_rows["problem_analysis"]["explanation"]
    assert "ziektedag 42" in nl_rows["problem_analysis"]["explanation"]
    assert "ziek" not in en_rows["safety_net_uwv_report"]["explanation"]
    assert en_rows["safety_net_uwv_report"]["due"] == nl_rows["safety_net_uwv_report"]["due"]


def test_the_english_table_shows_the_whole_planning_day() -> None:
    en = run("deadlines", "-", "--lang", "en", "--as-of", "2025-04-10", stdin=case(*EVENTS))
    nl = run("deadlines", "-", "--as-of", "2025-04-10", stdin=case(*EVENTS))
    assert en.returncode == nl.returncode == 0
    assert "(plan by Fri 2025-05-16)" in en.stdout
    assert "2025-)" not in en.stdout
    assert "(werkdag vr 16-05)" in nl.stdout
