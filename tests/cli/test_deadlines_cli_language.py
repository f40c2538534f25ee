"""`poortwachter deadlines --format json`: the words come in the chosen language, all of them.

The JSON once carried the Dutch explanation whatever ``--lang`` said. Here the process's output
must equal the rules' own rendering in that language, row by row, and read as that language.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from poortwachter.events import event_adapter
from poortwachter.rules import compute_deadlines
from tests.cli.test_deadlines_cli import case, run

AS_OF = "2027-01-20"
#: Samentelling, an Atw roll over Christmas, a flag, a loonsanctie and issue 7 moments: every
#: kind of explanation the rules give.
EVENTS: tuple[dict[str, Any], ...] = (
    {"type": "sick_reported", "effective": "2025-03-06"},
    {"type": "problem_analysis_completed", "effective": "2025-04-01"},
    {"type": "recovered", "effective": "2025-05-01"},
    {"type": "sick_reported", "effective": "2025-05-10"},
    {"type": "uwv_wia_letter_received", "effective": "2026-12-01"},
    {"type": "wage_sanction_imposed", "effective": "2027-01-01", "weeks": 12},
)
DUTCH = (" weken", " dagen", "ziektedag", " na ", "geteld vanaf")
ENGLISH = (" weeks", " days", "sick day", " after ", "counted from")


def expected(language: str) -> list[dict[str, Any]]:
    events = [event_adapter().validate_python(e) for e in EVENTS]
    deadlines = compute_deadlines(events, as_of=dt.date.fromisoformat(AS_OF))
    return [d.as_json(language) for d in deadlines]


def words(row: dict[str, Any]) -> str:
    return " ".join([row["explanation"], *row["flags"]])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_json_words_are_in_the_chosen_language(lang: str) -> None:
    done = run(
        "deadlines", "-", "--format", "json", "--lang", lang, "--as-of", AS_OF,
        stdin=case(*EVENTS),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows == expected(lang)
    other = DUTCH if lang == "en" else ENGLISH
    own = ENGLISH if lang == "en" else DUTCH
    assert any(row["flags"] for row in rows)  # the flags are checked too
    for row in rows:
        text = words(row)
        assert not [w for w in other if w in text], (row["kind"], text)
    assert any(w in words(row) for row in rows for w in own)


def test_json_is_dutch_by_default_and_differs_from_english() -> None:
    args = ("deadlines", "-", "--format", "json", "--as-of", AS_OF)
    default = run(*args, stdin=case(*EVENTS))
    english = run(*args, "--lang", "en", stdin=case(*EVENTS))
    assert default.returncode == english.returncode == 0, default.stderr + english.stderr
    nl_rows, en_rows = json.loads(default.stdout), json.loads(english.stdout)
    assert nl_rows == expected("nl")
    for nl, en in zip(nl_rows, en_rows, strict=True):
        assert nl["explanation"] != en["explanation"], nl["kind"]
        assert (nl["kind"], nl["due"], nl["status"]) == (en["kind"], en["due"], en["status"])
