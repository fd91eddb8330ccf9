"""papers: the supervisor's review opinion (审核意见) on the central applications table (issue 12)

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-02 06:40:00.000000

The central store keeps what the counters push (snapshot key "review_opinion"); the phone verification page
(app/central/verify_page.py) reads the certificates table and needs no schema of its own.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0005'
down_revision = 'c0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_opinion', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('review_opinion')
