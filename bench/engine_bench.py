"""Benchmark: the Engine's costs as a case grows, against the raw driver, in the same run.

Run: ``python bench/engine_bench.py [--pg URL] [--cases N] [--rounds R] [--profile]``
(``make bench`` runs it on SQLite). Not part of the tests. It uses only the public API of
``Engine`` (``open``, ``open_case``, ``record``, ``record_many``, ``replay``, ``agenda``), so it
keeps working while the engine's internals change; see ``bench/README.md``.

1. **record**: ``Engine.record`` of one in-order ``plan_evaluated`` (effective on the day after
   the case's last event, the common case) on a 2,000-event case against the same on a
   10-event case. The long case is built through ``record_many`` (three events a day for about
   two years: ``plan_evaluated``, ``casemanager_assigned``, ``work_partially_resumed``) with an
   injected ``FrozenClock``. Each short case takes one event per round, so it is recorded on
   at 10 events every time. Aim: ≤ 2×.
2. **replay**: ``Engine.replay`` of a 1,000-event case (built the same way) against the raw
   driver (``sqlite3``/``psycopg``): ``SELECT … FROM events WHERE case_id = ? ORDER BY seq``
   and ``json.loads`` of every payload. Aim: ≤ 3×.
3. **agenda**: ``Engine.agenda(casemanager, start, end)`` (two weeks, one casemanager of 20)
   over ``--cases`` open cases against the raw driver queries of the same eight columns of
   ``case_deadlines``: every overdue action, then the period, then the actions with a window
   (eerstejaarsevaluatie, actueel oordeel) due up to the longest window after it (the engine
   keeps those whose window opens in the period; it
   adds per row the working day to plan on, the planning status and the labels; the window
   start is a column since revision 0006). Timed a second time for the
   regular period rows alone against the period query alone. The cases are
   bulk-loaded (``--agenda-load bulk``, default): for each case the events
   ``Engine.open_case`` writes (plus a probleemanalyse and a plan van aanpak for two thirds of
   them), hash-chained with ``poortwachter.store.chain_hash``, and the projection rows the
   engine derives from them (state from the public workflow fold, deadlines from
   ``compute_deadlines``, the open legal actions as ``case_deadlines`` rows), inserted with
   SQLAlchemy Core ``executemany`` into ``events``, ``cases`` and ``case_deadlines``. Before
   loading, a handful of cases is made through ``Engine.open_case`` and ``record_many`` and
   their stored rows are compared column by column with what the loader writes for the same
   input; any difference stops the bench. ``--agenda-load engine`` loads every case through
   ``Engine.open_case``/``record_many`` instead (public API only; slow). Aim: ≤ 2×.
4. **cli**: CPU time of ``poortwachter deadlines examples/relapse-case.json`` (a subprocess)
   against ``python -c "import typer, pydantic"``, from ``resource.getrusage(RUSAGE_CHILDREN)``
   deltas (user + system). Aim: ≤ 2×.

Every measurement: ``--rounds`` rounds (at least 5), the two sides taking turns (A B A B …),
min/median/max per operation and the per-round ratio. Timer: CPU time of this process
(``time.process_time``) on SQLite, where all the work happens in this process; wall time on
PostgreSQL, where half of it is the server's. ``--pg URL`` (e.g. from
``scripts/pg-test-server start``) runs 1-3 on a fresh database on that server as well.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(_ROOT))

from poortwachter import Engine  # noqa: E402
from poortwachter.agenda import window_lengths  # noqa: E402
from poortwachter.clock import FrozenClock  # noqa: E402
from poortwachter.events import (  # noqa: E402
    CasemanagerAssigned,
    EventBase,
    PlanEvaluated,
    PlanOfApproachAgreed,
    ProblemAnalysisCompleted,
    SickReported,
    WorkPartiallyResumed,
)
from poortwachter.rules import compute_deadlines  # noqa: E402
from poortwachter.rules.model import ACTION_KINDS, DeadlineStatus  # noqa: E402
from poortwachter.store import chain_hash  # noqa: E402
from poortwachter.store.schema import case_deadlines, cases, events  # noqa: E402
from poortwachter.workflows import fold  # noqa: E402

D = dt.timedelta
ACTOR = "bench"
FIRST_DAY = dt.date(2024, 9, 2)
CASEMANAGERS = tuple(f"cm-{i:02d}" for i in range(20))
AGENDA_CM = "cm-07"
GENESIS = "0" * 64
_OPEN = {DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED}
_CHUNK = 5_000

RAW_EVENTS_SQL = (
    "SELECT seq, type, schema_version, effective, recorded_at, actor, {payload}, prev_hash, hash "
    "FROM events WHERE case_id = {p} ORDER BY seq"
)
RAW_AGENDA_SQL = (
    "SELECT case_id, employee_ref, casemanager, state, due, kind, status, window_start "
    "FROM case_deadlines "
    "WHERE closed = {false} AND casemanager = {p} AND due BETWEEN {p} AND {p} "
    "ORDER BY due, case_id, kind"
)
#: The actions due after the period that may have their window open in it: of the kinds with a
#: window (eerstejaarsevaluatie, actueel oordeel), due up to the longest window after the period
#: (the engine keeps those whose window start, stored on the row, lies in the period).
RAW_OPENING_SQL = (
    "SELECT case_id, employee_ref, casemanager, state, due, kind, status, window_start "
    "FROM case_deadlines "
    "WHERE closed = {false} AND casemanager = {p} AND kind IN ({kinds}) "
    "AND due BETWEEN {p} AND {p} "
    "ORDER BY due, case_id, kind"
)
#: The agenda's other section: every open action of the casemanager due before today.
RAW_OVERDUE_SQL = (
    "SELECT case_id, employee_ref, casemanager, state, due, kind, status, window_start "
    "FROM case_deadlines "
    "WHERE closed = {false} AND casemanager = {p} AND due < {p} "
    "ORDER BY due, case_id, kind"
)


@dataclass
class Db:
    """One database to run on: a label, its SQLAlchemy URL, a raw driver connection factory."""

    name: str
    url: str
    connect: Callable[[], Any]
    placeholder: str
    false: str
    payload: str
    cpu: bool

    @property
    def timer(self) -> Callable[[], float]:
        return time.process_time if self.cpu else time.perf_counter


# --------------------------------------------------------------------------------------------
# Timing


def turns(
    sides: Sequence[Callable[[int], None]], rounds: int, clock: Callable[[], float]
) -> list[list[float]]:
    """Seconds per round of each side; within a round the sides take turns (A B A B …).

    Each side gets the round number, so it can use fresh data (e.g. a new effective date).
    """
    times: list[list[float]] = [[] for _ in sides]
    for round_no in range(rounds):
        for side, spent in zip(sides, times, strict=True):
            start = clock()
            side(round_no)
            spent.append(clock() - start)
    return times


def stats_line(label: str, times: Sequence[float], ops: int) -> str:
    per_op = sorted(1000 * t / ops for t in times)
    return (
        f"  {label:<46} {per_op[0]:>9.3f} {statistics.median(per_op):>9.3f} "
        f"{per_op[-1]:>9.3f} ms/op"
    )


def ratio_line(label: str, a: Sequence[float], b: Sequence[float], aim: float) -> str:
    per_round = sorted(x / y for x, y in zip(a, b, strict=True))
    mid = statistics.median(per_round)
    verdict = "met" if mid <= aim else "NOT met"
    return (
        f"  {label:<46} {per_round[0]:>8.2f}x {mid:>8.2f}x {per_round[-1]:>8.2f}x"
        f"  (aim <= {aim:g}x: {verdict})"
    )


def header(what: str) -> str:
    return f"  {what:<46} {'min':>9} {'median':>9} {'max':>9}"


def profile(title: str, fn: Callable[[], object], enabled: bool, times: int = 5) -> None:
    """cProfile ``fn`` ``times`` times: the top functions by own time, poortwachter's by
    cumulative time (cProfile's overhead inflates the totals; read the shares)."""
    if not enabled:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(times):
        fn()
    profiler.disable()
    print(f"\n  --- profile: {title} x {times} ---")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(r"poortwachter/(?!.*bench)", 20)


# --------------------------------------------------------------------------------------------
# Cases through the public API


def daily_events(first_event_day: int, count: int) -> list[EventBase]:
    """``count`` events, three a day from ``FIRST_DAY + first_event_day`` (distinct types)."""
    out: list[EventBase] = []
    day = first_event_day
    while len(out) < count:
        effective = FIRST_DAY + D(days=day)
        for event in (
            PlanEvaluated(effective=effective),
            CasemanagerAssigned(effective=effective, casemanager=CASEMANAGERS[day % 20]),
            WorkPartiallyResumed(effective=effective, percentage=10 + day % 80),
        ):
            if len(out) < count:
                out.append(event)
        day += 1
    return out


def build_case(engine: Engine, clock: FrozenClock, case_id: str, total: int) -> dt.date:
    """A case of exactly ``total`` events, through ``open_case`` and ``record_many``.

    Returns the effective date of its last event.
    """
    clock.set(FIRST_DAY + D(days=60))
    engine.open_case(f"emp-{case_id}", FIRST_DAY, "cm-00", actor=ACTOR, case_id=case_id)
    opening: list[EventBase] = [
        ProblemAnalysisCompleted(effective=FIRST_DAY + D(days=35)),
        PlanOfApproachAgreed(effective=FIRST_DAY + D(days=50)),
    ]
    log = opening + daily_events(51, total - 2 - len(opening))
    clock.set(max(e.effective for e in log))
    for start in range(0, len(log), 250):
        engine.record_many(case_id, log[start : start + 250], actor=ACTOR)
    return log[-1].effective


def bench_record(engine: Engine, clock: FrozenClock, db: Db, args: argparse.Namespace) -> None:
    built = time.perf_counter()
    last_long = build_case(engine, clock, "record-long", args.long_events)
    built = time.perf_counter() - built
    per_round = args.records
    rounds = max(5, args.rounds)
    # One short case per recorded event, so every record lands on a 10-event case.
    short_ids = [f"record-short-{i:03d}" for i in range((rounds + 1) * per_round)]
    for case_id in short_ids:
        last_short = build_case(engine, clock, case_id, 10)
    assert last_short <= last_long
    assert engine.case("record-long").version == args.long_events

    def record(case_id: str, day: dt.date) -> None:
        clock.set(day)  # the engine refuses facts from the future
        engine.record(case_id, PlanEvaluated(effective=day), actor=ACTOR)

    def day_of(round_no: int, i: int) -> dt.date:
        return last_long + D(days=1 + round_no * per_round + i)

    def long_side(round_no: int) -> None:
        for i in range(per_round):
            record("record-long", day_of(round_no + 1, i))

    def short_side(round_no: int) -> None:
        for i in range(per_round):
            record(short_ids[(round_no + 1) * per_round + i], day_of(round_no + 1, i))

    long_side(-1)  # warm up (round -1 uses the first days and the first short cases)
    short_side(-1)
    long_t, short_t = turns([long_side, short_side], rounds, db.timer)
    print(
        f"\n1. Engine.record of one in-order plan_evaluated ({per_round} per round; long case "
        f"built with record_many in {built:.1f} s wall)"
    )
    print(header(""))
    print(stats_line(f"on a {args.long_events:,}-event case", long_t, per_round))
    print(stats_line("on a 10-event case", short_t, per_round))
    print(ratio_line("ratio long/short (per round)", long_t, short_t, 2))
    days = iter(range(10_000))
    profile(
        f"Engine.record on the {args.long_events:,}-event case",
        lambda: record("record-long", day_of(rounds + 1, next(days))),
        args.profile,
    )


# --------------------------------------------------------------------------------------------
# Replay


def bench_replay(engine: Engine, clock: FrozenClock, db: Db, args: argparse.Namespace) -> None:
    case_id = "replay-long"
    last = build_case(engine, clock, case_id, args.replay_events)
    clock.set(last + D(days=1))
    sql = RAW_EVENTS_SQL.format(payload=db.payload, p=db.placeholder)
    raw = db.connect()
    loops = args.replay_loops

    def raw_side(_round: int) -> None:
        for _ in range(loops):
            cursor = raw.execute(sql, (case_id,))
            rows = [(*row[:6], json.loads(row[6]), *row[7:]) for row in cursor.fetchall()]
            assert len(rows) == args.replay_events

    def engine_side(_round: int) -> None:
        for _ in range(loops):
            replay = engine.replay(case_id)
            assert len(replay.seqs) == args.replay_events

    try:
        raw_side(0)
        engine_side(0)
        raw_t, engine_t = turns([raw_side, engine_side], max(5, args.rounds), db.timer)
    finally:
        raw.close()
    print(f"\n2. Engine.replay of a {args.replay_events:,}-event case ({loops} per round)")
    print(header(""))
    print(stats_line("raw driver: SELECT … ORDER BY seq + json.loads", raw_t, loops))
    print(stats_line("Engine.replay", engine_t, loops))
    print(ratio_line("ratio Engine.replay/raw (per round)", engine_t, raw_t, 3))
    profile("Engine.replay", lambda: engine.replay(case_id), args.profile)


# --------------------------------------------------------------------------------------------
# Agenda


def template_events(
    first: dt.date, template: int, casemanager: str, employee_ref: str | None = None
) -> list[EventBase]:
    """What a case holds: the events ``open_case`` writes (its report names the employee),
    plus 0-2 process steps."""
    out: list[EventBase] = [
        SickReported(effective=first, employee_ref=employee_ref),
        CasemanagerAssigned(effective=first, casemanager=casemanager),
    ]
    if template >= 1:
        out.append(ProblemAnalysisCompleted(effective=first + D(days=35)))
    if template >= 2:
        out.append(PlanOfApproachAgreed(effective=first + D(days=48)))
    return out


@cache
def derived(first: dt.date, template: int, today: dt.date) -> tuple[str, tuple[Any, ...]]:
    """(state, open actions as (due, kind, status, window start) sorted by due and kind) of a
    template case.

    What the engine derives when it stores the case: the workflow fold gives the state, the
    rules give the deadlines; the open legal actions become ``case_deadlines`` rows.
    """
    log = template_events(first, template, "x")
    state = fold(log, case_id="bulk").state.value
    as_of = max(today, max(e.effective for e in log))
    open_actions = sorted(
        (d.due, d.kind.value, d.status.value, d.window_start)
        for d in compute_deadlines(log, as_of=as_of)
        if d.kind in ACTION_KINDS and d.status in _OPEN
    )
    return state, tuple(open_actions)


def bulk_rows(
    case_id: str, first: dt.date, template: int, casemanager: str, today: dt.date
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``cases`` row, ``events`` rows and ``case_deadlines`` rows of one case."""
    employee_ref = f"emp-{case_id}"
    prev = GENESIS
    event_rows = []
    log = template_events(first, template, casemanager, employee_ref)
    for seq, event in enumerate(log, start=1):
        envelope: dict[str, Any] = {
            "case_id": case_id,
            "seq": seq,
            "type": event.type,
            "schema_version": event.schema_version,
            "effective": event.effective,
            "recorded_at": dt.datetime.combine(event.effective, dt.time(9), dt.UTC),
            "actor": ACTOR,
            "payload": event.payload(),
            "prev_hash": prev,
        }
        prev = chain_hash(**envelope)
        event_rows.append({**envelope, "hash": prev})
    state, open_actions = derived(first, template, today)
    deadline_rows = [
        {
            "case_id": case_id,
            "kind": kind,
            "due": due,
            "status": status,
            "employee_ref": employee_ref,
            "state": state,
            "casemanager": casemanager,
            "closed": False,
            "window_start": window_start,
        }
        for due, kind, status, window_start in open_actions
    ]
    case_row = {
        "case_id": case_id,
        "employee_ref": employee_ref,
        "state": state,
        "casemanager": casemanager,
        "first_sick_day": first,
        "next_deadline_due": open_actions[0][0] if open_actions else None,
        "next_deadline_kind": open_actions[0][1] if open_actions else None,
        "version": len(event_rows),
        "head_hash": prev,
        "opened_at": event_rows[0]["recorded_at"],
        "updated_at": event_rows[-1]["recorded_at"],
        "closed": False,
    }
    return case_row, event_rows, deadline_rows


def agenda_population(n: int, today: dt.date, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """(case_id, first sick day, template, casemanager) of ``n`` cases over two years."""
    rnd = random.Random(seed)
    for i in range(n):
        first = today - D(days=rnd.randrange(1, 730))
        template = rnd.randrange(3)
        while template and first + D(days=48 if template == 2 else 35) > today:
            template -= 1
        yield f"agenda-{i:07d}", first, template, CASEMANAGERS[rnd.randrange(20)]


def check_loader(engine: Engine, clock: FrozenClock, today: dt.date) -> None:
    """Cases made by the Engine and by the loader from the same input store the same rows."""
    skip = {"id", "recorded_at", "opened_at", "updated_at", "prev_hash", "hash", "head_hash"}
    for template in range(3):
        for back in (50, 200, 400, 700):
            case_id = f"loader-check-{template}-{back}"
            first = today - D(days=back)
            log = template_events(first, template, "cm-check")
            clock.set(today)
            engine.open_case(f"emp-{case_id}", first, "cm-check", actor=ACTOR, case_id=case_id)
            if log[2:]:
                engine.record_many(case_id, log[2:], actor=ACTOR)
            case_row, event_rows, deadline_rows = bulk_rows(
                case_id, first, template, "cm-check", today
            )
            with engine.store.engine.connect() as conn:
                stored = {
                    "cases": [conn.execute(cases.select().where(cases.c.case_id == case_id)).one()],
                    "events": conn.execute(
                        events.select().where(events.c.case_id == case_id).order_by(events.c.seq)
                    ).all(),
                    "case_deadlines": conn.execute(
                        case_deadlines.select()
                        .where(case_deadlines.c.case_id == case_id)
                        .order_by(case_deadlines.c.due, case_deadlines.c.kind)
                    ).all(),
                }
            ours = {"cases": [case_row], "events": event_rows, "case_deadlines": deadline_rows}
            for table, rows in stored.items():
                mine = ours[table]
                if len(rows) != len(mine):
                    raise SystemExit(f"loader check {case_id}: {table} has {len(rows)} rows")
                for got, want in zip(rows, mine, strict=True):
                    got_map = {k: v for k, v in got._mapping.items() if k not in skip}
                    want_map = {k: v for k, v in want.items() if k not in skip}
                    if got_map != want_map:
                        raise SystemExit(
                            f"loader check {case_id}: {table} differs from what the engine "
                            f"stores\n  engine: {got_map}\n  loader: {want_map}"
                        )


def load_bulk(engine: Engine, n: int, today: dt.date) -> None:
    writer = engine.store.begin_write
    batch: tuple[list[Any], list[Any], list[Any]] = ([], [], [])

    def flush() -> None:
        with writer() as conn:
            conn.execute(cases.insert(), batch[0])
            conn.execute(events.insert(), batch[1])
            if batch[2]:
                conn.execute(case_deadlines.insert(), batch[2])
        for rows in batch:
            rows.clear()

    for case_id, first, template, casemanager in agenda_population(n, today):
        case_row, event_rows, deadline_rows = bulk_rows(
            case_id, first, template, casemanager, today
        )
        batch[0].append(case_row)
        batch[1].extend(event_rows)
        batch[2].extend(deadline_rows)
        if len(batch[0]) >= _CHUNK:
            flush()
    if batch[0]:
        flush()


def load_engine(engine: Engine, clock: FrozenClock, n: int, today: dt.date) -> None:
    clock.set(today)
    for case_id, first, template, casemanager in agenda_population(n, today):
        log = template_events(first, template, casemanager)
        engine.open_case(f"emp-{case_id}", first, casemanager, actor=ACTOR, case_id=case_id)
        if log[2:]:
            engine.record_many(case_id, log[2:], actor=ACTOR)


def bench_agenda(engine: Engine, clock: FrozenClock, db: Db, args: argparse.Namespace) -> None:
    today = dt.date(2026, 6, 1)
    start, end = today, today + D(days=13)
    check_loader(engine, clock, today)
    loaded = time.perf_counter()
    if args.agenda_load == "bulk":
        load_bulk(engine, args.cases, today)
    else:
        load_engine(engine, clock, args.cases, today)
    with engine.store.begin_write() as conn:
        conn.exec_driver_sql("ANALYZE")
    loaded = time.perf_counter() - loaded
    clock.set(today)
    sql = RAW_AGENDA_SQL.format(false=db.false, p=db.placeholder)
    overdue_sql = RAW_OVERDUE_SQL.format(false=db.false, p=db.placeholder)
    binds: tuple[Any, ...] = (AGENDA_CM, start, end)
    overdue_binds: tuple[Any, ...] = (AGENDA_CM, today)
    lengths = window_lengths(engine.rules)
    window_kinds = sorted(lengths)
    opening_sql = RAW_OPENING_SQL.format(
        false=db.false, p=db.placeholder, kinds=", ".join(db.placeholder for _ in window_kinds)
    )
    # end is a Sunday (the next working day is the Monday after): the period's last due date.
    first_after, reach = end + D(days=1), end + D(days=max(lengths.values()))
    opening_binds: tuple[Any, ...] = (AGENDA_CM, *window_kinds, first_after, reach)
    if db.placeholder == "?":  # sqlite3: dates are stored as ISO text
        binds = (AGENDA_CM, start.isoformat(), end.isoformat())
        overdue_binds = (AGENDA_CM, today.isoformat())
        opening_binds = (
            AGENDA_CM, *window_kinds, first_after.isoformat(), reach.isoformat()
        )  # fmt: skip
    raw = db.connect()
    loops = args.agenda_loops
    # The agenda is two sections: every overdue action, then the period. Both are timed, and
    # the period alone too (the figure issue 6 measured before the overdue section existed).
    items = engine.agenda(AGENDA_CM, start, end)
    expected = [(r.case_id, r.kind) for r in items]
    window_expected = [(r.case_id, r.kind) for r in items if not r.overdue and r.due <= end]
    overdue = raw.execute(overdue_sql, overdue_binds).fetchall()
    window = raw.execute(sql, binds).fetchall()
    opening = raw.execute(opening_sql, opening_binds).fetchall()
    kept = [r for r in opening if (r[0], r[5]) in set(expected)]
    got = [(r[0], r[5]) for r in [*overdue, *window, *kept]]
    assert got == expected, "the raw queries and Engine.agenda disagree"
    assert [(r[0], r[5]) for r in window] == window_expected

    def raw_side(_round: int) -> None:
        for _ in range(loops):
            raw.execute(overdue_sql, overdue_binds).fetchall()
            raw.execute(sql, binds).fetchall()
            raw.execute(opening_sql, opening_binds).fetchall()

    def engine_side(_round: int) -> None:
        for _ in range(loops):
            engine.agenda(AGENDA_CM, start, end)

    def raw_window(_round: int) -> None:
        for _ in range(loops):
            raw.execute(sql, binds).fetchall()

    def engine_window(_round: int) -> None:
        # The same period from a day when nothing is overdue yet: the window section alone.
        for _ in range(loops):
            list(window_only(engine, start, end))

    try:
        raw_t, engine_t = turns([raw_side, engine_side], max(5, args.rounds), db.timer)
        raw_w, engine_w = turns([raw_window, engine_window], max(5, args.rounds), db.timer)
    finally:
        raw.close()
    print(
        f"\n3. Engine.agenda of {AGENDA_CM} (1 of 20), {len(overdue):,} overdue, "
        f"{len(window):,} due {start}..{end} and {len(kept)} of {len(opening)} later "
        f"actions with a window open in the period, over {args.cases:,} open cases "
        f"({loops} agendas per round; loaded '{args.agenda_load}' in {loaded:.1f} s wall, "
        f"{args.cases / loaded:,.0f} cases/s)"
    )
    print(header(""))
    print(stats_line("raw driver: same 8 columns, 3 queries", raw_t, loops))
    print(stats_line("Engine.agenda (overdue + period)", engine_t, loops))
    print(ratio_line("ratio Engine.agenda/raw (per round)", engine_t, raw_t, 2))
    print(stats_line("raw driver: the period only", raw_w, loops))
    print(stats_line("Engine.iter_agenda, period section only", engine_w, loops))
    print(ratio_line("ratio period section/raw (per round)", engine_w, raw_w, 2))
    profile("Engine.agenda", lambda: engine.agenda(AGENDA_CM, start, end), args.profile, times=200)


def window_only(engine: Engine, start: dt.date, end: dt.date) -> Iterator[Any]:
    """The period section of the agenda alone, as ``Engine.iter_agenda`` builds it."""
    from poortwachter.agenda import agenda_items, window_kinds
    from poortwachter.planning import Planner
    from poortwachter.store.queries import iter_agenda_rows

    today = engine.clock.today()
    rows = iter_agenda_rows(
        engine.store.engine, overdue=False, today=today, casemanager=AGENDA_CM, start=start,
        end=end,
    )  # fmt: skip
    planner = Planner(engine.rules.calendar, today, engine.soon_days)
    starts = engine._window_starter(today)
    return agenda_items(rows, planner, "nl", starts, window_kinds(engine.rules))


# --------------------------------------------------------------------------------------------
# CLI start-up


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_cli(args: argparse.Namespace) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
    script = Path(sys.executable).with_name("poortwachter")
    prog = [str(script)] if script.is_file() else [sys.executable, "-m", "poortwachter.cli"]
    example = _ROOT / "examples" / "relapse-case.json"
    deadlines = [*prog, "deadlines", str(example), "--as-of", "2026-11-25"]
    imports = [sys.executable, "-c", "import typer, pydantic"]
    for cmd in (deadlines, imports):  # warm the OS file cache and the .pyc files
        subprocess.run(cmd, env=env, check=True, capture_output=True)

    def run(cmd: list[str]) -> Callable[[int], None]:
        def side(_round: int) -> None:
            for _ in range(args.cli_runs):
                subprocess.run(cmd, env=env, check=True, capture_output=True)

        return side

    cli_t, base_t = turns([run(deadlines), run(imports)], max(5, args.rounds), children_cpu)
    print(
        f"\n4. CLI: CPU of child processes (getrusage RUSAGE_CHILDREN, user+sys), "
        f"{args.cli_runs} runs per round"
    )
    print(header(""))
    print(stats_line(f"poortwachter deadlines {example.name}", cli_t, args.cli_runs))
    print(stats_line('python -c "import typer, pydantic"', base_t, args.cli_runs))
    print(ratio_line("ratio CLI/imports (per round)", cli_t, base_t, 2))


# --------------------------------------------------------------------------------------------
# Databases


@contextmanager
def sqlite_db() -> Iterator[Db]:
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as tmp:
        path = Path(tmp) / "bench.db"
        yield Db(
            f"SQLite {sqlite3.sqlite_version} (temp file)",
            f"sqlite:///{path}",
            lambda: sqlite3.connect(path),
            "?",
            "0",
            "payload",
            cpu=True,
        )


@contextmanager
def postgres_db(admin_url: str) -> Iterator[Db]:
    import psycopg  # the [postgres] extra

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    name = f"engine_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        version = conn.exec_driver_sql("SHOW server_version").scalar_one()
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin.url.set(database=name)
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        yield Db(
            f"PostgreSQL {version} (fresh database)",
            url.render_as_string(hide_password=False),
            lambda: psycopg.connect(libpq, autocommit=True),
            "%s",
            "false",
            "payload::text",
            cpu=False,
        )
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def run(db: Db, args: argparse.Namespace) -> None:
    which = "CPU time of this process" if db.cpu else "wall time"
    print(f"\n=== {db.name}: {which}, {max(5, args.rounds)} rounds, sides taking turns ===")
    clock = FrozenClock(FIRST_DAY)
    engine = Engine.open(db.url, clock=clock)
    try:
        if "record" in args.only:
            bench_record(engine, clock, db, args)
        if "replay" in args.only:
            bench_replay(engine, clock, db, args)
        if "agenda" in args.only:
            bench_agenda(engine, clock, db, args)
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL server")
    parser.add_argument("--no-sqlite", action="store_true", help="with --pg: PostgreSQL only")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (at least 5)")
    parser.add_argument("--long-events", type=int, default=2000)
    parser.add_argument("--records", type=int, default=2, help="records per side and round")
    parser.add_argument("--replay-events", type=int, default=1000)
    parser.add_argument("--replay-loops", type=int, default=5, help="replays per round")
    parser.add_argument(
        "--cases", type=int, default=30_000, help="open cases for the agenda (full: 300000)"
    )
    parser.add_argument("--agenda-load", choices=("bulk", "engine"), default="bulk")
    parser.add_argument("--agenda-loops", type=int, default=20, help="agenda queries per round")
    parser.add_argument("--cli-runs", type=int, default=2, help="CLI runs per side and round")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("record", "replay", "agenda", "cli"),
        default=["record", "replay", "agenda", "cli"],
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the engine side")
    args = parser.parse_args()
    if args.long_events < 10 or args.replay_events < 10:
        raise SystemExit("--long-events and --replay-events need at least 10")
    print(
        f"poortwachter engine benchmark; Python {sys.version.split()[0]}, SQLAlchemy "
        f"{sa.__version__}, {os.cpu_count()} CPUs"
    )
    started = time.perf_counter()
    if not args.no_sqlite:
        with sqlite_db() as db:
            run(db, args)
    if args.pg:
        with postgres_db(args.pg) as db:
            run(db, args)
    if "cli" in args.only:
        bench_cli(args)
    print(f"\ntotal: {time.perf_counter() - started:.0f} s wall")


if __name__ == "__main__":
    main()
