"""Opening a database for the Engine: create and migrate it, or refuse what is not there.

Readers and auditors open with ``create=False``: a mistyped path or an unmigrated schema must
be refused (:class:`StoreUnavailableError`), never turned into a new, empty dossier.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from poortwachter.errors import InvalidDatabaseError, StoreUnavailableError, phrase
from poortwachter.store.connection import redacted
from poortwachter.store.event_store import EventStore
from poortwachter.store.migrate import head_revision

__all__ = ["open_store"]


def open_store(url: str, *, create: bool) -> EventStore:
    """The store at ``url`` at the schema this version needs: created and migrated with
    ``create``, else refused when the SQLite file is missing or the schema is behind."""
    if not create:
        sa_url = sa.make_url(url)
        database = sa_url.database or ""
        embedded_file = sa_url.get_backend_name() == "sqlite" and database not in ("", ":memory:")
        if embedded_file and Path(database).is_dir():
            raise InvalidDatabaseError(redacted(sa_url), phrase("error.database.directory"))
        if embedded_file and not Path(database).is_file():
            raise StoreUnavailableError(
                redacted(sa_url), phrase("error.store.reason.no_file"), cause="missing"
            )
    store = EventStore.open(url)
    revision, head = store.current_revision(), head_revision()
    if revision != head:
        if not create:
            store.close()
            raise StoreUnavailableError(
                redacted(store.engine.url),
                phrase("error.store.reason.schema", revision=revision or "-", head=head),
                cause="outdated",
            )
        store.upgrade()
    return store
