"""Tampering behind the store's back (raw SQL) is found by ``verify`` at the right seq."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storetest_support import SAMPLES, T0, day, filler, projection

from poortwachter.errors import IntegrityViolationError
from poortwachter.events import SickReported
from poortwachter.store import EventStore, IntegrityIssue, StoredEvent, chain_hash
from poortwachter.store import event_store as event_store_module
from poortwachter.store.schema import case_deadlines, cases, events

CASE = "case-1"
N = 5


def _build(store: EventStore, case_id: str = CASE) -> list[StoredEvent]:
    written = store.append(
        case_id,
        [SickReported(effective=day(0))],
        actor="t",
        recorded_at=T0,
        expected_version=0,
        projection=projection(),
    )
    for seq in range(2, N + 1):
        written += store.append(
            case_id,
            [filler(seq)],
            actor=f"actor-{seq}",
            recorded_at=T0 + dt.timedelta(hours=seq),
            expected_version=seq - 1,
            projection=projection(),
        )
    assert store.verify() == []
    return written


def _raw(store: EventStore, *statements: sa.Executable) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(statement)


def _at(seq: int, case_id: str = CASE) -> sa.ColumnElement[bool]:
    return sa.and_(events.c.case_id == case_id, events.c.seq == seq)


def _forged_row(
    case_id: str, seq: int, prev_hash: str, *, valid_hash: bool = True
) -> dict[str, Any]:
    event = filler(99)
    row: dict[str, Any] = {
        "case_id": case_id,
        "seq": seq,
        "type": event.type,
        "schema_version": 1,
        "effective": event.effective,
        "recorded_at": T0 + dt.timedelta(days=9),
        "actor": "mallory",
        "payload": event.payload(),
        "prev_hash": prev_hash,
    }
    row["hash"] = chain_hash(**row) if valid_hash else "f" * 64
    return row


def _shift_up_from(seq: int) -> list[sa.Executable]:
    """Renumber seq >= ``seq`` one up, without tripping UNIQUE(case_id, seq) midway."""
    return [
        events.update()
        .where(events.c.case_id == CASE, events.c.seq >= seq)
        .values(seq=events.c.seq + 1000),
        events.update()
        .where(events.c.case_id == CASE, events.c.seq >= 1000)
        .values(seq=events.c.seq - 999),
    ]


Tamper = Callable[[EventStore, list[StoredEvent]], None]


def edit_payload(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(
        store,
        events.update().where(_at(3)).values(payload={**log[2].payload, "effective": "2030-01-01"}),
    )


def edit_recorded_at(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(
        store,
        events.update()
        .where(_at(2))
        .values(recorded_at=log[1].recorded_at - dt.timedelta(days=30)),
    )


def edit_effective(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.update().where(_at(4)).values(effective=day(1)))


def edit_actor(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.update().where(_at(5)).values(actor="somebody-else"))


def edit_type(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.update().where(_at(1)).values(type="recovered"))


def edit_schema_version(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.update().where(_at(3)).values(schema_version=2))


def edit_payload_and_rehash(store: EventStore, log: list[StoredEvent]) -> None:
    """A forger who knows the algorithm re-hashes the edited event: the next link breaks."""
    edited = log[2].model_copy(update={"payload": {**log[2].payload, "effective": "2030-01-01"}})
    fields = edited.model_dump(exclude={"hash"})
    _raw(
        store,
        events.update().where(_at(3)).values(payload=edited.payload, hash=chain_hash(**fields)),
    )


def delete_middle(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.delete().where(_at(3)))


def delete_first(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.delete().where(_at(1)))


def delete_last(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.delete().where(_at(5)))


def delete_and_renumber(store: EventStore, log: list[StoredEvent]) -> None:
    """Remove seq 3 and close the gap: no seq is missing, the chain still breaks at 3."""
    _raw(
        store,
        events.delete().where(_at(3)),
        events.update()
        .where(events.c.case_id == CASE, events.c.seq > 3)
        .values(seq=events.c.seq + 1000),
        events.update()
        .where(events.c.case_id == CASE, events.c.seq > 1000)
        .values(seq=events.c.seq - 1001),
        cases.update().where(cases.c.case_id == CASE).values(version=N - 1),
    )


def swap_seqs(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(
        store,
        events.update().where(_at(2)).values(seq=1002),
        events.update().where(_at(4)).values(seq=2),
        events.update().where(_at(1002)).values(seq=4),
    )


def swap_neighbours(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(
        store,
        events.update().where(_at(3)).values(seq=1003),
        events.update().where(_at(4)).values(seq=3),
        events.update().where(_at(1003)).values(seq=4),
    )


def insert_forged_junk_hash(store: EventStore, log: list[StoredEvent]) -> None:
    """A forged event at seq 3 whose hash is made up: it is caught at itself."""
    _raw(
        store,
        *_shift_up_from(3),
        events.insert().values(_forged_row(CASE, 3, log[1].hash, valid_hash=False)),
    )
    _raw(store, cases.update().where(cases.c.case_id == CASE).values(version=N + 1))


def insert_forged_valid_hash(store: EventStore, log: list[StoredEvent]) -> None:
    """A forged event at seq 3 with a correct link: caught at the event after it."""
    _raw(store, *_shift_up_from(3), events.insert().values(_forged_row(CASE, 3, log[1].hash)))
    _raw(store, cases.update().where(cases.c.case_id == CASE).values(version=N + 1))


def append_forged_at_end(store: EventStore, log: list[StoredEvent]) -> None:
    """A perfectly chained extra event, but the case's version was not bumped."""
    _raw(store, events.insert().values(_forged_row(CASE, N + 1, log[-1].hash)))


