"""Typed errors in the reader's language: Dutch by default, English with --lang en (QA walk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.cli import run
from poortwachter.errors import (
    CaseAlreadyOpenError,
    CaseNotFoundError,
    ConcurrencyConflictError,
    IntegrityViolationError,
    InvalidEventError,
    InvalidTransitionError,
    MedicalTermInIdError,
    StoreUnavailableError,
)
from poortwachter.events.parsing import parse_event
from poortwachter.privacy import check_pseudonym

#: Words that only an English message holds (a Dutch line with one of them is mixed).
ENGLISH = ("expected", "field", "event #", "case '", "not found", "allowed now", "Input should")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-04-20")
    for name in ("POORTWACHTER_DB", "POORTWACHTER_ACTOR", "POORTWACHTER_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    path = str(tmp_path / "t.db")
    opened = ["case", "open", "--employee", "w1", "--first-sick-day", "2026-03-02",
              "--case-id", "k1", "--db", path]  # fmt: skip
    assert run(opened) == 0
    return path


def error_line(capsys: pytest.CaptureFixture[str], args: list[str], code: int = 2) -> str:
    capsys.readouterr()
    assert run(args) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


def test_the_errors_users_meet_most_are_dutch_by_default_and_english_on_request(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    again = ["case", "open", "--employee", "w1", "--first-sick-day", "2026-03-05", "--db", db]
    nl = error_line(capsys, again)
    assert nl.startswith("poortwachter: fout: de werknemer heeft al een open zaak 'k1'")
    assert "02-03-2026" in nl
    assert not any(word in nl for word in ENGLISH)
    en = error_line(capsys, [*again, "--lang", "en"])
    assert "the employee already has an open case 'k1' (first sick day 2026-03-02)" in en

    missing = error_line(capsys, ["case", "show", "nope", "--db", db])
    assert "zaak 'nope' bestaat niet" in missing
    assert "poortwachter case list" in missing
    assert "agenda" not in missing

    bad_reason = ["agreement", "miss", "k1", "--id", "a1", "--reason", "bogus", "--db", db]
    line = error_line(capsys, bad_reason)
    assert "veld 'reason'" in line
    assert line.count("forgotten") == 1
    assert not any(word in line for word in ENGLISH)


def test_a_refusal_names_the_process_steps_possible_now_never_the_refused_one(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["case", "record", "k1", "recovered", "2026-03-10", "--db", db]) == 0
    line = error_line(capsys, ["case", "record", "k1", "recovered", "2026-03-12", "--db", db])
    allowed = line.split("nu mogelijk: ")[1]
    assert "recovered" not in allowed.split(" (")[0]
    assert "sick_reported" in allowed
    assert "contact_planned" not in allowed
    assert "al hersteld op 10-03-2026" in line
    assert not any(word in line for word in ENGLISH)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--casemanager", "griep"], "casemanager"),
        (["--actor", "burnout"], "actor"),
        (["--case-id", "kanker"], "case_id"),
    ],
)
def test_an_id_naming_a_medical_term_is_refused_and_nothing_is_stored(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    line = error_line(
        capsys,
        ["case", "open", "--employee", "w2", "--first-sick-day", "2026-03-02", *args, "--db", db],
    )
    assert f"veld '{field}'" in line
    assert "medische term" in line
    capsys.readouterr()
    assert run(["case", "list", "--format", "json", "--db", db]) == 0
    assert "w2" not in capsys.readouterr().out


def test_a_participant_naming_a_medical_term_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ["contact", "plan", "k1", "--id", "c1", "--at", "2026-04-28T10:00+02:00",
            "--purpose", "werkhervatting", "--with", "depressie:employee", "--db", db]  # fmt: skip
    line = error_line(capsys, plan)
    assert "participants[0].ref" in line
    assert "'depressie'" in line


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
    term=st.sampled_from(["griep", "kanker", "burnout", "depressie", "hernia"]),
    joiner=st.sampled_from(["-", "_", ".", ":"]),
)
def test_every_id_holding_a_term_between_joiners_is_refused(
    prefix: str, term: str, joiner: str
) -> None:
    value = f"{prefix}{joiner}{term}" if prefix else term
    with pytest.raises(MedicalTermInIdError) as info:
        check_pseudonym(value, "employee_ref")
    assert info.value.field == "employee_ref"
    assert "id" in info.value.message("nl")
    assert "verwacht" in info.value.message("nl")


RAW_EVENTS = st.dictionaries(
    st.sampled_from(["type", "effective", "weeks", "reason", "x"]),
    st.one_of(st.text(max_size=8), st.integers(), st.none()),
    max_size=4,
)


@settings(max_examples=80, deadline=None)
@given(RAW_EVENTS)
def test_any_bad_event_is_worded_in_dutch_without_english_words(raw: dict[str, object]) -> None:
    # No event type has 8 characters or fewer: every such input is refused.
    with pytest.raises(InvalidEventError) as info:
        parse_event(raw, index=0)
    nl = info.value.message("nl")
    assert "gebeurtenis #0" in nl
    assert "event #" not in nl
    assert "expected" not in nl
    assert "Input should" not in nl
    assert "Input should" not in str(info.value)
    assert str(info.value).startswith("event #0")


def test_str_of_every_keyed_error_is_english_and_message_words_it_in_dutch() -> None:
    errors = [
        CaseNotFoundError("k9"),
        CaseAlreadyOpenError("k1", dt.date(2026, 3, 2)),
        InvalidTransitionError("k1", "recovered", "recovered", ["recovered", "sick_reported"]),
        ConcurrencyConflictError("k1", 1, 2),
        StoreUnavailableError("sqlite:///x.db", "no such file", cause="missing"),
        IntegrityViolationError("k1", 3, "hash mismatch"),
    ]
    for error in errors:
        assert error.phrase is not None
        assert str(error) == error.message("en")
        assert error.message("nl") != str(error)
        assert "zaak" in error.message("nl") or "database" in error.message("nl")
