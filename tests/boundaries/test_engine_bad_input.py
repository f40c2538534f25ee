"""Every public Engine method refuses every kind of wrong argument with one typed error.

A table of (method, parameter, bad value) calls — wrong types, ``None``, strings for dates,
naive datetimes, dates near year 1 and 9999, huge integers, ids with BSNs or control
characters, foreign event classes — each must raise a :class:`PoortwachterError` subclass whose
one-line message names the parameter (or the event's field). Afterwards the database holds
exactly what the successful calls reported, verifies clean, and every projection equals a
replay. Hypothesis adds arbitrary text and objects for the id and date parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from poortwachter import Engine, FrozenClock, PoortwachterError
from poortwachter.events import EventBase, SickReported
from tests.boundaries.ledger import Ledger
from tests.boundaries.values import BAD_DATES, BAD_IDS, BAD_INTS, BAD_LANGUAGES, BSN

Call = Callable[[Engine, object], object]
T = TypeVar("T")
DAY = "2026-04-08"


class ForeignEvent(EventBase):
    """An event class outside the vocabulary (no family, not registered)."""

    type: str = "foreign"


class NotAnEvent(BaseModel):
    type: str = "problem_analysis_completed"
    effective: dt.date = dt.date(2026, 4, 8)


def _deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"a": value}
    return value


BAD_EVENTS: list[object] = [
    None,
    5,
    "problem_analysis_completed",
    b"{}",
    [],
    {},
    {"type": None},
    {"type": "nope", "effective": DAY},
    {"type": "problem_analysis_completed"},
    {"type": "problem_analysis_completed", "effective": DAY, "note": "griep"},
    {"type": "problem_analysis_completed", "effective": 20260408},
    *({"type": "problem_analysis_completed", "effective": str(d)} for d in BAD_DATES[4:10]),
    {"type": "wage_sanction_imposed", "effective": DAY, "weeks": 10**4000},
    {"type": "wage_sanction_imposed", "effective": DAY, "weeks": "1" * 5000},
    {"type": "work_partially_resumed", "effective": DAY, "percentage": float("nan")},
    {"type": "problem_analysis_completed", "effective": DAY, "x": _deep(2000)},
    {
        "type": "event_corrected",
        "effective": DAY,
        "corrects_seq": 1,
        "reason": "other",
        "replacement": _deep(2000),
    },
    {"type": "event_corrected", "effective": DAY, "corrects_seq": 10**4000, "reason": "other"},
    *(
        {"type": "casemanager_assigned", "effective": DAY, "casemanager": value}
        for value in BAD_IDS
        if isinstance(value, str) and value.strip()
    ),
    {
        "type": "event_corrected",
        "effective": DAY,
        "corrects_seq": 2,
        "reason": "wrong_value",
        "replacement": {
            "type": "casemanager_assigned",
            "effective": "2026-03-02",
            "casemanager": f"cm-{BSN}",
        },
    },
    ForeignEvent(effective=dt.date(2026, 4, 8)),
    NotAnEvent(),
    SickReported.model_construct(effective=dt.date(2026, 3, 2), diagnosis="griep"),  # type: ignore[call-arg]
    SickReported.model_construct(effective="2026-13-45"),  # type: ignore[arg-type]
    SickReported.model_construct(effective=dt.date(1, 1, 1)),
    object(),
]


def _ids(optional: bool) -> list[object]:
    return [v for v in BAD_IDS if not (optional and v is None)]


def _dates(optional: bool) -> list[object]:
    return [v for v in BAD_DATES if not (optional and v is None)] + ([] if optional else [None])


def _rows() -> Iterator[tuple[str, str, Call, object]]:
    """(method, parameter, call, bad value) for every public Engine method."""
    d = dt.date(2026, 3, 2)
    ok_event = {"type": "problem_analysis_completed", "effective": DAY}
    table: list[tuple[str, str, Call, list[object]]] = [
        ("open_case", "employee_ref",
         lambda e, v: e.open_case(v, d, actor="hr"), _ids(False)),  # type: ignore[arg-type]
        ("open_case", "first_sick_day",
         lambda e, v: e.open_case("emp-2", v, actor="hr"), _dates(False)),  # type: ignore[arg-type]
        ("open_case", "casemanager",
         lambda e, v: e.open_case("emp-2", d, v, actor="hr"), _ids(True)),  # type: ignore[arg-type]
        ("open_case", "actor",
         lambda e, v: e.open_case("emp-2", d, actor=v), _ids(False)),  # type: ignore[arg-type]
        ("open_case", "case_id",
         lambda e, v: e.open_case("emp-2", d, actor="hr", case_id=v), _ids(True)),  # type: ignore[arg-type]
        ("record", "case_id",
         lambda e, v: e.record(v, ok_event, actor="hr"), _ids(False)),  # type: ignore[arg-type]
        ("record", "event",
         lambda e, v: e.record("k1", v, actor="hr"), BAD_EVENTS),  # type: ignore[arg-type]
        ("record", "actor",
         lambda e, v: e.record("k1", ok_event, actor=v), _ids(False)),  # type: ignore[arg-type]
        ("record", "expected_version",
         lambda e, v: e.record("k1", ok_event, actor="hr", expected_version=v), BAD_INTS),  # type: ignore[arg-type]
        ("record_many", "events",
         lambda e, v: e.record_many("k1", v, actor="hr"),  # type: ignore[arg-type]
         [None, 5, "abc", ok_event, {"events": [ok_event]}, (x for x in [ok_event]),
          [ok_event] * 100_001, [ok_event, None], [ok_event, BAD_EVENTS[-3]]]),
        ("record_many", "case_id",
         lambda e, v: e.record_many(v, [ok_event], actor="hr"), _ids(False)),  # type: ignore[arg-type]
        ("record_many", "actor",
         lambda e, v: e.record_many("k1", [ok_event], actor=v), _ids(False)),  # type: ignore[arg-type]
        ("case", "case_id", lambda e, v: e.case(v), _ids(False)),  # type: ignore[arg-type]
        ("case", "as_of", lambda e, v: e.case("k1", as_of=v), _dates(True)),  # type: ignore[arg-type]
        ("deadlines", "case_id", lambda e, v: e.deadlines(v), _ids(False)),  # type: ignore[arg-type]
        ("deadlines", "as_of", lambda e, v: e.deadlines("k1", v), _dates(True)),  # type: ignore[arg-type]
        ("agenda", "casemanager", lambda e, v: e.agenda(v), _ids(True)),  # type: ignore[arg-type]
        ("agenda", "start", lambda e, v: e.agenda(start=v), _dates(True)),  # type: ignore[arg-type]
        ("agenda", "end", lambda e, v: e.agenda(end=v), _dates(True)),  # type: ignore[arg-type]
        ("agenda", "limit", lambda e, v: e.agenda(limit=v),  # type: ignore[arg-type]
         [*BAD_INTS, 0, 10**9]),
        ("agenda", "language", lambda e, v: e.agenda(language=v), BAD_LANGUAGES),  # type: ignore[arg-type]
        ("timeline", "case_id", lambda e, v: e.timeline(v), _ids(False)),  # type: ignore[arg-type]
        ("replay", "case_id", lambda e, v: e.replay(v), _ids(False)),  # type: ignore[arg-type]
        ("replay", "as_of", lambda e, v: e.replay("k1", as_of=v), _dates(True)),  # type: ignore[arg-type]
        ("replay", "known_on", lambda e, v: e.replay("k1", known_on=v), _dates(True)),  # type: ignore[arg-type]
        ("verify", "case_id", lambda e, v: e.verify(v), _ids(True)),  # type: ignore[arg-type]
    ]  # fmt: skip
    for method, parameter, call, values in table:
        for value in values:
            yield method, parameter, call, value


ROWS = list(_rows())


def _names_the_field(message: str, parameter: str, value: object) -> bool:
    if parameter in message:
        return True
    # A bad event names the event's own field (or the event as a whole by its index).
    return parameter in {"event", "events"} and ("field '" in message or "event #" in message)


def test_every_wrong_argument_is_one_typed_error_and_nothing_is_stored(engine: Engine) -> None:
    assert len(ROWS) >= 400
    ledger = Ledger()
    ledger.add_case(engine, "k1")
    escaped = []
    for method, parameter, call, value in ROWS:
        try:
            call(engine, value)
        except PoortwachterError as exc:
            message = str(exc)
            assert "\n" not in message, (method, parameter, message)
            assert _names_the_field(message, parameter, value), (method, parameter, message)
            assert len(message) < 1000, (method, parameter, message[:200])
        except BaseException as exc:
            escaped.append((method, parameter, repr(value)[:60], type(exc).__name__, str(exc)[:80]))
        else:
            raise AssertionError(f"{method}({parameter}={value!r:.60}) was accepted")
    assert escaped == []
    ledger.check(engine)


BAD_URLS: list[object] = [
    None,
    5,
    b"sqlite://",
    "",
    " ",
    "nonsense",
    "nonsense://x",
    "sqlite:////nonexistent-dir/x/y.db",
    "postgresql+nodriver://u:hunter2@127.0.0.1/db",
    "postgresql://u:hunter2@127.0.0.1:1/db",
    "postgresql://u:hunter2@127.0.0.1:1/db?password=hunter2",
    "postgresql://u:hunter2@127.0.0.1:abc/x",
    "postgresql://u:hunter2@[::1/x",
    "sqlite:///" + "x" * 5000,
    "sqlite:///\x00",
    "sqlite:///\ud800",
]


@pytest.mark.parametrize("url", BAD_URLS, ids=lambda u: repr(u)[:40])
def test_engine_open_refuses_a_bad_url_without_echoing_a_password(url: object) -> None:
    with pytest.raises(PoortwachterError) as err:
        Engine.open(url)  # type: ignore[arg-type]
    message = str(err.value)
    assert "hunter2" not in message
    assert "\n" not in message
    assert "url" in message or "database" in message


def test_engine_open_refuses_a_file_that_is_not_a_database(tmp_path: Any) -> None:
    for content in (b"hello, not a database\n" * 100, b"\x00" * 4096, b"SQLite format 3\x00xx"):
        path = tmp_path / "not.db"
        path.write_bytes(content)
        for create in (True, False):
            with pytest.raises(PoortwachterError, match="not a"):
                Engine.open(f"sqlite:///{path}", create=create)


@pytest.mark.parametrize("store", ["sqlite:///x.db", None, object()])
def test_the_engine_needs_an_event_store(store: object) -> None:
    with pytest.raises(PoortwachterError, match="store"):
        Engine(store)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("clock", "2026-06-01"),
        ("clock", 5),
        ("clock", object()),
        ("params", "config/rules"),
        ("params", {}),
        ("options", {"week_convention": "end_of_week"}),
        ("options", "x"),
        ("create", "yes"),
        ("create", None),
        ("create", 1),
    ],
)
def test_engine_open_refuses_wrong_collaborators(
    tmp_path: Any, parameter: str, value: object
) -> None:
    with pytest.raises(PoortwachterError, match=parameter):
        Engine.open(f"sqlite:///{tmp_path / 'x.db'}", **{parameter: value})  # type: ignore[arg-type]
    assert not (tmp_path / "x.db").exists()


def refused_or_done(call: Callable[[], T]) -> T | None:
    """The call's result, or ``None`` when it raised a one-line typed error (anything else
    escapes and fails the test)."""
    try:
        return call()
    except PoortwachterError as exc:
        message = str(exc)
    assert "\n" not in message
    return None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    employee=st.text(max_size=80),
    case_id=st.one_of(st.none(), st.text(max_size=80)),
    actor=st.text(max_size=80),
    casemanager=st.one_of(st.none(), st.text(max_size=80)),
)
def test_arbitrary_ids_are_stored_or_refused_with_a_typed_error(
    engine: Engine, employee: str, case_id: str | None, actor: str, casemanager: str | None
) -> None:
    before = Ledger()
    for known in engine.store.iter_case_ids():
        before.add_case(engine, known)
    view = refused_or_done(
        lambda: engine.open_case(
            employee, dt.date(2026, 3, 2), casemanager, actor=actor, case_id=case_id
        )
    )
    if view is not None:
        # What the call reported: a new case at version 1 or 2 (with a casemanager).
        before.add_case(engine, view.case_id)
        assert sorted(seq for case, seq in before.events if case == view.case_id) == list(
            range(1, view.version + 1)
        )
        for value in (view.case_id, view.employee_ref, view.casemanager or "cm"):
            assert value.isascii()
            assert value.isprintable()
            assert 1 <= len(value) <= 64
    before.check(engine)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.text(max_size=30),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.just(dt.UTC)),
        st.binary(max_size=10),
        st.lists(st.integers(), max_size=3),
    ),
    slot=st.sampled_from(["as_of", "known_on", "start", "end", "limit", "expected_version"]),
)
def test_arbitrary_values_for_dates_and_numbers(engine: Engine, value: object, slot: str) -> None:
    calls: dict[str, Callable[[], object]] = {
        "as_of": lambda: engine.case("k1", as_of=value),  # type: ignore[arg-type]
        "known_on": lambda: engine.replay("k1", known_on=value),  # type: ignore[arg-type]
        "start": lambda: engine.agenda(start=value),  # type: ignore[arg-type]
        "end": lambda: engine.agenda(end=value),  # type: ignore[arg-type]
        "limit": lambda: engine.agenda(limit=value),  # type: ignore[arg-type]
        "expected_version": lambda: engine.record(
            "k1",
            {"type": "problem_analysis_completed", "effective": "2026-04-08"},
            actor="hr",
            expected_version=value,  # type: ignore[arg-type]
        ),
    }
    refused_or_done(calls[slot])


def test_events_are_validated_from_their_serialised_form(engine: Engine) -> None:
    """An object built without validation cannot smuggle a field or a wrong type into the log:
    the engine stores what the dumped JSON validates to, or nothing."""
    from poortwachter.events import ProblemAnalysisCompleted

    sneaky = ProblemAnalysisCompleted.model_construct(
        effective=dt.date(2026, 4, 8),
        diagnosis="griep",  # type: ignore[call-arg]
    )
    [saved] = engine.record_many("k1", [sneaky], actor="hr")
    assert saved.payload == {"type": "problem_analysis_completed", "effective": "2026-04-08"}
    assert "griep" not in str(engine.store.load("k1")[-1].payload)
    wrong = ProblemAnalysisCompleted.model_construct(effective="2026-04-31")  # type: ignore[arg-type]
    with pytest.raises(PoortwachterError, match="effective"):
        engine.record("k1", wrong, actor="hr")
    assert engine.store.version("k1") == saved.seq


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2026-04-08", "0001-01-01", "9999-12-31", "2026-02-30", "cm-1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
TYPES = st.sampled_from(
    ["problem_analysis_completed", "casemanager_assigned", "wage_sanction_imposed",
     "work_partially_resumed", "event_corrected", "recovered", "case_closed", "nope"]
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=TYPES,
    fields=st.dictionaries(
        st.sampled_from(
            [
                "effective",
                "casemanager",
                "weeks",
                "percentage",
                "corrects_seq",
                "reason",
                "replacement",
                "x",
            ]
        ),
        JSON,
        max_size=4,
    ),
)
def test_generated_events_are_stored_or_refused_and_the_log_stays_whole(
    engine: Engine, kind: str, fields: dict[str, object]
) -> None:
    ledger = Ledger()
    ledger.add_case(engine, "k1")
    saved = refused_or_done(
        lambda: engine.record("k1", {"type": kind, "effective": "2026-04-08", **fields}, actor="hr")
    )
    if saved is not None:
        ledger.events[(saved.case_id, saved.seq)] = saved.hash
    ledger.check(engine)


@pytest.mark.parametrize(
    "move",
    [{"days": "3"}, {"days": 10**9}, {"years": 1}, {"days": 100_000}, {"days": -50_000}],
    ids=str,
)
def test_a_frozen_clock_refuses_to_leave_the_supported_dates(move: dict[str, object]) -> None:
    clock = FrozenClock(dt.date(2026, 6, 1))
    with pytest.raises(PoortwachterError, match="clock"):
        clock.advance(**move)  # type: ignore[arg-type]
    assert clock.today() == dt.date(2026, 6, 1)
