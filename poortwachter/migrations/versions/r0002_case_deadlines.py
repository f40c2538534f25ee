"""Every open legal action of a case: the ``case_deadlines`` table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-12

Until now the agenda read ``cases.next_deadline_*``: one action per case, so an action that was
missed and never recorded hid every later one. ``case_deadlines`` holds one row per open action
(``CaseProjection.open_deadlines``), with copies of the ``cases`` columns the agenda shows or
filters on, so the agenda is one index range without a join.

Backfill: each case's ``next_deadline_*``, the only open action the old projection kept. Its
status is judged against today's date in the database's clock (past: ``missed``, today: ``due``,
later: ``upcoming``). The other open actions of a case appear with its next append (the engine
rewrites the whole projection then).

The two ``cases`` indexes that served the old agenda (``ix_cases_agenda``, ``ix_cases_open_due``)
are dropped: nothing reads by them any more, and every append had to update them. ``downgrade``
recreates them and drops the table (the extra open actions are lost; the old agenda never had
them).

Types are spelled out here rather than imported from ``poortwachter.store.schema``, so that this
revision keeps creating exactly this schema however the application's types evolve.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_deadlines",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("employee_ref", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("casemanager", sa.String(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "kind", name="pk_case_deadlines"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_deadlines_case_id_cases"
        ),
        sa.CheckConstraint(
            "status IN ('upcoming', 'due', 'missed')", name="ck_case_deadlines_status_open"
        ),
    )
    op.create_index(
        "ix_case_deadlines_agenda",
        "case_deadlines",
        ["closed", "casemanager", "due", "case_id", "kind"],
    )
    op.create_index(
        "ix_case_deadlines_open_due", "case_deadlines", ["closed", "due", "case_id", "kind"]
    )

    cases = sa.table(
        "cases",
        sa.column("case_id", sa.String()),
        sa.column("employee_ref", sa.String()),
        sa.column("state", sa.String()),
        sa.column("casemanager", sa.String()),
        sa.column("next_deadline_due", sa.Date()),
        sa.column("next_deadline_kind", sa.String()),
        sa.column("closed", sa.Boolean()),
    )
    deadlines = sa.table(
        "case_deadlines",
        *(
            sa.column(name)
            for name in (
                "case_id",
                "kind",
                "due",
                "status",
                "employee_ref",
                "state",
                "casemanager",
                "closed",
            )
        ),
    )
    today = sa.func.current_date()
    status = sa.case(
        (cases.c.next_deadline_due < today, sa.literal("missed")),
        (cases.c.next_deadline_due == today, sa.literal("due")),
        else_=sa.literal("upcoming"),
    )
    op.execute(
        deadlines.insert().from_select(
            [
                "case_id",
                "kind",
                "due",
                "status",
                "employee_ref",
                "state",
                "casemanager",
                "closed",
            ],
            sa.select(
                cases.c.case_id,
                cases.c.next_deadline_kind,
                cases.c.next_deadline_due,
                status,
                cases.c.employee_ref,
                cases.c.state,
                cases.c.casemanager,
                cases.c.closed,
            ).where(
                cases.c.next_deadline_due.is_not(None), cases.c.next_deadline_kind.is_not(None)
            ),
        )
    )

    op.drop_index("ix_cases_open_due", table_name="cases")
    op.drop_index("ix_cases_agenda", table_name="cases")


def downgrade() -> None:
    op.create_index(
        "ix_cases_agenda",
        "cases",
        ["closed", "casemanager", "next_deadline_due", "case_id"],
    )
    op.create_index("ix_cases_open_due", "cases", ["closed", "next_deadline_due", "case_id"])
    op.drop_index("ix_case_deadlines_open_due", table_name="case_deadlines")
    op.drop_index("ix_case_deadlines_agenda", table_name="case_deadlines")
    op.drop_table("case_deadlines")
