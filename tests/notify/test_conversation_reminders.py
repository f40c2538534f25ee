"""Reminders for the conversation moments: contact cadence, agreements and quiet periods.

Dates are worked out by hand on the Atw calendar (February-March 2026 holds no holiday):
a cadence of two weeks agreed on Monday 2 February 2026 is due ten working days later, on
Monday 16 February; its "plan" step (five working days before) falls on Monday 9 February.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter.clock import FrozenClock
from poortwachter.conversations.fold import ConversationFold
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.engine import Engine
from poortwachter.notify.case_plan import conversation_moments, quiet_periods
from poortwachter.notify.planner import plan_case
from poortwachter.notify.policy import load_policy
from poortwachter.rules.calendar import default_calendar
from poortwachter.store.schema import reminders

D = dt.date
AMS = dt.timezone(dt.timedelta(hours=1))  # winter: February and March before the 29th
EMPLOYEE = {"ref": "emp-1", "role": "employee"}
CASEMANAGER = {"ref": "cm-a", "role": "casemanager"}


def _open(engine: Engine, clock: FrozenClock) -> None:
    clock.set(D(2026, 2, 2))
    engine.open_case("emp-1", D(2026, 2, 2), "cm-a", actor="t", case_id="c1")


def _talk(engine: Engine, clock: FrozenClock, day: D, **event: Any) -> None:
    clock.set(day)
    engine.record_conversation("c1", [{"effective": day.isoformat(), **event}], actor="t")


def _rows(engine: Engine, reason: str) -> dict[str, Any]:
    return {
        r.notice.key: r for r in engine.reminders.rows(case_id="c1") if r.notice.reason == reason
    }


def _cadence(engine: Engine, clock: FrozenClock) -> None:
    _talk(
        engine,
        clock,
        D(2026, 2, 2),
        type="contact_cadence_agreed",
        cadence_id="employee",
        with_roles=["employee"],
        every=2,
    )


def _agree(engine: Engine, clock: FrozenClock) -> None:
    """On Tue 3 Feb the employee agrees to discuss two vacancies by Fri 20 Feb (``a-1``)."""
    _talk(
        engine,
        clock,
        D(2026, 2, 3),
        type="agreement_made",
        agreement_id="a-1",
        owner=EMPLOYEE,
        action="Twee vacatures bespreken",
        due="2026-02-20",
    )


def test_a_cadence_plans_reminders_for_its_next_contact(engine: Engine, clock: FrozenClock) -> None:
    _open(engine, clock)
    _cadence(engine, clock)
    rows = _rows(engine, "contact_cadence")
    assert set(rows) == {
        "c1/contact_cadence/employee:2026-02-02/plan",
        "c1/contact_cadence/employee:2026-02-02/on_day",
    }
    plan = rows["c1/contact_cadence/employee:2026-02-02/plan"].notice
    assert plan.due_on == D(2026, 2, 16)
    assert plan.plan_on == D(2026, 2, 9)
    assert plan.send_at == dt.datetime(2026, 2, 9, 6, 30, tzinfo=dt.UTC)  # 07:30 in Amsterdam
    assert plan.recipient == "cm-a"
    assert all(r.state == "pending" for r in rows.values())
    # A contact held with the employee starts the next occurrence; the old one is cancelled.
    _talk(
        engine,
        clock,
        D(2026, 2, 12),
        type="contact_held",
        contact_id="k-1",
        at=dt.datetime(2026, 2, 12, 10, tzinfo=AMS).isoformat(),
        form="phone",
        participants=[EMPLOYEE, CASEMANAGER],
        summary="Kort gesprek over de opbouw van het werk.",
    )
    rows = _rows(engine, "contact_cadence")
    assert rows["c1/contact_cadence/employee:2026-02-02/plan"].state == "cancelled"
    following = rows["c1/contact_cadence/employee:2026-02-12/on_day"]
    assert following.state == "pending"
    assert following.notice.due_on == D(2026, 2, 26)  # Thu 12 Feb + 10 working days
    assert engine.verify("c1") == []


def test_a_kept_agreement_stops_its_reminders(engine: Engine, clock: FrozenClock) -> None:
    _open(engine, clock)
    _agree(engine, clock)
    rows = _rows(engine, "agreement")
    assert set(rows) == {f"c1/agreement/a-1:1/{s}" for s in ("before", "on_day", "escalation")}
    before = rows["c1/agreement/a-1:1/before"].notice
    assert (before.due_on, before.plan_on) == (D(2026, 2, 20), D(2026, 2, 18))
    escalation = rows["c1/agreement/a-1:1/escalation"].notice
    assert escalation.plan_on == D(2026, 2, 25)  # three working days overdue
    # The employee owns the agreement; the reminders go to the casemanager.
    assert {r.notice.recipient for r in rows.values()} == {"cm-a"}
    assert before.details["owner_role"] == "employee"
    _talk(engine, clock, D(2026, 2, 19), type="agreement_kept", agreement_id="a-1")
    assert {r.state for r in _rows(engine, "agreement").values()} == {"cancelled"}
    assert engine.verify("c1") == []


def test_a_renewed_agreement_is_reminded_again_under_a_new_round(
    engine: Engine, clock: FrozenClock
) -> None:
    _open(engine, clock)
    _agree(engine, clock)
    _talk(
        engine,
        clock,
        D(2026, 2, 23),
        type="agreement_missed",
        agreement_id="a-1",
        reason="forgotten",
        new_due="2026-03-06",
    )
    rows = _rows(engine, "agreement")
    assert rows["c1/agreement/a-1:1/on_day"].state == "cancelled"
    assert rows["c1/agreement/a-1:2/on_day"].state == "pending"
    assert rows["c1/agreement/a-1:2/on_day"].notice.due_on == D(2026, 3, 6)


def test_a_quiet_period_suspends_the_conversation_reminders_only(
    engine: Engine, clock: FrozenClock
) -> None:
    _open(engine, clock)
    _cadence(engine, clock)
    _agree(engine, clock)
    quiet = (D(2026, 2, 16), D(2026, 2, 27))
    _talk(
        engine,
        clock,
        D(2026, 2, 4),
        type="quiet_period_agreed",
        start=quiet[0].isoformat(),
        end=quiet[1].isoformat(),
        reason="holiday",
    )
    cadence = _rows(engine, "contact_cadence")
    # The cadence is suspended: ten counting days from 2 Feb skip the two quiet weeks.
    on_day = cadence["c1/contact_cadence/employee:2026-02-02/on_day"].notice
    assert on_day.due_on == D(2026, 3, 2)
    agreement = {k.rsplit("/", 1)[1]: r.notice for k, r in _rows(engine, "agreement").items()}
    # Inside the quiet period: the steps before the moment go out the working day before it,
    # the escalation the first working day after it.
    assert agreement["before"].plan_on == D(2026, 2, 13)
    assert agreement["on_day"].plan_on == D(2026, 2, 13)
    assert agreement["escalation"].plan_on == D(2026, 3, 2)
    for row in engine.reminders.rows(case_id="c1", state="pending"):
        if row.notice.reason in ("contact_cadence", "agreement"):
            assert not quiet[0] <= row.notice.plan_on <= quiet[1], row.notice.key
    # The employer's legal moments run on: planning the probleemanalyse (due Sun 15 March,
    # worked towards on Fri 13 March) stays ten working days before, inside the quiet period.
    legal = engine.reminders.get("c1/problem_analysis/1/plan").notice
    assert legal.plan_on == D(2026, 2, 27)
    assert engine.verify("c1") == []


def test_verify_recomputes_the_conversation_reminders(engine: Engine, clock: FrozenClock) -> None:
    _open(engine, clock)
    _cadence(engine, clock)
    assert engine.verify("c1") == []
    key = "c1/contact_cadence/employee:2026-02-02/on_day"
    with engine.store.engine.begin() as conn:
        conn.execute(
            sa.update(reminders).where(reminders.c.key == key).values(plan_on=D(2026, 2, 17))
        )
    issues = engine.verify("c1")
    assert issues, "an edited conversation reminder must be found"
    engine.reminders.plan("c1")  # re-planning from the log writes the same plan as an append
    with engine.store.engine.begin() as conn:
        conn.execute(
            sa.update(reminders).where(reminders.c.key == key).values(plan_on=D(2026, 2, 16))
        )
    assert engine.verify("c1") == []


_DAYS = st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agreed=_DAYS,
    every=st.integers(min_value=1, max_value=30),
    dues=st.lists(_DAYS, max_size=4),
    quiet=st.lists(st.tuples(_DAYS, st.integers(min_value=0, max_value=30)), max_size=3),
)
def test_no_conversation_reminder_goes_out_in_a_quiet_period(
    agreed: D, every: int, dues: list[D], quiet: list[tuple[D, int]]
) -> None:
    calendar = default_calendar()
    fold = ConversationFold(
        sick_since="2026-01-01",
        cadences={"c": {"roles": ["employee"], "working_days": every, "agreed_on": str(agreed)}},
        agreements={
            f"a{i}": {"owner": ["emp-1", "employee"], "due": str(due), "renewals": 0}
            for i, due in enumerate(dues)
        },
        quiet=[[str(start), str(start + dt.timedelta(days=n))] for start, n in quiet],
    )
    moments = conversation_moments(fold, [], calendar, ConversationPolicy())
    assert len(moments) == 1 + len(dues)
    policy = load_policy()
    notices = plan_case(
        "c", moments, casemanager="cm", policy=policy, calendar=calendar, quiet=quiet_periods(fold)
    )
    assert notices == plan_case(
        "c", moments, casemanager="cm", policy=policy, calendar=calendar, quiet=quiet_periods(fold)
    )
    periods = fold.quiet_days()
    for notice in notices:
        assert calendar.is_working_day(notice.plan_on)
        assert not any(a <= notice.plan_on <= b for a, b in periods), notice.key
        assert notice.recipient == "cm"
        # The key names the occurrence (agreement and round), never its due date.
        if notice.reason == "agreement":
            assert notice.key.split("/")[2] == notice.details["agreement"] + ":1"
