"""scale: indexes for 今日工作台 and 办件查询 by date (issue 15)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:40:00.000000

(created_by, status, due_on): the dashboard's per-status counts of one clerk and its overdue / due-soon /
correction lists read a range of this index instead of every application (2.1 s at 1,000,000 before).
(created_at): 办件查询's date filter.
"""
from alembic import op
import sqlalchemy as sa  # noqa: F401


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_created_by_status_due', ['created_by', 'status', 'due_on'], unique=False)
        batch_op.create_index('ix_applications_created_at', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_created_at')
        batch_op.drop_index('ix_applications_created_by_status_due')
