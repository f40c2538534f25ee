"""A case file cannot hold a correction: ``deadlines`` refuses it with one clear line.

A case file has no stored sequence numbers for a correction to point at, so applying one
"as replay does" would have to invent them; the file should hold the events as they should
be. Before this was refused, ``deadlines`` accepted ``event_corrected`` and silently ignored
it, computing deadlines from the uncorrected facts.
"""

from __future__ import annotations

import io
import json

import pytest

from poortwachter import InvalidEventError
from poortwachter.casefile import parse_case
from poortwachter.cli import run

SICK = {"type": "sick_reported", "effective": "2026-03-02"}
RECOVERED = {"type": "recovered", "effective": "2026-03-20"}
CORRECTION = {
    "type": "event_corrected",
    "effective": "2026-03-25",
    "corrects_seq": 2,
    "reason": "wrong_date",
    "replacement": {"type": "recovered", "effective": "2026-03-23"},
}


@pytest.mark.parametrize("withdraw", [False, True])
def test_a_correction_in_a_case_file_is_refused_by_name(withdraw: bool) -> None:
    correction = {**CORRECTION, "replacement": None} if withdraw else CORRECTION
    data = {"case_id": "t", "events": [SICK, RECOVERED, correction]}
    with pytest.raises(InvalidEventError) as err:
        parse_case(data, "file.json")
    assert err.value.index == 2
    assert err.value.event_type == "event_corrected"
    assert "cannot hold corrections" in str(err.value)
    assert "file.json" in str(err.value)


def test_deadlines_exits_2_with_one_line_instead_of_ignoring_the_correction(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps({"case_id": "t", "events": [SICK, RECOVERED, CORRECTION]})
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-06-01")
    assert run(["deadlines", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "gebeurtenis #2 (event_corrected)" in err
    assert "poortwachter case record" in err
