"""The guard and the deadline rules agree, under every choice of rule options.

The engine checks an event with the guard before it is stored and later derives deadlines from
the stored log with ``poortwachter.rules``. If the guard let through a log the rules refuse, a
case would be stored that can no longer be computed; if the guard joined a relapse that the
rules count as a new chain (or refused one they join), guard and deadlines would tell two
stories about one case. Both sides get the same options: ``leave_days_are_fit`` is
``not RuleOptions.wazo_leave_neutral``, ``relapse_gap_days`` the parameter at the event's date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import InvalidEventError, InvalidTransitionError
from poortwachter.events import EventBase, MaternityLeave, Recovered, SickReported, sort_key
from poortwachter.rules.facts import derive_facts
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import default_parameters
from poortwachter.workflows import SICK_STAGES, CaseState, CaseStatus, apply, initial_status

from ._events import F
from .test_wvp_properties import event_sequences

_PARAMS = default_parameters()

#: Every option that decides whether two periods are one chain, and one that does not (a
#: relapse restarting the process steps only moves deadlines; it must not change acceptance).
OPTIONS = {
    "default": RuleOptions(),
    "leave-days-fit": RuleOptions(wazo_leave_neutral=False),
    "restart": RuleOptions(relapse_process_steps="restart"),
    "leave-days-fit-restart": RuleOptions(
        wazo_leave_neutral=False, relapse_process_steps="restart"
    ),
}

#: Events the guard and the rules judge on the same grounds: the sick period itself (sick
#: report, recovery, leave) and the loonsanctie that must exist before it is shortened. For
#: these the guard accepts exactly when the rules accept and keep one chain. Other events the
#: guard alone may refuse (a milestone after the recovery, an evaluation without a plan,
#: anything after closing); those only need the rules to accept what the guard let through.
_BOTH_JUDGE = frozenset(
    {"sick_reported", "recovered", "maternity_leave", "wage_sanction_shortened"}
)


def _gap_days(event: EventBase) -> int:
    """What the engine passes as ``relapse_gap_days``: the parameter at the event's date."""
    return 7 * _PARAMS.at("samentelling_gap_weeks", event.effective).value


def _guard(status: CaseStatus, event: EventBase, options: RuleOptions) -> CaseStatus | None:
    try:
        return apply(
            status,
            event,
            case_id="p",
            relapse_gap_days=_gap_days(event),
            leave_days_are_fit=not options.wazo_leave_neutral,
        )
    except InvalidTransitionError:
        return None


def _rules_keep_one_chain(log: list[EventBase], options: RuleOptions) -> bool:
    try:
        facts = derive_facts(log, _PARAMS, options)
    except InvalidEventError:
        return False
    return facts.chain.previous_first_day is None


def _guard_then_rules(
    events: list[EventBase], options: RuleOptions
) -> tuple[CaseStatus, list[EventBase]]:
    """Walk ``events`` through the guard; at each step compare with the rules on the same log."""
    status = initial_status()
    log: list[EventBase] = []  # the stored log; corrections are resolved before the rules
    for event in events:
        after = _guard(status, event, options)
        if event.type in _BOTH_JUDGE and status.state is not CaseState.CLOSED:
            rules = _rules_keep_one_chain([*log, event], options)
            assert (after is not None) == rules, (
                f"{event!r} in {status.state.value}: guard "
                f"{'accepts' if after else 'refuses'}, rules {'accept' if rules else 'refuse'}"
            )
        if after is not None:
            status = after
            if event.type != "event_corrected":
                log.append(event)
    return status, log


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
@settings(max_examples=300, deadline=None)
@given(events=event_sequences(ordered=True))
def test_guard_and_rules_accept_the_same_logs_and_derive_the_same_chain(
    options: RuleOptions, events: list[EventBase]
) -> None:
    status, log = _guard_then_rules(events, options)
    facts = derive_facts(log, _PARAMS, options)  # raises InvalidEventError on disagreement
    chain = facts.chain
    assert chain.previous_first_day is None  # a new chain is a new case, never this one
    assert chain.first_day == status.first_sick_day
    # Every accepted sick report is a period of this one chain.
    assert len(chain.periods) == sum(isinstance(e, SickReported) for e in log)
    last = chain.periods[-1]
    if status.state in SICK_STAGES:
        assert last.end is None
        assert last.start == status.sick_since
    if status.state is CaseState.RECOVERED:
        assert status.recovered_on is not None
        assert last.end == status.recovered_on - dt.timedelta(days=1)
    if status.state is CaseState.ON_MATERNITY_LEAVE:
        assert status.leave_start is not None
        assert last.end is not None
        assert last.end < status.leave_start


@st.composite
def leaves_then_relapses(draw: st.DrawFn) -> list[EventBase]:
    """Sick, then rounds of (recovery or not, one to three short leaves, a relapse), all close
    together: where counting the leave days as fit or not decides whether the relapse joins."""
    day = F
    events: list[EventBase] = [SickReported(effective=day)]
    for _ in range(draw(st.integers(1, 3))):
        day += dt.timedelta(days=draw(st.integers(1, 12)))
        if draw(st.booleans()):
            events.append(Recovered(effective=day))
        for _ in range(draw(st.integers(1, 3))):
            day += dt.timedelta(days=draw(st.integers(0, 6)))
            end = day + dt.timedelta(days=draw(st.integers(0, 20)))
            events.append(MaternityLeave(effective=day, end=end))
            day = end + dt.timedelta(days=1)
        day += dt.timedelta(days=draw(st.integers(0, 12)))
        cause = draw(st.sampled_from([True, True, False, None]))
        events.append(SickReported(effective=day, same_cause_as_before=cause))
    return sorted(events, key=sort_key)


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
@settings(max_examples=200, deadline=None)
@given(events=leaves_then_relapses())
def test_across_leaves_guard_and_rules_join_the_same_relapses(
    options: RuleOptions, events: list[EventBase]
) -> None:
    _, log = _guard_then_rules(events, options)
    assert len(derive_facts(log, _PARAMS, options).chain.periods) == sum(
        isinstance(e, SickReported) for e in log
    )


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
@pytest.mark.parametrize("fit_after", [0, 2, 3, 22, 23])
def test_the_leave_option_draws_the_same_line_on_both_sides(
    options: RuleOptions, fit_after: int
) -> None:
    # Recovered, 5 fit days, a 20-day leave, then sick again with the same cause after
    # ``fit_after`` fit days. The leave days count only when the rules count them as fit days:
    # the gap is then 25 + fit_after, else 5 + fit_after.
    recovered = F + dt.timedelta(days=10)
    leave = MaternityLeave(
        effective=recovered + dt.timedelta(days=5), end=recovered + dt.timedelta(days=24)
    )
    relapse = SickReported(
        effective=leave.end + dt.timedelta(days=1 + fit_after), same_cause_as_before=True
    )
    events = [SickReported(effective=F), Recovered(effective=recovered), leave, relapse]
    status, log = _guard_then_rules(events, options)
    joins = 5 + fit_after + (0 if options.wazo_leave_neutral else 20) < 28
    assert (relapse in log) == joins
    assert (status.state is CaseState.REPORTED_SICK) == joins
    assert len(derive_facts(log, _PARAMS, options).chain.periods) == (2 if joins else 1)
