"""The window start of each open legal action, in ``case_deadlines`` and its agenda indexes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

The agenda shows, and plans by, the first day of an action's window (eerstejaarsevaluatie,
actueel oordeel). Until now that date was not stored: every such row read its case's snapshot
or replayed its log. ``case_deadlines.window_start`` holds it, written with every append; the
two covering agenda indexes gain it as a trailing column, so the agenda stays index-only.

No backfill: the window start follows from the case's facts and the deployment's rules (its
parameters and options, e.g. the maximum age of the actueel oordeel), which a migration does
not have. Existing rows keep NULL until the case's next append or ``poortwachter db rebuild``,
which writes it for every row whose log gives one; meanwhile the agenda reads the case for a
row of a kind with a window whose ``window_start`` is NULL, as it did before. ``verify`` does
not report such a NULL (the agenda computes the same date from the log), but a rebuild fills it.

Types are spelled out here rather than imported from ``poortwachter.store.schema``, so that this
revision keeps creating exactly this schema however the application's types evolve.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AGENDA = ("closed", "casemanager", "due", "case_id", "kind", "employee_ref", "state", "status")
_OPEN_DUE = ("closed", "due", "case_id", "kind", "employee_ref", "casemanager", "state", "status")


def _indexes(extra: tuple[str, ...]) -> None:
    op.drop_index("ix_case_deadlines_agenda", table_name="case_deadlines")
    op.drop_index("ix_case_deadlines_open_due", table_name="case_deadlines")
    op.create_index("ix_case_deadlines_agenda", "case_deadlines", [*_AGENDA, *extra])
    op.create_index("ix_case_deadlines_open_due", "case_deadlines", [*_OPEN_DUE, *extra])


def upgrade() -> None:
    op.add_column("case_deadlines", sa.Column("window_start", sa.Date(), nullable=True))
    _indexes(("window_start",))


def downgrade() -> None:
    _indexes(())
    op.drop_column("case_deadlines", "window_start")
