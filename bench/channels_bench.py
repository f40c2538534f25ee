"""Benchmark: the channels' CPU work against plain implementations, in the same run.

Run: ``python bench/channels_bench.py [--items N] [--messages N] [--repeat R]``. Not a test.

- **Signing**: our Standard Webhooks signature header (id checks, header string) against a bare
  ``hmac.new(...).digest()`` over the same bytes, and against the reference library
  ``standardwebhooks`` (when installed), per message.
- **Feed**: ``planning_feed`` (icalendar: escaping, folding, canonical order) for N items against
  a plain f-string writer of the same events (no escaping or folding: a floor, not a rival).
- **Email**: composing the MIME message (text and HTML parts, headers) against a bare
  ``EmailMessage`` with one text part.

Times are CPU time of this process (``time.process_time``), min/median/max over ``--repeat``
rounds taken in turns (ratios per round: min/median/max); trust the ratios more than the
absolute numbers on a shared machine.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import statistics
import time
from collections.abc import Callable
from email.message import EmailMessage

from poortwachter.notify._mail_message import MailSettings, build_message
from poortwachter.notify._signing import WebhookSecret, signature_header
from poortwachter.notify.channel import Delivery, Notice
from poortwachter.notify.ical import PlanningItem, planning_feed

SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()
STAMP = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)


def _cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def paired(
    plain: Callable[[], object], *ours: Callable[[], object], repeat: int
) -> list[list[float]]:
    """CPU times per side; the sides take turns within each round (A B C A B C ...)."""
    sides = (plain, *ours)
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(repeat):
        for index, fn in enumerate(sides):
            times[index].append(_cpu(fn))
    return times


def line(name: str, times: list[float], per: int, base: list[float] | None = None) -> str:
    mn, md, mx = min(times), statistics.median(times), max(times)
    ratio = ""
    if base:
        rounds = sorted(t / b for t, b in zip(times, base, strict=True))
        ratio = f"  x{rounds[0]:.2f}/{statistics.median(rounds):.2f}/{rounds[-1]:.2f} of plain"
    return (
        f"{name:<34} min {mn * 1e3:8.2f} ms  median {md * 1e3:8.2f} ms  max {mx * 1e3:8.2f} ms"
        f"  ({md / per * 1e6:7.2f} µs each){ratio}"
    )


def bench_signing(messages: int, repeat: int) -> None:
    secret = WebhookSecret(SECRET)
    key = secret.key
    body = b'{"data":{"key":"c-1:plan_of_approach:1:plan"},"type":"poortwachter.reminder"}' * 4
    ids = [f"c-{i}:plan_of_approach:1:plan" for i in range(messages)]

    def plain() -> None:
        for msg_id in ids:
            hmac.new(key, f"{msg_id}.1700000000.".encode() + body, hashlib.sha256).digest()

    def ours() -> None:
        for msg_id in ids:
            signature_header((secret,), msg_id, 1_700_000_000, body)

    try:
        import standardwebhooks
    except ImportError:
        base, own = paired(plain, ours, repeat=repeat)
        print(line("sign: bare hmac", base, messages))
        print(line("sign: poortwachter header", own, messages, base))
        return
    reference = standardwebhooks.Webhook(SECRET)
    when = dt.datetime.fromtimestamp(1_700_000_000, dt.UTC)
    text = body.decode()

    def library() -> None:
        for msg_id in ids:
            reference.sign(msg_id, when, text)

    base, own, lib = paired(plain, ours, library, repeat=repeat)
    print(line("sign: bare hmac", base, messages))
    print(line("sign: poortwachter header", own, messages, base))
    print(line("sign: standardwebhooks library", lib, messages, base))


def items(n: int) -> list[PlanningItem]:
    first = dt.date(2026, 1, 5)
    return [
        PlanningItem(
            case_id=f"c-{i:06d}",
            kind=("problem_analysis", "plan_of_approach", "plan_evaluation")[i % 3],
            due=first + dt.timedelta(days=i % 700),
            plan_on=first + dt.timedelta(days=i % 700 - 14),
            label="Plan van aanpak",
            sequence=i % 9 + 1,
            changed_at=STAMP,
        )
        for i in range(n)
    ]


def plain_feed(rows: list[PlanningItem]) -> bytes:
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//plain//EN"]
    for row in rows:
        for role, day in (("plan", row.plan_on), ("due", row.due)):
            out += [
                "BEGIN:VEVENT",
                f"UID:{row.case_id}-{row.kind}-{role}@plain",
                f"SEQUENCE:{row.sequence}",
                "DTSTAMP:20260120T093000Z",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{role}: {row.label} ({row.case_id})",
                "END:VEVENT",
            ]
    out.append("END:VCALENDAR")
    return ("\r\n".join(out) + "\r\n").encode()


def bench_feed(n: int, repeat: int) -> None:
    rows = items(n)
    base, ours = paired(
        lambda: plain_feed(rows), lambda: planning_feed(rows, casemanager="anna"), repeat=repeat
    )
    print(line(f"feed: plain writer, {n} items", base, n))
    print(line(f"feed: planning_feed, {n} items", ours, n, base))


def bench_email(messages: int, repeat: int) -> None:
    settings = MailSettings("a@werkgever.example", "werkgever.example", "https://x.example/u")
    notice = Notice(
        key="c-1:plan_of_approach:1:plan",
        case_id="c-1",
        reason="plan_of_approach",
        step="plan",
        recipient="anna",
        due_on=dt.date(2026, 3, 30),
        plan_on=dt.date(2026, 3, 16),
        send_at=STAMP,
        legal_basis="art. 25 lid 2 WIA",
    )
    delivery = Delivery("anna", "anna@werkgever.example", (notice,))

    def plain() -> None:
        for _ in range(messages):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "a@b", "c@d", "plan c-1"
            message.set_content("Plan van aanpak c-1 2026-03-30\n")
            message.as_bytes()

    def ours() -> None:
        for _ in range(messages):
            build_message(delivery, settings, STAMP).as_bytes()

    base, own = paired(plain, ours, repeat=repeat)
    print(line("email: bare EmailMessage", base, messages))
    print(line("email: build_message (text+html)", own, messages, base))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench_signing(args.messages, args.repeat)
    bench_feed(args.items, args.repeat)
    bench_email(max(args.messages // 10, 1), args.repeat)


if __name__ == "__main__":
    main()
