"""What a new user met walking the command line, fixed and kept fixed (real SQLite files).

- ``case show``/``audit replay``/``audit export --format json`` gave the deadlines' internal
  message tuples (``notes``, ``warnings``); they now give ``explanation`` and ``flags`` in words,
  in ``--lang``, exactly as the ``deadlines`` command does.
- ``case open`` for an employee whose closed case a relapse continues reopened that case without
  a word; it now says so (Dutch or English) and ``--format json`` carries ``reopened``.
- ``case timeline --lang en`` was Dutch; an English "plan by" date lost its day; ``audit replay``
  showed the state's code instead of its words.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock
from tests.cli_session import Cli

D = dt.date


@pytest.fixture
def pw(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("POORTWACHTER_DB", raising=False)
    return Cli(tmp_path / "qa.db", capsys, monkeypatch)


def _open_k1(pw: Cli) -> None:
    """k1: sick from Mon 2026-03-02, probleemanalyse on Wed 2026-04-08."""
    code, _, err = pw("case", "open", "--employee", "emp-1", "--first-sick-day", "2026-03-02",
                      "--casemanager", "anna", "--case-id", "k1", now="2026-03-02")  # fmt: skip
    assert code == 0, err
    code, _, err = pw("case", "record", "k1", "problem_analysis_completed", "2026-04-08",
                      now="2026-04-08")  # fmt: skip
    assert code == 0, err


def _assert_worded(deadline: dict[str, Any]) -> None:
    assert "notes" not in deadline
    assert "warnings" not in deadline
    assert isinstance(deadline["explanation"], str)
    assert deadline["explanation"]
    assert all(isinstance(flag, str) for flag in deadline["flags"])


# The problem analysis of k1 is due on day 42, Sun 2026-04-12 (Regeling procesgang art. 2):
# its explanation names that day and the first sick day in each language.
EXPLAINED = {
    "nl": "ziektedag 42, geteld vanaf ma 02-03-2026",
    "en": "sick day 42 counted from 2026-03-02",
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_json_views_give_deadlines_in_words(pw: Cli, lang: str) -> None:
    _open_k1(pw)
    shown = {
        "case show": pw("case", "show", "k1", "--format", "json", "--lang", lang, now="2026-05-01"),
        "audit replay": pw(
            "audit", "replay", "k1", "--format", "json", "--lang", lang, now="2026-05-01"
        ),
        "audit export": pw(
            "audit", "export", "k1", "--format", "json", "--lang", lang, now="2026-05-01"
        ),
    }
    for command, (code, out, err) in shown.items():
        assert code == 0, (command, err)
        data = json.loads(out)
        deadlines = (data["case"] if command == "audit export" else data)["deadlines"]
        assert deadlines, command
        for deadline in deadlines:
            _assert_worded(deadline)
        [analysis] = [d for d in deadlines if d["kind"] == "problem_analysis"]
        assert analysis["due"] == "2026-04-12"
        assert EXPLAINED[lang] in analysis["explanation"], (command, analysis["explanation"])


def test_case_show_json_deadlines_equal_the_deadlines_command(pw: Cli, tmp_path: Path) -> None:
    """One deadline object for one concept: `case show` and `deadlines` print the same."""
    _open_k1(pw)
    case_file = tmp_path / "k1.json"
    case_file.write_text(json.dumps({"case_id": "k1", "events": [
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "problem_analysis_completed", "effective": "2026-04-08"},
    ]}), encoding="utf-8")  # fmt: skip
    code, shown, _ = pw("case", "show", "k1", "--format", "json", "--as-of", "2026-05-01",
                        now="2026-05-01")  # fmt: skip
    assert code == 0
    code, listed, _ = pw("deadlines", str(case_file), "--format", "json", "--as-of", "2026-05-01",
                         now="2026-05-01")  # fmt: skip
    assert code == 0
    by_kind = {d["kind"]: d for d in json.loads(listed)}
    for deadline in json.loads(shown)["deadlines"]:
        assert deadline == by_kind[deadline["kind"]]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.dates(D(2020, 1, 6), D(2026, 3, 2)),
    days=st.integers(0, 800),
    lang=st.sampled_from(["nl", "en"]),
)
def test_a_case_view_never_dumps_message_tuples(
    tmp_path: Path, first: D, days: int, lang: str
) -> None:
    """Whatever the case's age, every deadline field of the JSON is a date, a word or null."""
    path = tmp_path / f"prop-{first}-{days}-{lang}.db"
    path.unlink(missing_ok=True)
    today = D(2026, 6, 1)
    with Engine.open(f"sqlite:///{path}", clock=FrozenClock(today)) as engine:
        engine.open_case("emp-1", first, "anna", actor="qa", case_id="p1")
        as_of = first + dt.timedelta(days=days)
        view = engine.case("p1", as_of=as_of, language=lang)
        dumped = view.model_dump(mode="json", context={"language": lang})
    expected = [d.as_json(lang) for d in view.deadlines]
    assert dumped["deadlines"] == expected
    for deadline in dumped["deadlines"]:
        _assert_worded(deadline)
        for key, value in deadline.items():
            assert value is None or isinstance(value, str | list), key


