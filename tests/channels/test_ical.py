"""The iCalendar planning feed: the pure generator, and ``poortwachter ical export`` on a real
SQLite store, parsed back with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock
from poortwachter.cli import run
from poortwachter.notify.ical import PlanningItem, event_uid, plan_date, planning_feed
from poortwachter.rules.calendar import default_calendar

D = dt.date
STAMP = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)
DATE_LIKE = re.compile(r"\d{4}-?\d{2}-?\d{2}|\d{8}")


def item(case_id: str = "c-1", kind: str = "plan_of_approach", **kw: object) -> PlanningItem:
    values: dict[str, object] = {
        "case_id": case_id,
        "kind": kind,
        "due": D(2026, 3, 2),
        "plan_on": D(2026, 2, 16),
        "label": "Plan van aanpak",
        "sequence": 3,
        "changed_at": STAMP,
    }
    values.update(kw)
    return PlanningItem(**values)  # type: ignore[arg-type]


def events(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_each_item_is_a_due_event_and_a_separate_plan_event() -> None:
    feed = planning_feed([item()], casemanager="anna")
    calendar = icalendar.Calendar.from_ical(feed)
    assert calendar["VERSION"] == "2.0"
    assert "METHOD" not in calendar  # DTSTAMP then means "last changed" (RFC 5545 3.8.7.2)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in feed
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in feed
    found = events(feed)
    due = found[event_uid("c-1", "plan_of_approach", "due")]
    plan = found[event_uid("c-1", "plan_of_approach", "plan")]
    assert len(found) == 2
    # All-day events: DATE values, and the end is exclusive (the next day).
    assert due.decoded("DTSTART") == D(2026, 3, 2)
    assert due.decoded("DTEND") == D(2026, 3, 3)
    assert plan.decoded("DTSTART") == D(2026, 2, 16)
    assert plan.decoded("DTEND") == D(2026, 2, 17)
    assert b"DTSTART;VALUE=DATE:20260302\r\n" in feed
    assert str(plan["SUMMARY"]) == "Plan het gesprek: Plan van aanpak (zaak c-1)"
    assert str(due["SUMMARY"]) == "Uiterste datum: Plan van aanpak (zaak c-1)"
    assert due["STATUS"] == "CONFIRMED"
    assert due["TRANSP"] == "TRANSPARENT"
    assert int(due["SEQUENCE"]) == 3
    assert due.decoded("DTSTAMP") == STAMP
    assert "VALARM" not in feed.decode()  # subscribed feeds' alarms are ignored by clients


def test_english_feed() -> None:
    feed = planning_feed([item(label="Plan of approach")], casemanager="anna", language="en")
    summaries = sorted(str(e["SUMMARY"]) for e in events(feed).values())
    assert summaries == [
        "Due: Plan of approach (case c-1)",
        "Plan the conversation: Plan of approach (case c-1)",
    ]


def test_uids_never_contain_a_date_even_when_the_case_id_does() -> None:
    feed = planning_feed([item(case_id="2026-03-02-x", due=D(2026, 3, 2))], casemanager="a")
    for uid in events(feed):
        assert not any(ch.isdigit() for ch in uid.split("@")[0]), uid


def test_a_moved_date_keeps_the_uids_and_bumps_the_sequence() -> None:
    before = events(planning_feed([item()], casemanager="anna"))
    moved = item(due=D(2026, 3, 9), plan_on=D(2026, 2, 23), sequence=4)
    after = events(planning_feed([moved], casemanager="anna"))
    assert before.keys() == after.keys()
    for uid in before:
        assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1


def test_the_same_items_give_the_same_bytes_in_any_order() -> None:
    items = [item(), item("c-2", due=D(2026, 4, 1)), item("c-0", "problem_analysis")]
    first = planning_feed(items, casemanager="anna")
    assert planning_feed(list(reversed(items)), casemanager="anna") == first
    assert first.count(b"BEGIN:VEVENT") == 6


def test_cancelled_items_stay_with_status_cancelled() -> None:
    feed = planning_feed([item(cancelled=True, sequence=5)], casemanager="anna")
    for event in events(feed).values():
        assert event["STATUS"] == "CANCELLED"
        assert int(event["SEQUENCE"]) == 5
        assert "Vervallen" in str(event["DESCRIPTION"])


def test_an_open_item_wins_over_a_cancelled_twin() -> None:
    feed = planning_feed([item(cancelled=True), item(sequence=9)], casemanager="anna")
    found = events(feed)
    assert len(found) == 2
    assert {e["STATUS"] for e in found.values()} == {"CONFIRMED"}


def test_plan_date_counts_atw_working_days_back() -> None:
    calendar = default_calendar()
    # 2026-05-18 (Mon) minus 5 working days: Fri 15 May (equated day) and Thu 14 May
    # (Hemelvaartsdag) are no working days; 13, 12, 11, 8, 7 May are.
    assert plan_date(D(2026, 5, 18), 5, calendar.is_working_day) == D(2026, 5, 7)
    assert plan_date(D(2026, 3, 2), 0, calendar.is_working_day) == D(2026, 3, 2)
    # A due date on a Sunday with 0 days: the last working day before it.
    assert plan_date(D(2026, 3, 1), 0, calendar.is_working_day) == D(2026, 2, 27)


@settings(max_examples=60, deadline=None)
@given(
    due=st.dates(D(2026, 1, 1), D(2028, 12, 31)),
    days=st.integers(0, 30),
)
def test_plan_date_is_a_working_day_with_exactly_n_working_days_before_due(
    due: D, days: int
) -> None:
    calendar = default_calendar()
    planned = plan_date(due, days, calendar.is_working_day)
    assert calendar.is_working_day(planned)
    between = [
        planned + dt.timedelta(n)
        for n in range(1, (due - planned).days)
        if calendar.is_working_day(planned + dt.timedelta(n))
    ]
    # N >= 1: the plan date is the N-th working day before the due date, so N-1 working days
    # lie strictly between them. N = 0: the due date itself, or the last working day before it.
    assert planned < due if days >= 1 else planned <= due
    assert len(between) == max(days - 1, 0)


@settings(max_examples=60, deadline=None)
@given(
    case_id=st.text(min_size=1, max_size=30),
    label=st.text(min_size=1, max_size=30),
    cancelled=st.booleans(),
)
def test_any_text_round_trips_and_never_breaks_a_line(
    case_id: str, label: str, cancelled: bool
) -> None:
    feed = planning_feed(
        [item(case_id=case_id, label=label, cancelled=cancelled)], casemanager="anna"
    )
    lines = feed.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert len(events(feed)) == 2


# --- poortwachter ical export on a real store ----------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[str, Engine, FrozenClock]]:
    clock = FrozenClock(D(2026, 1, 20))
    url = f"sqlite:///{tmp_path / 'feed.db'}"
    with Engine.open(url, clock=clock) as engine:
        engine.open_case("emp-1", D(2026, 1, 5), "anna", actor="hr", case_id="c-1")
        engine.open_case("emp-2", D(2026, 1, 12), "anna", actor="hr", case_id="c-2")
        engine.open_case("emp-3", D(2026, 1, 6), "bert", actor="hr", case_id="c-3")
        yield url, engine, clock


def export(url: str, out: Path, monkeypatch: pytest.MonkeyPatch, now: str, *args: str) -> bytes:
    monkeypatch.setenv("POORTWACHTER_NOW", now)
    code = run(["ical", "export", "--casemanager", "anna", "--db", url, "-o", str(out), *args])
    assert code == 0
    return out.read_bytes()


def test_export_writes_a_private_file_and_regenerates_byte_for_byte(
    store: tuple[str, Engine, FrozenClock],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, engine, _ = store
    out = tmp_path / "anna.ics"
    first = export(url, out, monkeypatch, "2026-01-21")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    second = export(url, out, monkeypatch, "2026-01-21")
    assert first == second
    found = events(first)
    cases = {str(e["SUMMARY"]).rsplit("zaak ", 1)[1].rstrip(")") for e in found.values()}
    assert cases == {"c-1", "c-2"}  # bert's case is not in anna's feed
    assert all(e["STATUS"] == "CONFIRMED" for e in found.values())
    assert "emp-" not in first.decode()  # no employee references in the feed
    for uid in found:
        assert not DATE_LIKE.search(uid)
    # The planning date is the day of the policy's "plan" reminder for the moment.
    checked = 0
    for row in engine.reminders.rows(case_id="c-1"):
        uid = event_uid("c-1", row.notice.reason, "plan")
        if row.notice.step == "plan" and uid in found:
            assert found[uid].decoded("DTSTART") == row.notice.plan_on
            checked += 1
    assert checked >= 2
    # An explicit --plan-days wins: that many Atw working days before the due date.
    calendar = default_calendar()
    for uid, event in events(
        export(url, out, monkeypatch, "2026-01-21", "--plan-days", "3")
    ).items():
        if uid.endswith("-due@poortwachter"):
            twin_uid = uid.replace("-due@", "-plan@")
            due = event.decoded("DTSTART")
            expected = plan_date(due, 3, calendar.is_working_day)
            assert events(out.read_bytes())[twin_uid].decoded("DTSTART") == expected
    assert "geschreven naar" in capsys.readouterr().out


def test_stdout_is_the_default(
    store: tuple[str, Engine, FrozenClock],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    url, _, _ = store
    expected = export(url, tmp_path / "x.ics", monkeypatch, "2026-01-21")
    capfdbinary.readouterr()
    for extra in ([], ["-o", "-"]):
        assert run(["ical", "export", "--casemanager", "anna", "--db", url, *extra]) == 0
        assert capfdbinary.readouterr().out == expected


def test_a_change_bumps_only_that_case_and_a_met_moment_is_cancelled(
    store: tuple[str, Engine, FrozenClock], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine, clock = store
    out = tmp_path / "anna.ics"
    before = events(export(url, out, monkeypatch, "2026-01-21"))
    clock.set(D(2026, 2, 2))
    engine.record(
        "c-1", {"type": "problem_analysis_completed", "effective": "2026-02-02"}, actor="anna"
    )
    after = events(export(url, out, monkeypatch, "2026-02-02"))
    analysis = event_uid("c-1", "problem_analysis", "due")
    assert before[analysis]["STATUS"] == "CONFIRMED"
    assert after[analysis]["STATUS"] == "CANCELLED"
    assert int(after[analysis]["SEQUENCE"]) > int(before[analysis]["SEQUENCE"])
    for uid, event in before.items():
        if "c-2" in str(event["SUMMARY"]):  # the other case did not change: same event
            assert after[uid].to_ical() == event.to_ical()
    # A newly open moment of c-1 gets its own, date-free UID and the case's new sequence.
    plan = event_uid("c-1", "plan_of_approach", "due")
    assert after[plan]["STATUS"] == "CONFIRMED"
    # After the keep window the cancelled item leaves the feed.
    later = events(export(url, out, monkeypatch, "2026-04-01", "--keep-cancelled", "30"))
    assert analysis not in later
    assert plan in later


def test_a_closed_case_is_cancelled_then_dropped(
    store: tuple[str, Engine, FrozenClock], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine, clock = store
    out = tmp_path / "anna.ics"
    before = events(export(url, out, monkeypatch, "2026-01-21"))
    clock.set(D(2026, 1, 22))
    engine.record("c-2", {"type": "case_closed", "effective": "2026-01-22", "reason": "other"},
                  actor="anna")  # fmt: skip
    after = events(export(url, out, monkeypatch, "2026-01-22"))
    for uid, event in before.items():
        if "c-2" in str(event["SUMMARY"]):
            assert after[uid]["STATUS"] == "CANCELLED"
            assert int(after[uid]["SEQUENCE"]) > int(event["SEQUENCE"])
    gone = events(export(url, out, monkeypatch, "2026-03-01"))
    assert not any("c-2" in str(e["SUMMARY"]) for e in gone.values())


def test_bad_input_is_exit_2_with_one_line(
    store: tuple[str, Engine, FrozenClock],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _, _ = store
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-01-21")
    assert run(["ical", "export", "--casemanager", " ", "--db", url]) == 2
    assert run(["ical", "export", "--casemanager", "anna", "--plan-days", "-1", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "--casemanager" in err


def test_an_unwritable_output_is_exit_1(
    store: tuple[str, Engine, FrozenClock],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _, _ = store
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-01-21")
    target = tmp_path / "missing-dir" / "anna.ics"
    assert run(["ical", "export", "--casemanager", "anna", "--db", url, "-o", str(target)]) == 1
    assert "kan niet geschreven worden" in capsys.readouterr().err
