"""Every way a command can fail ends in exactly one line on stderr and exit code 1, 2 or 3.

A generated table of bad arguments (non-dates, huge numbers, dates near year 1 and 9999,
control characters, empty strings, unknown options, non-JSON, deeply nested JSON, ``/dev/zero``)
runs in-process through :func:`poortwachter.cli.run`, the console script's own code path; a
hypothesis test throws arbitrary text at the options that parse dates and fields.
"""

from __future__ import annotations

import io
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter.cli import run
from poortwachter.errors import ConcurrencyConflictError, IntegrityViolationError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "relapse-case.json")

BAD_VALUES = [
    "",
    " ",
    "gisteren",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "10000-01-01",
    "-1",
    "9" * 5000,
    "1e999",
    "NaN",
    "\x1b[31mred\x1b[0m",
    "a\nb",
    "\u202eevil",
    "tab\there",
    "{",
    "null",
    "[" * 3000,
    "--bogus",
    "/dev/zero",
    "/",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with one case k1 (sick since 2026-03-02, problem analysis recorded)."""
    path = tmp_path_factory.mktemp("db") / "robust.db"
    os.environ["POORTWACHTER_NOW"] = "2026-06-01"
    try:
        assert (
            run(
                [
                    "--db",
                    str(path),
                    "case",
                    "open",
                    "--employee",
                    "emp-1",
                    "--first-sick-day",
                    "2026-03-02",
                    "--case-id",
                    "k1",
                ]
            )
            == 0
        )
        assert (
            run(
                [
                    "--db",
                    str(path),
                    "case",
                    "record",
                    "k1",
                    "problem_analysis_completed",
                    "2026-04-08",
                ]
            )
            == 0
        )
        yield str(path)
    finally:
        del os.environ["POORTWACHTER_NOW"]


def case_file(*events: dict[str, object], **extra: object) -> str:
    return json.dumps({"case_id": "t", "events": list(events), **extra})


SICK = {"type": "sick_reported", "effective": "2026-03-02"}
BAD_STDIN = [
    "",
    "{",
    "[]",
    "null",
    "\x00" * 10,
    "[" * 100_000,
    '{"a":' * 40 + "1" + "}" * 40,
    '{"case_id": "t", "case_id": "u", "events": []}',
    '{"case_id": "t", "events": [{"type": "sick_reported", "type": "recovered"}]}',
    case_file({"type": "sick_reported", "effective": "0001-01-01"}),
    case_file({"type": "sick_reported", "effective": "9999-12-01"}),
    case_file({"type": "wage_sanction_imposed", "effective": "2026-03-02", "weeks": 10**400}),
    '{"case_id": "t", "events": [{"type": "sick_reported", "effective": "2026-03-02", '
    '"same_cause_as_before": NaN}]}',
    case_file(SICK, options=[]),
    case_file(SICK, options=None),
    case_file(SICK, options={"week_convention": "sometimes"}),
    case_file(
        SICK,
        {
            "type": "event_corrected",
            "effective": "2026-03-09",
            "corrects_seq": 1,
            "reason": "wrong_date",
        },
    ),
    case_file({"type": "sick_reported\x1b]0;pwned\x07", "effective": "2026-03-02"}),
    json.dumps({"case_id": "line\nbreak", "events": "no"}),
]


def table(db: str) -> list[tuple[list[str], str | None]]:
    """(arguments, stdin) pairs that must all be refused."""
    slots = [
        lambda v: ["deadlines", v],
        lambda v: ["deadlines", EXAMPLE, "--as-of", v],
        lambda v: ["--format", v, "deadlines", EXAMPLE],
        lambda v: ["events", "--lang", v],
        lambda v: ["case", "show", v, "--db", db],
        lambda v: ["case", "record", "k1", v, "--db", db],
        lambda v: ["case", "record", "k1", "recovered", v, "--db", db],
        lambda v: [
            "--db",
            db,
            "case",
            "record",
            "k1",
            "wage_sanction_imposed",
            "2026-04-10",
            f"weeks={v}",
        ],
        lambda v: ["agenda", "--from", v, "--db", db],
        lambda v: ["audit", "replay", "k1", "--known-on", v, "--db", db],
    ]
    rows: list[tuple[list[str], str | None]] = [
        (slot(value), None) for slot, value in itertools.product(slots, BAD_VALUES)
    ]
    rows += [(["deadlines", "-"], text) for text in BAD_STDIN]
    rows += [(["case", "record", "k1", "-", "--db", db], text) for text in BAD_STDIN[:9]]
    rows += [
        (["--db", "", "agenda"], None),
        (["--db", "nonsense://x", "agenda"], None),
        (["--db", str(Path(db).parent / "missing.db"), "agenda"], None),
        (["nope"], None),
        (["case", "nope"], None),
        (["agenda", "--limit", "0", "--db", db], None),
        (["agenda", "--limit", "x", "--db", db], None),
        (["case", "record", "k1", "recovered", "2026-05-01", "x", "--db", db], None),
        (["case", "record", "k1", "recovered", "2026-05-01", "=1", "--db", db], None),
        (["case", "record", "k1", "recovered", "2026-05-01", "type=x", "--db", db], None),
        (["case", "record", "k1", "recovered", "--db", db], None),
        (["case", "record", "k1", "recovered", "2026-05-01", "a=1", "a=2", "--db", db], None),
        (
            [
                "case",
                "record",
                "k1",
                "plan_evaluated",
                "2026-05-01",
                "--expected-version",
                "9",
                "--db",
                db,
            ],
            None,
        ),
        (["audit", "export", "k1", "-o", "/nonexistent/dir/x.json", "--db", db], None),
        (["audit", "export", "k1", "-o", "", "--db", db], None),
    ]
    return rows


def test_generated_bad_input_ends_in_one_line_and_exit_1_2_or_3(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-06-01")
    rows = table(db)
    assert len(rows) >= 100
    for args, stdin in rows:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((stdin or "").encode())))
        code = run(args)
        _out, err = capsys.readouterr()
        where = (args[:6], (stdin or "")[:60], err[:300])
        assert code in {1, 2, 3}, where
        assert err.endswith("\n"), where
        assert len(err.splitlines()) == 1, where
        assert "Traceback" not in err, where
        assert not {"\x1b", "\u202e", "\x00"} & set(err), where
        assert err.startswith("poortwachter: fout: "), where


def test_the_errors_name_the_problem(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def error(args: list[str], stdin: str = "") -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = run(args)
        return code, capsys.readouterr().err

    expectations = [
        (["deadlines", "/dev/zero"], "", "larger than 4 MiB"),
        (["deadlines", "-"], "[" * 100_000, "nested more than 32 levels"),
        (["deadlines", "-"], '{"case_id": "t", "case_id": "u"}', "key 'case_id' appears twice"),
        (["deadlines", "-"], case_file(SICK, options=[]), "'options' is a JSON list"),
        (["deadlines", "-", "--as-of", ""], case_file(SICK), "--as-of '' is geen datum"),
        (["deadlines", "-"], BAD_STDIN[16], "cannot hold corrections"),
        (["deadlines", "-"], BAD_STDIN[10], "outside the supported dates"),
        (["deadlines", "a\x1b[2Jb\nc"], "", "a\\x1b[2Jb\\nc: no such file"),
        (["--lang", "en", "deadlines", "-", "--as-of", "x"], case_file(SICK), "error: --as-of"),
        (
            [
                "case",
                "record",
                "k1",
                "wage_sanction_imposed",
                "2026-04-10",
                "weeks=abc",
                "--db",
                db,
            ],
            "",
            "veld 'weeks': is geen geheel getal",
        ),
        (["case", "record", "k1", "[]", "--db", db], "", "no events to record"),
    ]
    for args, stdin, fragment in expectations:
        code, err = error(args, stdin)
        assert code == 2, (args, err)
        assert fragment in err, (args, err)


def test_conflict_exits_3_and_a_broken_log_exits_1(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-06-01")
    args = ["--db", db, "case", "record", "k1", "plan_of_approach_agreed", "2026-04-20"]
    assert run([*args, "--expected-version", "1"]) == 3
    assert "staat op versie 2, niet 1" in capsys.readouterr().err

    def broken(*_: object, **__: object) -> None:
        raise IntegrityViolationError("k1", 2, "hash mismatch")

    monkeypatch.setattr("poortwachter.engine.Engine.record_many", broken)
    assert run(args) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "doorstaat de integriteitscontrole niet bij volgnummer 2" in err

    def conflict(*_: object, **__: object) -> None:
        raise ConcurrencyConflictError("k1", 2, 3)

    monkeypatch.setattr("poortwachter.engine.Engine.record_many", conflict)
    assert run(args) == 3


def test_an_unexpected_error_is_one_line_with_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("poortwachter.rules.deadlines.compute_deadlines", boom)
    assert run(["deadlines", EXAMPLE]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "poortwachter: fout: interne fout (RuntimeError): boom\\nsecond line; meld dit met het "
        "commando dat u gaf (POORTWACHTER_DEBUG=1 toont de details)"
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    option=st.sampled_from(["--as-of", "--format", "--lang"]),
    value=st.text(max_size=30),
)
def test_arbitrary_option_values_never_escape(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["deadlines", EXAMPLE, option, value])
    _out, err = capsys.readouterr()
    if code == 0:
        assert err == "" or "verouderd" in err
        return
    assert code in {1, 2, 3}
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
