"""papers: the supervisor's review opinion (审核意见) on applications (issue 12)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:40:00.000000

The opinion is printed on the review sheet (审核表) and travels in the application snapshot. Printed documents are
archived as files under <data dir>/printed/applications and recorded as audit events: no table needed.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_opinion', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('review_opinion')
