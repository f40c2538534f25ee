"""Conversations: does recording one stay flat as a case fills with contacts and agreements?

1. ``Engine.record_conversation`` of one in-order ``agreement_kept`` on a case that already
   holds ``--talks`` held contacts each with an agreement (3 events per talk), against the same
   on a case with one talk. Aim: <= 2x (the conversation fold is part of the snapshot: it keeps
   closed contacts and agreements as ``id -> status`` only).
2. The same record against ``Engine.record`` of one ``work_partially_resumed`` on the same
   kind of short case: what a conversation event costs over a sickness event (the policy check
   reads the case once more, the medical-term guard scans the free text). Info.

SQLite in a temp directory; CPU time; paired rounds (A B A B ...), min / median / max.
Run: ``PYTHONPATH=. python bench/conversations_bench.py [--talks 300] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.engine_bench import header, ratio_line, stats_line, turns
from poortwachter import Engine, FrozenClock
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.events import WorkPartiallyResumed

D = dt.timedelta
ACTOR = "bench"
FIRST = dt.date(2024, 1, 1)
EMPLOYEE = {"ref": "emp-1", "role": "employee"}


def _talk(n: int, day: dt.date) -> list[dict[str, Any]]:
    at = dt.datetime.combine(day, dt.time(10), dt.UTC).isoformat()
    iso = day.isoformat()
    return [
        {
            "type": "contact_held",
            "effective": iso,
            "contact_id": f"c{n}",
            "at": at,
            "form": "phone",
            "participants": [EMPLOYEE],
            "summary": "Taken en planning besproken.",
        },
        {
            "type": "agreement_made",
            "effective": iso,
            "agreement_id": f"a{n}",
            "owner": EMPLOYEE,
            "action": "Weekplanning delen",
            "due": iso,
            "contact_id": f"c{n}",
        },
    ]


def build(engine: Engine, clock: FrozenClock, case_id: str, talks: int) -> dt.date:
    """A case with ``talks`` held contacts, each with an agreement, all but the last kept."""
    clock.set(FIRST)
    engine.open_case("emp-1", FIRST, "cm-1", actor=ACTOR, case_id=case_id)
    day = FIRST
    for n in range(talks):
        day = FIRST + D(days=1 + n)
        events = _talk(n, day)
        if n < talks - 1:
            events.append(
                {"type": "agreement_kept", "effective": day.isoformat(), "agreement_id": f"a{n}"}
            )
        clock.set(day)
        engine.record_conversation(case_id, events, actor=ACTOR)
    return day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--records", type=int, default=10, help="records per round and side")
    args = parser.parse_args()
    rounds, per_round = max(5, args.rounds), args.records
    with tempfile.TemporaryDirectory() as tmp:
        clock = FrozenClock(FIRST)
        policy = ConversationPolicy()
        engine = Engine.open(
            f"sqlite:///{Path(tmp) / 'b.db'}", clock=clock, conversation_policy=policy
        )
        started = time.perf_counter()
        long_last = build(engine, clock, "long", args.talks)
        built = time.perf_counter() - started
        ids = [f"short-{i}" for i in range((rounds + 1) * per_round)]
        sick_ids = [f"sick-{i}" for i in range((rounds + 1) * per_round)]
        for cid in ids + sick_ids:
            build(engine, clock, cid, 1)
        state = {"long": 0}

        def talk_and_keep(case_id: str, n: int) -> None:
            day = long_last + D(days=1 + n)
            clock.set(day)
            engine.record_conversation(case_id, _talk(10_000 + n, day), actor=ACTOR)

        def long_side(round_no: int) -> None:
            for _ in range(per_round):
                state["long"] += 1
                talk_and_keep("long", state["long"])

        def short_side(round_no: int) -> None:
            for i in range(per_round):
                talk_and_keep(ids[(round_no + 1) * per_round + i], round_no + 1)

        def sick_side(round_no: int) -> None:
            for i in range(per_round):
                day = long_last + D(days=round_no + 2)
                clock.set(day)
                engine.record(
                    sick_ids[(round_no + 1) * per_round + i],
                    WorkPartiallyResumed(effective=day, percentage=50),
                    actor=ACTOR,
                )

        long_side(-1)
        short_side(-1)
        sick_side(-1)
        long_t, short_t, sick_t = turns(
            [long_side, short_side, sick_side], rounds, time.process_time
        )
        engine.close()
    print(f"\nRecording a talk with its agreement (2 events; long case built in {built:.1f} s)")
    print(header(""))
    print(
        stats_line(f"on a case of {args.talks} talks ({3 * args.talks} events)", long_t, per_round)
    )
    print(stats_line("on a case of 1 talk", short_t, per_round))
    print(stats_line("work_partially_resumed (sickness), short case", sick_t, per_round))
    print(ratio_line("ratio long/short (per round)", long_t, short_t, 2))
    print(ratio_line("ratio talk/sickness event (info)", short_t, sick_t, 3))


if __name__ == "__main__":
    main()
