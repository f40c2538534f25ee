"""Old stored payloads are read through upcasters; the stored bytes are never rewritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from storetest_support import DAY0, T0, day, projection

from poortwachter.errors import InvalidEventError
from poortwachter.events import SickReported, WorkPartiallyResumed
from poortwachter.store import (
    UPCASTERS,
    EventStore,
    Upcaster,
    UpcasterRegistry,
    chain_hash,
    register_upcaster,
    upcaster,
)
from poortwachter.store.schema import cases, events

CASE = "case-1"


def _v0_to_v1(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 0 called the field ``percent`` and stored it as a string."""
    payload["percentage"] = int(payload.pop("percent"))
    return payload


@pytest.fixture
def v0_upcaster() -> Iterator[None]:
    register_upcaster("work_partially_resumed", 0, _v0_to_v1)
    yield
    UPCASTERS.unregister("work_partially_resumed", 0)


def _store_raw(store: EventStore, schema_version: int, payload: dict[str, Any]) -> None:
    """Append one event row the way an older poortwachter would have (correctly chained)."""
    (first,) = store.append(
        CASE,
        [SickReported(effective=DAY0)],
        actor="t",
        recorded_at=T0,
        expected_version=0,
        projection=projection(),
    )
    row: dict[str, Any] = {
        "case_id": CASE,
        "seq": 2,
        "type": "work_partially_resumed",
        "schema_version": schema_version,
        "effective": day(30),
        "recorded_at": T0 + dt.timedelta(days=30),
        "actor": "legacy",
        "payload": payload,
        "prev_hash": first.hash,
    }
    row["hash"] = chain_hash(**row)
    with store.engine.begin() as conn:
        conn.execute(events.insert().values(row))
        conn.execute(
            cases.update().where(cases.c.case_id == CASE).values(version=2, head_hash=row["hash"])
        )


OLD_PAYLOAD = {"type": "work_partially_resumed", "effective": "2026-02-04", "percent": "40"}


@pytest.mark.usefixtures("v0_upcaster")
def test_old_schema_version_is_upcast_on_read(store: EventStore) -> None:
    _store_raw(store, 0, OLD_PAYLOAD)
    stored = store.load(CASE)[1]
    assert stored.schema_version == 0
    assert stored.payload == OLD_PAYLOAD  # what was stored, untouched
    assert stored.event == WorkPartiallyResumed(effective=day(30), percentage=40)
    assert stored.payload == OLD_PAYLOAD  # the upcaster worked on a copy
    assert store.verify() == []


def test_missing_upcaster_is_a_typed_error(store: EventStore) -> None:
    _store_raw(store, 0, OLD_PAYLOAD)
    with pytest.raises(InvalidEventError) as info:
        _ = store.load(CASE)[1].event
    assert info.value.field == "schema_version"
    assert info.value.event_type == "work_partially_resumed"


def test_newer_schema_version_is_a_typed_error(store: EventStore) -> None:
    _store_raw(store, 2, {**OLD_PAYLOAD, "percentage": 40})
    with pytest.raises(InvalidEventError, match="upgrade poortwachter"):
        _ = store.load(CASE)[1].event


def test_registry_chains_steps_and_guards_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = UpcasterRegistry()
    monkeypatch.setattr(WorkPartiallyResumed, "schema_version", 3)

    @registry_upcaster(registry, 1)
    def one(payload: dict[str, Any]) -> dict[str, Any]:
        payload["trail"] = [*payload.get("trail", []), 1]
        return payload

    @registry_upcaster(registry, 2)
    def two(payload: dict[str, Any]) -> dict[str, Any]:
        payload["trail"] = [*payload.get("trail", []), 2]
        return payload

    assert registry.upcast("work_partially_resumed", 1, {}) == {"trail": [1, 2]}
    assert registry.upcast("work_partially_resumed", 2, {}) == {"trail": [2]}
    assert registry.upcast("work_partially_resumed", 3, {"x": 1}) == {"x": 1}
    with pytest.raises(ValueError, match="already registered"):
        registry.register("work_partially_resumed", 1, two)
    registry.register("work_partially_resumed", 1, two, replace=True)
    assert registry.upcast("work_partially_resumed", 1, {}) == {"trail": [2, 2]}


def registry_upcaster(
    registry: UpcasterRegistry, from_version: int
) -> Callable[[Upcaster], Upcaster]:
    def decorate(fn: Upcaster) -> Upcaster:
        registry.register("work_partially_resumed", from_version, fn)
        return fn

    return decorate


def test_unknown_stored_type_is_a_typed_error() -> None:
    with pytest.raises(InvalidEventError) as info:
        UpcasterRegistry().upcast("telepathy_reported", 1, {})
    assert info.value.field == "type"


def test_decorator_registers_globally() -> None:
    @upcaster("plan_evaluated", -7)
    def lift(payload: dict[str, Any]) -> dict[str, Any]:
        return payload

    try:
        with pytest.raises(ValueError, match="already registered"):
            register_upcaster("plan_evaluated", -7, lambda p: p)
    finally:
        UPCASTERS.unregister("plan_evaluated", -7)
