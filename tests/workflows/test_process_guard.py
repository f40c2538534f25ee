"""The WVP guard on the events of issue 7, and its refusal of a loonsanctie or vrijwillige
verlenging dated after the (extended) end of the waiting period (WIA art. 24, 25 lid 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import InvalidEventError, InvalidTransitionError
from poortwachter.events import (
    EventBase,
    MaternityLeave,
    Recovered,
    SickReported,
    WageSanctionImposed,
    WaitingPeriodExtended,
    parse_event,
)
from poortwachter.events.process import (
    ExpertOpinionReceived,
    ExpertOpinionRequested,
    ProcessDeviation,
    ProcessDeviationEnded,
    SafetyNetCase,
    SanctionObjectionFiled,
    WageSanctionShorteningRefused,
    WageSanctionShorteningRequested,
)
from poortwachter.workflows import CaseState, CaseStatus, allowed_events, apply, fold
from poortwachter.workflows.process_guard import TRANSITIONS

from ._events import F, day, sample

CASE = "case-i7"
#: F = Mon 2026-03-02: the last day of the waiting period is day(728) = Sun 2028-02-27.
LAST = dt.date(2028, 2, 27)


def sick_case(*extra: EventBase) -> CaseStatus:
    return fold([SickReported(effective=F), *extra], case_id=CASE)


def refused(status: CaseStatus, event: EventBase) -> InvalidTransitionError:
    with pytest.raises(InvalidTransitionError) as info:
        apply(status, event, case_id=CASE)
    err = info.value
    assert (err.case_id, err.state, err.event_type) == (CASE, status.state.value, event.type)
    assert err.allowed == tuple(allowed_events(status))
    return err


def test_the_last_day_is_day_728_by_an_independent_count() -> None:
    assert LAST == F + dt.timedelta(days=727) == day(728)


def test_a_sanction_on_the_last_day_is_accepted_and_the_day_after_refused() -> None:
    status = sick_case()
    apply(status, WageSanctionImposed(effective=LAST, weeks=10), case_id=CASE)
    err = refused(status, WageSanctionImposed(effective=LAST + dt.timedelta(days=1), weeks=10))
    assert "2028-02-28" in err.reason
    assert "2028-02-27" in err.reason
    assert "WIA art. 25 lid 9" in err.reason


def test_an_extension_after_the_waiting_period_is_refused_with_its_article() -> None:
    err = refused(sick_case(), WaitingPeriodExtended(effective=day(729), weeks=13))
    assert "WIA art. 24 lid 1" in err.reason
    assert "2028-02-27" in err.reason


def test_an_earlier_extension_moves_the_limit_by_its_weeks() -> None:
    status = sick_case(WaitingPeriodExtended(effective=day(600), weeks=13))
    new_last = LAST + dt.timedelta(weeks=13)
    apply(status, WageSanctionImposed(effective=new_last, weeks=5), case_id=CASE)
    err = refused(status, WageSanctionImposed(effective=new_last + dt.timedelta(days=1), weeks=5))
    assert new_last.isoformat() in err.reason


def test_an_earlier_sanction_moves_the_limit_and_the_cap_holds() -> None:
    status = sick_case(WageSanctionImposed(effective=day(650), weeks=10))
    apply(
        status, WageSanctionImposed(effective=LAST + dt.timedelta(weeks=10), weeks=3), case_id=CASE
    )
    refused(status, WageSanctionImposed(effective=LAST + dt.timedelta(weeks=10, days=1), weeks=3))
    capped = sick_case(
        WageSanctionImposed(effective=day(650), weeks=52),
        WageSanctionImposed(effective=day(700), weeks=52),
    )
    # Together at most 52 weeks (WIA art. 25 lid 9): the limit is 52 weeks later, not 104.
    refused(capped, WageSanctionImposed(effective=LAST + dt.timedelta(weeks=52, days=1), weeks=1))


def test_the_limit_holds_after_a_recovery_too() -> None:
    status = sick_case(Recovered(effective=day(700)))
    assert status.state is CaseState.RECOVERED
    apply(status, WageSanctionImposed(effective=LAST, weeks=2), case_id=CASE)
    refused(status, WageSanctionImposed(effective=LAST + dt.timedelta(days=1), weeks=2))


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(-400, 400), extension=st.sampled_from([0, 13, 26]))
def test_accepted_exactly_up_to_the_last_day(offset: int, extension: int) -> None:
    extra: list[EventBase] = []
    if extension:
        extra.append(WaitingPeriodExtended(effective=day(500), weeks=extension))
    status = sick_case(*extra)
    last = LAST + dt.timedelta(weeks=extension)
    when = last + dt.timedelta(days=offset)
    for event in (
        WageSanctionImposed(effective=when, weeks=4),
        WaitingPeriodExtended(effective=when, weeks=13),
    ):
        if when < day(501):
            continue  # keep the canonical order: after the extension folded above
        if when <= last:
            apply(status, event, case_id=CASE)
        else:
            assert last.isoformat() in refused(status, event).reason


def test_every_new_event_has_a_transition_in_a_sick_stage() -> None:
    status = sick_case(
        WageSanctionImposed(effective=day(100), weeks=4),
        WageSanctionShorteningRequested(effective=day(101)),
        ExpertOpinionRequested(effective=day(102), requested_by="employer"),
    )
    for event_type, _, _ in TRANSITIONS:
        event = (
            ProcessDeviationEnded(effective=day(120))
            if event_type == "process_deviation_ended"
            else sample(event_type, day(110), 1)
        )
        if event_type == "process_deviation_ended":
            status = apply(status, ProcessDeviation(
                effective=day(110), ground="no_usable_capacity"), case_id=CASE)  # fmt: skip
        after = apply(status, event, case_id=CASE)
        assert after.state is status.state


@pytest.mark.parametrize(
    ("event", "needs"),
    [
        (SanctionObjectionFiled(effective=day(50)), "loonsanctie"),
        (WageSanctionShorteningRequested(effective=day(50)), "loonsanctie"),
        (WageSanctionShorteningRefused(effective=day(50)), "wage_sanction_shortening_requested"),
        (ExpertOpinionReceived(effective=day(50)), "expert_opinion_requested"),
        (ProcessDeviationEnded(effective=day(50)), "process_deviation"),
    ],
)
def test_a_follow_up_without_its_cause_is_refused(event: EventBase, needs: str) -> None:
    err = refused(sick_case(), event)
    assert needs in err.reason


def test_deviation_periods_do_not_overlap() -> None:
    open_one = sick_case(ProcessDeviation(effective=day(30), ground="quick_recovery_expected"))
    err = refused(open_one, ProcessDeviation(effective=day(40), ground="no_usable_capacity"))
    assert "process_deviation_ended" in err.reason
    err = refused(open_one, ProcessDeviationEnded(effective=day(30)))
    assert "after its first day" in err.reason
    closed = sick_case(
        ProcessDeviation(effective=day(30), ground="no_usable_capacity", end=day(60))
    )
    err = refused(closed, ProcessDeviation(effective=day(60), ground="no_usable_capacity"))
    assert day(60).isoformat() in err.reason
    apply(closed, ProcessDeviation(effective=day(61), ground="no_usable_capacity"), case_id=CASE)


def test_after_recovery_a_vangnet_fact_is_recordable_and_a_late_process_step_only_within() -> None:
    status = sick_case(Recovered(effective=day(30)))
    apply(status, SafetyNetCase(effective=day(40), ground="no_risk_policy"), case_id=CASE)
    apply(status, sample("uwv_recovery_report_sent", day(31)), case_id=CASE)
    apply(status, sample("company_doctor_reported", day(5)), case_id=CASE)
    err = refused(status, sample("company_doctor_reported", day(35)))
    assert "sick period" in err.reason


def test_the_vocabulary_has_no_room_for_medical_details() -> None:
    for payload in (
        {"type": "safety_net_case", "effective": "2026-03-02", "ground": "pregnancy_related",
         "diagnosis": "x"},
        {"type": "process_deviation", "effective": "2026-03-02", "ground": "no_usable_capacity",
         "cause": "x"},
        {"type": "current_opinion_given", "effective": "2026-03-02", "content": "x"},
    ):  # fmt: skip
        with pytest.raises(InvalidEventError):
            parse_event(payload)


def test_a_leave_after_a_recovery_cannot_start_before_it() -> None:
    """Found by the property test once the vocabulary grew: the machine moved to 'on leave'
    while the fold (and so the state) said 'recovered'. The guard now refuses such a leave."""
    status = sick_case(Recovered(effective=day(10)))
    err = refused(status, MaternityLeave(effective=day(9), end=day(9)))
    assert "before the recovery" in err.reason
    after = apply(status, MaternityLeave(effective=day(10), end=day(100)), case_id=CASE)
    assert after.state is CaseState.ON_MATERNITY_LEAVE


def test_a_relapse_after_the_completed_waiting_period_does_not_extend_it() -> None:
    """Sick exactly 728 days, fit for a week, then a relapse that joins the chain: the waiting
    period was complete on day 728 (docs/legal-basis.md §0), so a sanction after it is refused."""
    status = sick_case(Recovered(effective=day(729)), SickReported(effective=day(736)))
    err = refused(status, WageSanctionImposed(effective=day(737), weeks=4))
    assert LAST.isoformat() in err.reason
