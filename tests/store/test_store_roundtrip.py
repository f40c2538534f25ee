"""Append/load round trips, versions, projections and queries, on every backend."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storetest_support import (
    DAY0,
    KINDS,
    SAMPLES,
    T0,
    assert_deadlines_consistent,
    day,
    deadline,
    filler,
    projection,
    stored_deadlines,
)

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    InvalidEventError,
)
from poortwachter.events import EVENT_TYPES, EventBase, PlanEvaluated, SickReported
from poortwachter.store import (
    GENESIS_HASH,
    AgendaRow,
    CaseProjection,
    EventStore,
    OpenDeadline,
    canonical_json,
    chain_hash,
    head_revision,
)
from poortwachter.store import event_store as event_store_module
from poortwachter.store.schema import metadata


def _open(store: EventStore, case_id: str = "case-1", **changes: Any) -> None:
    store.append(
        case_id,
        [SickReported(effective=DAY0)],
        actor="tester",
        recorded_at=T0,
        expected_version=0,
        projection=projection(**changes),
    )


def test_samples_cover_the_vocabulary() -> None:
    assert set(SAMPLES) == set(EVENT_TYPES), "add a sample of every new event type to SAMPLES"


def test_every_event_type_round_trips(store: EventStore) -> None:
    samples = list(SAMPLES.values())
    written = store.append(
        "case-1",
        samples,
        actor="casemanager:zoë",
        recorded_at=T0,
        expected_version=0,
        projection=projection(),
    )
    loaded = store.load("case-1")
    assert loaded == written
    assert [stored.event for stored in loaded] == samples
    assert [stored.seq for stored in loaded] == list(range(1, len(samples) + 1))
    for stored, event in zip(loaded, samples, strict=True):
        assert stored.type == event.type
        assert stored.effective == event.effective
        assert stored.payload == event.payload()
        assert stored.schema_version == type(event).schema_version
        assert stored.actor == "casemanager:zoë"
        assert stored.recorded_at == T0
        assert stored.recorded_at.utcoffset() == dt.timedelta(0)
    assert store.verify() == []


def test_seqs_and_hashes_chain_across_appends(store: EventStore) -> None:
    _open(store)
    for i in range(1, 4):
        batch = [filler(i * 10 + k) for k in range(i)]
        stored = store.append(
            "case-1",
            batch,
            actor="tester",
            recorded_at=T0 + dt.timedelta(hours=i),
            expected_version=store.version("case-1"),
            projection=projection(),
        )
        assert len(stored) == i
    loaded = store.load("case-1")
    assert [e.seq for e in loaded] == list(range(1, 8))
    assert store.version("case-1") == 7
    assert loaded[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(loaded):
        assert after.prev_hash == before.hash
    for e in loaded:
        assert e.hash == chain_hash(
            case_id=e.case_id,
            seq=e.seq,
            type=e.type,
            schema_version=e.schema_version,
            effective=e.effective,
            recorded_at=e.recorded_at,
            actor=e.actor,
            payload=e.payload,
            prev_hash=e.prev_hash,
        )


def test_cases_are_independent(store: EventStore) -> None:
    _open(store, "a")
    _open(store, "b")
    store.append(
        "a", [filler(1)], actor="t", recorded_at=T0, expected_version=1, projection=projection()
    )
    assert [e.seq for e in store.load("a")] == [1, 2]
    assert [e.seq for e in store.load("b")] == [1]
    assert store.load("a")[0].hash != store.load("b")[0].hash  # case_id is in the hash


def test_stale_expected_version_conflicts_and_writes_nothing(store: EventStore) -> None:
    _open(store)
    store.append(
        "case-1",
        [filler(1)],
        actor="t",
        recorded_at=T0,
        expected_version=1,
        projection=projection(),
    )
    with pytest.raises(ConcurrencyConflictError) as info:
        store.append(
            "case-1",
            [filler(2), filler(3)],
            actor="t",
            recorded_at=T0,
            expected_version=1,
            projection=projection(state="must-not-be-stored"),
        )
    assert (info.value.case_id, info.value.expected_version, info.value.actual_version) == (
        "case-1",
        1,
        2,
    )
    assert store.version("case-1") == 2
    assert len(store.load("case-1")) == 2
    assert store.case_row("case-1").state == "sick"


def test_version_zero_on_existing_case_conflicts(store: EventStore) -> None:
    _open(store)
    with pytest.raises(ConcurrencyConflictError) as info:
        _open(store)
    assert (info.value.expected_version, info.value.actual_version) == (0, 1)


def test_ahead_of_time_version_conflicts(store: EventStore) -> None:
    _open(store)
    with pytest.raises(ConcurrencyConflictError):
        store.append(
            "case-1",
            [filler(1)],
            actor="t",
            recorded_at=T0,
            expected_version=5,
            projection=projection(),
        )


def test_append_to_unknown_case_needs_version_zero(store: EventStore) -> None:
    with pytest.raises(CaseNotFoundError):
        store.append(
            "nope",
            [filler(1)],
            actor="t",
            recorded_at=T0,
            expected_version=3,
            projection=projection(),
        )
    assert list(store.iter_case_ids()) == []


def test_unchecked_append_creates_and_extends(store: EventStore) -> None:
    for i in range(3):
        store.append(
            "case-1",
            [filler(i)],
            actor="import",
            recorded_at=T0,
            expected_version=None,
            projection=projection(),
        )
    assert [e.seq for e in store.load("case-1")] == [1, 2, 3]


def test_projection_is_stored_with_the_events(store: EventStore) -> None:
    _open(
        store, casemanager=None, next_deadline_due=None, next_deadline_kind=None, open_deadlines=()
    )
    row = store.case_row("case-1")
    assert (row.case_id, row.version, row.casemanager, row.next_deadline_due) == (
        "case-1",
        1,
        None,
        None,
    )
    assert row.open_deadlines == ()
    assert stored_deadlines(store) == []
    assert row.opened_at == row.updated_at == T0
    later = T0 + dt.timedelta(days=3)
    store.append(
        "case-1",
        [filler(1), filler(2)],
        actor="t",
        recorded_at=later,
        expected_version=1,
        projection=projection(state="recovered", closed=True, next_deadline_due=day(99)),
    )
    row = store.case_row("case-1")
    assert row.version == 3
    assert (row.state, row.closed, row.next_deadline_due, row.casemanager) == (
        "recovered",
        True,
        day(99),
        "cm-a",
    )
    assert row.opened_at == T0
    assert row.updated_at == later
    assert row.open_deadlines == projection().open_deadlines
    assert CaseProjection.model_validate(row.model_dump(include=set(CaseProjection.model_fields)))
    assert_deadlines_consistent(store)


def _deadline_statements(store: EventStore, fn: Any) -> list[str]:
    """The writes to ``case_deadlines`` that ``fn`` sends (their first three words)."""
    seen: list[str] = []

    def grab(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        words = statement.split()[:3]
        if "case_deadlines" in words and words[0].upper() != "SELECT":
            seen.append(" ".join(words).upper())

    sa.event.listen(store.engine, "before_cursor_execute", grab)
    try:
        fn()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", grab)
    return seen


def test_open_deadlines_follow_every_append(store: EventStore) -> None:
    """Each append leaves exactly the projection's open deadlines, writing only what changed."""
    pa, uwv = deadline("problem_analysis", day(42)), deadline("uwv_sick_report", day(290))
    fye = deadline("first_year_evaluation", day(360))
    steps: list[tuple[CaseProjection, list[str]]] = [
        # Nothing changed: the lock read already told the store, nothing is written.
        (projection(open_deadlines=(pa, uwv)), []),
        # The probleemanalyse was missed: one row changes.
        (
            projection(open_deadlines=(pa.model_copy(update={"status": "missed"}), uwv)),
            ["UPDATE CASE_DEADLINES SET"],
        ),
        # It was done after all (gone), and the first-year evaluation comes into view.
        (
            projection(open_deadlines=(uwv, fye)),
            ["DELETE FROM CASE_DEADLINES", "INSERT INTO CASE_DEADLINES"],
        ),
        # A new casemanager and state: every row's copies change.
        (
            projection(open_deadlines=(uwv, fye), casemanager="cm-b", state="partially_resumed"),
            ["UPDATE CASE_DEADLINES SET"],
        ),
        # Nothing open any more.
        (projection(open_deadlines=()), ["DELETE FROM CASE_DEADLINES"]),
        (projection(open_deadlines=(fye,), closed=True), ["INSERT INTO CASE_DEADLINES"]),
    ]
    _open(store, open_deadlines=(pa, uwv))
    for number, (proj, statements) in enumerate(steps, start=2):

        def append(proj: CaseProjection = proj, number: int = number) -> None:
            store.append(
                "case-1",
                [filler(number)],
                actor="t",
                recorded_at=T0,
                expected_version=number - 1,
                projection=proj,
            )

        assert _deadline_statements(store, append) == statements, number
        row = store.case_row("case-1")
        assert row.open_deadlines == proj.open_deadlines
        assert [r[1:] for r in stored_deadlines(store)] == [
            (
                d.kind,
                d.due,
                d.status,
                proj.employee_ref,
                proj.state,
                proj.casemanager,
                proj.closed,
                d.window_start,
            )
            for d in proj.open_deadlines
        ]
    # An unchecked append (imports, repairs) does not diff: it rewrites the case's rows.
    statements = _deadline_statements(
        store,
        lambda: store.append(
            "case-1",
            [filler(99)],
            actor="t",
            recorded_at=T0,
            expected_version=None,
            projection=projection(open_deadlines=(pa, fye)),
        ),
    )
    assert statements == ["DELETE FROM CASE_DEADLINES", "INSERT INTO CASE_DEADLINES"]
    assert store.case_row("case-1").open_deadlines == (pa, fye)
    assert_deadlines_consistent(store)


