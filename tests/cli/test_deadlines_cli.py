"""`poortwachter deadlines` as a user runs it: a real process, real files, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "poortwachter.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def case(*events: dict[str, object]) -> str:
    return json.dumps({"case_id": "t-1", "events": list(events)})


def test_json_output_has_every_field_for_every_kind() -> None:
    done = run(
        "deadlines",
        "-",
        "--format",
        "json",
        "--as-of",
        "2025-03-02",
        stdin=case({"type": "sick_reported", "effective": "2025-01-06"}),
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    got = {r["kind"]: r for r in rows}
    assert got["uwv_sick_report"]["due"] == "2025-10-27"
    assert got["waiting_period_end"]["due"] == "2027-01-04"
    assert got["first_year_evaluation"]["window_start"] == "2025-11-17"
    for row in rows:
        assert set(row) >= {
            "kind",
            "due",
            "window_start",
            "legal_basis",
            "rule_version",
            "explanation",
            "status",
        }
        assert row["legal_basis"]
        assert "@" in row["rule_version"]
    assert got["problem_analysis"]["status"] == "missed"
    assert got["plan_of_approach"]["status"] == "due"  # due on Sun 2025-03-02, the as-of day
    assert got["uwv_sick_report"]["status"] == "upcoming"


def test_table_is_dutch_with_weekdays_and_legal_basis() -> None:
    done = run("deadlines", "examples/relapse-case.json", "--as-of", "2026-11-25")
    assert done.returncode == 0, done.stderr
    assert "42e-weeksmelding UWV" in done.stdout
    assert "ma 11-01-2027" in done.stdout
    assert "ZW art. 38" in done.stdout
    assert "samentelling" in done.stdout
    english = run(
        "deadlines", "examples/relapse-case.json", "--as-of", "2026-11-25", "--lang", "en"
    )
    assert "42nd-week report to UWV" in english.stdout
    assert "Mon 2027-01-11" in english.stdout


@pytest.mark.parametrize(
    ("stdin", "args", "fragments"),
    [
        ("{", (), ["<stdin>", "invalid JSON", "line 1"]),
        ("[]", (), ["top level is a JSON list"]),
        ('{"events": []}', (), ["'case_id' is missing"]),
        (
            case({"type": "sick_reported", "effective": "2026-02-30"}),
            (),
            ["event #0", "(sick_reported)", "field 'effective'", "YYYY-MM-DD"],
        ),
        (
            case(
                {"type": "sick_reported", "effective": "2026-02-03"},
                {"type": "recoverd", "effective": "2026-03-01"},
            ),
            (),
            ["event #1", "field 'type'", "unknown event type 'recoverd'", "recovered"],
        ),
        (
            case({"type": "sick_reported", "effective": "2026-02-03", "diagnose": "griep"}),
            (),
            ["event #0", "field 'diagnose'", "unknown field", "medical"],
        ),
        (
            case(
                {"type": "sick_reported", "effective": "2026-03-02"},
                {"type": "recovered", "effective": "2026-02-01"},
            ),
            (),
            ["event #1", "(recovered)", "field 'effective'", "before the first sick"],
        ),
        (
            case(
                {"type": "sick_reported", "effective": "2026-03-02"},
                {"type": "recovered", "effective": "2026-03-02"},
            ),
            (),
            ["event #1", "(recovered)", "not after the first sick day 2026-03-02"],
        ),
        (
            case(
                {"type": "sick_reported", "effective": "2026-03-02"},
                {"type": "recovered", "effective": "2026-03-10"},
                {"type": "recovered", "effective": "2026-03-20"},
            ),
            (),
            ["event #2", "(recovered)", "not sick on 2026-03-20"],
        ),
        (
            case(
                {"type": "sick_reported", "effective": "2026-03-02"},
                {"type": "wage_sanction_imposed", "effective": "2026-05-01", "weeks": 60},
            ),
            (),
            ["event #1", "field 'weeks'", "a whole number at most 52"],
        ),
        (
            case({"type": "sick_reported", "effective": "2026-03-02"}),
            ("--as-of", "2026-13-01"),
            ["--as-of", "YYYY-MM-DD"],
        ),
        (
            case({"type": "sick_reported", "effective": "2026-03-02"}),
            ("--as-of", "2026-01-01"),
            ["as-of date 2026-01-01 lies before the first sick day 2026-03-02"],
        ),
        (
            case({"type": "plan_of_approach_agreed", "effective": "2026-03-02"}),
            (),
            ["event #0", "before the first sick report"],
        ),
    ],
)
def test_bad_input_exits_2_with_one_precise_line(
    stdin: str, args: tuple[str, ...], fragments: list[str]
) -> None:
    # English: the fragments are the library's English wording (Dutch: tests/polish).
    done = run("deadlines", "-", *args, "--lang", "en", stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = run("deadlines", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert "nope.json: no such file" in missing.stderr
    folder = run("deadlines", str(tmp_path))
    assert folder.returncode == 2
    assert "is a directory" in folder.stderr
