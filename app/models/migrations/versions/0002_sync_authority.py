"""sync authority: voided certificate numbers of refused approvals (issue 11)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:40:00.000000

Numbers of certificates whose approval the central store refused: voided, never handed out again.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'voided_certificate_numbers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('application_number', sa.String(length=32), nullable=True),
        sa.Column('reason', sa.String(length=512), nullable=True),
        sa.Column('voided_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_voided_certificate_numbers')),
        sa.UniqueConstraint('number', name=op.f('uq_voided_certificate_numbers_number')),
    )


def downgrade() -> None:
    op.drop_table('voided_certificate_numbers')
