"""sync authority: author keys on accounts, entry signatures, voided certificate numbers (issues 10, 11)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:40:00.000000

Author keys of accounts and the signature of every outbox entry (app/core/authorship.py); numbers of
certificates whose approval the central store refused: voided, never handed out again.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature', sa.String(length=128), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_public_keys', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('sign_private', sa.String(length=256), nullable=True))
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
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('sign_private')
        batch_op.drop_column('sign_public_keys')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('signature')
    op.drop_table('voided_certificate_numbers')
