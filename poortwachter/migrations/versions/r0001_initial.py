"""Initial schema: the events log and the cases projection.

Revision ID: 0001
Revises:
Create Date: 2025-11-25

Types are spelled out here rather than imported from ``poortwachter.store.schema``, so that this
revision keeps creating exactly this schema however the application's types evolve.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("case_id", "seq", name="uq_events_case_id_seq"),
        sa.CheckConstraint("seq >= 1", name="ck_events_seq_positive"),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("employee_ref", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("casemanager", sa.String(), nullable=True),
        sa.Column("first_sick_day", sa.Date(), nullable=False),
        sa.Column("next_deadline_due", sa.Date(), nullable=True),
        sa.Column("next_deadline_kind", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_cases"),
        sa.CheckConstraint("version >= 1", name="ck_cases_version_positive"),
    )
    op.create_index(
        "ix_cases_agenda",
        "cases",
        ["closed", "casemanager", "next_deadline_due", "case_id"],
    )
    op.create_index("ix_cases_open_due", "cases", ["closed", "next_deadline_due", "case_id"])
    op.create_index("ix_cases_casemanager", "cases", ["casemanager"])


def downgrade() -> None:
    op.drop_index("ix_cases_casemanager", table_name="cases")
    op.drop_index("ix_cases_open_due", table_name="cases")
    op.drop_index("ix_cases_agenda", table_name="cases")
    op.drop_table("cases")
    op.drop_table("events")
