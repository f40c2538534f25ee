"""The packaged migrations: programmatic upgrade, the plain alembic path, and downgrade."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from storetest_support import DAY0, T0, projection

from poortwachter.events import SickReported
from poortwachter.store import EventStore, alembic_config, head_revision
from poortwachter.store.migrate import MIGRATIONS_DIR


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS_DIR.parent.name == "poortwachter"
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert head_revision() == "0001"


def test_plain_alembic_upgrade_uses_the_store_setup(store_url: str) -> None:
    """``alembic upgrade head`` without a connection handed in (as from the command line)."""
    command.upgrade(alembic_config(store_url), "head")
    with EventStore.open(store_url) as store:
        assert store.current_revision() == head_revision()
        store.append(
            "case-1",
            [SickReported(effective=DAY0)],
            actor="t",
            recorded_at=T0,
            expected_version=0,
            projection=projection(),
        )
        assert store.verify() == []


def test_downgrade_to_base_and_back(store: EventStore) -> None:
    store.downgrade("base")
    assert store.current_revision() is None
    assert set(sa.inspect(store.engine).get_table_names()) <= {"alembic_version"}
    store.upgrade()
    assert {"events", "cases"} <= set(sa.inspect(store.engine).get_table_names())


def test_begin_write_commits_and_rolls_back(store: EventStore) -> None:
    with store.begin_write() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO scratch VALUES (1)")
    try:
        with store.begin_write() as conn:
            conn.exec_driver_sql("INSERT INTO scratch VALUES (2)")
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT x FROM scratch").scalars().all() == [1]
