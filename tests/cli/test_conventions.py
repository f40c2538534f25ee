"""The command line's conventions (docs/cli.md): global options before or after the command,
-h everywhere, --version, one --format, -o - for stdout, stable JSON, the event vocabulary and
the shorthand for recording an event."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from poortwachter.cli import app, run
from poortwachter.events import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "relapse-case.json")
Pw = Callable[..., tuple[int, str, str]]


@pytest.fixture
def pw(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Pw:
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-06-01")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POORTWACHTER_DB", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def commands() -> list[list[str]]:
    group = app.registered_groups
    out = [[c.name or (c.callback.__name__ if c.callback else "")] for c in app.registered_commands]
    for sub in group:
        for c in sub.typer_instance.registered_commands:
            out.append([str(sub.name), str(c.name)])
    return out


def test_every_command_has_h_and_help(pw: Pw) -> None:
    names = commands()
    assert ["case", "record"] in names
    assert ["events"] in names
    assert len(names) >= 11
    for name in [[], *names]:
        for flag in ("-h", "--help"):
            code, out, err = pw(*name, flag)
            assert code == 0, (name, err)
            assert out.startswith("Gebruik: poortwachter"), name  # Dutch help by default


def test_version(pw: Pw) -> None:
    code, out, _ = pw("--version")
    assert (code, out) == (0, "poortwachter 0.1.0\n")


def test_global_options_before_or_after_the_command(pw: Pw) -> None:
    first = pw("--db", "x.db", "case", "open", "--employee", "e-1", "--first-sick-day",
               "2026-03-02", "--case-id", "k1")  # fmt: skip
    assert first[0] == 0, first
    assert Path("x.db").is_file()  # a plain path is a SQLite file
    before = pw("--db", "x.db", "--format", "json", "--lang", "en", "case", "show", "k1")
    after = pw("case", "show", "k1", "--db", "sqlite:///x.db", "--format", "json", "--lang", "en")
    assert before == after
    assert json.loads(before[1])["case_id"] == "k1"
    # The command's own option wins over the global one.
    _code, out, _ = pw("--format", "json", "case", "show", "k1", "--db", "x.db", "--format", "text")
    assert out.startswith("k1  medewerker e-1")
    _code, out, _ = pw("--lang", "nl", "case", "show", "k1", "--db", "x.db", "--lang", "en")
    assert out.startswith("k1  employee e-1")


def test_db_from_the_environment(pw: Pw, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POORTWACHTER_DB", "sqlite:///env.db")
    code, _, err = pw("db", "upgrade")
    assert code == 0, err
    assert Path("env.db").is_file()
    code, _, err = pw("agenda", "--db", "other.db")  # the option beats the environment
    assert code == 1
    assert "other.db" in err


def test_format_table_is_a_deprecated_alias_of_text(pw: Pw) -> None:
    text = pw("deadlines", EXAMPLE, "--as-of", "2026-11-25", "--format", "text")
    table = pw("deadlines", EXAMPLE, "--as-of", "2026-11-25", "--format", "table")
    assert table[0] == 0
    assert table[1] == text[1]
    assert table[2].count("\n") == 1
    assert "--format table is verouderd" in table[2]


def test_json_is_stable_with_sorted_keys(pw: Pw) -> None:
    code, out, _ = pw("deadlines", EXAMPLE, "--as-of", "2026-11-25", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == sorted(rows[0])
    assert out == json.dumps(rows, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert pw("deadlines", EXAMPLE, "--as-of", "2026-11-25", "--format", "json")[1] == out


def test_output_dash_is_stdout(pw: Pw) -> None:
    pw("--db", "x.db", "case", "open", "--employee", "e-1", "--first-sick-day", "2026-03-02",
       "--case-id", "k1")  # fmt: skip
    code, out, err = pw("--db", "x.db", "audit", "export", "k1", "--format", "json", "-o", "-")
    assert code == 0, err
    assert json.loads(out)["case"]["case_id"] == "k1"
    assert not Path("-").exists()
    code, out, _ = pw("--db", "x.db", "audit", "export", "k1", "-o", "dossier.txt")
    assert out == "geschreven naar 'dossier.txt'\n"
    assert "Integriteit: in orde" in Path("dossier.txt").read_text(encoding="utf-8")


def test_record_shorthand(pw: Pw) -> None:
    pw("--db", "x.db", "case", "open", "--employee", "e-1", "--first-sick-day", "2026-03-02",
       "--case-id", "k1")  # fmt: skip
    code, out, err = pw("--db", "x.db", "--format", "json", "case", "record", "k1",
                        "casemanager_assigned", "2026-03-03", "casemanager=anna")  # fmt: skip
    assert code == 0, err
    [saved] = json.loads(out)
    assert (saved["seq"], saved["payload"]["casemanager"]) == (2, "anna")
    code, out, err = pw("--db", "x.db", "case", "record", "k1", "work_partially_resumed",
                        "2026-03-10", "percentage=50")  # fmt: skip
    assert (code, out) == (0, "k1 #3 work_partially_resumed 2026-03-10\n"), err
    code, _, err = pw("--db", "x.db", "case", "record", "k1", "work_partially_resumed",
                      "2026-03-11", "percentage=fifty")  # fmt: skip
    assert code == 2
    assert "gebeurtenis #0 (work_partially_resumed) veld 'percentage'" in err


def test_events_vocabulary_and_schema(pw: Pw) -> None:
    code, out, _ = pw("events", "--format", "json")
    assert code == 0
    entries = json.loads(out)
    assert [e["type"] for e in entries] == sorted(EVENT_TYPES)
    sanction = next(e for e in entries if e["type"] == "wage_sanction_imposed")
    weeks = next(f for f in sanction["fields"] if f["name"] == "weeks")
    assert (weeks["type"], weeks["minimum"], weeks["maximum"], weeks["required"]) == (
        "integer", 1, 52, True,
    )  # fmt: skip
    closed = next(e for e in entries if e["type"] == "case_closed")
    assert "opened_in_error" in closed["fields"][-1]["allowed"]
    code, out, _ = pw("events", "--lang", "en")
    assert out.startswith(f"Events ({len(EVENT_TYPES)} types)")
    assert "  *weeks: integer (minimum=1, maximum=52)" in out
    code, out, _ = pw("events", "--schema")
    schema = json.loads(out)
    assert schema["discriminator"]["propertyName"] == "type"
    assert set(schema["discriminator"]["mapping"]) == set(EVENT_TYPES)


def test_no_command_shows_help(pw: Pw) -> None:
    code, out, err = pw()
    assert code == 0
    assert "Commando's:" in out
    assert err == ""
