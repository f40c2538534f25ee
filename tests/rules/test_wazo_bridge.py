"""The Wazo bridge only bridges (issue 7): the cause is asked exactly where it changes the result.

Generated leaves with and without fit days on either side, every answer (none, same, other) and
both readings of leave days. The fold (``derive_facts``) and the guard's question
(``SicknessFold.relapse_refusal``) must agree, and a wrong answer is a clear typed error naming
the field, never a silent result.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poortwachter.errors import InvalidEventError
from poortwachter.events import MaternityLeave, Recovered, SickReported
from poortwachter.rules import RuleOptions, default_parameters
from poortwachter.rules.facts import SicknessFold, derive_facts

F = dt.date(2025, 9, 1)
D = dt.timedelta


@given(
    st.one_of(st.none(), st.integers(1, 40)),
    st.integers(1, 150),
    st.integers(0, 40),
    st.sampled_from([None, True, False]),
    st.booleans(),
)
def test_the_cause_is_asked_exactly_on_a_wazo_bridge(
    fit_before: int | None, leave_days: int, fit_after: int, answer: bool | None, neutral: bool
) -> None:
    options = RuleOptions(wazo_leave_neutral=neutral)
    sick_until = F + D(30)  # last sick day before the leave, or the recovery eve
    leave_start = sick_until + D(1 + (fit_before or 0))
    leave_end = leave_start + D(leave_days - 1)
    events = [SickReported(effective=F)]
    if fit_before is not None:
        events.append(Recovered(effective=sick_until + D(1)))
    events.append(MaternityLeave(effective=leave_start, end=leave_end))
    relapse = SickReported(effective=leave_end + D(1 + fit_after), same_cause_as_before=answer)
    bridge = fit_before is None and fit_after == 0
    fold = SicknessFold(default_parameters(), options)
    for event in events:
        fold.step(event)
    refusal = fold.relapse_refusal(relapse)

    if bridge == (answer is None):
        # A bridge needs the answer; anything else must not carry one.
        with pytest.raises(InvalidEventError) as caught:
            derive_facts([*events, relapse], default_parameters(), options)
        assert caught.value.field == "same_cause_as_before"
        assert "same_cause_as_before" in refusal
        return
    chain = derive_facts([*events, relapse], default_parameters(), options).chain
    fit = (fit_before or 0) + fit_after + (0 if neutral else leave_days)
    joins = answer is True if bridge else fit < 28
    assert (chain.first_day == F) is joins
    assert (refusal == "") is joins
    if joins:
        # The explanation's ground: the bridge, or the 4-week rule.
        assert chain.interruptions[-1].bridge is bridge
    else:
        assert chain.previous_split == ("other_cause" if bridge else "gap")


@pytest.mark.parametrize("same", [True, False])
def test_the_fold_snapshot_keeps_the_ground_of_each_join_and_split(same: bool) -> None:
    options = RuleOptions()
    fold = SicknessFold(default_parameters(), options)
    leave_end = F + D(150)
    for event in (
        SickReported(effective=F),
        MaternityLeave(effective=F + D(40), end=leave_end),
        SickReported(effective=leave_end + D(1), same_cause_as_before=same),
    ):
        fold.step(event)
    again = SicknessFold.from_json(fold.to_json(), default_parameters(), options)
    assert again.facts() == fold.facts()
    chain = again.facts().chain
    if same:
        assert chain.interruptions[0].bridge
    else:
        assert chain.previous_split == "other_cause"


def test_a_snapshot_from_before_the_bridge_was_recorded_still_reads() -> None:
    fold = SicknessFold(default_parameters(), RuleOptions())
    for event in (
        SickReported(effective=F),
        Recovered(effective=F + D(10)),
        SickReported(effective=F + D(20)),
    ):
        fold.step(event)
    old = fold.to_json()
    old["interruptions"] = [row[:4] for row in old["interruptions"]]
    old["previous"] = old["previous"][:2]
    again = SicknessFold.from_json(old, default_parameters(), RuleOptions())
    assert again.facts() == fold.facts()