def rehash_tail(store: EventStore, log: list[StoredEvent]) -> None:
    """Edit seq 3 and recompute every hash after it: only the case's head hash gives it away."""
    prev = log[1].hash
    statements: list[sa.Executable] = []
    for stored in log[2:]:
        fields = stored.model_dump(exclude={"hash", "prev_hash"})
        if stored.seq == 3:
            fields["payload"] = {**stored.payload, "effective": "2030-01-01"}
        digest = chain_hash(**fields, prev_hash=prev)
        statements.append(
            events.update()
            .where(_at(stored.seq))
            .values(payload=fields["payload"], prev_hash=prev, hash=digest)
        )
        prev = digest
    _raw(store, *statements)


def truncate_and_fix_version(store: EventStore, log: list[StoredEvent]) -> None:
    """Remove the last event and lower the version to match: the head hash still disagrees."""
    _raw(
        store,
        events.delete().where(_at(5)),
        cases.update().where(cases.c.case_id == CASE).values(version=N - 1),
    )


def edit_prev_hash(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.update().where(_at(4)).values(prev_hash="0" * 64))


def delete_case_row(store: EventStore, log: list[StoredEvent]) -> None:
    """The case's deadline rows first: their foreign key protects the case row."""
    _raw(
        store,
        case_deadlines.delete().where(case_deadlines.c.case_id == CASE),
        cases.delete().where(cases.c.case_id == CASE),
    )


def bump_version(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, cases.update().where(cases.c.case_id == CASE).values(version=N + 2))


def delete_all_events(store: EventStore, log: list[StoredEvent]) -> None:
    _raw(store, events.delete().where(events.c.case_id == CASE))


@pytest.mark.parametrize(
    ("tamper", "seq", "kind"),
    [
        (edit_payload, 3, "hash_mismatch"),
        (edit_recorded_at, 2, "hash_mismatch"),
        (edit_effective, 4, "hash_mismatch"),
        (edit_actor, 5, "hash_mismatch"),
        (edit_type, 1, "hash_mismatch"),
        (edit_schema_version, 3, "hash_mismatch"),
        (edit_payload_and_rehash, 4, "prev_hash_mismatch"),
        (edit_prev_hash, 4, "prev_hash_mismatch"),
        (delete_middle, 3, "seq_gap"),
        (delete_first, 1, "seq_gap"),
        (delete_last, 5, "version_mismatch"),
        (delete_and_renumber, 3, "prev_hash_mismatch"),
        (swap_seqs, 2, "prev_hash_mismatch"),
        (swap_neighbours, 3, "prev_hash_mismatch"),
        (insert_forged_junk_hash, 3, "hash_mismatch"),
        (insert_forged_valid_hash, 4, "prev_hash_mismatch"),
        (append_forged_at_end, 6, "version_mismatch"),
        (rehash_tail, 5, "head_hash_mismatch"),
        (truncate_and_fix_version, 4, "head_hash_mismatch"),
        (bump_version, 6, "version_mismatch"),
        (delete_all_events, 1, "version_mismatch"),
        (delete_case_row, None, "orphan_events"),
    ],
)
def test_verify_reports_the_first_broken_link(
    store: EventStore, tamper: Tamper, seq: int | None, kind: str
) -> None:
    log = _build(store)
    _build(store, "bystander")
    tamper(store, log)
    issues = store.verify()
    assert [(i.case_id, i.seq, i.kind) for i in issues] == [(CASE, seq, kind)], issues
    assert store.verify(CASE) == issues
    assert store.verify("bystander") == []
    assert str(issues[0]).startswith(f"case '{CASE}'")


