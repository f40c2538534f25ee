"""Verify covers every projection a user is shown; rebuild restores it; anchors catch rewrites.

Each tampering is a direct SQL edit, as someone with database access (but not the anchor key)
would make it. Run on SQLite and PostgreSQL (``store_url``); the damaged-row tests need SQLite,
which stores malformed JSON and impossible dates as text (PostgreSQL's types refuse them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from poortwachter import Engine, FrozenClock, IntegrityViolationError, InvalidEventError
from poortwachter.clock import AMSTERDAM
from poortwachter.store import GENESIS_HASH, chain_hash
from poortwachter.store.anchor import AnchorError
from poortwachter.store.schema import (
    case_deadlines,
    case_snapshots,
    cases,
    events,
    metadata,
    reminder_attempts,
    reminders,
)

D = dt.date
KEY = b"k" * 32


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(D(2026, 3, 3))


@pytest.fixture
def engine(store_url: str, clock: FrozenClock) -> Iterator[Engine]:
    with Engine.open(store_url, clock=clock) as opened:
        _populate(opened, clock)
        yield opened


def _populate(engine: Engine, clock: FrozenClock) -> None:
    """c-1 with several open actions, c-2 beside it, c-3 closed."""
    engine.open_case("emp-1", D(2026, 3, 2), "cm-a", actor="hr", case_id="c-1")
    engine.open_case("emp-2", D(2026, 3, 2), "cm-b", actor="hr", case_id="c-2")
    engine.open_case("emp-3", D(2026, 3, 1), actor="hr", case_id="c-3")
    clock.set(D(2026, 4, 2))
    engine.record("c-1", {"type": "problem_analysis_completed", "effective": "2026-04-01"},
                  actor="bedrijfsarts")  # fmt: skip
    engine.record("c-3", {"type": "recovered", "effective": "2026-03-20"}, actor="hr")
    engine.record("c-3", {"type": "case_closed", "effective": "2026-03-25", "reason": "recovered"},
                  actor="hr")  # fmt: skip
    clock.set(D(2026, 4, 20))


def _where(table: sa.Table, case_id: str = "c-1") -> Any:
    return table.c.case_id == case_id


def _snapshot_edit(conn: Connection) -> None:
    stored = conn.execute(sa.select(case_snapshots.c.snapshot).where(_where(case_snapshots)))
    snapshot = dict(stored.scalar_one())
    snapshot["state"] = "recovered"
    conn.execute(case_snapshots.update().where(_where(case_snapshots)).values(snapshot=snapshot))


def _delete_every_row_of(conn: Connection, case_id: str, *, with_events: bool) -> None:
    """What a writer with database access does to make a case vanish: every row that names
    it, dependents first (the reminder outbox included), the events only when asked."""
    keys = sa.select(reminders.c.key).where(_where(reminders, case_id))
    conn.execute(reminder_attempts.delete().where(reminder_attempts.c.key.in_(keys)))
    for table in reversed(metadata.sorted_tables):
        if "case_id" in table.c and (with_events or table is not events):
            conn.execute(table.delete().where(_where(table, case_id)))


def _delete_case_rows(conn: Connection) -> None:
    _delete_every_row_of(conn, "c-1", with_events=False)


def _fake_action(conn: Connection) -> None:
    conn.execute(
        case_deadlines.insert().values(
            case_id="c-1", kind="problem_analysis", due=D(2027, 1, 1), status="upcoming",
            employee_ref="emp-1", state="reported_sick", casemanager="cm-a", closed=False,
        )
    )  # fmt: skip


def _run(statement: Any) -> Callable[[Connection], None]:
    def edit(conn: Connection) -> None:
        conn.execute(statement)

    return edit


def _update(table: sa.Table, case_id: str = "c-1", **values: Any) -> Callable[[Connection], None]:
    return _run(table.update().where(_where(table, case_id)).values(**values))


def _update_action(kind: str, **values: Any) -> Callable[[Connection], None]:
    where = sa.and_(_where(case_deadlines), case_deadlines.c.kind == kind)
    return _run(case_deadlines.update().where(where).values(**values))


_T = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: Every kind of edit to what ``case show``, ``case list`` and ``agenda`` serve; (edit, the
#: projection a finding must name). The testers' fourteen are among them.
TAMPERINGS: dict[str, tuple[Callable[[Connection], None], str]] = {
    "move the dossier to another employee": (_update(cases, employee_ref="emp-2"), "cases"),
    "change the casemanager": (_update(cases, casemanager="cm-x"), "cases"),
    "change the first sick day": (_update(cases, first_sick_day=D(2026, 3, 20)), "cases"),
    "change the state": (_update(cases, state="recovered"), "cases"),
    "move the next action": (_update(cases, next_deadline_due=D(2027, 1, 1)), "cases"),
    "change the next action's kind": (
        _update(cases, next_deadline_kind="wia_application"),
        "cases",
    ),
    "close the case": (_update(cases, closed=True), "cases"),
    "change when it was opened": (_update(cases, opened_at=_T), "cases"),
    "change when it was updated": (_update(cases, updated_at=_T), "cases"),
    "delete an action": (
        _run(
            case_deadlines.delete().where(
                _where(case_deadlines), case_deadlines.c.kind == "plan_of_approach"
            )
        ),
        "case_deadlines",
    ),
    "move an action": (_update_action("plan_of_approach", due=D(2027, 1, 1)), "case_deadlines"),
    "change an action's status": (
        _update_action("plan_of_approach", status="missed"),
        "case_deadlines",
    ),
    "hide the case from the agenda": (_update(case_deadlines, closed=True), "case_deadlines"),
    "move the actions to another casemanager's agenda": (
        _update(case_deadlines, casemanager="cm-x"),
        "case_deadlines",
    ),
    "move the actions to another employee": (
        _update(case_deadlines, employee_ref="emp-2"),
        "case_deadlines",
    ),
    "change the actions' state": (_update(case_deadlines, state="recovered"), "case_deadlines"),
    "open an action's window later": (
        _update_action("first_year_evaluation", window_start=D(2027, 2, 1)),
        "case_deadlines",
    ),
    "give an action without a window one": (
        _update_action("plan_of_approach", window_start=D(2026, 4, 20)),
        "case_deadlines",
    ),
    "add an action": (_fake_action, "case_deadlines"),
    "edit the snapshot": (_snapshot_edit, "snapshot"),
    "delete the snapshot": (
        _run(case_snapshots.delete().where(_where(case_snapshots))),
        "snapshot",
    ),
    "delete the case's rows (its events stay)": (_delete_case_rows, "cases"),
    "redirect the reminders to someone else": (_update(reminders, recipient="cm-x"), "outbox"),
    "move when the reminders go out": (_update(reminders, send_at=_T), "outbox"),
    "take the reminders out of the plan": (_update(reminders, in_plan=False), "outbox"),
}


def _shown(engine: Engine) -> tuple[Any, ...]:
    """Everything the projections serve about the cases."""
    rows = [engine.store.case_row(c).model_dump() for c in ("c-1", "c-2", "c-3")]
    snapshots = engine.store.snapshots(["c-1", "c-2", "c-3"])
    return rows, engine.store.agenda_rows(), snapshots


def test_an_untouched_store_verifies_clean(engine: Engine) -> None:
    assert engine.verify() == []
    assert engine.rebuild().rebuilt == []


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_every_tampering_is_found_and_rebuild_restores_it(engine: Engine, name: str) -> None:
    edit, projection = TAMPERINGS[name]
    before = _shown(engine)
    with engine.store.begin_write() as conn:
        edit(conn)
    issues = engine.verify()
    assert issues, f"{name}: not detected"
    assert {i.case_id for i in issues} == {"c-1"}
    assert projection in {i.projection for i in issues}, issues
    assert engine.verify("c-1") == issues
    report = engine.rebuild()
    assert (report.rebuilt, report.refused) == (["c-1"], [])
    assert engine.verify() == []
    assert _shown(engine) == before


def test_a_window_start_left_empty_by_the_migration_is_read_from_the_case_and_rebuilt(
    engine: Engine,
) -> None:
    """Revision 0006 cannot fill ``window_start`` (it has no rules): until the case's next
    append or a rebuild the agenda reads it from the case, so what it shows is the same, and
    verify reports nothing; a rebuild writes it."""
    windows = sa.select(case_deadlines.c.kind, case_deadlines.c.window_start).where(
        _where(case_deadlines), case_deadlines.c.window_start.is_not(None)
    )
    with engine.store.engine.connect() as conn:
        stored = conn.execute(windows).all()
    assert "first_year_evaluation" in dict(stored)
    agenda = engine.agenda(start=D(2026, 4, 20), end=D(2027, 12, 31))
    assert any(item.window_start is not None for item in agenda if item.case_id == "c-1")
    with engine.store.begin_write() as conn:
        _update(case_deadlines, window_start=None)(conn)
    assert engine.agenda(start=D(2026, 4, 20), end=D(2027, 12, 31)) == agenda
    assert engine.verify() == []
    assert engine.rebuild().rebuilt == ["c-1"]
    with engine.store.engine.connect() as conn:
        assert conn.execute(windows).all() == stored
    assert engine.rebuild().rebuilt == []


def test_each_difference_is_reported(engine: Engine) -> None:
    with engine.store.begin_write() as conn:
        _update(cases, employee_ref="emp-9", casemanager="cm-x")(conn)
        _update_action("plan_of_approach", due=D(2027, 1, 1))(conn)
    found = {(i.projection, i.field) for i in engine.verify()}
    assert found == {
        ("cases", "employee_ref"),
        ("cases", "casemanager"),
        ("case_deadlines", "plan_of_approach.due"),
    }


def test_the_employee_is_in_the_hashed_log(engine: Engine) -> None:
    [first, *_] = engine.store.load("c-1")
    assert (first.type, first.payload["employee_ref"]) == ("sick_reported", "emp-1")
    # Relapse reports carry no employee: they keep the payload (and hash) they always had.
    engine.record("c-2", {"type": "recovered", "effective": "2026-04-10"}, actor="hr")
    engine.record("c-2", {"type": "sick_reported", "effective": "2026-04-15"}, actor="hr")
    assert "employee_ref" not in engine.store.load("c-2")[-1].payload
    with pytest.raises(InvalidEventError) as err:
        engine.record("c-2", {"type": "event_corrected", "effective": "2026-04-16",
                              "corrects_seq": 4, "reason": "wrong_value",
                              "replacement": {"type": "sick_reported", "effective": "2026-04-15",
                                              "employee_ref": "emp-1"}}, actor="hr")  # fmt: skip
    assert err.value.field == "employee_ref"
    assert engine.verify() == []


def test_a_case_opened_before_the_employee_was_hashed_is_checked_on_the_rest(
    engine: Engine,
) -> None:
    """Legacy logs: the opening report has no employee; the stored one is taken as it is."""
    _rechain(engine, "c-2", 1, lambda p: {k: v for k, v in p.items() if k != "employee_ref"})
    assert engine.verify() == []
    with engine.store.begin_write() as conn:
        _update(cases, "c-2", casemanager="cm-x")(conn)
    assert [(i.case_id, i.field) for i in engine.verify()] == [("c-2", "casemanager")]


def test_a_broken_chain_is_not_rebuilt(engine: Engine) -> None:
    with engine.store.begin_write() as conn:
        conn.execute(
            events.update()
            .where(events.c.case_id == "c-1", events.c.seq == 2)
            .values(actor="someone else")
        )
        _update(cases, casemanager="cm-x")(conn)
    [issue] = engine.verify()
    assert (issue.case_id, issue.kind) == ("c-1", "hash_mismatch")
    report = engine.rebuild()
    assert report.rebuilt == []
    assert [i.case_id for i in report.refused] == ["c-1"]
    assert engine.store.case_row("c-1").casemanager == "cm-x"  # left as found


# -- damaged rows (SQLite: text columns hold anything) -------------------------------------------

#: (table, column, where, raw value): values no typed query can decode.
DAMAGE: dict[str, tuple[str, str, str]] = {
    "malformed snapshot JSON": ("case_snapshots", "snapshot", "'{\"format\": 1,'"),
    "impossible first sick day": ("cases", "first_sick_day", "'2026-02-30'"),
    "impossible due date": ("case_deadlines", "due", "'2026-13-01'"),
    "malformed event payload": ("events", "payload", "'{\"effective\":'"),
    "impossible effective date": ("events", "effective", "'2026-02-31'"),
    "impossible recorded_at": ("events", "recorded_at", "'2026-04-31 10:00:00.000000'"),
}


def _sqlite_only(engine: Engine) -> None:
    if engine.store.dialect != "sqlite":
        pytest.skip("PostgreSQL's column types refuse these values")


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_damaged_row_is_a_finding_and_the_other_cases_are_checked(
    engine: Engine, name: str
) -> None:
    _sqlite_only(engine)
    table, column, raw = DAMAGE[name]
    with engine.store.begin_write() as conn:
        conn.exec_driver_sql(f"UPDATE {table} SET {column} = {raw} WHERE case_id = 'c-1'")
        _update(cases, "c-3", casemanager="cm-x")(conn)  # another case, tampered as well
    issues = engine.verify()
    by_case = {i.case_id: i for i in issues}
    assert set(by_case) == {"c-1", "c-3"}
    assert (by_case["c-1"].kind, by_case["c-1"].projection, by_case["c-1"].field) == (
        "unreadable_row",
        "snapshot" if table == "case_snapshots" else table,
        None if table == "case_snapshots" else column,
    )
    assert (by_case["c-3"].projection, by_case["c-3"].field) == ("cases", "casemanager")
    report = engine.rebuild()
    if table == "events":  # the log itself: nothing to rebuild from
        assert "c-1" in {i.case_id for i in report.refused}
        assert report.rebuilt == ["c-3"]
    else:
        assert sorted(report.rebuilt) == ["c-1", "c-3"]
        assert engine.verify() == []


def test_reading_a_damaged_row_is_an_integrity_error_not_a_crash(engine: Engine) -> None:
    _sqlite_only(engine)
    with engine.store.begin_write() as conn:
        conn.exec_driver_sql("UPDATE cases SET first_sick_day = '2026-02-30' WHERE case_id = 'c-1'")
        conn.exec_driver_sql("UPDATE events SET payload = '{' WHERE case_id = 'c-2' AND seq = 1")
    with pytest.raises(IntegrityViolationError, match="db rebuild"):
        engine.store.case_row("c-1")
    with pytest.raises(IntegrityViolationError, match="events"):
        engine.store.load("c-2")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.sampled_from(
        [("cases", "first_sick_day"), ("cases", "opened_at"), ("case_deadlines", "due"),
         ("case_snapshots", "snapshot"), ("events", "payload"), ("events", "effective"),
         ("cases", "closed"), ("case_deadlines", "status"), ("case_deadlines", "window_start")]
    ),
    raw=st.one_of(
        st.text(max_size=30), st.integers(-(2**63), 2**63 - 1), st.binary(max_size=8), st.floats()
    ),
)  # fmt: skip
def test_any_stored_value_is_read_or_reported_never_a_crash(
    engine: Engine, column: tuple[str, str], raw: object
) -> None:
    _sqlite_only(engine)
    table, name = column
    select = f"SELECT rowid, {name} FROM {table} WHERE case_id = 'c-2'"
    with engine.store.begin_write() as conn:
        saved = conn.exec_driver_sql(select).all()
        try:
            conn.exec_driver_sql(f"UPDATE {table} SET {name} = ? WHERE case_id = 'c-2'", (raw,))
        except sa.exc.IntegrityError:
            assume(False)  # a CHECK constraint refused the value: not stored, nothing to read
    try:
        issues = engine.verify()
    finally:
        with engine.store.begin_write() as conn:
            for rowid, value in saved:
                conn.exec_driver_sql(
                    f"UPDATE {table} SET {name} = ? WHERE rowid = ?", (value, rowid)
                )
    assert {i.case_id for i in issues} <= {"c-2"}


# -- anchors ------------------------------------------------------------------------------------


def _rechain(
    engine: Engine, case_id: str, seq: int, change: Callable[[dict[str, Any]], Any]
) -> None:
    """Rewrite one event's payload and recompute every hash after it, and the case's head."""
    with engine.store.begin_write() as conn:
        rows = (
            conn.execute(
                sa.select(events).where(events.c.case_id == case_id).order_by(events.c.seq)
            )
            .mappings()
            .all()
        )
        prev = GENESIS_HASH
        for row in rows:
            values = dict(row)
            if values["seq"] == seq:
                values["payload"] = change(dict(values["payload"]))
            fields = ("case_id", "seq", "type", "schema_version", "effective", "recorded_at",
                      "actor", "payload")  # fmt: skip
            digest = chain_hash(**{k: values[k] for k in fields}, prev_hash=prev)
            conn.execute(
                events.update()
                .where(events.c.id == values["id"])
                .values(payload=values["payload"], prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(cases.update().where(cases.c.case_id == case_id).values(head_hash=prev))


def test_a_rewrite_with_recomputed_hashes_is_caught_by_the_anchor(engine: Engine) -> None:
    anchor = engine.anchor(KEY)
    _rechain(engine, "c-1", 2, lambda p: {**p, "casemanager": "cm-evil"})
    engine.rebuild()  # the writer also fixes the projections: verify alone sees nothing
    assert engine.verify() == []
    assert engine.store.case_row("c-1").casemanager == "cm-evil"
    [issue] = engine.verify_anchor(KEY, anchor)
    assert (issue.case_id, issue.kind, issue.seq) == ("c-1", "anchor_rewritten", 3)


def test_a_truncated_log_is_caught_by_the_anchor(engine: Engine) -> None:
    anchor = engine.anchor(KEY)
    with engine.store.begin_write() as conn:
        conn.execute(events.delete().where(events.c.case_id == "c-1", events.c.seq == 3))
        head = conn.execute(
            sa.select(events.c.hash).where(events.c.case_id == "c-1", events.c.seq == 2)
        ).scalar_one()
        conn.execute(cases.update().where(_where(cases)).values(version=2, head_hash=head))
    engine.rebuild()
    assert engine.verify() == []
    [issue] = engine.verify_anchor(KEY, anchor)
    assert (issue.case_id, issue.kind, issue.seq) == ("c-1", "anchor_truncated", 3)


def test_a_deleted_case_is_caught_by_the_anchor(engine: Engine) -> None:
    anchor = engine.anchor(KEY)
    with engine.store.begin_write() as conn:
        _delete_every_row_of(conn, "c-2", with_events=True)
    assert engine.verify() == []
    [issue] = engine.verify_anchor(KEY, anchor)
    assert (issue.case_id, issue.kind) == ("c-2", "anchor_deleted")


def test_an_anchor_covers_what_existed_and_refuses_forgery_and_other_keys(
    engine: Engine, clock: FrozenClock
) -> None:
    anchor = engine.anchor(KEY)
    assert [c["case_id"] for c in anchor["cases"]] == ["c-1", "c-2", "c-3"]
    assert KEY.decode() not in str(anchor)
    engine.record("c-1", {"type": "plan_of_approach_agreed", "effective": "2026-04-15"},
                  actor="hr")  # fmt: skip
    engine.open_case("emp-4", D(2026, 4, 1), actor="hr", case_id="c-4")
    assert engine.verify_anchor(KEY, anchor) == []  # appending is not rewriting
    forged = {**anchor, "cases": [{**anchor["cases"][0], "seq": 1}, *anchor["cases"][1:]]}
    with pytest.raises(AnchorError) as err:
        engine.verify_anchor(KEY, forged)
    assert err.value.forged
    with pytest.raises(AnchorError) as err:
        engine.verify_anchor(b"another key of enough length", anchor)
    assert not err.value.forged
    assert "another key" in err.value.reason
    for bad in (None, [], {"format": "x"}, {**anchor, "format_version": 9}):
        with pytest.raises(AnchorError):
            engine.verify_anchor(KEY, bad)


def test_the_cli_key_minimum_is_the_store_s() -> None:
    from poortwachter.cli.integrity import MIN_KEY_BYTES as CLI_MINIMUM
    from poortwachter.store.anchor import MIN_KEY_BYTES

    assert CLI_MINIMUM == MIN_KEY_BYTES


# -- projection hooks: covered with no code of their own in verify or rebuild ------------------

_mirror = sa.Table(
    "test_mirror",
    sa.MetaData(),
    sa.Column("case_id", sa.String(), primary_key=True),
    sa.Column("state", sa.String(), nullable=False),
)


class _MirrorHook:
    """A stand-in for a hook such as the reminder outbox: one row per case."""

    name = "mirror"

    def write(self, conn: Connection, case_id: str, version: int, value: Any) -> None:
        conn.execute(_mirror.delete().where(_mirror.c.case_id == case_id))
        if value is not None:
            conn.execute(_mirror.insert().values(case_id=case_id, state=value))

    def read(self, conn: Connection, case_id: str) -> Any:
        query = sa.select(_mirror.c.state).where(_mirror.c.case_id == case_id)
        return conn.execute(query).scalar_one_or_none()


def test_a_projection_hook_is_verified_and_rebuilt(
    store_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from poortwachter.decision import Decision

    def extras(self: Decision) -> dict[str, Any]:
        return {"snapshot": self.snapshot, "mirror": self.projection.state}

    monkeypatch.setattr(Decision, "extras", extras)
    with Engine.open(store_url, clock=clock) as engine:
        _mirror.create(engine.store.engine)
        engine.store.hooks.append(_MirrorHook())
        _populate(engine, clock)
        assert engine.verify() == []
        with engine.store.begin_write() as conn:
            conn.execute(_mirror.update().where(_mirror.c.case_id == "c-2").values(state="x"))
            conn.execute(_mirror.delete().where(_mirror.c.case_id == "c-3"))
        found = [(i.case_id, i.kind, i.projection) for i in engine.verify()]
        assert found == [
            ("c-2", "projection_mismatch", "mirror"),
            ("c-3", "projection_mismatch", "mirror"),
        ]
        assert sorted(engine.rebuild().rebuilt) == ["c-2", "c-3"]
        assert engine.verify() == []


def test_a_rebuild_never_overwrites_a_newer_append(engine: Engine) -> None:
    from poortwachter.errors import ConcurrencyConflictError
    from poortwachter.verification import expected_projection

    [audit] = list(engine.store.audit("c-1"))
    stale = expected_projection(audit, engine.rules)
    engine.record("c-1", {"type": "plan_of_approach_agreed", "effective": "2026-04-15"},
                  actor="hr")  # fmt: skip
    with pytest.raises(ConcurrencyConflictError):
        engine.store.rewrite_projections("c-1", stale)
    assert engine.verify() == []


def test_an_append_that_straddled_midnight_is_not_a_finding(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine asks its clock for the day, then for the instant it stamps: across midnight
    the projection is as of the day before the stamp. That is no tampering, but the same
    difference on any other day is."""
    # 23:59:59.999999 in Amsterdam on 2026-04-14, the problem analysis's due day (F + 41).
    clock = FrozenClock(dt.datetime(2026, 4, 14, 21, 59, 59, 999999, tzinfo=dt.UTC))
    with Engine.open(store_url, clock=clock) as engine:
        engine.open_case("emp-1", D(2026, 3, 4), actor="hr", case_id="c-1")
        now = clock.now
        monkeypatch.setattr(clock, "now", lambda: now() + dt.timedelta(microseconds=1))
        engine.record("c-1", {"type": "casemanager_assigned", "effective": "2026-04-14",
                              "casemanager": "cm-a"}, actor="hr")  # fmt: skip
        assert engine.store.load("c-1")[-1].recorded_at.astimezone(AMSTERDAM).day == 15
        status = {d.kind: d.status for d in engine.store.case_row("c-1").open_deadlines}
        assert status["problem_analysis"] == "due"  # decided on the 14th; missed on the 15th
        assert engine.verify() == []
        with engine.store.begin_write() as conn:
            _update_action("problem_analysis", status="upcoming")(conn)
        assert [i.field for i in engine.verify()] == ["problem_analysis.status"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
_SIGNED = {
    "format": "poortwachter-anchor", "format_version": 1, "algorithm": "hmac-sha256",
    "created_at": "2026-12-02T07:00:00.000000+00:00",
    "cases": [{"case_id": "c-1", "seq": 3, "hash": "a" * 64}],
}  # fmt: skip


@given(document=_JSON)
def test_any_json_is_refused_as_an_anchor_with_a_reason(document: object) -> None:
    from poortwachter.store.anchor import verify_signature

    with pytest.raises(AnchorError) as err:
        verify_signature(KEY, document)
    assert err.value.reason


@given(member=st.sampled_from([*_SIGNED, "key_id", "signature"]), value=_JSON)
def test_a_changed_anchor_member_is_never_accepted(member: str, value: object) -> None:
    from poortwachter.store.anchor import anchor_document, verify_signature

    document = anchor_document(KEY, [("c-1", 3, "a" * 64)], dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    assert verify_signature(KEY, document) == [("c-1", 3, "a" * 64)]
    assume(document[member] != value)
    with pytest.raises(AnchorError):
        verify_signature(KEY, {**document, member: value})
