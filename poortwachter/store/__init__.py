"""Persistence: the append-only, hash-chained event store and the ``cases`` projection.

Everything else in poortwachter reaches the database through :class:`EventStore`; the tables
themselves are in :mod:`poortwachter.store.schema`, their history in ``poortwachter/migrations``.
"""

from poortwachter.store.event_store import EventStore
from poortwachter.store.hashing import GENESIS_HASH, canonical_json, chain_hash
from poortwachter.store.migrate import alembic_config, head_revision
from poortwachter.store.models import (
    AgendaRow,
    CaseProjection,
    CaseRow,
    IntegrityIssue,
    IssueKind,
    StoredEvent,
)
from poortwachter.store.upcasting import (
    UPCASTERS,
    Upcaster,
    UpcasterRegistry,
    register_upcaster,
    upcaster,
)

__all__ = [
    "GENESIS_HASH",
    "UPCASTERS",
    "AgendaRow",
    "CaseProjection",
    "CaseRow",
    "EventStore",
    "IntegrityIssue",
    "IssueKind",
    "StoredEvent",
    "Upcaster",
    "UpcasterRegistry",
    "alembic_config",
    "canonical_json",
    "chain_hash",
    "head_revision",
    "register_upcaster",
    "upcaster",
]
