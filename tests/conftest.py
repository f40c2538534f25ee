"""Shared fixtures: a store on every backend.

``store_url`` runs each test on SQLite (a file under ``tmp_path``) and on PostgreSQL (a fresh
database per test on the server named by ``POORTWACHTER_TEST_PG_URL``; skipped when unset)::

    export POORTWACHTER_TEST_PG_URL=$(scripts/pg-test-server start)
    .venv/bin/pytest
    scripts/pg-test-server stop
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

# Make the source tree importable when poortwachter is not installed into the venv (the
# multiprocessing tests' spawned children inherit this sys.path).
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from poortwachter.store import EventStore  # noqa: E402

PG_URL_ENV = "POORTWACHTER_TEST_PG_URL"


@pytest.fixture(scope="session")
def pg_admin_engine() -> Iterator[sa.Engine]:
    """An AUTOCOMMIT engine on the test server's maintenance database (skips without one)."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(
            f"{PG_URL_ENV} is not set; start a throwaway server with "
            f"`export {PG_URL_ENV}=$(scripts/pg-test-server start)`"
        )
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin: sa.Engine = request.getfixturevalue("pg_admin_engine")
    name = f"t_{uuid.uuid4().hex}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    """An :class:`EventStore` on ``store_url``, migrated to head."""
    opened = EventStore.open(store_url)
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()


# CI runs the property tests on a fixed, reproducible set of examples: a red CI run can then be
# repeated exactly, and never depends on the luck of the draw. Locally they explore afresh.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    _hypothesis_settings.load_profile("ci")
