"""Conversation reminders: what planning the conversation moments adds to a case's plan.

``Engine.plan_of`` runs on every append. On a case with an agreed cadence, ``--agreements``
open agreements and a quiet period, planning the legal moments *and* the conversation moments
(``notify/case_plan.py``) is timed against planning the legal moments alone (the plan before
conversations plugged in), same case, same run. Aim: <= 2x (it is one more pass over a few
moments). CPU time; paired rounds (A B A B ...), min / median / max.

Run: ``PYTHONPATH=. python bench/conversation_reminders_bench.py [--agreements 5] [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bench.engine_bench import header, ratio_line, stats_line, turns
from poortwachter import Engine, FrozenClock
from poortwachter.notify.case_plan import conversation_moments, quiet_periods
from poortwachter.notify.planner import moments_of, plan_case
from poortwachter.notify.policy import load_policy

D = dt.date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=5)
    parser.add_argument("--plans", type=int, default=300, help="plans per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    clock = FrozenClock(D(2026, 2, 2))
    with Engine.open("sqlite://", clock=clock, reminder_policy=load_policy(), create=True) as e:
        e.open_case("emp-1", D(2026, 2, 2), "cm", actor="bench", case_id="c1")
        talks: list[dict[str, object]] = [
            {
                "type": "contact_cadence_agreed",
                "effective": "2026-02-02",
                "cadence_id": "werknemer",
                "with_roles": ["employee"],
                "every": 2,
            },
            {
                "type": "quiet_period_agreed",
                "effective": "2026-02-02",
                "start": "2026-02-16",
                "end": "2026-02-20",
                "reason": "holiday",
            },
        ]
        talks += [
            {
                "type": "agreement_made",
                "effective": "2026-02-02",
                "agreement_id": f"a{i}",
                "owner": {"ref": "emp-1", "role": "employee"},
                "action": "Passende taken bekijken",
                "due": (D(2026, 2, 20) + dt.timedelta(days=7 * i)).isoformat(),
            }
            for i in range(args.agreements)
        ]
        e.record_conversation("c1", talks, actor="bench")
        status, day = e._status("c1", None)
        facts = status.fold.facts()
        deadlines = e.rules.deadlines(facts, day)
        fold, policy, calendar = status.conversations, e.reminder_policy, e.rules.calendar
        conversation_policy = e.conversation_policy

    def legal(_: int) -> None:
        for _ in range(args.plans):
            plan_case(
                "c1",
                moments_of(deadlines, facts),
                casemanager="cm",
                policy=policy,
                calendar=calendar,
            )

    def both(_: int) -> None:
        for _ in range(args.plans):
            plan_case(
                "c1",
                moments_of(deadlines, facts)
                + conversation_moments(fold, deadlines, calendar, conversation_policy),
                casemanager="cm",
                policy=policy,
                calendar=calendar,
                quiet=quiet_periods(fold),
            )

    a, b = turns([both, legal], args.rounds, time.process_time)
    print(f"Planning one case ({args.agreements} agreements, a cadence, a quiet period)")
    print(header("per plan"))
    print(stats_line("legal and conversation moments", a, args.plans))
    print(stats_line("legal moments only (baseline)", b, args.plans))
    print(ratio_line("with conversations / legal only", a, b, aim=2.0))


if __name__ == "__main__":
    main()