def test_only_the_first_break_per_case_is_reported(store: EventStore) -> None:
    log = _build(store)
    other = _build(store, "case-2")
    edit_actor(store, log)  # seq 5
    edit_payload(store, log)  # seq 3
    _raw(store, events.delete().where(_at(2, "case-2")))
    issues = store.verify()
    assert [(i.case_id, i.seq, i.kind) for i in issues] == [
        (CASE, 3, "hash_mismatch"),
        ("case-2", 2, "seq_gap"),
    ]
    assert other[1].seq == 2


def test_issue_converts_to_the_typed_error() -> None:
    issue = IntegrityIssue(case_id="c", seq=3, kind="hash_mismatch", detail="changed")
    error = issue.to_error()
    assert isinstance(error, IntegrityViolationError)
    assert (error.case_id, error.seq, error.reason) == ("c", 3, "hash_mismatch: changed")


def test_append_after_a_lost_head_keeps_the_gap_visible(store: EventStore) -> None:
    """Appends chain onto the case's head hash, so a removed last event stays a visible gap."""
    log = _build(store)
    delete_last(store, log)
    (added,) = store.append(
        CASE, [filler(1)], actor="t", recorded_at=T0, expected_version=N, projection=projection()
    )
    assert (added.seq, added.prev_hash) == (N + 1, log[-1].hash)
    assert [(i.seq, i.kind) for i in store.verify()] == [(N, "seq_gap")]


def test_append_refuses_a_log_that_runs_past_its_version(store: EventStore) -> None:
    log = _build(store)
    append_forged_at_end(store, log)
    with pytest.raises(IntegrityViolationError) as info:
        store.append(
            CASE,
            [filler(1)],
            actor="t",
            recorded_at=T0,
            expected_version=N,
            projection=projection(),
        )
    assert info.value.seq == N + 1
    assert store.version(CASE) == N


def test_deadline_rows_need_their_case_row(store: EventStore) -> None:
    _build(store)
    with pytest.raises(sa.exc.IntegrityError):
        _raw(store, cases.delete().where(cases.c.case_id == CASE))
    with pytest.raises(sa.exc.IntegrityError):
        _raw(
            store,
            case_deadlines.insert().values(
                case_id="nobody",
                kind="problem_analysis",
                due=day(42),
                status="upcoming",
                employee_ref="emp-x",
                state="sick",
                casemanager=None,
                closed=False,
            ),
        )
    assert store.verify() == []


def test_verify_of_an_empty_store_is_clean(store: EventStore) -> None:
    assert store.verify() == []


def test_verify_streams_across_page_boundaries(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_store_module, "_STREAM_BATCH", 3)
    logs = {case_id: _build(store, case_id) for case_id in ("a", "b", "c", "d")}
    _raw(store, events.update().where(_at(4, "b")).values(actor="x"))
    _raw(store, events.delete().where(_at(2, "d")))
    assert [(i.case_id, i.seq, i.kind) for i in store.verify()] == [
        ("b", 4, "hash_mismatch"),
        ("d", 2, "seq_gap"),
    ]
    assert len(logs) == 4


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    batches=st.lists(
        st.lists(st.sampled_from(sorted(SAMPLES)), min_size=1, max_size=4), max_size=6
    ),
    victim=st.integers(min_value=0),
)
def test_any_log_verifies_and_any_single_edit_is_caught(
    batches: list[list[str]], victim: int
) -> None:
    with EventStore.open("sqlite://") as store:
        store.upgrade()
        version = 0
        for hours, batch in enumerate(batches):
            stored = store.append(
                CASE,
                [SAMPLES[name] for name in batch],
                actor="prop",
                recorded_at=T0 + dt.timedelta(hours=hours),
                expected_version=version,
                projection=projection(),
            )
            version = stored[-1].seq
        assert store.verify() == []
        if version == 0:
            return
        assert [e.seq for e in store.load(CASE)] == list(range(1, version + 1))
        seq = victim % version + 1
        _raw(store, events.update().where(_at(seq)).values(actor="edited"))
        assert [(i.seq, i.kind) for i in store.verify()] == [(seq, "hash_mismatch")]
