"""Every command refuses every kind of bad input with exit 2 and one line naming the field.

A table crosses each command's arguments, options and environment variables with generated bad
values (ids with BSNs, control characters and lone surrogates; dates near year 1 and 9999;
numbers of thousands of digits; files that are no database or no JSON) and runs each row
in-process through :func:`poortwachter.cli.run`, the console script's own code path. Afterwards
the database holds exactly what the successful calls stored, verifies clean, and every
projection equals a replay.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock
from poortwachter.cli import run
from tests.boundaries.conftest import TODAY
from tests.boundaries.ledger import Ledger
from tests.boundaries.values import BSN, BSN_8

ID_VALUES = [
    "",
    " ",
    "a" * 65,
    "a" * 20_000,
    "Jan de Vries",
    "x\ny",
    "\x1b[31mred",
    "\u202eevil",
    "\udcff",  # a byte that is no UTF-8, as Python decodes it from argv
    "x\udcffy",
    "é",
    BSN,
    BSN_8,
    f"emp-{BSN}0",
    f"{BSN}{BSN}",
    "1234.56.782",
    f"cm:{BSN[:4]}-{BSN[4:]}",
]
DATE_VALUES = [
    "",
    "x",
    "gisteren",
    "2026-02-30",
    "2026-3-2",
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-01-01",
    "1899-12-31",
    "2200-01-01",
    "9" * 5000,
    "2026-03-02T00:00",
    "\udcff",
]
INT_VALUES = ["0", "-1", "9" * 5000, "99999999999999999999", "1e3", "x", "", "\udcff"]
NOW_VALUES = [
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+14:00",
    "2200-01-01",
    "x",
    "2026-03-02T12:00",
    "9" * 5000,
    "\udcff",
]

Slot = Callable[[str], list[str]]


def _slots(db: str) -> list[tuple[str, Slot, list[str], tuple[str, ...]]]:
    """(name, argv builder, bad values, words of which the error line must hold one)."""
    d = ["--db", db]
    rec = ["case", "record", "k1"]
    return [
        ("open --employee", lambda v: ["case", "open", "--employee", v,
         "--first-sick-day", "2026-03-02", *d], ID_VALUES, ("employee",)),
        ("open --casemanager", lambda v: ["case", "open", "--employee", "emp-2",
         "--first-sick-day", "2026-03-02", "--casemanager", v, *d], ID_VALUES, ("casemanager",)),
        ("open --case-id", lambda v: ["case", "open", "--employee", "emp-2",
         "--first-sick-day", "2026-03-02", "--case-id", v, *d], ID_VALUES, ("case_id", "case-id")),
        ("open --actor", lambda v: ["case", "open", "--employee", "emp-2",
         "--first-sick-day", "2026-03-02", "--actor", v, *d], ID_VALUES, ("actor",)),
        ("open --first-sick-day", lambda v: ["case", "open", "--employee", "emp-2",
         "--first-sick-day", v, *d], DATE_VALUES, ("--first-sick-day",)),
        ("record CASE", lambda v: ["case", "record", v, "problem_analysis_completed",
         "2026-04-08", *d], ID_VALUES, ("case_id", "CASE")),
        ("record DATE", lambda v: [*rec, "problem_analysis_completed", v, *d],
         DATE_VALUES, ("effective",)),
        ("record casemanager=", lambda v: [*rec, "casemanager_assigned", "2026-04-08",
         f"casemanager={v}", *d], [v for v in ID_VALUES if v.strip()], ("casemanager",)),
        ("record weeks=", lambda v: [*rec, "wage_sanction_imposed", "2026-04-08",
         f"weeks={v}", *d], INT_VALUES, ("weeks",)),
        ("record --actor", lambda v: [*rec, "problem_analysis_completed", "2026-04-08",
         "--actor", v, *d], ID_VALUES, ("actor",)),
        ("record --expected-version", lambda v: [*rec, "problem_analysis_completed",
         "2026-04-08", "--expected-version", v, *d], INT_VALUES[1:],
         ("expected-version", "expected_version")),
        ("show CASE", lambda v: ["case", "show", v, *d], ID_VALUES, ("case_id", "CASE")),
        ("show --as-of", lambda v: ["case", "show", "k1", "--as-of", v, *d],
         DATE_VALUES, ("--as-of",)),
        ("timeline CASE", lambda v: ["case", "timeline", v, *d], ID_VALUES, ("case_id", "CASE")),
        ("agenda --casemanager", lambda v: ["agenda", "--casemanager", v, *d],
         ID_VALUES, ("casemanager",)),
        ("agenda --from", lambda v: ["agenda", "--from", v, *d], DATE_VALUES, ("--from",)),
        ("agenda --to", lambda v: ["agenda", "--to", v, *d], DATE_VALUES, ("--to",)),
        ("agenda --limit", lambda v: ["agenda", "--limit", v, *d], INT_VALUES,
         ("--limit", "'limit'")),
        ("replay CASE", lambda v: ["audit", "replay", v, *d], ID_VALUES, ("case_id", "CASE")),
        ("replay --as-of", lambda v: ["audit", "replay", "k1", "--as-of", v, *d],
         DATE_VALUES, ("--as-of",)),
        ("replay --known-on", lambda v: ["audit", "replay", "k1", "--known-on", v, *d],
         DATE_VALUES, ("--known-on",)),
        ("verify CASE", lambda v: ["audit", "verify", v, *d], ID_VALUES, ("case_id", "CASE")),
        ("export CASE", lambda v: ["audit", "export", v, *d], ID_VALUES, ("case_id", "CASE")),
        ("deadlines --as-of", lambda v: ["deadlines", EXAMPLE, "--as-of", v],
         DATE_VALUES, ("--as-of",)),
        ("--lang", lambda v: ["--lang", v, "agenda", *d], ["", "de", "NL", "\udcff"], ("--lang",)),
        ("--format", lambda v: ["agenda", "--format", v, *d], ["", "xml", "\udcff"],
         ("--format",)),
    ]  # fmt: skip


ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "relapse-case.json")


def _case_file(case_id: object = "t", *events: dict[str, object]) -> str:
    sick = {"type": "sick_reported", "effective": "2026-03-02"}
    return json.dumps({"case_id": case_id, "events": list(events) or [sick]})


CASE_FILES = [
    *(_case_file(v) for v in ID_VALUES),
    _case_file(5),
    _case_file(None),
    _case_file(
        "t",
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "casemanager_assigned", "effective": "2026-03-02", "casemanager": BSN},
    ),
    *(_case_file("t", {"type": "sick_reported", "effective": v}) for v in DATE_VALUES),
    _case_file(
        "t",
        {"type": "sick_reported", "effective": "2026-03-02"},
        {"type": "wage_sanction_imposed", "effective": "2026-03-02", "weeks": 10**4000},
    ),
    "[" * 100_000,
    '{"case_id": "t", "events": [' + "{" * 50 + "}" * 50 + "]}",
    '{"case_id": "t", "events": [{"type": "sick_reported", "effective": "2026-03-02", '
    '"x": ' + "9" * 10_000 + "}]}",
    "\udcff",
]


def _rows(db: str, tmp: Path) -> Iterator[tuple[str, list[str], str, dict[str, str]]]:
    """(name, argv, stdin, environment) of every bad call."""
    for name, slot, values, _words in _slots(db):
        for value in values:
            yield name, slot(value), "", {}
    for text in CASE_FILES:
        yield "deadlines -", ["deadlines", "-"], text, {}
        yield "record -", ["case", "record", "k1", "-", "--db", db], text, {}
    for value in NOW_VALUES:
        for argv in (["deadlines", EXAMPLE], ["case", "show", "k1", "--db", db],
                     ["case", "open", "--employee", "emp-3", "--first-sick-day", "2026-03-02",
                      "--db", db]):  # fmt: skip
            yield "POORTWACHTER_NOW", argv, "", {"POORTWACHTER_NOW": value}
    for value in ID_VALUES[1:]:  # an empty variable is an unset one
        argv = ["case", "record", "k1", "problem_analysis_completed", "2026-04-08", "--db", db]
        yield "POORTWACHTER_ACTOR", argv, "", {"POORTWACHTER_ACTOR": value}
    not_db = tmp / "not-a-database.db"
    not_db.write_bytes(b"just some text, not SQLite\n" * 50)
    for value in ["", " ", "nonsense://x", str(not_db), str(tmp),
                  str(tmp / "missing" / "x.db"), "sqlite:///" + "x" * 5000, "\udcff",
                  "x\x00y"]:  # fmt: skip
        for argv in (["agenda", "--db", value], ["case", "show", "k1", "--db", value],
                     ["db", "upgrade", "--db", value],
                     ["case", "open", "--employee", "emp-3", "--first-sick-day",
                      "2026-03-02", "--db", value]):  # fmt: skip
            yield "--db", argv, "", {}
        if value and "\x00" not in value:  # an environment can hold no NUL; empty is unset
            yield "POORTWACHTER_DB", ["agenda"], "", {"POORTWACHTER_DB": value}
    for value in ["/dev/zero", "/", "", "\udcff", str(tmp / "nope.json"), "x\x00"]:
        yield "deadlines FILE", ["deadlines", value], "", {}


def _words(db: str) -> dict[str, tuple[str, ...]]:
    words = {name: w for name, _slot, _values, w in _slots(db)}
    words.update(
        {
            "deadlines -": ("<stdin>",),
            "record -": ("<stdin>", "gebeurtenis #"),
            "POORTWACHTER_NOW": ("POORTWACHTER_NOW",),
            "POORTWACHTER_ACTOR": ("actor",),
            "--db": ("database", "--db"),
            "POORTWACHTER_DB": ("database", "--db"),
            # The file is named, and so is what is wrong with it.
            "deadlines FILE": (
                "no such file",
                "is a directory",
                "larger than",
                "cannot be read",
                "is empty",
                "not UTF-8",
            ),
        }
    )
    return words


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with case k1 opened and one event recorded through the command line."""
    monkeypatch.chdir(tmp_path)  # a relative --db lands here, not in the repository
    monkeypatch.setenv("POORTWACHTER_NOW", TODAY.isoformat())
    for name in ("POORTWACHTER_DB", "POORTWACHTER_ACTOR", "POORTWACHTER_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    path = str(tmp_path / "cli.db")
    opened = ["case", "open", "--employee", "emp-1", "--first-sick-day", "2026-03-02",
              "--casemanager", "cm-1", "--case-id", "k1", "--db", path]  # fmt: skip
    assert run(opened) == 0
    assert (
        run(["case", "record", "k1", "problem_analysis_completed", "2026-04-08", "--db", path]) == 0
    )
    return path


def _run(argv: list[str], stdin: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> int:
    raw = stdin.encode("utf-8", "surrogateescape")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    with monkeypatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        return run(argv)


def test_every_command_refuses_bad_input_with_exit_2_and_one_line(
    cli_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger = Ledger()
    with Engine.open(f"sqlite:///{cli_db}", clock=FrozenClock(TODAY)) as engine:
        ledger.add_case(engine, "k1")
    rows = list(_rows(cli_db, tmp_path))
    assert len(rows) >= 500
    words = _words(cli_db)
    failures = []
    capsys.readouterr()
    for name, argv, stdin, env in rows:
        code = _run(argv, stdin, env, monkeypatch)
        out, err = capsys.readouterr()
        problems = []
        # A reader never creates a database: a missing one is "unavailable" (exit 1).
        missing = code == 1 and "bestaat niet" in err
        if code != 2 and not missing:
            problems.append(f"exit {code}")
        if len(err.splitlines()) != 1 or not err.endswith("\n"):
            problems.append("not one line")
        if "Traceback" in err or not err.startswith("poortwachter: fout: "):
            problems.append("not an error line")
        if not any(word in err for word in words[name]):
            problems.append("field not named")
        if {"\x1b", "\u202e", "\x00"} & set(err) or not err[:-1].isprintable() or len(err) > 2000:
            problems.append("unsafe or long")
        if out:
            problems.append("printed output")
        if problems:
            failures.append((name, [a[:30] for a in argv[:5]], problems, err[:200]))
    assert failures == []
    with Engine.open(f"sqlite:///{cli_db}", clock=FrozenClock(TODAY), create=False) as engine:
        ledger.check(engine)


def test_an_unreachable_server_is_exit_1_and_never_shows_the_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for url in ["postgresql+psycopg://u:hunter2@127.0.0.1:1/x",
                "postgresql+psycopg://u:hunter2@127.0.0.1:1/x?sslpassword=hunter2",
                "postgresql+nodriver://u:hunter2@127.0.0.1:1/x",
                "nonsense://u:hunter2@127.0.0.1:1/x",
        "postgresql://u:hunter2@127.0.0.1:abc/x",
        "postgresql://u:hunter2@[::1/x",
        "sqlite:///no-such-dir/x.db?password=hunter2", "://u:hunter2@x"]:  # fmt: skip
        for argv in (["agenda", "--db", url], ["db", "upgrade", "--db", url]):
            code = run(argv)
            _out, err = capsys.readouterr()
            assert code in {1, 2}, (url, err)
            assert "hunter2" not in err, err
            assert len(err.splitlines()) == 1, err


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    value=st.text(max_size=40),
    slot=st.sampled_from(
        ["case_id", "--as-of", "--known-on", "--from", "--limit", "--casemanager"]
    ),
)
def test_arbitrary_text_in_ids_dates_and_numbers_is_done_or_one_error_line(
    cli_db: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    slot: str,
) -> None:
    d = ["--db", cli_db]
    argv = {
        "case_id": ["case", "show", value, *d],
        "--as-of": ["case", "show", "k1", "--as-of", value, *d],
        "--known-on": ["audit", "replay", "k1", "--known-on", value, *d],
        "--from": ["agenda", "--from", value, *d],
        "--limit": ["agenda", "--limit", value, *d],
        "--casemanager": ["agenda", "--casemanager", value, *d],
    }[slot]
    code = _run(argv, "", {}, monkeypatch)
    _out, err = capsys.readouterr()
    assert code in {0, 2}, err
    if code:
        assert len(err.splitlines()) == 1, err
        assert err.startswith("poortwachter: fout: "), err
