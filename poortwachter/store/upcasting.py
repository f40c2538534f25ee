"""Upcasters: read old stored payloads as the current event classes.

Stored events are never rewritten (that would break the hash chain and the audit trail), so when
an event type's payload changes shape its class bumps ``schema_version`` and registers a pure
function that lifts a payload from version ``n`` to ``n + 1``. On read, the steps are chained up
to the class's current version, then the result is validated by
:func:`poortwachter.events.parse_event`.

Example, after renaming ``percentage`` to ``percent`` in schema version 2::

    @upcaster("work_partially_resumed", 1)
    def _rename_percentage(payload: dict[str, Any]) -> dict[str, Any]:
        payload["percent"] = payload.pop("percentage")
        return payload
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping
from typing import Any

from poortwachter.errors import InvalidEventError
from poortwachter.events import EVENT_TYPES

__all__ = ["UPCASTERS", "Upcaster", "UpcasterRegistry", "register_upcaster", "upcaster"]

#: Lifts one payload by one schema version. It receives a private deep copy, so it may mutate it.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UpcasterRegistry:
    """Upcasters keyed by ``(event type, from_version)``; one step per version."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        self._lock = threading.Lock()

    def register(
        self, event_type: str, from_version: int, fn: Upcaster, *, replace: bool = False
    ) -> None:
        """Register ``fn`` to lift ``event_type`` payloads from ``from_version`` by one.

        A second registration for the same step is a programming error (two modules disagreeing
        about history) and raises ``ValueError`` unless ``replace`` is set.
        """
        key = (event_type, from_version)
        with self._lock:
            if key in self._steps and not replace and self._steps[key] is not fn:
                raise ValueError(
                    f"an upcaster for {event_type!r} from schema version {from_version} "
                    f"is already registered"
                )
            self._steps[key] = fn

    def unregister(self, event_type: str, from_version: int) -> None:
        """Remove a step (tests use this to keep the global registry clean)."""
        with self._lock:
            self._steps.pop((event_type, from_version), None)

    def target_version(self, event_type: str) -> int:
        """The schema version the current code reads, or raise for an unknown type."""
        cls = EVENT_TYPES.get(event_type)
        if cls is None:
            raise InvalidEventError(
                f"stored event type {event_type!r} is not part of this version's vocabulary",
                event_type=event_type,
                field="type",
                expected="one of: " + ", ".join(sorted(EVENT_TYPES)),
            )
        return cls.schema_version

    def upcast(
        self, event_type: str, schema_version: int, payload: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Return ``payload`` lifted to the current schema version of ``event_type``.

        Raises :class:`InvalidEventError` when the payload was written by a newer poortwachter,
        or when a step in between has no upcaster.
        """
        target = self.target_version(event_type)
        if schema_version == target:
            return dict(payload)
        if schema_version > target:
            raise InvalidEventError(
                f"stored with schema version {schema_version}, but this poortwachter reads "
                f"up to version {target}; upgrade poortwachter",
                event_type=event_type,
                field="schema_version",
                expected=f"a schema version <= {target}",
            )
        data = copy.deepcopy(dict(payload))
        for version in range(schema_version, target):
            step = self._steps.get((event_type, version))
            if step is None:
                raise InvalidEventError(
                    f"stored with schema version {schema_version}, and no upcaster lifts "
                    f"version {version} to {version + 1}",
                    event_type=event_type,
                    field="schema_version",
                    expected=f"an upcaster registered for ({event_type!r}, {version})",
                )
            data = step(data)
        return data


#: The registry :attr:`StoredEvent.event` reads through.
UPCASTERS = UpcasterRegistry()


def register_upcaster(event_type: str, from_version: int, fn: Upcaster) -> Upcaster:
    """Register ``fn`` in the global registry (see :meth:`UpcasterRegistry.register`)."""
    UPCASTERS.register(event_type, from_version, fn)
    return fn


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Decorator form of :func:`register_upcaster`."""

    def decorate(fn: Upcaster) -> Upcaster:
        return register_upcaster(event_type, from_version, fn)

    return decorate
