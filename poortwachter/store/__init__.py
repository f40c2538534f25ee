"""Persistence: the append-only, hash-chained event store and its projections.

The projections are the ``cases`` table (one row per case) and ``case_deadlines`` (every open
legal action of every case, the agenda's table), written with the events in one transaction.

Everything else in poortwachter reaches the database through :class:`EventStore`; the tables
themselves are in :mod:`poortwachter.store.schema`, their history in ``poortwachter/migrations``.
"""

from poortwachter.store.event_store import CaseHead, EventStore
from poortwachter.store.hashing import GENESIS_HASH, canonical_json, chain_hash
from poortwachter.store.migrate import alembic_config, head_revision
from poortwachter.store.models import (
    AgendaRow,
    CaseProjection,
    CaseRow,
    DeadlineState,
    IntegrityIssue,
    IssueKind,
    OpenDeadline,
    StoredEvent,
)
from poortwachter.store.projections import ProjectionHook, SnapshotHook
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
    "CaseHead",
    "CaseProjection",
    "CaseRow",
    "DeadlineState",
    "EventStore",
    "IntegrityIssue",
    "IssueKind",
    "OpenDeadline",
    "ProjectionHook",
    "SnapshotHook",
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
