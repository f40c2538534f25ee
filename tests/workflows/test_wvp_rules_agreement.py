"""The guard and the deadline rules agree: every log the guard accepts folds into rule facts.

The engine checks an event with the guard before it is stored and later derives deadlines from
the stored log with ``poortwachter.rules``. If the guard let through a log the rules refuse, a
case would be stored that can no longer be computed; this property rules that out.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

from poortwachter.events import EventBase
from poortwachter.rules.facts import derive_facts
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import default_parameters
from poortwachter.workflows import SICK_STAGES, CaseState

from .test_wvp_properties import _walk, event_sequences

_PARAMS = default_parameters()
_OPTIONS = RuleOptions()


@settings(max_examples=300, deadline=None)
@given(event_sequences(ordered=True))
def test_every_accepted_log_derives_the_same_sickness_chain(events: list[EventBase]) -> None:
    status, accepted = _walk(
        events, 7 * _PARAMS.at("samentelling_gap_weeks", events[0].effective).value
    )
    # Corrections are resolved by the engine before the rules see the log.
    log = [e for e in accepted if e.type != "event_corrected"]
    facts = derive_facts(log, _PARAMS, _OPTIONS)  # raises InvalidEventError on disagreement
    chain = facts.chain
    assert chain.previous_first_day is None  # a new chain is a new case, never this one
    assert chain.first_day == status.first_sick_day
    last = chain.periods[-1]
    if status.state in SICK_STAGES:
        assert last.end is None
        assert last.start == status.sick_since
    if status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        assert last.end == status.recovered_on - dt.timedelta(days=1)