def _closed_after_recovery(pw: Cli) -> None:
    """E9 of tests/scenarios/samentelling.yaml: sick 2026-03-02, fit from 2026-04-13, closed on
    2026-04-20; a relapse on 2026-05-04 (21 fit days) joins the chain (BW 7:629 lid 10)."""
    code, _, err = pw("case", "open", "--employee", "emp-1", "--first-sick-day", "2026-03-02",
                      "--casemanager", "anna", "--case-id", "c-1", now="2026-03-02")  # fmt: skip
    assert code == 0, err
    assert pw("case", "record", "c-1", "recovered", "2026-04-13", now="2026-04-13")[0] == 0
    closed = pw("case", "record", "c-1", "case_closed", "2026-04-20", "reason=recovered",
                now="2026-04-20")  # fmt: skip
    assert closed[0] == 0, closed[2]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", ["'c-1' is heropend", "geen nieuwe zaak", "ma 02-03-2026", "'c-2' is niet gebruikt"]),
     ("en", ["'c-1' was reopened", "no new case", "Mon 2026-03-02", "'c-2' was not used"])],
)  # fmt: skip
def test_case_open_says_when_it_reopens_a_closed_case(pw: Cli, lang: str, words: list[str]) -> None:
    _closed_after_recovery(pw)
    code, out, err = pw("case", "open", "--employee", "emp-1", "--first-sick-day", "2026-05-04",
                        "--case-id", "c-2", "--lang", lang, now="2026-05-04")  # fmt: skip
    assert code == 0
    assert out == "c-1\n"  # stdout: the id to use, as for a new case
    assert err.count("\n") == 1
    for word in words:
        assert word in err, (word, err)
    # Nothing was opened under the id that was asked for.
    assert pw("case", "show", "c-2", now="2026-05-04")[0] == 2


def test_case_open_json_carries_reopened(pw: Cli) -> None:
    code, out, err = pw("case", "open", "--employee", "emp-9", "--first-sick-day", "2026-03-02",
                        "--format", "json", now="2026-03-02")  # fmt: skip
    assert code == 0
    assert err == ""
    assert json.loads(out)["reopened"] is False
    _closed_after_recovery(pw)
    code, out, _ = pw("case", "open", "--employee", "emp-1", "--first-sick-day", "2026-05-04",
                      "--format", "json", "--lang", "en", now="2026-05-04")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["reopened"] is True
    assert data["case_id"] == "c-1"
    assert data["first_sick_day"] == "2026-03-02"  # the chain's first day, not the relapse
    labels = {a["status_label"] for a in data["open_actions"]}
    assert labels <= {"overdue", "due now", "soon", "upcoming"}, labels  # --lang en


def test_a_relapse_after_the_window_opens_a_new_case_silently(pw: Cli) -> None:
    """After 28 fit days the relapse starts a new chain (BW 7:629 lid 10): nothing to say."""
    _closed_after_recovery(pw)
    code, out, err = pw("case", "open", "--employee", "emp-1", "--first-sick-day", "2026-05-11",
                        "--case-id", "c-2", now="2026-05-11")  # fmt: skip
    assert (code, out, err) == (0, "c-2\n", "")


def test_english_timeline_and_tables_are_english(pw: Cli) -> None:
    _open_k1(pw)
    code, out, _ = pw("case", "timeline", "k1", "--lang", "en", now="2026-05-01")
    assert code == 0
    assert out.startswith("Timeline k1\n")
    assert "#3   Wed 2026-04-08  " in out
    assert "recorded 2026-04-08" in out
    assert " by cli" in out
    for dutch in ("Tijdlijn", "vastgelegd", " door ", "dagen later", "ma 02-03"):
        assert dutch not in out, dutch
    code, out, _ = pw("case", "timeline", "k1", now="2026-05-01")
    assert "vastgelegd 08-04-2026" in out
    assert "door cli" in out
    # The problem analysis is due on Sunday 2026-04-12: plan by Friday 2026-04-10, whole.
    code, out, _ = pw("case", "show", "k1", "--lang", "en", now="2026-05-01")
    assert "Sun 2026-04-12 (plan by Fri 2026-04-10)" in out
    code, out, _ = pw("case", "show", "k1", now="2026-05-01")
    assert "zo 12-04-2026 (werkdag vr 10-04)" in out


