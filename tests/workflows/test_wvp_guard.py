"""The WVP guard on concrete sequences: what it accepts, what it refuses, and what it says."""

from __future__ import annotations

import datetime as dt

import pytest

from poortwachter.errors import InvalidTransitionError
from poortwachter.events import (
    EVENT_TYPES,
    CaseClosed,
    CasemanagerAssigned,
    EventBase,
    FirstYearEvaluationCompleted,
    MaternityLeave,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    Recovered,
    ReintegrationReportCompleted,
    SickReported,
    Spoor2Started,
    UwvSickReportSent,
    UwvWiaLetterReceived,
    WageSanctionImposed,
    WageSanctionShortened,
    WiaApplied,
    WorkPartiallyResumed,
)
from poortwachter.workflows import (
    MACHINE,
    SICK_STAGES,
    CaseState,
    CaseStatus,
    allowed_events,
    apply,
    fold,
    initial_status,
)

from ._events import F, day, sample

S = CaseState
CASE = "case-7"


def refused(
    status: CaseStatus,
    event: EventBase,
) -> InvalidTransitionError:
    with pytest.raises(InvalidTransitionError) as info:
        apply(
            status,
            event,
            case_id=CASE,
        )
    err = info.value
    # Every refusal reports the case, the state it was refused in and what is allowed there.
    assert err.case_id == CASE
    assert err.state == status.state.value
    assert err.event_type == event.type
    assert err.allowed == tuple(allowed_events(status))
    assert str(err).startswith(
        f"case '{CASE}' is in state '{status.state.value}': event '{event.type}' is not allowed"
    )
    return err


def sick_case(*extra: EventBase) -> CaseStatus:
    return fold([SickReported(effective=F), *extra], case_id=CASE)


# A normal two-year case, with the state expected after each event.
TWO_YEARS: list[tuple[EventBase, CaseState]] = [
    (SickReported(effective=F), S.REPORTED_SICK),
    (CasemanagerAssigned(effective=F, casemanager="J. de Vries"), S.REPORTED_SICK),
    (ProblemAnalysisCompleted(effective=day(40)), S.PROBLEM_ANALYSED),
    (PlanOfApproachAgreed(effective=day(54)), S.PLAN_AGREED),
    (PlanEvaluated(effective=day(96)), S.IN_REINTEGRATION),
    (WorkPartiallyResumed(effective=day(110), percentage=40), S.IN_REINTEGRATION),
    (PlanEvaluated(effective=day(138)), S.IN_REINTEGRATION),
    (UwvSickReportSent(effective=day(295)), S.REPORTED_TO_UWV),
    (FirstYearEvaluationCompleted(effective=day(330)), S.FIRST_YEAR_EVALUATED),
    (Spoor2Started(effective=day(360)), S.FIRST_YEAR_EVALUATED),
    (PlanEvaluated(effective=day(400)), S.FIRST_YEAR_EVALUATED),
    (UwvWiaLetterReceived(effective=day(617)), S.FIRST_YEAR_EVALUATED),
    (ReintegrationReportCompleted(effective=day(630)), S.REINTEGRATION_REPORTED),
    (WiaApplied(effective=day(645)), S.WIA_APPLIED),
    (WageSanctionImposed(effective=day(700), weeks=26), S.WIA_APPLIED),
    (WageSanctionShortened(effective=day(760)), S.WIA_APPLIED),
    (CaseClosed(effective=day(729 + 26 * 7), reason="waiting_period_ended"), S.CLOSED),
]


def test_normal_two_year_case_folds_to_the_expected_states() -> None:
    status = initial_status()
    assert status.state is S.NEW
    for event, expected in TWO_YEARS:
        status = apply(status, event, case_id=CASE)
        assert status.state is expected, event.type
    assert status.first_sick_day == F
    assert status.spoor2
    assert status.plan_agreed
    assert status.sanctioned
    assert status.last_effective == TWO_YEARS[-1][0].effective
    assert fold([e for e, _ in TWO_YEARS], case_id=CASE) == status


