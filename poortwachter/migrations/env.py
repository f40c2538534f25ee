"""Alembic environment for poortwachter (run by :meth:`EventStore.upgrade` or ``alembic``).

:meth:`EventStore.upgrade` passes its own connection, already inside a write transaction
(``BEGIN IMMEDIATE`` on SQLite), in ``config.attributes["connection"]``; the whole upgrade is then
one transaction. Without one (``alembic`` on the command line, with ``sqlalchemy.url`` set), the
store's engine setup is reused so SQLite gets the same pragmas and transaction handling.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection

from poortwachter.store.migrate import MIGRATION_LOCK_KEY
from poortwachter.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        # We issue BEGIN ourselves on SQLite, so its DDL is transactional like PostgreSQL's.
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Workers starting together: the first migrates, the others wait and find head.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Imported here: the store imports this package's siblings, not the other way round.
    from poortwachter.store.event_store import EventStore

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url (alembic -x is not used) or call EventStore.upgrade()")
    store = EventStore.open(url)
    try:
        with store.engine.execution_options(poortwachter_write=True).begin() as conn:
            _run(conn)
    finally:
        store.close()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
_run_online()
