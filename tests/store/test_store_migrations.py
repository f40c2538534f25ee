"""The packaged migrations: programmatic upgrade, the plain alembic path, and downgrade."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import command
from storetest_support import DAY0, T0, deadline, filler, projection, stored_deadlines

from poortwachter.events import SickReported
from poortwachter.store import AgendaRow, EventStore, alembic_config, chain_hash, head_revision
from poortwachter.store.migrate import MIGRATIONS_DIR
from poortwachter.store.schema import cases, events


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS_DIR.parent.name == "poortwachter"
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert head_revision() == "0006"


def _case_at_0001(
    conn: sa.Connection, case_id: str, due: dt.date | None, *, closed: bool = False
) -> None:
    """A case as poortwachter wrote it at revision 0001: one event, one next deadline."""
    event = SickReported(effective=DAY0)
    row: dict[str, Any] = {
        "case_id": case_id,
        "seq": 1,
        "type": event.type,
        "schema_version": 1,
        "effective": DAY0,
        "recorded_at": T0,
        "actor": "v0.1",
        "payload": event.payload(),
        "prev_hash": "0" * 64,
    }
    row["hash"] = chain_hash(**row)
    conn.execute(events.insert().values(row))
    conn.execute(
        cases.insert().values(
            case_id=case_id,
            employee_ref=f"emp-{case_id}",
            state="closed" if closed else "sick",
            casemanager="ann",
            first_sick_day=DAY0,
            next_deadline_due=due,
            next_deadline_kind=None if due is None else "problem_analysis",
            version=1,
            head_hash=row["hash"],
            opened_at=T0,
            updated_at=T0,
            closed=closed,
        )
    )


def test_0001_to_0002_backfills_the_next_deadlines(store: EventStore) -> None:
    store.downgrade("0001")
    assert "case_deadlines" not in sa.inspect(store.engine).get_table_names()
    with store.begin_write() as conn:
        # The database's own today: what the backfill judges the status against.
        today = conn.execute(sa.select(sa.func.current_date())).scalar_one()
        today = dt.date.fromisoformat(str(today))
        _case_at_0001(conn, "missed", today - dt.timedelta(days=30))
        _case_at_0001(conn, "due", today)
        _case_at_0001(conn, "upcoming", today + dt.timedelta(days=30))
        _case_at_0001(conn, "none", None)
        _case_at_0001(conn, "closed", today, closed=True)

    store.upgrade()

    assert store.current_revision() == "0006"
    assert [r[:4] for r in stored_deadlines(store)] == [
        ("closed", "problem_analysis", today, "due"),
        ("due", "problem_analysis", today, "due"),
        ("missed", "problem_analysis", today - dt.timedelta(days=30), "missed"),
        ("upcoming", "problem_analysis", today + dt.timedelta(days=30), "upcoming"),
    ]
    assert store.agenda_rows(casemanager="ann") == [
        AgendaRow("missed", "emp-missed", "ann", "sick", today - dt.timedelta(days=30),
                  "problem_analysis", "missed"),
        AgendaRow("due", "emp-due", "ann", "sick", today, "problem_analysis", "due"),
        AgendaRow("upcoming", "emp-upcoming", "ann", "sick", today + dt.timedelta(days=30),
                  "problem_analysis", "upcoming"),
    ]  # fmt: skip
    assert store.case_row("missed").open_deadlines == (
        deadline("problem_analysis", today - dt.timedelta(days=30), "missed"),
    )
    assert store.case_row("none").open_deadlines == ()
    assert store.verify() == []
    # The next append brings the case's other open actions (the engine computes them all).
    more = (
        deadline("problem_analysis", today - dt.timedelta(days=30), "missed"),
        deadline("first_year_evaluation", today + dt.timedelta(days=300)),
    )
    store.append(
        "missed",
        [filler(1)],
        actor="t",
        recorded_at=T0,
        expected_version=1,
        projection=projection(employee_ref="emp-missed", casemanager="ann", open_deadlines=more),
    )
    assert [(r.case_id, r.kind) for r in store.agenda_rows(casemanager="ann")][-1] == (
        "missed",
        "first_year_evaluation",
    )

    store.downgrade("0001")
    inspector = sa.inspect(store.engine)
    assert "case_deadlines" not in inspector.get_table_names()
    assert {"ix_cases_agenda", "ix_cases_open_due", "ix_cases_casemanager"} <= {
        index["name"] for index in inspector.get_indexes("cases")
    }
    store.upgrade()
    assert len(stored_deadlines(store)) == 4  # the backfill again, from next_deadline_*


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
    assert {"events", "cases", "case_deadlines"} <= set(sa.inspect(store.engine).get_table_names())


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


def test_0006_adds_the_window_start_empty_and_to_the_agenda_indexes(store: EventStore) -> None:
    """Rows stored before 0006 keep an empty window start (the agenda then reads the case, a
    rebuild fills it: ``test_projection_tampering``); both agenda indexes cover the column."""
    fye = deadline("first_year_evaluation", DAY0 + dt.timedelta(days=364))
    store.downgrade("0005")
    columns = sa.inspect(store.engine).get_columns("case_deadlines")
    assert "window_start" not in {column["name"] for column in columns}
    store.upgrade()
    store.append(
        "case-1",
        [SickReported(effective=DAY0)],
        actor="t",
        recorded_at=T0,
        expected_version=0,
        projection=projection(
            open_deadlines=(fye.model_copy(update={"window_start": DAY0 + dt.timedelta(days=315)}),)
        ),
    )
    inspector = sa.inspect(store.engine)
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("case_deadlines")}
    assert indexes["ix_case_deadlines_agenda"][-1] == "window_start"
    assert indexes["ix_case_deadlines_open_due"][-1] == "window_start"
    [row] = store.agenda_rows()
    assert row.window_start == DAY0 + dt.timedelta(days=315)
    store.downgrade("0005")
    store.upgrade()
    assert [r[-1] for r in stored_deadlines(store)] == [None]  # no backfill
    assert store.agenda_rows()[0].window_start is None