def test_open_deadlines_are_validated_and_sorted() -> None:
    late, early = deadline("uwv_sick_report", day(290)), deadline("problem_analysis", day(42))
    same_day = deadline("plan_of_approach", day(42))
    proj = projection(open_deadlines=[late, same_day, early])
    assert proj.open_deadlines == (same_day, early, late)  # by (due, kind), as stored and read
    with pytest.raises(pydantic.ValidationError, match="one open deadline per kind"):
        projection(open_deadlines=(early, early.model_copy(update={"due": day(50)})))
    with pytest.raises(pydantic.ValidationError):
        OpenDeadline(kind="problem_analysis", due=day(1), status="met")  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError):
        OpenDeadline(kind="", due=day(1), status="due")


_deadline_sets = st.lists(
    st.builds(
        deadline,
        st.sampled_from(KINDS),
        st.integers(0, 800).map(day),
        st.sampled_from(["upcoming", "due", "missed"]),
    ),
    max_size=len(KINDS),
    unique_by=lambda d: d.kind,
)
_projections = st.builds(
    lambda deadlines, state, casemanager, closed: projection(
        open_deadlines=deadlines, state=state, casemanager=casemanager, closed=closed
    ),
    _deadline_sets,
    st.sampled_from(["sick", "partially_resumed"]),
    st.sampled_from([None, "cm-a", "cm-b"]),
    st.booleans(),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(st.tuples(_projections, st.booleans()), min_size=1, max_size=6),
)
def test_any_sequence_of_projections_leaves_the_last(
    store: EventStore, steps: list[tuple[CaseProjection, bool]]
) -> None:
    case_id = f"case-{uuid.uuid4().hex[:8]}"
    for version, (proj, checked) in enumerate(steps):
        store.append(
            case_id,
            [filler(version)],
            actor="prop",
            recorded_at=T0,
            expected_version=version if checked else None,
            projection=proj,
        )
        assert store.case_row(case_id).open_deadlines == proj.open_deadlines
        assert [r[1:4] for r in stored_deadlines(store, case_id)] == [
            (d.kind, d.due, d.status) for d in proj.open_deadlines
        ]
    assert_deadlines_consistent(store)


