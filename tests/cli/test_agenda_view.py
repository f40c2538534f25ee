"""The planning commands as a casemanager reads them: full text and JSON, against snapshots.

Fixed clock (POORTWACHTER_NOW) and fixed cases chosen so that due dates fall on the days the
Atw calendar cares about, each checked by hand against a wall calendar:

- ``k-zondag``: sick Mon 30 Mar 2026, probleemanalyse due Sun 10 May -> plan on Fri 8 May;
- ``k-5mei``: sick Wed 25 Mar 2026, probleemanalyse due Tue 5 May 2026 (Bevrijdingsdag, no
  lustrum year) -> plan on Mon 4 May;
- ``k-hemelvaart``: sick Sat 4 Apr 2026, probleemanalyse due Fri 15 May 2026 (equated with a
  public holiday by decree, the day after Hemelvaartsdag) -> plan on Wed 13 May;
- ``k-laat``: sick Mon 2 Feb 2026, probleemanalyse due Sun 15 Mar: overdue, planned Fri 13 Mar;
- ``k-eje``: sick Thu 15 May 2025, eerstejaarsevaluatie window Thu 26 Mar - Wed 13 May 2026;
- ``k-venster``: sick Mon 9 Jun 2025, eerstejaarsevaluatie window Mon 20 Apr - Sun 7 Jun 2026
  (plan on Fri 5 Jun): due after the default period but open, so in it;
- ``k-2025`` (casemanager bram): sick Tue 25 Mar 2025, probleemanalyse due Mon 5 May 2025
  (Bevrijdingsdag in a lustrum year) -> plan on Fri 2 May 2025.

The agenda is read on Tue 28 Apr 2026 (the day after Koningsdag): "binnenkort" runs to Wed
13 May (10 working days, skipping 5 May). Set ``POORTWACHTER_UPDATE_SNAPSHOTS=1`` to rewrite
the snapshot files after a deliberate change, and read the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter.cli import run
from poortwachter.cli._core import dump_json
from poortwachter.cli.cases import echo_json_stream

SNAPSHOTS = Path(__file__).parent / "snapshots_agenda"
TODAY = "2026-04-28"

CASES = [
    # (now, case id, employee, casemanager, first sick day, events after opening)
    ("2025-03-25", "k-2025", "emp-6", "bram", "2025-03-25", []),
    (
        "2026-04-20",
        "k-eje",
        "emp-5",
        "anna",
        "2025-05-15",
        [
            ("problem_analysis_completed", "2025-06-20"),
            ("plan_of_approach_agreed", "2025-07-01"),
            ("uwv_sick_report_sent", "2026-02-20"),
            ("plan_evaluated", "2026-04-20"),
        ],
    ),
    ("2026-04-20", "k-laat", "emp-4", "anna", "2026-02-02", []),
    (
        "2026-04-20",
        "k-venster",
        "emp-7",
        "anna",
        "2025-06-09",
        [
            ("problem_analysis_completed", "2025-07-10"),
            ("plan_of_approach_agreed", "2025-07-20"),
            ("uwv_sick_report_sent", "2026-03-20"),
            ("plan_evaluated", "2026-04-20"),
        ],
    ),
    ("2026-04-20", "k-zondag", "emp-1", "anna", "2026-03-30", []),
    ("2026-04-20", "k-5mei", "emp-2", "anna", "2026-03-25", []),
    ("2026-04-20", "k-hemelvaart", "emp-3", "anna", "2026-04-04", []),
]


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = str(tmp_path_factory.mktemp("agenda") / "agenda.db")
    before = os.environ.get("POORTWACHTER_NOW")
    try:
        for now, case_id, employee, casemanager, first, events in CASES:
            os.environ["POORTWACHTER_NOW"] = now
            opened = ["--db", path, "case", "open", "--employee", employee,
                      "--first-sick-day", first, "--casemanager", casemanager,
                      "--case-id", case_id]  # fmt: skip
            assert run(opened) == 0
            for kind, day in events:
                assert run(["--db", path, "case", "record", case_id, kind, day]) == 0
        yield path
    finally:
        if before is None:
            os.environ.pop("POORTWACHTER_NOW", None)
        else:
            os.environ["POORTWACHTER_NOW"] = before


def _matches(name: str, output: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("POORTWACHTER_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"


VIEWS = [
    ("agenda-anna.nl.txt", ["agenda", "--casemanager", "anna"]),
    ("agenda-anna.en.txt", ["agenda", "--casemanager", "anna", "--lang", "en"]),
    ("agenda-anna.json", ["agenda", "--casemanager", "anna", "--format", "json"]),
    ("agenda-all-from-june.nl.txt", ["agenda", "--from", "2026-06-01", "--to", "2026-06-14"]),
    ("agenda-bram-soon-3.nl.txt", ["agenda", "--casemanager", "bram", "--soon", "3"]),
    ("case-show-k-zondag.nl.txt", ["case", "show", "k-zondag"]),
    ("case-show-k-eje.en.txt", ["case", "show", "k-eje", "--lang", "en"]),
    ("case-show-k-2025-as-of.nl.txt", ["case", "show", "k-2025", "--as-of", "2025-04-22"]),
    ("case-show-k-5mei.json", ["case", "show", "k-5mei", "--format", "json"]),
    ("case-list.nl.txt", ["case", "list"]),
    ("case-list.en.txt", ["case", "list", "--lang", "en"]),
    ("case-list-anna.json", ["case", "list", "--casemanager", "anna", "--format", "json"]),
]


@pytest.mark.parametrize(("name", "args"), VIEWS, ids=[name for name, _ in VIEWS])
def test_view_matches_its_snapshot(
    db: str,
    name: str,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY)
    monkeypatch.delenv("POORTWACHTER_SOON_DAYS", raising=False)
    code, out, err = _cli(["--db", db, *args], capsys)
    assert (code, err) == (0, "")
    if name.endswith(".json"):
        json.loads(out)  # one valid document
    _matches(name, out)


def test_the_environment_sets_the_soon_horizon(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY)
    monkeypatch.setenv("POORTWACHTER_SOON_DAYS", "3")
    via_env = _cli(["--db", db, "agenda", "--casemanager", "bram"], capsys)
    monkeypatch.delenv("POORTWACHTER_SOON_DAYS")
    via_option = _cli(["--db", db, "agenda", "--casemanager", "bram", "--soon", "3"], capsys)
    assert via_env == via_option
    assert "binnen 3 werkdagen" in via_env[1]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["agenda", "--from", "2026-05-10", "--to", "2026-05-01"], "ligt vóór --from"),
        (["agenda", "--soon", "-1"], "--soon"),
        (["agenda", "--soon", "261"], "--soon"),
        (["agenda", "--soon", "tien"], "--soon"),
        (["case", "list", "--state", "ziek"], "onbekende status 'ziek' voor --state"),
        (["case", "list", "--state", "ziek", "--lang", "en"], "unknown state 'ziek'"),
        (["case", "show", "k-5mei", "--soon", "x"], "--soon"),
        (["case", "list", "--employee", "123456782"], "lijkt op een BSN"),
    ],
)
def test_bad_planning_input_exits_2_with_one_line(
    db: str,
    args: list[str],
    fragment: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY)
    code, out, err = _cli(["--db", db, *args], capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1
    assert fragment in err
    assert out == ""


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(state=st.text(max_size=12))
def test_any_state_filter_is_answered_or_refused_in_one_line(
    db: str, state: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", db, "case", "list", "--state", state, "--format", "json"])
    if code == 0:
        assert isinstance(json.loads(out.getvalue()), list)
    else:
        assert code == 2
        assert len(err.getvalue().splitlines()) == 1
        assert "Traceback" not in err.getvalue()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(items=st.lists(st.dictionaries(st.text(max_size=6), json_values, max_size=4), max_size=4))
def test_streamed_json_is_the_same_document_as_the_whole(items: list[dict[str, object]]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        echo_json_stream(iter(items))
    assert out.getvalue() == dump_json(items)


@pytest.mark.parametrize(
    ("now", "same_as_today"),
    [
        ("2026-04-27T22:30:00+00:00", True),  # 00:30 on Tue 28 Apr in Amsterdam (CEST)
        ("2026-04-28T21:59:00+00:00", True),  # 23:59 on Tue 28 Apr in Amsterdam
        ("2026-04-28T22:00:00+00:00", False),  # midnight: Wed 29 Apr in Amsterdam
        ("2026-04-27T23:30:00-01:00", True),  # 27 Apr there, 02:30 on 28 Apr in Amsterdam
        ("2026-04-28T23:30:00-01:00", False),  # 28 Apr there, 02:30 on 29 Apr in Amsterdam
    ],
)
def test_today_is_the_day_in_amsterdam(
    db: str,
    now: str,
    same_as_today: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The agenda's day follows the instant in Europe/Amsterdam, whatever the offset given."""
    monkeypatch.delenv("POORTWACHTER_SOON_DAYS", raising=False)
    monkeypatch.setenv("POORTWACHTER_NOW", now)
    code, out, _ = _cli(["--db", db, "agenda", "--casemanager", "anna"], capsys)
    assert code == 0
    expected = (SNAPSHOTS / "agenda-anna.nl.txt").read_text(encoding="utf-8")
    assert (out == expected) is same_as_today


OPTIONS = ["--soon", "--from", "--to", "--limit", "--casemanager"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(option=st.sampled_from(OPTIONS), value=st.text(max_size=12))
def test_any_agenda_option_value_is_answered_or_refused_in_one_line(
    db: str, option: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", db, "agenda", option, value, "--format", "json"])
    if code == 0:
        assert isinstance(json.loads(out.getvalue()), list)
    else:
        assert code == 2, err.getvalue()
        assert len(err.getvalue().splitlines()) == 1
        assert "Traceback" not in err.getvalue()
