"""Append/load round trips, versions, projections and queries, on every backend."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from storetest_support import DAY0, SAMPLES, T0, day, filler, projection

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    InvalidEventError,
)
from poortwachter.events import EVENT_TYPES, EventBase, PlanEvaluated, SickReported
from poortwachter.store import (
    GENESIS_HASH,
    EventStore,
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
    _open(store, casemanager=None, next_deadline_due=None, next_deadline_kind=None)
    row = store.case_row("case-1")
    assert (row.case_id, row.version, row.casemanager, row.next_deadline_due) == (
        "case-1",
        1,
        None,
        None,
    )
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


def test_agenda_orders_filters_and_limits(store: EventStore) -> None:
    specs: dict[str, dict[str, Any]] = {
        "c1": {"casemanager": "ann", "next_deadline_due": day(10)},
        "c2": {"casemanager": "bob", "next_deadline_due": day(5)},
        "c3": {"casemanager": "ann", "next_deadline_due": day(5)},
        "c4": {"casemanager": "ann", "next_deadline_due": day(20)},
        "c5": {"casemanager": "ann", "next_deadline_due": day(1), "closed": True},
        "c6": {"casemanager": "ann", "next_deadline_due": None, "next_deadline_kind": None},
        "c7": {"casemanager": None, "next_deadline_due": day(7)},
    }
    for case_id, changes in specs.items():
        _open(store, case_id, **changes)

    def ids(**kwargs: object) -> list[str]:
        return [row.case_id for row in store.agenda_rows(**kwargs)]  # type: ignore[arg-type]

    assert ids() == ["c2", "c3", "c7", "c1", "c4"]
    assert ids(casemanager="ann") == ["c3", "c1", "c4"]
    assert ids(casemanager="ann", start=day(5), end=day(10)) == ["c3", "c1"]
    assert ids(start=day(6)) == ["c7", "c1", "c4"]
    assert ids(end=day(5)) == ["c2", "c3"]
    assert ids(limit=2) == ["c2", "c3"]
    assert ids(casemanager="nobody") == []
    row = store.agenda_rows(casemanager="bob")[0]
    assert (row.case_id, row.next_deadline_kind) == ("c2", "problem_analysis")
    assert row.casemanager == "bob"


def test_agenda_queries_use_the_indexes(store: EventStore) -> None:
    for i in range(30):
        _open(store, f"c{i:02}", casemanager=f"cm{i % 3}", next_deadline_due=day(i))
    with store.engine.connect() as conn:
        for casemanager, index in (("cm1", "ix_cases_agenda"), (None, "ix_cases_open_due")):
            query = (
                store_query(casemanager)
                .compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
                .string
            )
            if store.dialect == "sqlite":
                plan = " ".join(
                    str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}")
                )
                assert index in plan
                assert "TEMP B-TREE" not in plan  # ordered by the index, no sort
            else:
                # A 30-row table would be scanned whole; forbid that to see what the index can do.
                conn.exec_driver_sql("SET enable_seqscan = off")
                conn.exec_driver_sql("SET enable_bitmapscan = off")
                plan = " ".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {query}"))
                assert index in plan
                assert "Sort" not in plan


def store_query(casemanager: str | None) -> sa.Select[tuple[str]]:
    """The agenda query as :meth:`EventStore.agenda_rows` builds it (for EXPLAIN)."""
    from poortwachter.store.schema import cases

    query = sa.select(cases.c.case_id).where(
        cases.c.closed == sa.false(), cases.c.next_deadline_due.is_not(None)
    )
    if casemanager is not None:
        query = query.where(cases.c.casemanager == casemanager)
    return query.where(cases.c.next_deadline_due >= day(3)).order_by(
        cases.c.next_deadline_due, cases.c.case_id
    )


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