def test_state_is_the_stage_while_sick() -> None:
    status = initial_status()
    for event, _ in TWO_YEARS[:-1]:
        status = apply(status, event, case_id=CASE)
        assert status.state in SICK_STAGES
        assert status.stage is status.state
        assert status.sick_since == F


def test_spoor2_runs_alongside_without_moving_the_state() -> None:
    status = sick_case(PlanOfApproachAgreed(effective=day(50)))
    after = apply(status, Spoor2Started(effective=day(300)), case_id=CASE)
    assert after.spoor2
    assert after.state is S.PLAN_AGREED


def test_missed_problem_analysis_does_not_block_the_42nd_week_report() -> None:
    status = apply(sick_case(), UwvSickReportSent(effective=day(300)), case_id=CASE)
    assert status.state is S.REPORTED_TO_UWV
    # The late problem analysis and plan are still storable; the state never goes back.
    status = apply(status, ProblemAnalysisCompleted(effective=day(310)), case_id=CASE)
    status = apply(status, PlanOfApproachAgreed(effective=day(320)), case_id=CASE)
    status = apply(status, PlanEvaluated(effective=day(360)), case_id=CASE)
    assert status.state is S.REPORTED_TO_UWV
    assert status.plan_agreed


def test_a_milestone_jumps_forward_to_the_furthest_stage() -> None:
    status = apply(sick_case(), WiaApplied(effective=day(650)), case_id=CASE)
    assert status.state is S.WIA_APPLIED
    status = apply(status, ReintegrationReportCompleted(effective=day(651)), case_id=CASE)
    assert status.state is S.WIA_APPLIED


def test_partial_resumption_keeps_the_case_open_and_the_state() -> None:
    for stage_events in ([], [PlanOfApproachAgreed(effective=day(50))]):
        before = sick_case(*stage_events)
        after = apply(before, WorkPartiallyResumed(effective=day(60), percentage=50), case_id=CASE)
        assert after.state is before.state
        assert after.sick_since == F
        assert after.recovered_on is None


# ---- refusals ------------------------------------------------------------------------------


def test_a_plan_before_any_sick_report_is_refused() -> None:
    err = refused(initial_status(), PlanOfApproachAgreed(effective=F))
    assert err.state == "new"
    assert err.allowed == ("sick_reported",)
    assert "the first must be sick_reported" in err.reason
    assert str(err).endswith("allowed now: sick_reported")


@pytest.mark.parametrize("event_type", sorted(set(EVENT_TYPES) - {"sick_reported"}))
def test_nothing_but_a_sick_report_opens_a_case(event_type: str) -> None:
    refused(initial_status(), sample(event_type, F))


def test_a_second_recovery_is_refused() -> None:
    status = sick_case(Recovered(effective=day(20)))
    err = refused(status, Recovered(effective=day(22)))
    assert err.state == "recovered"
    assert "recovered" not in err.allowed
    assert "sick_reported" in err.allowed
    assert err.reason == f"the employee already recovered on {day(20).isoformat()}"


def test_a_sick_report_while_sick_is_refused() -> None:
    err = refused(sick_case(), SickReported(effective=day(3)))
    assert err.state == "reported_sick"
    assert "sick_reported" not in err.allowed
    assert "recovered" in err.allowed
    assert f"already sick since {F.isoformat()}" in str(err)


@pytest.mark.parametrize(
    "before",
    [[], [UwvSickReportSent(effective=day(295))]],
    ids=["reported_sick", "reported_to_uwv-without-plan"],
)
def test_plan_evaluated_needs_an_agreed_plan(before: list[EventBase]) -> None:
    status = sick_case(*before)
    err = refused(status, PlanEvaluated(effective=day(300)))
    assert "plan_evaluated" not in err.allowed
    assert "record plan_of_approach_agreed first" in err.reason


