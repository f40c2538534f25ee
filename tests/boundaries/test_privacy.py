"""Ids are pseudonymous: bounded ASCII references in which no BSN can hide, in every field.

A BSN is generated (8 digits plus the check digit the 11-proef demands) and hidden in an id
every way testers found or the issue names: bare, with 8 digits, behind a prefix, with an
extra digit before or after, two in a row, written with dots, dashes or spaces. Every id field
of the Engine and of case files must refuse each form; 100,000 generated case ids must all be
accepted and hold no digit run that passes the 11-proef.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter import Engine, InvalidCaseFileError, InvalidEventError
from poortwachter.casefile import parse_case
from poortwachter.privacy import check_pseudonym, hides_bsn, is_bsn, new_case_id

D = dt.date(2026, 3, 2)


@st.composite
def bsns(draw: st.DrawFn) -> str:
    """A 9-digit number that passes the 11-proef (leading zeros allowed: 8-digit BSNs)."""
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    total = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True))
    check = total % 11
    if check == 10:
        head[0] = (head[0] + 1) % 10
        total = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True))
        check = total % 11
    number = "".join(map(str, head)) + str(check)
    assert check < 10
    assert is_bsn(number)
    return number


@st.composite
def hidden_bsns(draw: st.DrawFn) -> str:
    """An id-shaped string with a BSN hidden in it some way."""
    bsn = draw(bsns())
    form = draw(st.sampled_from(["bare", "eight", "prefix", "extra_after", "extra_before",
                                 "twice", "dots", "dashes", "colon", "inside"]))  # fmt: skip
    prefix = draw(st.sampled_from(["", "emp-", "cm:", "case_", "x."]))
    digit = str(draw(st.integers(0, 9)))
    body = {
        "bare": bsn,
        "eight": bsn[1:] if bsn[0] == "0" else bsn,
        "prefix": bsn,
        "extra_after": bsn + digit,
        "extra_before": digit + bsn,
        "twice": bsn + draw(bsns()),
        "dots": f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
        "dashes": f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}",
        "colon": f"{bsn[:5]}:{bsn[5:]}",
        "inside": f"a{bsn}b",
    }[form]
    return prefix + body


def test_the_eleven_check_on_known_numbers() -> None:
    assert is_bsn("123456782")
    assert is_bsn("10000021")  # eight digits: a leading zero
    assert not is_bsn("123456789")
    assert not is_bsn("12345678a")
    assert not is_bsn("١٢٣٤٥٦٧٨٢")  # Arabic-Indic digits are no BSN (and no id either)
    for value in ["123456782", "emp-1234567820", "9123456782", "123456782123456782",
                  "1234.56.782", "123 456 782", "cm:12345-6782", "a10000021b"]:  # fmt: skip
        assert hides_bsn(value), value
    for value in ["123.456.782.0", "1234.56.7820", "x1234 56 7820"]:  # written as a number
        assert hides_bsn(value), value
    # Dashes join groups of digits only when together they have a BSN's length: an id with a
    # date and a serial number stays usable (its 8-digit run itself fails the 11-proef).
    assert not is_bsn("20260302")
    for value in ["emp-4711", "case-2026-03", "1234567", "12-34-56-78-9x", "k1",
                  "emp-20260302-0001", "emp-1234-5678-3"]:  # fmt: skip
        assert not hides_bsn(value), value


@settings(max_examples=300)
@given(value=hidden_bsns())
def test_a_hidden_bsn_is_found_in_every_form(value: str) -> None:
    assert hides_bsn(value)
    with pytest.raises(InvalidEventError, match="BSN"):
        check_pseudonym(value, "employee_ref")


def _fields(engine: Engine) -> dict[str, Callable[[str], object]]:
    """Every place an id enters the engine or a case file."""
    event = {"type": "problem_analysis_completed", "effective": "2026-04-08"}

    def case_file(**changes: object) -> object:
        data: dict[str, object] = {
            "case_id": "t",
            "events": [{"type": "sick_reported", "effective": "2026-03-02"}],
        }
        data.update(changes)
        return parse_case(json.loads(json.dumps(data)), "file.json")

    return {
        "open_case.employee_ref": lambda v: engine.open_case(v, D, actor="hr"),
        "open_case.case_id": lambda v: engine.open_case("emp-2", D, actor="hr", case_id=v),
        "open_case.casemanager": lambda v: engine.open_case("emp-2", D, v, actor="hr"),
        "open_case.actor": lambda v: engine.open_case("emp-2", D, actor=v),
        "record.case_id": lambda v: engine.record(v, event, actor="hr"),
        "record.actor": lambda v: engine.record("k1", event, actor=v),
        "record.casemanager": lambda v: engine.record(
            "k1",
            {"type": "casemanager_assigned", "effective": "2026-04-08", "casemanager": v},
            actor="hr",
        ),
        "record.replacement.casemanager": lambda v: engine.record(
            "k1",
            {
                "type": "event_corrected",
                "effective": "2026-04-08",
                "corrects_seq": 2,
                "reason": "wrong_value",
                "replacement": {
                    "type": "casemanager_assigned",
                    "effective": "2026-03-02",
                    "casemanager": v,
                },
            },
            actor="hr",
        ),
        "agenda.casemanager": lambda v: engine.agenda(v),
        "case.case_id": lambda v: engine.case(v),
        "casefile.case_id": lambda v: case_file(case_id=v),
        "casefile.casemanager": lambda v: case_file(
            events=[
                {"type": "sick_reported", "effective": "2026-03-02"},
                {"type": "casemanager_assigned", "effective": "2026-03-02", "casemanager": v},
            ]
        ),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=hidden_bsns(), name_and_text=st.sampled_from(["Jan de Vries", "a" * 65, "x\ny"]))
def test_every_id_field_refuses_bsns_names_and_unbounded_text(
    engine: Engine, value: str, name_and_text: str
) -> None:
    version = engine.store.version("k1")
    for field, call in _fields(engine).items():
        for bad in (value, name_and_text):
            with pytest.raises((InvalidEventError, InvalidCaseFileError)) as err:
                call(bad)
            assert field.rsplit(".", 1)[1] in str(err.value), (field, str(err.value))
    assert engine.store.version("k1") == version
    assert list(engine.store.iter_case_ids()) == ["k1"]


def test_100000_generated_case_ids_are_accepted_and_never_pass_the_eleven_check() -> None:
    ids = [new_case_id() for _ in range(100_000)]
    assert len(set(ids)) == len(ids)
    for case_id in ids:
        assert check_pseudonym(case_id, "case_id") == case_id
        assert not any(ch.isdigit() for ch in case_id)
        assert not hides_bsn(case_id)


def test_open_case_generates_such_an_id(engine: Engine) -> None:
    view = engine.open_case("emp-9", D, actor="hr")
    assert view.case_id.startswith("case-")
    assert not hides_bsn(view.case_id)
