"""Concurrent writers (threads and processes) and writers killed mid-transaction.

Every write carries a projection whose open deadlines derive from its ``state`` (see
``tagged_projection``), so after any race the ``case_deadlines`` rows must be exactly those of
the write that won last, with the ``cases`` row's copies.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import storetest_support
from storetest_support import (
    DOOMED,
    T0,
    append_with_retry,
    assert_deadlines_consistent,
    assert_tagged,
    filler,
    projection,
    stored_deadlines,
    tagged_projection,
)

from poortwachter.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    StoreUnavailableError,
)
from poortwachter.events import SickReported
from poortwachter.store import EventStore, head_revision

CASE = "case-1"
SPAWN = multiprocessing.get_context("spawn")


def _create(store: EventStore, case_id: str = CASE) -> None:
    store.append(
        case_id,
        [SickReported(effective=storetest_support.DAY0)],
        actor="setup",
        recorded_at=T0,
        expected_version=0,
        projection=projection(),
    )


def _assert_gapless(store: EventStore, total: int, case_id: str = CASE) -> None:
    loaded = store.load(case_id)
    assert [e.seq for e in loaded] == list(range(1, total + 1))
    assert store.version(case_id) == total
    assert store.case_row(case_id).version == total
    assert store.verify() == []
    assert_tagged(store, case_id)


def test_threads_append_gaplessly(store: EventStore) -> None:
    threads, per_thread = 8, 15
    _create(store)
    barrier = threading.Barrier(threads)
    with ThreadPoolExecutor(threads) as pool:
        futures = [
            pool.submit(
                append_with_retry, store, CASE, per_thread, f"thread-{t}", first_barrier=barrier
            )
            for t in range(threads)
        ]
        conflicts = sum(f.result() for f in futures)
    # All eight read version 1 before anyone appended: seven of them must lose that round.
    assert conflicts >= threads - 1
    _assert_gapless(store, 1 + threads * per_thread)
    actors = [e.actor for e in store.load(CASE)[1:]]
    assert sorted(actors) == sorted(
        f"thread-{t}" for t in range(threads) for _ in range(per_thread)
    )


def test_racing_creators_one_wins(store: EventStore) -> None:
    threads = 8
    barrier = threading.Barrier(threads)

    def create(t: int) -> str:
        barrier.wait()
        try:
            store.append(
                "fresh",
                [SickReported(effective=storetest_support.DAY0)],
                actor=f"creator-{t}",
                recorded_at=T0,
                expected_version=0,
                projection=projection(employee_ref=f"emp-{t}"),
            )
        except ConcurrencyConflictError as exc:
            return f"conflict {exc.expected_version}->{exc.actual_version}"
        return "won"

    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(create, range(threads)))
    assert sorted(outcomes) == ["conflict 0->1"] * (threads - 1) + ["won"]
    (event,) = store.load("fresh")
    assert store.case_row("fresh").employee_ref == f"emp-{event.actor.split('-')[1]}"
    _assert_gapless(store, 1, "fresh")


def test_racing_unchecked_appends_all_land(store: EventStore) -> None:
    threads = 8
    barrier = threading.Barrier(threads)

    def append(t: int) -> None:
        barrier.wait()
        store.append(
            "fresh",
            [filler(t)],
            actor=f"importer-{t}",
            recorded_at=T0,
            expected_version=None,
            projection=tagged_projection(f"importer-{t}"),
        )

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(append, range(threads)))
    # Unchecked appends rewrite the case's deadlines (no diff): the last writer's set remains.
    _assert_gapless(store, threads, "fresh")
    assert store.case_row("fresh").state == store.load("fresh")[-1].actor


def test_processes_append_gaplessly(store: EventStore, store_url: str) -> None:
    workers, per_worker = 4, 25
    _create(store)
    start = SPAWN.Event()
    out = SPAWN.Queue()
    procs = [
        SPAWN.Process(
            target=storetest_support.append_worker,
            args=(store_url, CASE, per_worker, f"proc-{w}", start, out),
        )
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    start.set()
    results = dict(out.get(timeout=120) for _ in procs)
    for proc in procs:
        proc.join(30)
    assert [p.exitcode for p in procs] == [0] * workers
    assert sorted(results) == [f"proc-{w}" for w in range(workers)]
    _assert_gapless(store, 1 + workers * per_worker)
    # Conflicts depend on scheduling here (the thread test pins them down); report, don't assert.
    print(f"conflicts across {workers} processes: {sum(results.values())}")


def test_processes_upgrade_concurrently(store_url: str) -> None:
    workers = 4
    start = SPAWN.Event()
    out = SPAWN.Queue()
    procs = [
        SPAWN.Process(target=storetest_support.upgrade_worker, args=(store_url, start, out))
        for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    start.set()
    revisions = [out.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)
    assert [p.exitcode for p in procs] == [0] * workers
    assert revisions == [head_revision()] * workers


def _kill_mid_append(
    store_url: str, expected_version: int | None, *, hang_at: str | None = "INSERT INTO events"
) -> int:
    """Start a big append in a child and SIGKILL it before it commits; return its batch size.

    ``hang_at``: the statement after which the child stops (``None``: kill it at a random
    moment instead).
    """
    size = 4000 if hang_at else 20000
    inside = SPAWN.Event()
    proc = SPAWN.Process(
        target=storetest_support.doomed_batch_worker,
        args=(store_url, CASE, expected_version, size, inside, hang_at),
    )
    proc.start()
    try:
        assert inside.wait(60), "the worker never reached its append"
        if not hang_at:
            # Give it a head start into the batch; either way it must be all or nothing.
            proc.join(0.2)
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
    finally:
        if proc.is_alive():  # pragma: no cover - only when the asserts above failed
            proc.kill()
    assert proc.exitcode in (-signal.SIGKILL, 0)
    return size


@pytest.mark.parametrize(
    ("checked", "hang_at"),
    [
        (True, "INSERT INTO events"),
        # A checked append writes only the changed deadlines: delete, update, then insert.
        (True, "DELETE FROM case_deadlines"),
        (True, "UPDATE case_deadlines"),
        (True, "INSERT INTO case_deadlines"),
        # An unchecked one deletes them all, then inserts.
        (False, "DELETE FROM case_deadlines"),
        (False, "INSERT INTO case_deadlines"),
    ],
)
def test_killed_writer_leaves_no_trace(
    store: EventStore, store_url: str, checked: bool, hang_at: str
) -> None:
    _create(store)
    append_with_retry(store, CASE, 2, "before")
    before = store.load(CASE)
    row_before = store.case_row(CASE)
    deadlines_before = stored_deadlines(store)
    # The doomed write must delete, update and insert deadline rows, or it never hangs.
    kinds_before = {d.kind for d in row_before.open_deadlines}
    kinds_doomed = {d.kind for d in DOOMED.open_deadlines}
    assert kinds_before - kinds_doomed
    assert kinds_before & kinds_doomed
    assert kinds_doomed - kinds_before

    _kill_mid_append(store_url, expected_version=3 if checked else None, hang_at=hang_at)

    assert store.load(CASE) == before
    assert store.case_row(CASE) == row_before
    assert stored_deadlines(store) == deadlines_before
    assert store.verify() == []
    # The lock died with the writer: the case takes appends again at the same version.
    append_with_retry(store, CASE, 1, "after")
    _assert_gapless(store, 4)


@pytest.mark.parametrize("hang_at", ["INSERT INTO events", "INSERT INTO case_deadlines"])
def test_killed_creator_leaves_no_case(store: EventStore, store_url: str, hang_at: str) -> None:
    _kill_mid_append(store_url, expected_version=0, hang_at=hang_at)
    with pytest.raises(CaseNotFoundError):
        store.load(CASE)
    assert list(store.iter_case_ids()) == []
    assert stored_deadlines(store) == []
    assert store.verify() == []
    _create(store)
    _assert_gapless(store, 1)


def test_writer_killed_at_a_random_moment_is_all_or_nothing(
    store: EventStore, store_url: str
) -> None:
    _create(store)
    size = _kill_mid_append(store_url, expected_version=1, hang_at=None)
    total = store.version(CASE)
    assert total in (1, 1 + size)
    print(f"killed writer: {'nothing' if total == 1 else 'everything'} was stored")
    row = store.case_row(CASE)
    assert (row.state == "doomed") == (total > 1)
    expected = DOOMED if total > 1 else projection()
    assert row.open_deadlines == expected.open_deadlines
    assert [r[1:4] for r in stored_deadlines(store)] == [
        (d.kind, d.due, d.status) for d in expected.open_deadlines
    ]
    assert_deadlines_consistent(store)
    assert [e.seq for e in store.load(CASE)] == list(range(1, total + 1))
    assert store.verify() == []


@pytest.mark.slow
def test_sqlite_writer_gives_up_after_busy_timeout(tmp_path: Path) -> None:
    """A write lock held longer than busy_timeout (5 s) fails the append cleanly."""
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with EventStore.open(url) as store:
        store.upgrade()
        _create(store)
        blocker = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            with pytest.raises(StoreUnavailableError, match="locked") as err:
                append_with_retry(store, CASE, 1, "late")
            assert isinstance(err.value.__cause__, sqlite3.OperationalError)
            assert "nothing was written" in str(err.value)
            assert time.monotonic() - started >= 4.5
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        _assert_gapless(store, 1)