def test_wage_sanction_shortened_needs_a_sanction() -> None:
    status = sick_case(WiaApplied(effective=day(650)))
    err = refused(status, WageSanctionShortened(effective=day(700)))
    assert "wage_sanction_shortened" not in err.allowed
    assert "no wage sanction (loonsanctie)" in str(err)
    status = apply(status, WageSanctionImposed(effective=day(690), weeks=12), case_id=CASE)
    assert "wage_sanction_shortened" in allowed_events(status)
    apply(status, WageSanctionShortened(effective=day(700)), case_id=CASE)


def test_an_event_before_the_first_sick_day_is_refused() -> None:
    err = refused(sick_case(), ProblemAnalysisCompleted(effective=F - dt.timedelta(days=1)))
    assert err.reason == "effective 2026-03-01 lies before the first sick day 2026-03-02"


def test_closed_refuses_everything_but_a_correction() -> None:
    status = sick_case(CaseClosed(effective=day(10), reason="opened_in_error"))
    assert allowed_events(status) == ["event_corrected"]
    for event_type in sorted(set(EVENT_TYPES) - {"event_corrected"}):
        err = refused(status, sample(event_type, day(11)))
        assert err.allowed == ("event_corrected",)
        assert "the case was closed on 2026-03-11" in err.reason
        assert str(err).endswith("allowed now: event_corrected")
    # A correction fixes the record (say, a wrong closing date); the state stays closed.
    after = apply(status, sample("event_corrected", day(12)), case_id=CASE)
    assert after.state is S.CLOSED


@pytest.mark.parametrize("state_events", [[], [Recovered(effective=day(5))]])
def test_case_closed_is_allowed_from_any_open_state(state_events: list[EventBase]) -> None:
    status = apply(
        sick_case(*state_events), CaseClosed(effective=day(30), reason="other"), case_id=CASE
    )
    assert status.state is S.CLOSED
    assert status.closed_on == day(30)


# ---- recovery and relapse (samentelling, BW 7:629 lid 10) ------------------------------------


def recovered_case() -> CaseStatus:
    return sick_case(
        ProblemAnalysisCompleted(effective=day(30)),
        PlanOfApproachAgreed(effective=day(44)),
        Recovered(effective=day(60)),
    )


def test_recovery_keeps_the_stage_for_a_relapse() -> None:
    status = recovered_case()
    assert status.state is S.RECOVERED
    assert status.stage is S.PLAN_AGREED
    assert status.recovered_on == day(60)
    assert status.sick_since is None


def test_a_relapse_after_27_fit_days_joins_the_case_at_the_stage_reached() -> None:
    status = recovered_case()
    after = apply(status, SickReported(effective=day(60 + 27)), case_id=CASE)
    assert after.state is S.PLAN_AGREED
    assert after.first_sick_day == F  # counted together with the first period
    assert after.sick_since == day(87)
    assert after.recovered_on is None


def test_a_relapse_after_28_fit_days_is_a_new_case() -> None:
    err = refused(recovered_case(), SickReported(effective=day(60 + 28)))
    assert err.reason == "gap of 28 days ≥ 28: this is a new sickness case; open a new case"
    assert "(gap of 28 days ≥ 28: this is a new sickness case; open a new case)" in str(err)


def test_a_relapse_on_the_recovery_day_is_refused() -> None:
    err = refused(recovered_case(), SickReported(effective=day(60)))
    assert "must start after the recovery on 2026-04-30" in err.reason


def test_a_late_milestone_from_the_sick_period_is_storable_after_recovery() -> None:
    status = recovered_case()
    # A first-year evaluation cannot be in this short period, but a plan evaluation can.
    after = apply(status, PlanEvaluated(effective=day(58)), case_id=CASE)
    assert after.state is S.RECOVERED
    assert after.stage is S.IN_REINTEGRATION  # a relapse will resume from there
    relapse = apply(after, SickReported(effective=day(70)), case_id=CASE)
    assert relapse.state is S.IN_REINTEGRATION
    # Same day as the recovery: canonical order puts the milestone before it.
    apply(status, ProblemAnalysisCompleted(effective=day(60)), case_id=CASE)


