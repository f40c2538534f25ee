"""The reminder outbox and its delivery history.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02

``reminders`` holds each planned reminder and its delivery state in one row (the row is the
job: no copy can drift or be pruned); its planned columns are written in the transaction of
every append, and a delivery is recorded on it (``sent_at``, ``sent_by``).
``reminder_attempts`` keeps every failed attempt and every re-drive. Existing cases get their
reminders with their next append, or at once with ``poortwachter reminders plan``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("case_id", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("occurrence", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("plan_on", sa.Date(), nullable=False),
        sa.Column("send_at", _instant(), nullable=False),
        sa.Column("legal_basis", sa.String(), nullable=False),
        sa.Column("rule_version", sa.String(), nullable=False),
        sa.Column(
            "details", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("plan_hash", sa.String(32), nullable=False),
        sa.Column("in_plan", sa.Boolean(), nullable=False),
        sa.Column("planned_version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("next_attempt_at", _instant(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(), nullable=True),
        sa.Column("lease_until", _instant(), nullable=True),
        sa.Column("sent_at", _instant(), nullable=True),
        sa.Column("sent_by", sa.String(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'dead', 'cancelled')",
            name="ck_reminders_reminder_state",
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.case_id"], name="fk_reminders_case_id_cases"),
        sa.PrimaryKeyConstraint("key", name="pk_reminders"),
    )
    op.create_index("ix_reminders_state_next_attempt_at", "reminders", ["state", "next_attempt_at"])
    op.create_index("ix_reminders_case_id_in_plan", "reminders", ["case_id", "in_plan"])
    op.create_table(
        "reminder_attempts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(), nullable=False),
        sa.Column("at", _instant(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key"], ["reminders.key"], name="fk_reminder_attempts_key_reminders"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_attempts"),
    )
    op.create_index("ix_reminder_attempts_key", "reminder_attempts", ["key"])


def downgrade() -> None:
    op.drop_index("ix_reminder_attempts_key", table_name="reminder_attempts")
    op.drop_table("reminder_attempts")
    op.drop_index("ix_reminders_case_id_in_plan", table_name="reminders")
    op.drop_index("ix_reminders_state_next_attempt_at", table_name="reminders")
    op.drop_table("reminders")