def test_unknown_case_raises(store: EventStore) -> None:
    with pytest.raises(CaseNotFoundError):
        store.load("nope")
    with pytest.raises(CaseNotFoundError):
        store.version("nope")
    with pytest.raises(CaseNotFoundError):
        store.case_row("nope")
    with pytest.raises(CaseNotFoundError):
        store.verify("nope")


def test_recorded_up_to_filters_inclusively(store: EventStore) -> None:
    _open(store)
    for hours in (1, 2, 3):
        store.append(
            "case-1",
            [filler(hours)],
            actor="t",
            recorded_at=T0 + dt.timedelta(hours=hours),
            expected_version=store.version("case-1"),
            projection=projection(),
        )
    assert [e.seq for e in store.load("case-1", recorded_up_to=T0 + dt.timedelta(hours=2))] == [
        1,
        2,
        3,
    ]
    assert [
        e.seq for e in store.load("case-1", recorded_up_to=T0 + dt.timedelta(hours=2, seconds=-1))
    ] == [1, 2]
    assert store.load("case-1", recorded_up_to=T0 - dt.timedelta(microseconds=1)) == []
    # The cut-off may be given in any zone: 10:00 in Amsterdam (winter) is 09:00 UTC = T0.
    amsterdam = dt.datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert [e.seq for e in store.load("case-1", recorded_up_to=amsterdam)] == [1]
    with pytest.raises(InvalidEventError):
        store.load("case-1", recorded_up_to=dt.datetime(2026, 1, 5))  # noqa: DTZ001


