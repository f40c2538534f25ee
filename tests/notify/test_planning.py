"""Planning: hand-worked examples, the 104-week simulation, and the planner's invariants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.channels import CaptureChannel
from poortwachter.notify.planner import Moment, plan_case
from poortwachter.notify.policy import QuietPeriod, ReminderPolicy, StepRule
from poortwachter.notify.sweep import Sweep
from poortwachter.rules.calendar import default_calendar
from tests.notify.policies import policy_with

EXAMPLES = yaml.safe_load((Path(__file__).parent / "worked_examples.yaml").read_text())
CALENDAR = default_calendar()
#: Atw holidays and equated days 2026-2028, written out by hand (independent of `holidays`).
ATW_DAYS = {
    dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 4, 3), dt.date(2026, 4, 6),
    dt.date(2026, 4, 27), dt.date(2026, 5, 5), dt.date(2026, 5, 14), dt.date(2026, 5, 15),
    dt.date(2026, 5, 25), dt.date(2026, 12, 25), dt.date(2026, 12, 26),
    dt.date(2027, 1, 1), dt.date(2027, 3, 26), dt.date(2027, 3, 29), dt.date(2027, 4, 27),
    dt.date(2027, 5, 5), dt.date(2027, 5, 6), dt.date(2027, 5, 7), dt.date(2027, 5, 17),
    dt.date(2027, 12, 25), dt.date(2027, 12, 26),
    dt.date(2028, 1, 1), dt.date(2028, 4, 14), dt.date(2028, 4, 17), dt.date(2028, 4, 27),
    dt.date(2028, 4, 28), dt.date(2028, 5, 5), dt.date(2028, 5, 25), dt.date(2028, 5, 26),
    dt.date(2028, 6, 5), dt.date(2028, 12, 25), dt.date(2028, 12, 26),
}  # fmt: skip


def _policy_for(example: dict[str, Any]) -> ReminderPolicy:
    steps = [
        {"step": name, "role": "casemanager", **{k: v for k, v in spec.items() if k[0] == "w"}}
        for name, spec in example["steps"].items()
    ]
    return policy_with(moments={example["reason"]: steps})


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_examples(example: dict[str, Any]) -> None:
    moment = Moment(example["reason"], "1", example["due_on"], legal_basis="art. x")
    plan = plan_case(
        "c1", [moment], casemanager="cm-a", policy=_policy_for(example), calendar=CALENDAR
    )
    got = {n.step: (n.plan_on, n.send_at.isoformat()) for n in plan}
    want = {name: (spec["day"], spec["utc"]) for name, spec in example["steps"].items()}
    assert got == want
    assert {n.key for n in plan} == {f"c1/{example['reason']}/1/{s}" for s in want}


def _is_atw_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in ATW_DAYS


def test_a_104_week_case_delivers_exactly_the_plan_on_working_days_at_0730(
    tmp_path: Path,
) -> None:
    """Day by day through two years: the sweep runs every morning at 07:30 and at 15:00."""
    first_sick_day = dt.date(2026, 1, 5)
    clock = FrozenClock(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    policy = policy_with(catch_up="deliver")
    capture = tmp_path / "capture.jsonl"
    with Engine.open(
        f"sqlite:///{tmp_path / 'c.db'}", clock=clock, reminder_policy=policy
    ) as engine:
        engine.open_case("emp-1", first_sick_day, "cm-a", actor="t", case_id="c104")
        planned = {r.notice.key: r.notice for r in engine.reminders.rows(state="pending")}
        channel = CaptureChannel(capture)
        sweep = Sweep(engine.store, policy, lambda _name: channel, clock.now, "w-test")
        delivered: dict[str, dt.datetime] = {}
        day = first_sick_day
        while day <= first_sick_day + dt.timedelta(weeks=106):
            for local in (dt.time(7, 30), dt.time(15, 0)):
                clock.set(dt.datetime.combine(day, local, policy.zone))
                before = {r.notice.key for r in engine.reminders.rows(state="sent")}
                sweep.run_once()
                for row in engine.reminders.rows(state="sent"):
                    if row.notice.key not in before:
                        assert row.notice.key not in delivered
                        delivered[row.notice.key] = clock.now()
            day += dt.timedelta(days=1)
    # Everything that was due went out once; what was past on the opening day went out then.
    assert set(delivered) == set(planned)
    assert len(planned) >= 20
    summer = winter = 0
    for key, at in delivered.items():
        notice = planned[key]
        local = at.astimezone(policy.zone)
        if notice.send_at >= dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC):
            assert local.date() == notice.plan_on
            assert (local.hour, local.minute) == (7, 30)
            assert _is_atw_working_day(local.date()), key
            summer += local.utcoffset() == dt.timedelta(hours=2)
            winter += local.utcoffset() == dt.timedelta(hours=1)
    # Both sides of the daylight-saving changes were exercised.
    assert summer
    assert winter
    lines = capture.read_text().splitlines()
    assert len(lines) == len(planned)  # catch_up=deliver: one message per reminder


def test_every_planned_day_is_a_working_day_outside_quiet_periods() -> None:
    quiet = {"start": dt.date(2026, 12, 21), "end": dt.date(2027, 1, 1), "name": "kerstsluiting"}
    policy = policy_with(quiet_periods=[quiet])
    case_quiet = QuietPeriod(start=dt.date(2027, 7, 5), end=dt.date(2027, 7, 23))

    @settings(max_examples=150, deadline=None)
    @given(due=st.dates(dt.date(2026, 1, 1), dt.date(2028, 6, 30)))
    def check(due: dt.date) -> None:
        moments = [Moment(reason, "1", due) for reason in policy.moments]
        plan = plan_case(
            "c", moments, casemanager="cm", policy=policy, calendar=CALENDAR, quiet=[case_quiet]
        )
        for notice in plan:
            assert _is_atw_working_day(notice.plan_on), notice
            assert not policy.quiet_periods[0].contains(notice.plan_on)
            assert not case_quiet.contains(notice.plan_on)
            if notice.step == "escalation":
                assert notice.plan_on > notice.due_on
            else:
                assert notice.plan_on <= notice.due_on
            assert due.isoformat() not in notice.key

    check()


def test_a_closed_case_plans_nothing_and_the_employee_is_never_a_recipient() -> None:
    policy = policy_with()
    moment = Moment("plan_of_approach", "1", dt.date(2026, 5, 18))
    assert (
        plan_case("c", [moment], casemanager="cm", policy=policy, calendar=CALENDAR, closed=True)
        == []
    )
    with pytest.raises(ValueError, match="never the employee"):
        StepRule(step="on_day", role="employee")
    # A casemanager reference that is the employee's own goes to the backup role instead.
    plan = plan_case(
        "c", [moment], casemanager="emp-9", policy=policy, calendar=CALENDAR, employee_ref="emp-9"
    )
    assert plan
    assert {n.recipient for n in plan} == {"hr-team"}