def test_a_milestone_after_the_recovery_is_refused() -> None:
    err = refused(recovered_case(), PlanEvaluated(effective=day(61)))
    assert "recovered on 2026-04-30" in err.reason
    assert "record the relapse (sick_reported) first" in err.reason
    assert "plan_evaluated" in err.allowed  # allowed with an earlier date


def test_a_late_42nd_week_report_is_storable_after_recovery() -> None:
    status = sick_case(Recovered(effective=day(300)))
    after = apply(status, UwvSickReportSent(effective=day(320)), case_id=CASE)
    assert after.state is S.RECOVERED
    assert after.stage is S.REPORTED_TO_UWV


def test_partial_work_after_full_recovery_is_refused() -> None:
    err = refused(recovered_case(), WorkPartiallyResumed(effective=day(70), percentage=50))
    assert "lies after the sick period" in err.reason


# ---- Wazo pregnancy and maternity leave ------------------------------------------------------

LEAVE_START = day(100)
LEAVE_END = LEAVE_START + dt.timedelta(days=111)  # 16 weeks


def leave_from_sickness() -> CaseStatus:
    return sick_case(
        PlanOfApproachAgreed(effective=day(50)),
        MaternityLeave(effective=LEAVE_START, end=LEAVE_END),
    )


def test_maternity_leave_interrupts_sickness() -> None:
    status = leave_from_sickness()
    assert status.state is S.ON_MATERNITY_LEAVE
    assert status.leave_end == LEAVE_END
    assert status.sick_since is None
    assert status.stage is S.PLAN_AGREED


def test_sick_after_leave_with_the_same_cause_returns_to_sickness() -> None:
    after = apply(
        leave_from_sickness(),
        SickReported(effective=LEAVE_END + dt.timedelta(days=1), same_cause_as_before=True),
        case_id=CASE,
    )
    assert after.state is S.PLAN_AGREED
    assert after.first_sick_day == F
    assert after.leave_end is None


def test_sick_after_leave_must_say_whether_the_cause_is_the_same() -> None:
    err = refused(leave_from_sickness(), SickReported(effective=LEAVE_END + dt.timedelta(days=1)))
    assert "must say whether the cause is the same" in err.reason


def test_sick_during_the_leave_is_refused() -> None:
    event = SickReported(effective=LEAVE_END, same_cause_as_before=True)
    err = refused(leave_from_sickness(), event)
    assert err.reason.endswith(f"starts from {(LEAVE_END + dt.timedelta(days=1)).isoformat()}")


def test_sick_after_leave_with_another_cause_is_a_new_case() -> None:
    event = SickReported(effective=LEAVE_END + dt.timedelta(days=1), same_cause_as_before=False)
    err = refused(leave_from_sickness(), event)
    assert "another cause than before it" in err.reason
    assert err.reason.endswith("open a new case")


def test_the_leave_ends_the_sick_period_so_there_is_no_recovery_after_it() -> None:
    status = leave_from_sickness()
    err = refused(status, Recovered(effective=LEAVE_END + dt.timedelta(days=1)))
    assert "the Wazo leave ended the sick period" in err.reason
    assert "recovered" not in err.allowed
    # Fit days count from the day after the leave: 27 join, 28 are a new case.
    # With fit days after the leave the 4-week rule decides and the cause is not asked.
    relapse = LEAVE_END + dt.timedelta(days=1 + 27)
    apply(status, SickReported(effective=relapse), case_id=CASE)
    err = refused(status, SickReported(effective=relapse + dt.timedelta(1)))
    assert err.reason.startswith("gap of 28 days ≥ 28")


def test_recovery_and_leave_need_a_sick_day_first() -> None:
    status = sick_case()
    err = refused(status, Recovered(effective=F))
    assert "is not after the first sick day 2026-03-02" in err.reason
    refused(status, MaternityLeave(effective=F, end=day(100)))
    apply(status, Recovered(effective=day(2)), case_id=CASE)


