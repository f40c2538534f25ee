"""The conversation commands as a casemanager runs them, on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli_session import Cli

from .samples import werkbalans_form


@pytest.fixture
def pw(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("POORTWACHTER_MEDICAL_TERMS", raising=False)
    monkeypatch.delenv("POORTWACHTER_UNPLANNED_CONTACTS", raising=False)
    cli = Cli(tmp_path / "cli.db", capsys, monkeypatch)
    code, _, err = cli(
        "case",
        "open",
        "--employee",
        "emp-1",
        "--first-sick-day",
        "2026-01-05",
        "--casemanager",
        "anna",
        "--case-id",
        "k1",
        now="2026-01-05",
    )
    assert code == 0, err
    return cli


def test_plan_hold_agree_miss_and_keep_from_the_command_line(pw: Cli) -> None:
    code, out, err = pw(
        "contact",
        "plan",
        "k1",
        "--id",
        "c1",
        "--at",
        "2026-01-12T10:00+01:00",
        "--form",
        "video",
        "--with",
        "emp-1:employee",
        "--with",
        "cm-1:casemanager",
        "--purpose",
        "Kennismaking en werkplek",
        "--prepares",
        "problem_analysis",
        now="2026-01-06",
    )
    assert (code, err) == (0, "")
    assert out == "k1 #3 contact_planned 2026-01-06\n"
    code, out, _ = pw(
        "contact",
        "move",
        "k1",
        "--id",
        "c1",
        "--at",
        "2026-01-13T10:00+01:00",
        "--reason",
        "by_employer",
        now="2026-01-07",
    )
    assert code == 0
    code, out, err = pw(
        "contact",
        "hold",
        "k1",
        "--id",
        "c1",
        "--at",
        "2026-01-13T10:00+01:00",
        "--summary",
        "Taken doorgenomen.",
        now="2026-01-13",
    )
    assert (code, out) == (0, "k1 #5 contact_held 2026-01-13\n"), err
    code, out, err = pw(
        "agreement",
        "add",
        "k1",
        "--id",
        "a1",
        "--owner",
        "emp-1:employee",
        "--action",
        "Takenlijst maken",
        "--due",
        "2026-01-20",
        "--contact",
        "c1",
        "--ack",
        "emp-1:employee:verbal",
        now="2026-01-13",
    )
    assert code == 0, err
    code, out, err = pw(
        "agreement",
        "miss",
        "k1",
        "--id",
        "a1",
        "--reason",
        "not_feasible",
        "--new-due",
        "2026-01-27",
        now="2026-01-20",
    )
    assert code == 0, err
    code, out, err = pw(
        "agreement", "keep", "k1", "--id", "a1", "--format", "json", now="2026-01-27"
    )
    assert code == 0, err
    assert json.loads(out)["recorded"][0]["type"] == "agreement_kept"
    # Bad input: a second keep of a kept agreement, an agreement without a REF:ROLE owner.
    code, _, err = pw("agreement", "keep", "k1", "--id", "a1", now="2026-01-28")
    assert code == 2
    assert "already kept" in err
    code, _, err = pw(
        "agreement",
        "add",
        "k1",
        "--id",
        "a2",
        "--owner",
        "emp-1",
        "--action",
        "x",
        "--due",
        "2026-02-01",
        now="2026-01-28",
    )
    assert code == 2
    assert "REF:ROL" in err


def test_a_medical_term_is_a_warning_or_a_refusal(pw: Cli) -> None:
    args = (
        "contact",
        "hold",
        "k1",
        "--id",
        "c1",
        "--at",
        "2026-01-12T10:00+01:00",
        "--form",
        "phone",
        "--with",
        "emp-1:employee",
        "--summary",
        "Gesprek over de planning na de fysiotherapie.",
    )
    pw.monkeypatch.setenv("POORTWACHTER_MEDICAL_TERMS", "refuse")
    code, out, err = pw(*args, now="2026-01-12")
    assert (code, out) == (2, "")
    assert "summary" in err
    assert "fysiotherapie" in err
    pw.monkeypatch.setenv("POORTWACHTER_MEDICAL_TERMS", "warn")
    code, out, err = pw(*args, now="2026-01-12")
    assert code == 0
    assert out == "k1 #3 contact_held 2026-01-12\n"
    assert "let op" in err
    assert "'summary'" in err
    assert "'fysiotherapie'" in err
    # Through `case record` (in its own process, as a user runs it) the warning is the same
    # one line, for every finding.
    event = json.dumps(
        {
            "type": "progress_noted",
            "effective": "2026-01-12",
            "observations": ["taking_action"],
            "note": "Minder pijnstillers, geen slaappillen",
        }
    )
    env = {**os.environ, "POORTWACHTER_NOW": "2026-01-12"}
    done = subprocess.run(
        [sys.executable, "-m", "poortwachter", "--db", str(pw.db), "case", "record", "k1", event],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert "'pijnstillers'" in lines[0]
    assert "'slaappillen'" in lines[1]
    assert "Warning" not in done.stderr


def test_werkbalans_record_from_yaml_and_signals(pw: Cli, tmp_path: Path) -> None:
    code, _, err = pw("case", "record", "k1", "recovered", "2026-04-13", now="2026-04-13")
    assert code == 0, err
    code, out, _ = pw("signals", "--format", "json", now="2026-04-14")
    [signal] = json.loads(out)
    assert (signal["kind"], signal["case_id"], signal["since"]) == (
        "werkbalans_due",
        "k1",
        "2026-04-13",
    )
    code, out, _ = pw(
        "signals", "--casemanager", "someone-else", "--format", "json", now="2026-04-14"
    )
    assert json.loads(out) == []
    import datetime as dt

    form = werkbalans_form(dt.date(2026, 4, 20))
    del form["type"]
    path = tmp_path / "werkbalans.yaml"
    path.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    code, out, err = pw("werkbalans", "record", "k1", str(path), now="2026-04-20")
    assert (code, out) == (0, "k1 #4 werkbalansgesprek_held 2026-04-20\n"), err
    code, out, _ = pw("signals", now="2026-04-21")
    assert out.startswith("0 signalen")
    # A follow-up dated before the conversation: exit 2, the field named, nothing stored.
    form["werkbalansgesprek_id"] = "wbg-2"
    form["follow_ups"] = [
        {"contact_id": "x1", "goal": "Evaluatie", "at": "2026-04-19T10:00:00+02:00"}
    ]
    form["agreements"] = []
    path.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    code, _, err = pw("werkbalans", "record", "k1", str(path), now="2026-04-21")
    assert code == 2
    assert "follow_ups.0.at" in err


def test_the_example_form_is_a_valid_werkbalansgesprek() -> None:
    from poortwachter.cli.conversations import _read_form
    from poortwachter.events import parse_event

    root = Path(__file__).resolve().parents[2]
    event = parse_event(_read_form(str(root / "examples" / "werkbalansgesprek.yaml")))
    assert event.type == "werkbalansgesprek_held"
    assert len(event.follow_ups) == 3  # type: ignore[attr-defined]