def test_recorded_at_is_stored_as_utc_with_microseconds(store: EventStore) -> None:
    local = dt.datetime(2026, 7, 1, 14, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Amsterdam"))
    (written,) = store.append(
        "case-1",
        [SickReported(effective=DAY0)],
        actor="t",
        recorded_at=local,
        expected_version=0,
        projection=projection(),
    )
    (loaded,) = store.load("case-1")
    assert loaded.recorded_at == dt.datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)
    assert loaded.recorded_at.tzinfo == dt.UTC
    assert loaded == written
    assert store.verify() == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"recorded_at": dt.datetime(2026, 1, 5)}, "recorded_at"),  # noqa: DTZ001
        ({"actor": ""}, "actor"),
        ({"actor": " padded "}, "actor"),
        ({"case_id": ""}, "case_id"),
    ],
)
def test_bad_envelope_is_refused(store: EventStore, kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "case_id": "case-1",
        "events": [SickReported(effective=DAY0)],
        "actor": "t",
        "recorded_at": T0,
        "expected_version": 0,
        "projection": projection(),
    }
    args.update(kwargs)
    with pytest.raises(InvalidEventError) as info:
        store.append(**args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert list(store.iter_case_ids()) == []


def test_foreign_event_class_is_refused(store: EventStore) -> None:
    class Homebrew(EventBase):
        type: str = "homebrew"

    with pytest.raises(InvalidEventError) as info:
        store.append(
            "case-1",
            [SickReported(effective=DAY0), Homebrew(effective=DAY0)],
            actor="t",
            recorded_at=T0,
            expected_version=0,
            projection=projection(),
        )
    assert info.value.index == 1
    assert list(store.iter_case_ids()) == []


def test_empty_append_is_a_no_op(store: EventStore) -> None:
    assert (
        store.append(
            "case-1", [], actor="t", recorded_at=T0, expected_version=0, projection=projection()
        )
        == []
    )
    assert list(store.iter_case_ids()) == []


def _agenda_case(
    store: EventStore, case_id: str, casemanager: str | None, *deadlines: OpenDeadline, **kw: Any
) -> None:
    _open(
        store,
        case_id,
        employee_ref=f"emp-{case_id}",
        casemanager=casemanager,
        open_deadlines=deadlines,
        next_deadline_due=min((d.due for d in deadlines), default=None),
        next_deadline_kind=min(deadlines, key=lambda d: (d.due, d.kind)).kind
        if deadlines
        else None,
        **kw,
    )


def test_agenda_shows_every_open_action(store: EventStore) -> None:
    # c1 missed its probleemanalyse and never recorded it: the later actions still show.
    _agenda_case(
        store,
        "c1",
        "ann",
        deadline("problem_analysis", day(3), "missed"),
        deadline("first_year_evaluation", day(50)),
        deadline("uwv_sick_report", day(40)),
    )
    _agenda_case(store, "c2", "bob", deadline("problem_analysis", day(5), "due"))
    # Two actions of one case on one day: ordered by kind.
    _agenda_case(
        store,
        "c3",
        "ann",
        deadline("uwv_sick_report", day(5)),
        deadline("plan_of_approach", day(5)),
    )
    _agenda_case(store, "c4", "ann", deadline("problem_analysis", day(1)), closed=True)
    _agenda_case(store, "c5", "ann")  # nothing open
    _agenda_case(store, "c6", None, deadline("wia_application", day(7)))

    def items(**kwargs: Any) -> list[tuple[str, str]]:
        return [(row.case_id, row.kind) for row in store.agenda_rows(**kwargs)]

    everything = [
        ("c1", "problem_analysis"),
        ("c2", "problem_analysis"),
        ("c3", "plan_of_approach"),
        ("c3", "uwv_sick_report"),
        ("c6", "wia_application"),
        ("c1", "uwv_sick_report"),
        ("c1", "first_year_evaluation"),
    ]
    assert items() == everything
    ann = [
        ("c1", "problem_analysis"),
        ("c3", "plan_of_approach"),
        ("c3", "uwv_sick_report"),
        ("c1", "uwv_sick_report"),
        ("c1", "first_year_evaluation"),
    ]
    assert items(casemanager="ann") == ann
    # Overdue and upcoming together: "everything due by day 45", the missed one included.
    assert items(casemanager="ann", end=day(45)) == ann[:4]
    assert items(casemanager="ann", start=day(4), end=day(10)) == ann[1:3]
    assert items(start=day(6)) == everything[4:]
    assert items(end=day(5)) == everything[:4]
    assert items(start=day(5), end=day(5)) == everything[1:4]  # both ends inclusive
    assert items(limit=2) == everything[:2]
    assert items(casemanager="ann", start=day(4), limit=1) == ann[1:2]
    assert items(casemanager="nobody") == []
    assert store.agenda_rows(casemanager="ann", limit=1) == [
        AgendaRow("c1", "emp-c1", "ann", "sick", day(3), "problem_analysis", "missed")
    ]
    assert store.agenda_rows(casemanager="bob")[0].status == "due"


def test_agenda_follows_appends(store: EventStore) -> None:
    pa, fye = (
        deadline("problem_analysis", day(3), "missed"),
        deadline("first_year_evaluation", day(50)),
    )
    _agenda_case(store, "c1", "ann", pa, fye)
    _agenda_case(store, "c2", "ann", deadline("problem_analysis", day(4)))

    def ids(**kwargs: Any) -> list[tuple[str, str, str | None]]:
        return [(r.case_id, r.kind, r.casemanager) for r in store.agenda_rows(**kwargs)]

    def append(version: int, **changes: Any) -> None:
        store.append(
            "c1",
            [filler(version)],
            actor="t",
            recorded_at=T0,
            expected_version=version,
            projection=projection(employee_ref="emp-c1", **changes),
        )

    append(1, casemanager="bob", open_deadlines=(pa, fye))  # handed over to bob
    assert ids(casemanager="ann") == [("c2", "problem_analysis", "ann")]
    assert ids(casemanager="bob") == [
        ("c1", "problem_analysis", "bob"),
        ("c1", "first_year_evaluation", "bob"),
    ]
    append(2, casemanager="bob", open_deadlines=(fye,))  # the analysis is recorded after all
    assert ids(casemanager="bob") == [("c1", "first_year_evaluation", "bob")]
    append(3, casemanager="bob", open_deadlines=(fye,), closed=True, state="closed")
    assert ids() == [("c2", "problem_analysis", "ann")]
    # A closed case's rows stay (marked closed) but never show on the agenda.
    assert [r[1:] for r in stored_deadlines(store, "c1")] == [
        ("first_year_evaluation", day(50), "upcoming", "emp-c1", "closed", "bob", True, None)
    ]


def _captured(store: EventStore, fn: Any) -> tuple[str, Any]:
    """The one statement (as the driver received it) and its parameters that ``fn`` sends."""
    seen: list[tuple[str, Any]] = []

    def grab(_c: Any, _cur: Any, statement: str, parameters: Any, *_args: Any) -> None:
        seen.append((statement, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", grab)
    try:
        fn()
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", grab)
    assert len(seen) == 1, seen
    return seen[0]


@pytest.mark.parametrize("casemanager", ["cm1", None])
@pytest.mark.parametrize(("start", "end"), [(None, None), (3, None), (None, 40), (3, 40)])
@pytest.mark.parametrize("limit", [None, 5])
def test_agenda_queries_use_the_indexes(
    store: EventStore,
    casemanager: str | None,
    start: int | None,
    end: int | None,
    limit: int | None,
) -> None:
    """The statements agenda_rows sends are one range of the right index, never sorted."""
    for i in range(30):
        _agenda_case(
            store,
            f"c{i:02}",
            f"cm{i % 3}",
            *(deadline(kind, day(i + 7 * k)) for k, kind in enumerate(KINDS[: i % 5 + 1])),
            closed=i % 7 == 0,
        )
    with store.begin_write() as conn:
        conn.exec_driver_sql("ANALYZE")  # as a live database would have: fair index choices
    index = "ix_case_deadlines_agenda" if casemanager else "ix_case_deadlines_open_due"
    statement, parameters = _captured(
        store,
        lambda: store.agenda_rows(
            casemanager=casemanager,
            start=None if start is None else day(start),
            end=None if end is None else day(end),
            limit=limit,
        ),
    )
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = " ".join(str(row[-1]) for row in rows)
            # Covering since revision 0003: the agenda never visits the table.
            assert f"USING COVERING INDEX {index}" in plan, plan
            assert "TEMP B-TREE" not in plan, plan  # ordered by the index, no sort
            assert "cases" not in plan.replace("case_deadlines", ""), plan  # no join
        else:
            # A small table would be scanned whole; forbid that to see what the index can do.
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_bitmapscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
            plan = " ".join(row[0] for row in rows)
            assert f"Index Only Scan using {index}" in plan, plan  # covering (0003)
            assert "Sort" not in plan, plan
            assert "Join" not in plan, plan
            assert "Nested Loop" not in plan, plan
            conn.rollback()


def test_iter_case_ids_pages_through_everything(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_store_module, "_STREAM_BATCH", 3)
    expected = [f"case-{i:02}" for i in range(10)]
    for case_id in reversed(expected):
        _open(store, case_id, closed=case_id.endswith(("3", "7")))
    assert list(store.iter_case_ids()) == expected
    assert list(store.iter_case_ids(include_closed=False)) == [
        c for c in expected if not c.endswith(("3", "7"))
    ]


def test_upgrade_is_idempotent_and_matches_the_schema_module(store: EventStore) -> None:
    assert store.current_revision() == head_revision()
    store.upgrade()
    assert store.current_revision() == head_revision()
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_sqlite_pragmas(tmp_path: object) -> None:
    store = EventStore.open(f"sqlite:///{tmp_path}/p.db")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_in_memory_sqlite_works_for_quick_use() -> None:
    with EventStore.open("sqlite://") as store:
        store.upgrade()
        _open(store)
        assert store.version("case-1") == 1
        assert store.verify() == []


def test_hash_ignores_payload_key_order() -> None:
    kwargs = {
        "case_id": "c",
        "seq": 1,
        "type": "plan_evaluated",
        "schema_version": 1,
        "effective": DAY0,
        "recorded_at": T0,
        "actor": "a",
        "prev_hash": GENESIS_HASH,
    }
    a = chain_hash(payload={"type": "plan_evaluated", "effective": "2026-01-05"}, **kwargs)  # type: ignore[arg-type]
    b = chain_hash(payload={"effective": "2026-01-05", "type": "plan_evaluated"}, **kwargs)  # type: ignore[arg-type]
    assert a == b


def test_hash_encoding_is_pinned() -> None:
    """The canonical encoding is a public contract (auditors recompute it): never change it."""
    event = PlanEvaluated(effective=DAY0)
    assert (
        chain_hash(
            case_id="case-1",
            seq=1,
            type=event.type,
            schema_version=1,
            effective=event.effective,
            recorded_at=T0,
            actor="tester",
            payload=event.payload(),
            prev_hash=GENESIS_HASH,
        )
        == PINNED_HASH
    )
    assert (
        canonical_json(
            case_id="case-1",
            seq=1,
            type=event.type,
            schema_version=1,
            effective=event.effective,
            recorded_at=T0,
            actor="tester",
            payload=event.payload(),
        )
        == PINNED_TEXT
    )


PINNED_TEXT = (
    '{"actor":"tester","case_id":"case-1","effective":"2026-01-05",'
    '"payload":{"effective":"2026-01-05","type":"plan_evaluated"},'
    '"recorded_at":"2026-01-05T09:00:00.000000+00:00","schema_version":1,"seq":1,'
    '"type":"plan_evaluated"}'
)
# sha256(PINNED_TEXT + 64 zeros), computed independently with hashlib.
PINNED_HASH = "4875c508bf24b05a7b58691677d43c0f4945d54037cf1a63ad7a64ead31cc0c5"
