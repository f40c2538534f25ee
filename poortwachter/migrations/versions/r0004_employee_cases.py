"""Index the cases of an employee.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Opening a case looks up the employee's other cases: a second open case is refused, and a
relapse within the samentelling window reopens the latest closed one instead of starting a new
chain. ``ix_cases_employee_ref`` serves that lookup. No data changes: the employee reference is
now also carried by the report that opens a case (inside the hash chain); cases opened before
keep their stored reference.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_employee_ref", "cases", ["employee_ref", "first_sick_day"])


def downgrade() -> None:
    op.drop_index("ix_cases_employee_ref", table_name="cases")