@pytest.mark.parametrize(
    ("lang", "state"),
    [("nl", "status probleemanalyse gedaan"), ("en", "state problem analysis done")],
)
def test_replay_names_the_state_in_words(pw: Cli, lang: str, state: str) -> None:
    _open_k1(pw)
    code, out, _ = pw("audit", "replay", "k1", "--as-of", "2026-04-20", "--lang", lang,
                      now="2026-05-01")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].startswith(f"k1: {state} ")
    assert "problem_analysed" not in out


def test_case_close_closes_with_a_reason_from_the_vocabulary(pw: Cli) -> None:
    """`case close` is `case record CASE case_closed DATE reason=...`; its help lists exactly
    the reasons the event allows, and a wrong one stores nothing (exit 2)."""
    from typing import get_args

    from poortwachter.events.records import CaseClosed
    from poortwachter.texts import text

    reasons = get_args(CaseClosed.model_fields["reason"].annotation)
    assert frozenset(reasons) == CLOSE_REASONS
    for lang in ("nl", "en"):
        words = text("cli.help.close_reason", lang)
        listed = words.split(": ", 1)[1].rstrip(".").replace(" of ", ", ").replace(" or ", ", ")
        assert tuple(listed.split(", ")) == reasons
    _closed_after_recovery(pw)  # c-1 closed on 2026-04-20 by `case record`
    code, out, err = pw("case", "open", "--employee", "emp-2", "--first-sick-day", "2026-04-01",
                        "--case-id", "c-3", now="2026-04-01")  # fmt: skip
    assert code == 0, err
    before = pw("case", "timeline", "c-3", "--format", "json", now="2026-04-22")[1]
    code, _, err = pw("case", "close", "c-3", "--reason", "bogus", now="2026-04-22")
    assert code == 2
    assert "'reason'" in err
    assert pw("case", "timeline", "c-3", "--format", "json", now="2026-04-22")[1] == before
    code, out, err = pw("case", "close", "c-3", "--reason", "opened_in_error", "--on",
                        "2026-04-21", "--format", "json", now="2026-04-22")  # fmt: skip
    assert code == 0, err
    [closed] = json.loads(out)
    assert closed["payload"] == {
        "type": "case_closed",
        "effective": "2026-04-21",
        "reason": "opened_in_error",
    }
    shown = json.loads(pw("case", "show", "c-3", "--format", "json", now="2026-04-22")[1])
    assert shown["closed"] is True
    assert shown["state"] == "closed"


CLOSE_REASONS = frozenset(
    {"recovered", "waiting_period_ended", "employment_ended", "opened_in_error", "other"}
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reason=st.text(max_size=30).filter(lambda r: r.strip() not in CLOSE_REASONS),
    on=st.one_of(st.none(), st.text(max_size=12), st.dates().map(dt.date.isoformat)),
)
def test_case_close_refuses_bad_input_in_one_line_and_stores_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reason: str,
    on: str | None,
) -> None:
    pw = Cli(tmp_path / "close.db", capsys, monkeypatch)
    if not (tmp_path / "close.db").exists():
        code, _, err = pw("case", "open", "--employee", "emp-1", "--first-sick-day",
                          "2026-03-02", "--case-id", "k1", now="2026-03-02")  # fmt: skip
        assert code == 0, err
    before = pw("case", "timeline", "k1", "--format", "json", now="2026-04-22")[1]
    args = ["case", "close", "k1", "--reason", reason, *(["--on", on] if on is not None else [])]
    code, out, err = pw(*args, now="2026-04-22")
    assert code == 2, (args, out, err)
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("poortwachter: fout: ")
    assert "Traceback" not in err
    assert pw("case", "timeline", "k1", "--format", "json", now="2026-04-22")[1] == before


PARTICIPANTS = {
    "nl": "emp-1 (werknemer); anna (casemanager)",
    "en": "emp-1 (employee); anna (casemanager)",
}


@pytest.mark.parametrize(("lang", "shown"), sorted(PARTICIPANTS.items()))
def test_the_timeline_names_participants_not_python_objects(pw: Cli, lang: str, shown: str) -> None:
    _open_k1(pw)
    code, _, err = pw("contact", "plan", "k1", "--id", "c1", "--at", "2026-04-09T10:00+02:00",
                      "--with", "emp-1:employee", "--with", "anna:casemanager",
                      "--purpose", "Opbouw van het werk", now="2026-04-08")  # fmt: skip
    assert code == 0, err
    code, out, _ = pw("case", "timeline", "k1", "--lang", lang, now="2026-04-08")
    assert code == 0
    assert f"participants=[{shown}]" in out
    assert "{'" not in out


def test_the_participant_help_lists_exactly_the_roles() -> None:
    from typing import get_args

    from poortwachter.events.conversations import Role
    from poortwachter.texts import text

    for lang in ("nl", "en"):
        listed = text("cli.help.conv_with", lang).rsplit(": ", 1)[1].rstrip(".").split(", ")
        assert tuple(listed) == get_args(Role)
