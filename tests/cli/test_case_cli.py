"""The database commands as a user runs them: real processes on a real SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def pw(
    db: Path, *args: str, now: str = "2026-12-01", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POORTWACHTER_DB": f"sqlite:///{db}", "POORTWACHTER_NOW": now}
    return subprocess.run(
        [sys.executable, "-m", "poortwachter.cli", *args],
        input=stdin, capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip


def test_open_record_show_agenda_replay_export(db: Path, tmp_path: Path) -> None:
    opened = pw(db, "case", "open", "--employee", "emp-1", "--first-sick-day", "2026-03-02",
                "--casemanager", "anna", "--case-id", "k1", now="2026-03-02")  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == "k1"
    rec = pw(db, "case", "record", "k1", "-", now="2026-04-15",
             stdin='[{"type":"problem_analysis_completed","effective":"2026-04-08"},'
                   '{"type":"plan_of_approach_agreed","effective":"2026-04-15"}]')  # fmt: skip
    assert rec.returncode == 0, rec.stderr
    assert rec.stdout.splitlines() == [
        "k1 #3 problem_analysis_completed 2026-04-08",
        "k1 #4 plan_of_approach_agreed 2026-04-15",
    ]
    show = pw(db, "case", "show", "k1", "--format", "json", now="2026-04-20")
    view = json.loads(show.stdout)
    assert (view["state"], view["version"], view["casemanager"]) == ("plan_agreed", 4, "anna")
    agenda = pw(db, "agenda", "--casemanager", "anna", "--to", "2027-12-31", "--format", "json")
    items = json.loads(agenda.stdout)
    assert [(i["kind"], i["due"], i["overdue"]) for i in items[:2]] == [
        ("plan_evaluation", "2026-05-27", True),
        ("uwv_sick_report", "2026-12-21", False),
    ]
    # evaluation, 42nd-week report, EJE, re-integratieverslag, WIA, and of issue 7: spoor 2
    # decision, UWV letter, eindevaluatie, actueel oordeel (the arbodienst report is moot
    # once the probleemanalyse is recorded)
    assert len(items) == 9
    replay = pw(db, "audit", "replay", "k1", "--known-on", "2026-04-01", "--format", "json")
    assert json.loads(replay.stdout)["state"] == "reported_sick"
    out = tmp_path / "dossier.json"
    export = pw(db, "audit", "export", "k1", "--format", "json", "-o", str(out))
    assert export.returncode == 0, export.stderr
    dossier = json.loads(out.read_text())
    assert [e["seq"] for e in dossier["timeline"]] == [1, 2, 3, 4]
    assert dossier["integrity"] == []
    text = pw(db, "audit", "export", "k1")
    assert "Plan van aanpak vastgesteld" in text.stdout
    assert "Integriteit: in orde" in text.stdout


def test_verify_exits_1_on_a_tampered_row_and_bad_input_exits_2(db: Path) -> None:
    pw(
        db,
        "case",
        "open",
        "--employee",
        "emp-2",
        "--first-sick-day",
        "2026-03-02",
        "--case-id",
        "k2",
    )
    recorded = pw(
        db, "case", "record", "k2", '{"type":"problem_analysis_completed","effective":"2026-04-08"}'
    )
    assert recorded.returncode == 0, recorded.stderr
    assert pw(db, "audit", "verify").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET effective = '2026-04-01' WHERE case_id = 'k2' AND seq = 2")
    broken = pw(db, "audit", "verify")
    assert broken.returncode == 1
    assert "k2" in broken.stdout
    assert "bij #2" in broken.stdout  # the event, as the timeline numbers it
    for args, fragment in [
        (("case", "show", "nope"), "zaak 'nope' bestaat niet"),
        (("case", "record", "k2", "{oops"), "invalid JSON"),
        (("case", "record", "k2", '{"type":"plan_evaluated","effective":"2026-05-01"}'),
         "kan nu niet"),
        (("case", "open", "--employee", "e", "--first-sick-day", "2026-02-31"), "YYYY-MM-DD"),
        (("agenda", "--from", "gisteren"), "--from"),
    ]:  # fmt: skip
        done = pw(db, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert fragment in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_db_upgrade_is_idempotent(db: Path) -> None:
    first = pw(db, "db", "upgrade")
    second = pw(db, "db", "upgrade")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert "database op revisie" in first.stdout
    english = pw(db, "db", "upgrade", "--lang", "en", "--format", "json")
    assert english.returncode == 0, english.stderr
    assert json.loads(english.stdout)["revision"] in first.stdout


def test_an_unreachable_database_exits_1_and_a_malformed_url_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "POORTWACHTER_NOW": "2026-03-02"}
    for url, code, fragment in [
        ("postgresql+psycopg://postgres@127.0.0.1:1/x", 1, "is niet bereikbaar"),
        (f"sqlite:///{tmp_path}/missing-dir/x.db", 1, "bestaat niet"),
        ("nonsense://x", 2, "sqlite:///poortwachter.db"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "poortwachter.cli", "agenda", "--db", url],
            capture_output=True, text=True, check=False, cwd=ROOT, env=env,
        )  # fmt: skip
        assert done.returncode == code, (url, done.stderr)
        assert fragment in done.stderr
        assert "Traceback" not in done.stderr