def test_leaves_never_overlap() -> None:
    status = leave_from_sickness()
    err = refused(status, MaternityLeave(effective=LEAVE_END, end=LEAVE_END + dt.timedelta(9)))
    assert "overlaps the Wazo leave" in err.reason
    nxt = LEAVE_END + dt.timedelta(days=11)  # 10 fit days, then a next leave
    after = apply(status, MaternityLeave(effective=nxt, end=nxt + dt.timedelta(111)), case_id=CASE)
    assert after.state is S.ON_MATERNITY_LEAVE


def test_leave_days_do_not_count_in_the_relapse_gap() -> None:
    # Recovered on day 60, fit 10 days, then 16 weeks of leave: 10 fit days banked.
    status = fold(
        [
            SickReported(effective=F),
            Recovered(effective=day(60)),
            MaternityLeave(effective=day(70), end=day(70 + 111)),
        ],
        case_id=CASE,
    )
    after_leave = day(70 + 112)
    joined = apply(
        status, SickReported(effective=after_leave + dt.timedelta(days=17)), case_id=CASE
    )
    assert joined.state is S.REPORTED_SICK
    late = SickReported(effective=after_leave + dt.timedelta(days=18))
    err = refused(status, late)
    assert err.reason.startswith("gap of 28 days ≥ 28")
    # Fit days before the leave: no Wazo bridge, so the cause is not asked (issue 7; as in
    # poortwachter.rules.facts); an answer given anyway is refused.
    other = SickReported(effective=after_leave + dt.timedelta(days=1), same_cause_as_before=False)
    assert refused(status, other).reason.startswith("same_cause_as_before only applies")


def test_same_cause_as_before_is_only_asked_after_a_wazo_leave() -> None:
    reason = "same_cause_as_before only applies to a sick report after a Wazo leave"
    for answer in (True, False):
        # Not on the first sick report ...
        err = refused(initial_status(), SickReported(effective=F, same_cause_as_before=answer))
        assert err.reason == reason
        assert err.allowed == ("sick_reported",)
        # ... nor on a relapse after a recovery, even one that would join the case.
        relapse = SickReported(effective=day(70), same_cause_as_before=answer)
        assert refused(recovered_case(), relapse).reason == reason
    # Only across a leave is the answer given (and needed).
    apply(
        leave_from_sickness(),
        SickReported(effective=LEAVE_END + dt.timedelta(days=1), same_cause_as_before=True),
        case_id=CASE,
    )


def test_a_milestone_during_the_leave_is_refused_but_a_late_one_from_before_is_not() -> None:
    status = leave_from_sickness()
    err = refused(status, PlanEvaluated(effective=LEAVE_START))
    assert "on Wazo leave since" in err.reason
    after = apply(status, PlanEvaluated(effective=LEAVE_START - dt.timedelta(1)), case_id=CASE)
    assert after.state is S.ON_MATERNITY_LEAVE


# ---- allowed_events and the machine itself ---------------------------------------------------


def test_allowed_events_per_state() -> None:
    assert allowed_events(initial_status()) == ["sick_reported"]
    sick = allowed_events(sick_case())
    assert sick == sorted(sick)
    assert "sick_reported" not in sick
    assert {"recovered", "maternity_leave", "case_closed", "uwv_sick_report_sent"} <= set(sick)
    assert "plan_evaluated" not in sick
    assert "plan_evaluated" in allowed_events(sick_case(PlanOfApproachAgreed(effective=day(50))))


def test_unknown_event_types_are_refused_not_crashed() -> None:
    err = refused(sick_case(), EventBase(type="made_up", effective=day(5)))
    assert "unknown event type 'made_up'" in err.reason


def test_the_machine_is_shared_and_never_binds_a_case() -> None:
    fold([e for e, _ in TWO_YEARS], case_id=CASE)
    assert MACHINE.models == []
    # The WVP machine judges the sickness family; record keeping has its own guard.
    assert set(MACHINE.events) == {t for t, c in EVENT_TYPES.items() if c.family == "sickness"}
    assert set(MACHINE.states) == {s.name for s in CaseState}
    # No transition has side effects: conditions only.
    for event in MACHINE.events.values():
        for transitions in event.transitions.values():
            for t in transitions:
                assert not t.before
                assert not t.after
                assert not t.prepare
