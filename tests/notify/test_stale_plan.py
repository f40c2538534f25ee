"""A plan made under an earlier reminder policy is reported as stale, not as an edit.

The outbox is a projection of the log *and* of the policy in force; when an organisation
changes its policy, every stored plan differs from a fresh one. ``verify`` must say so in
words a user can act on (re-plan), and keep calling an edited row an edit.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify.policy import load_policy
from poortwachter.store.schema import reminders

D = dt.date


def _open_case(engine: Engine) -> None:
    engine.open_case("emp-1", D(2026, 2, 23), "cm-1", actor="t", case_id="c1")


def test_a_changed_policy_makes_the_plan_stale_and_re_planning_clears_it(
    db_url: str, clock: FrozenClock
) -> None:
    first = load_policy()
    with Engine.open(db_url, clock=clock, reminder_policy=first, create=True) as engine:
        _open_case(engine)
        assert engine.verify() == []
    later = first.model_copy(update={"send_time": dt.time(9, 15)})
    assert later.fingerprint != first.fingerprint
    with Engine.open(db_url, clock=clock, reminder_policy=later) as engine:
        [issue] = engine.verify()
        assert (issue.case_id, issue.kind, issue.projection) == ("c1", "stale_projection", "outbox")
        assert "reminders plan" in issue.detail
        engine.reminders.plan()
        assert engine.verify() == []
        sent_at = engine.store.engine.connect().execute(sa.select(reminders.c.send_at)).scalars()
        assert {t.astimezone(first.zone).time() for t in sent_at} == {dt.time(9, 15)}


def test_an_edited_row_under_the_current_policy_is_still_an_edit(engine: Engine) -> None:
    _open_case(engine)
    with engine.store.engine.begin() as conn:
        conn.execute(sa.update(reminders).values(recipient="cm-x"))
    kinds = {issue.kind for issue in engine.verify()}
    assert kinds == {"projection_mismatch"}


def test_changing_only_how_reminders_are_sent_leaves_every_plan_current(
    db_url: str, clock: FrozenClock
) -> None:
    first = load_policy()
    with Engine.open(db_url, clock=clock, reminder_policy=first, create=True) as engine:
        _open_case(engine)
    sending = first.model_copy(update={"catch_up": "deliver", "delegates": (), "channels": {}})
    with Engine.open(db_url, clock=clock, reminder_policy=sending) as engine:
        assert engine.verify() == []
