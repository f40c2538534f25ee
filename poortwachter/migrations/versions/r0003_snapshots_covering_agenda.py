"""Per-case snapshots of the decision fold; covering agenda indexes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

``case_snapshots`` holds, per case, the fold of its log (facts, state and the canonical key of
the last fact) as of the case's version, written in the transaction of every append. Recording
an event that comes after everything folded then costs one step instead of a replay of the
whole log. Existing cases get no snapshot here: their next append refolds the log once and
writes one (a missing or stale snapshot is never trusted).

The two agenda indexes gain the columns the agenda reads, so it is served from the index alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AGENDA = ("closed", "casemanager", "due", "case_id", "kind")
_OPEN_DUE = ("closed", "due", "case_id", "kind")


def upgrade() -> None:
    op.create_table(
        "case_snapshots",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "snapshot", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_snapshots"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.case_id"], name="fk_case_snapshots_case_id_cases"
        ),
    )
    op.drop_index("ix_case_deadlines_agenda", table_name="case_deadlines")
    op.drop_index("ix_case_deadlines_open_due", table_name="case_deadlines")
    op.create_index(
        "ix_case_deadlines_agenda",
        "case_deadlines",
        [*_AGENDA, "employee_ref", "state", "status"],
    )
    op.create_index(
        "ix_case_deadlines_open_due",
        "case_deadlines",
        [*_OPEN_DUE, "employee_ref", "casemanager", "state", "status"],
    )


def downgrade() -> None:
    op.drop_index("ix_case_deadlines_open_due", table_name="case_deadlines")
    op.drop_index("ix_case_deadlines_agenda", table_name="case_deadlines")
    op.create_index("ix_case_deadlines_agenda", "case_deadlines", list(_AGENDA))
    op.create_index("ix_case_deadlines_open_due", "case_deadlines", list(_OPEN_DUE))
    op.drop_table("case_snapshots")
