"""sync authority: rejection marks of the conflict rule (issue 11)

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-02 06:40:00.000000

The conflict rule's marks: which record of which counter had an entry rejected (docs/DESIGN.md).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0003'
down_revision = 'c0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'central_rejection_marks',
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=96), nullable=False),
        sa.Column('key', sa.String(length=36), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('source', 'entity_id', name=op.f('pk_central_rejection_marks')),
    )


def downgrade() -> None:
    op.drop_table('central_rejection_marks')
