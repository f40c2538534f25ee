"""Generated bad input: every conversation event with a field broken or a reference dangling
gets a typed error naming the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poortwachter import Engine, FrozenClock
from poortwachter.conversations.policy import ConversationPolicy
from poortwachter.errors import InvalidEventError, PoortwachterError

from .samples import conversation_sample

D = dt.date
TYPES = sorted(
    [
        "agreement_made",
        "contact_cadence_agreed",
        "contact_held",
        "contact_planned",
        "progress_noted",
        "quiet_period_agreed",
        "werkbalansgesprek_held",
    ]
)
DANGLING = [
    "agreement_kept",
    "agreement_missed",
    "agreement_withdrawn",
    "agreement_acknowledged",
    "contact_moved",
    "contact_cancelled",
]
JUNK = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.text(max_size=5),
    st.just("emp 1 met spatie"),
    st.just("123456782"),  # passes the 11-proef: a BSN
    st.just("2026-02-30"),
    st.just("2026-03-10T10:00"),  # no offset
    st.lists(st.integers(), max_size=2),
    st.just({"ref": "x", "role": "neighbour"}),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = Path(tmp_path_factory.mktemp("bad")) / "bad.db"
    opened = Engine.open(
        f"sqlite:///{path}",
        clock=FrozenClock(D(2026, 3, 31)),
        conversation_policy=ConversationPolicy(),
    )
    opened.open_case("emp-1", D(2026, 3, 2), "cm-1", actor="t", case_id="k1")
    return opened


def _recorded_or_refused(engine: Engine, payload: dict[str, Any]) -> PoortwachterError | None:
    """Record ``payload``; the typed error when refused (any other exception fails the test),
    after checking that nothing was stored."""
    before = engine.case("k1").version
    refusal: PoortwachterError | None = None
    try:
        engine.record_conversation("k1", [payload], actor="t")
    except PoortwachterError as exc:
        refusal = exc
    if refusal is not None:
        assert str(refusal)
        assert engine.case("k1").version == before  # nothing stored
    return refusal


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(TYPES), st.data(), JUNK)
def test_a_broken_field_is_refused_naming_it(
    engine: Engine, kind: str, data: st.DataObject, junk: object
) -> None:
    payload = conversation_sample(kind, D(2026, 3, 10)).payload()
    fields = sorted(k for k in payload if k not in ("type", "effective"))
    field = data.draw(st.sampled_from(fields))
    payload[field] = junk
    refusal = _recorded_or_refused(engine, payload)
    if isinstance(refusal, InvalidEventError):
        assert refusal.field is not None
        # The broken field, or (the module's case fills up with accepted samples) an id in
        # use: every refusal names where to look.
        ids = (
            "effective",
            "contact_id",
            "agreement_id",
            "werkbalansgesprek_id",
            "follow_ups",
            "agreements",
        )
        assert re.split(r"[.\[]", refusal.field)[0] in (field, *ids)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(DANGLING), st.integers(100, 10_000))
def test_a_dangling_reference_is_refused_naming_it(engine: Engine, kind: str, n: int) -> None:
    payload = conversation_sample(kind, D(2026, 3, 10), n).payload()
    refusal = _recorded_or_refused(engine, payload)
    assert isinstance(refusal, InvalidEventError)
    assert refusal.field in ("contact_id", "agreement_id")
